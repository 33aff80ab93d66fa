/*
 * Character classes as ntoskrnl.exe exports them (cdecl functions, the
 * "C" locale: ASCII only; towupper and towlower fold Latin-1 too, as
 * RtlUpcaseUnicodeChar does).
 */
#ifndef NT_CRT_CTYPE_H
#define NT_CRT_CTYPE_H

#include "crtdefs.h"

#ifdef __cplusplus
extern "C" {
#endif

int __cdecl isdigit(int Character);
int __cdecl isxdigit(int Character);
int __cdecl isspace(int Character);
int __cdecl isupper(int Character);
int __cdecl islower(int Character);
int __cdecl isprint(int Character);
int __cdecl toupper(int Character);
int __cdecl tolower(int Character);
wchar_t __cdecl towupper(wchar_t Character);
wchar_t __cdecl towlower(wchar_t Character);

#ifdef __cplusplus
}
#endif

#endif
