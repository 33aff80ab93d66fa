/* The C string routines of the runtime. */
#include <stddef.h>
#include <string.h>

size_t strlen(const char *String)
{
    const char *End = String;

    while (*End != 0)
        End++;
    return (size_t)(End - String);
}

int strcmp(const char *Left, const char *Right)
{
    while (*Left != 0 && *Left == *Right) {
        Left++;
        Right++;
    }
    return (unsigned char)*Left - (unsigned char)*Right;
}

int strncmp(const char *Left, const char *Right, size_t Count)
{
    for (; Count != 0; Count--, Left++, Right++) {
        if (*Left != *Right)
            return (unsigned char)*Left - (unsigned char)*Right;
        if (*Left == 0)
            break;
    }
    return 0;
}

char *strcpy(char *Destination, const char *Source)
{
    char *To = Destination;

    while ((*To++ = *Source++) != 0)
        ;
    return Destination;
}

/* The terminator counts as part of the string: strchr(s, 0) finds it. */
char *strchr(const char *String, int Character)
{
    for (;; String++) {
        if (*String == (char)Character)
            return (char *)String;
        if (*String == 0)
            return NULL;
    }
}

char *strrchr(const char *String, int Character)
{
    const char *Found = NULL;

    for (;; String++) {
        if (*String == (char)Character)
            Found = String;
        if (*String == 0)
            return (char *)Found;
    }
}

/* An empty Needle is found at the start, as C says. */
char *strstr(const char *Haystack, const char *Needle)
{
    size_t Length = strlen(Needle);

    for (; *Haystack != 0 || Length == 0; Haystack++)
        if (strncmp(Haystack, Needle, Length) == 0)
            return (char *)Haystack;
    return NULL;
}

char *strcat(char *Destination, const char *Source)
{
    strcpy(Destination + strlen(Destination), Source);
    return Destination;
}

/* At most Count characters of Source, then always a terminator. */
char *strncat(char *Destination, const char *Source, size_t Count)
{
    char *To = Destination + strlen(Destination);

    while (Count-- != 0 && *Source != 0)
        *To++ = *Source++;
    *To = 0;
    return Destination;
}

/* Exactly Count characters: Source's, then zeros; no terminator when
 * Source is Count long or longer, as C says. */
char *strncpy(char *Destination, const char *Source, size_t Count)
{
    size_t Index = 0;

    for (; Index < Count && Source[Index] != 0; Index++)
        Destination[Index] = Source[Index];
    for (; Index < Count; Index++)
        Destination[Index] = 0;
    return Destination;
}

size_t strnlen(const char *String, size_t Maximum)
{
    size_t Length = 0;

    while (Length < Maximum && String[Length] != 0)
        Length++;
    return Length;
}

void *memchr(const void *Memory, int Character, size_t Length)
{
    const unsigned char *Byte = Memory;

    for (; Length != 0; Length--, Byte++)
        if (*Byte == (unsigned char)Character)
            return (void *)Byte;
    return NULL;
}

size_t wcslen(const wchar_t *String)
{
    const wchar_t *End = String;

    while (*End != 0)
        End++;
    return (size_t)(End - String);
}
