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

/* output.c (output_engine.h): the formatting engine behind printf and sprintf.
 * It hands the text to Routine piece by piece and returns the characters
 * produced. */
typedef void (*CRT_OUTPUT_ROUTINE)(void *Context, const char *Text,
                                   size_t Length);
int _output(CRT_OUTPUT_ROUTINE Routine, void *Context, const char *Format,
            va_list Args);
/* woutput.c: the same for UTF-16 text (wchar_t here, also on a host whose
 * wchar_t is wider). */
typedef unsigned short CRT_WCHAR;
typedef void (*CRT_WOUTPUT_ROUTINE)(void *Context, const CRT_WCHAR *Text,
                                    size_t Length);
int _woutput(CRT_WOUTPUT_ROUTINE Routine, void *Context,
             const CRT_WCHAR *Format, va_list Args);

/* sprintf_msvc.c (declared in the project's <stdio.h>; here too for the
 * host tests, whose <stdio.h> is the host's). */
int _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args);
int _snprintf(char *Buffer, size_t Count, const char *Format, ...);
int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                va_list Args);
int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...);

/* initterm.c: the static constructors (before main) and the atexit
 * routines, static destructors among them (at exit). */
void _crt_initialize(void);
void _crt_terminate(void);

/* cmdline.c: splits a command line into arguments by the MSVC runtime's
 * rules. With Argv and Text NULL it only counts: the arguments (returned)
 * and the characters of their text, terminators included (*Chars). */
int _parse_cmdline(const char *Line, char **Argv, char *Text, size_t *Chars);

#endif
