/* The C runtime's <stdlib.h>: the process heap and the process's end. */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* MSVC's: the elements of an array (not of a pointer). */
#define _countof(Array) (sizeof(Array) / sizeof((Array)[0]))

void *malloc(size_t Size);
void *calloc(size_t Count, size_t Size);
void *realloc(void *Block, size_t Size);
void free(void *Block);
/* Function runs at exit, after those registered later; 0, or nonzero when
 * the table (32 routines) is full. */
int atexit(void (*Function)(void));
_Noreturn void exit(int Status);
_Noreturn void abort(void);

/* Numbers from text (strtol.c): C's rules: leading space, a sign, 0x
 * or 0 prefixes for base 0 or 16, the value clamped on overflow (LONG_MIN,
 * LONG_MAX or ULONG_MAX), *End after the last digit used (the start if
 * there was none). */
long strtol(const char *Text, char **End, int Base);
unsigned long strtoul(const char *Text, char **End, int Base);
int atoi(const char *Text);
int abs(int Value);

#ifdef __cplusplus
}
#endif

#endif
