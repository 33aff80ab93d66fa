/* The C runtime's <string.h>. */
#ifndef USER_STRING_H
#define USER_STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *Destination, const void *Source, size_t Length);
void *memmove(void *Destination, const void *Source, size_t Length);
void *memset(void *Destination, int Fill, size_t Length);
int memcmp(const void *Left, const void *Right, size_t Length);
size_t strlen(const char *String);
int strcmp(const char *Left, const char *Right);
int strncmp(const char *Left, const char *Right, size_t Count);
char *strcpy(char *Destination, const char *Source);
char *strchr(const char *String, int Character);
char *strrchr(const char *String, int Character);
char *strstr(const char *Haystack, const char *Needle);
char *strcat(char *Destination, const char *Source);
char *strncat(char *Destination, const char *Source, size_t Count);
char *strncpy(char *Destination, const char *Source, size_t Count);
size_t strnlen(const char *String, size_t Maximum);
void *memchr(const void *Memory, int Character, size_t Length);
size_t wcslen(const wchar_t *String);

#ifdef __cplusplus
}
#endif

#endif
