/*
 * The C library's narrow string routines that ntoskrnl.exe exports to
 * drivers (cdecl, NT's names; include/crt/string.h). Case-insensitive
 * ones fold ASCII only, as the "C" locale does. Pure: the host tests
 * build it under other names.
 */
#include "crt/ctype.h"
#include "crt/string.h"

void *memchr(const void *Buffer, int Character, size_t Length)
{
    const unsigned char *Byte = Buffer;

    for (; Length != 0; Byte++, Length--)
        if (*Byte == (unsigned char)Character)
            return (void *)Byte;
    return NULL;
}

int strncmp(const char *Left, const char *Right, size_t Count)
{
    for (; Count != 0; Left++, Right++, Count--) {
        if (*Left != *Right)
            return (unsigned char)*Left - (unsigned char)*Right;
        if (*Left == '\0')
            break;
    }
    return 0;
}

char *strcpy(char *Destination, const char *Source)
{
    char *End = Destination;

    while ((*End++ = *Source++) != '\0')
        ;
    return Destination;
}

/* Pads with NULs to Count; no terminator when Source is Count or longer. */
char *strncpy(char *Destination, const char *Source, size_t Count)
{
    size_t Index = 0;

    for (; Index < Count && Source[Index] != '\0'; Index++)
        Destination[Index] = Source[Index];
    for (; Index < Count; Index++)
        Destination[Index] = '\0';
    return Destination;
}

char *strcat(char *Destination, const char *Source)
{
    strcpy(Destination + strlen(Destination), Source);
    return Destination;
}

/* At most Count characters, then always a terminator. */
char *strncat(char *Destination, const char *Source, size_t Count)
{
    char *End = Destination + strlen(Destination);

    while (Count-- != 0 && *Source != '\0')
        *End++ = *Source++;
    *End = '\0';
    return Destination;
}

/* The terminator counts as part of the string: strchr(s, 0) finds it. */
char *strchr(const char *String, int Character)
{
    for (;; String++) {
        if (*String == (char)Character)
            return (char *)String;
        if (*String == '\0')
            return NULL;
    }
}

char *strrchr(const char *String, int Character)
{
    const char *Found = NULL;

    for (;; String++) {
        if (*String == (char)Character)
            Found = String;
        if (*String == '\0')
            return (char *)Found;
    }
}

char *strstr(const char *String, const char *Substring)
{
    size_t Length = strlen(Substring);

    for (; *String != '\0' || Length == 0; String++) {
        if (strncmp(String, Substring, Length) == 0)
            return (char *)String;
    }
    return NULL;
}

size_t strspn(const char *String, const char *Accept)
{
    size_t Length = 0;

    while (String[Length] != '\0' && strchr(Accept, String[Length]) != NULL)
        Length++;
    return Length;
}

int _strnicmp(const char *Left, const char *Right, size_t Count)
{
    for (; Count != 0; Left++, Right++, Count--) {
        int L = tolower((unsigned char)*Left);
        int R = tolower((unsigned char)*Right);

        if (L != R)
            return L - R;
        if (L == '\0')
            break;
    }
    return 0;
}

int _stricmp(const char *Left, const char *Right)
{
    return _strnicmp(Left, Right, (size_t)-1);
}

char *_strupr(char *String)
{
    char *Char;

    for (Char = String; *Char != '\0'; Char++)
        *Char = (char)toupper((unsigned char)*Char);
    return String;
}

char *_strlwr(char *String)
{
    char *Char;

    for (Char = String; *Char != '\0'; Char++)
        *Char = (char)tolower((unsigned char)*Char);
    return String;
}
