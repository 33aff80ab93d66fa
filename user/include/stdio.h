/* The C runtime's <stdio.h>: formatted output to the console or memory. */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *Format, ...);
int vprintf(const char *Format, va_list Args);
int sprintf(char *Buffer, const char *Format, ...);
int snprintf(char *Buffer, size_t Size, const char *Format, ...);
int vsnprintf(char *Buffer, size_t Size, const char *Format, va_list Args);
int puts(const char *String);
int putchar(int Character);

#endif
