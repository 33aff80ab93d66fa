/* The C string routines of the runtime. */
#include <stddef.h>

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
