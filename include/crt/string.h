/*
 * The C string routines a driver sees, as the WDK's string.h declares
 * them: each is an export of ntoskrnl.exe (cdecl, kernel/rtl/), except
 * memcmp, which NT x86 leaves to the driver's static CRT and this kernel
 * exports too. Only PE driver builds put include/crt on the include path;
 * the kernel includes it by name for the prototypes of what it defines
 * (with -fshort-wchar, so wchar_t is WCHAR there too).
 */
#ifndef NT_CRT_STRING_H
#define NT_CRT_STRING_H

#include "crtdefs.h"

#ifdef __cplusplus
extern "C" {
#endif

void *__cdecl memcpy(void *Destination, const void *Source, size_t Length);
void *__cdecl memmove(void *Destination, const void *Source, size_t Length);
void *__cdecl memset(void *Destination, int Fill, size_t Length);
int __cdecl memcmp(const void *Left, const void *Right, size_t Length);
void *__cdecl memchr(const void *Buffer, int Character, size_t Length);

size_t __cdecl strlen(const char *String);
int __cdecl strcmp(const char *Left, const char *Right);
int __cdecl strncmp(const char *Left, const char *Right, size_t Count);
char *__cdecl strcpy(char *Destination, const char *Source);
char *__cdecl strncpy(char *Destination, const char *Source, size_t Count);
char *__cdecl strcat(char *Destination, const char *Source);
char *__cdecl strncat(char *Destination, const char *Source, size_t Count);
char *__cdecl strchr(const char *String, int Character);
char *__cdecl strrchr(const char *String, int Character);
char *__cdecl strstr(const char *String, const char *Substring);
size_t __cdecl strspn(const char *String, const char *Accept);
int __cdecl _stricmp(const char *Left, const char *Right);
int __cdecl _strnicmp(const char *Left, const char *Right, size_t Count);
char *__cdecl _strupr(char *String);
char *__cdecl _strlwr(char *String);

size_t __cdecl wcslen(const wchar_t *String);
int __cdecl wcscmp(const wchar_t *Left, const wchar_t *Right);
int __cdecl wcsncmp(const wchar_t *Left, const wchar_t *Right, size_t Count);
wchar_t *__cdecl wcscpy(wchar_t *Destination, const wchar_t *Source);
wchar_t *__cdecl wcsncpy(wchar_t *Destination, const wchar_t *Source,
                         size_t Count);
wchar_t *__cdecl wcscat(wchar_t *Destination, const wchar_t *Source);
wchar_t *__cdecl wcschr(const wchar_t *String, wchar_t Character);
wchar_t *__cdecl wcsrchr(const wchar_t *String, wchar_t Character);
wchar_t *__cdecl wcsstr(const wchar_t *String, const wchar_t *Substring);
int __cdecl _wcsicmp(const wchar_t *Left, const wchar_t *Right);
int __cdecl _wcsnicmp(const wchar_t *Left, const wchar_t *Right, size_t Count);
wchar_t *__cdecl _wcsupr(wchar_t *String);
wchar_t *__cdecl _wcslwr(wchar_t *String);

#define _strcmpi _stricmp
#define stricmp _stricmp
#define strnicmp _strnicmp
#define wcsicmp _wcsicmp
#define wcsnicmp _wcsnicmp

#ifdef __cplusplus
}
#endif

#endif
