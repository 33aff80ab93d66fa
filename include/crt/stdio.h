/*
 * The formatted-output routines ntoskrnl.exe exports (cdecl), with
 * MSVC's semantics: _snprintf and _vsnprintf write at most Count
 * characters and return -1 when the output did not fit (no terminator
 * then; none either when it fits exactly), the length otherwise. swprintf
 * is NT's legacy form without a count; in the wide routines %s and %c
 * take wide arguments and %S and %C narrow ones, as MSVC's. Conversions
 * are the kernel's DbgPrint set (docs/ddk.md): no floating point.
 */
#ifndef NT_CRT_STDIO_H
#define NT_CRT_STDIO_H

#include "crtdefs.h"
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

int __cdecl sprintf(char *Buffer, const char *Format, ...);
int __cdecl vsprintf(char *Buffer, const char *Format, va_list Arguments);
int __cdecl _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int __cdecl _vsnprintf(char *Buffer, size_t Count, const char *Format,
                       va_list Arguments);
int __cdecl swprintf(wchar_t *Buffer, const wchar_t *Format, ...);
int __cdecl _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                       ...);
int __cdecl _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                        va_list Arguments);

#ifdef __cplusplus
}
#endif

#endif
