/*
 * The part of stdlib.h ntoskrnl.exe exports (cdecl), and the forms the
 * compiler provides. No allocation: drivers use the pool.
 */
#ifndef NT_CRT_STDLIB_H
#define NT_CRT_STDLIB_H

#include "crtdefs.h"

#ifdef __cplusplus
extern "C" {
#endif

int __cdecl atoi(const char *String);
long __cdecl atol(const char *String);

#if defined(_MSC_VER)
/* Inline, as the WDK's intrinsics are: NT exports no abs. */
static __inline int __cdecl abs(int Value)
{
    return Value < 0 ? -Value : Value;
}
static __inline long __cdecl labs(long Value)
{
    return Value < 0 ? -Value : Value;
}
#endif

#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif

#ifdef __cplusplus
}
#endif

#endif
