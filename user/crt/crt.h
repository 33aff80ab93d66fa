/*
 * The C runtime's internal interface: the standard headers it implements
 * (user/include) and the helpers its files share.
 */
#ifndef USER_CRT_H
#define USER_CRT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* output.c: the formatting engine behind printf and sprintf. It hands the
 * text to Routine piece by piece and returns the characters produced. */
typedef void (*CRT_OUTPUT_ROUTINE)(void *Context, const char *Text,
                                   size_t Length);
int _output(CRT_OUTPUT_ROUTINE Routine, void *Context, const char *Format,
            va_list Args);

/* cmdline.c: splits a command line into arguments by the MSVC runtime's
 * rules. With Argv and Text NULL it only counts: the arguments (returned)
 * and the characters of their text, terminators included (*Chars). */
int _parse_cmdline(const char *Line, char **Argv, char *Text, size_t *Chars);

#endif
