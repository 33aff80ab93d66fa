/* The C runtime's <stdlib.h>: the process heap and the process's end. */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t Size);
void *calloc(size_t Count, size_t Size);
void *realloc(void *Block, size_t Size);
void free(void *Block);
_Noreturn void exit(int Status);
_Noreturn void abort(void);

#endif
