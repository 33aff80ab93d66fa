/* The C runtime's <stdio.h>: formatted output to the console or memory. */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

int printf(const char *Format, ...);
int vprintf(const char *Format, va_list Args);
int sprintf(char *Buffer, const char *Format, ...);
int snprintf(char *Buffer, size_t Size, const char *Format, ...);
int vsnprintf(char *Buffer, size_t Size, const char *Format, va_list Args);
/* MSVC's counted forms: at most Count characters, terminated only if
 * shorter; -1 when the text does not fit. The wide ones take MSVC's
 * wprintf conversions (%s is a wide string, %S a char one). */
int _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args);
int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...);
int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                va_list Args);
int puts(const char *String);
int putchar(int Character);

#ifdef __cplusplus
}
#endif

#endif
