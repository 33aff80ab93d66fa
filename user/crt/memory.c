/*
 * The C memory routines. The compiler calls them itself (struct copies,
 * large zeroings), so they are plain loops that it must not turn back
 * into calls of themselves (the build passes -fno-builtin).
 */
#include <stddef.h>

void *memcpy(void *Destination, const void *Source, size_t Length)
{
    unsigned char *To = Destination;
    const unsigned char *From = Source;

    while (Length-- != 0)
        *To++ = *From++;
    return Destination;
}

/* Overlap-safe: copies downwards when the destination is above. */
void *memmove(void *Destination, const void *Source, size_t Length)
{
    unsigned char *To = Destination;
    const unsigned char *From = Source;

    if (To <= From || To >= From + Length)
        return memcpy(Destination, Source, Length);
    while (Length != 0) {
        Length--;
        To[Length] = From[Length];
    }
    return Destination;
}

void *memset(void *Destination, int Fill, size_t Length)
{
    unsigned char *To = Destination;

    while (Length-- != 0)
        *To++ = (unsigned char)Fill;
    return Destination;
}

int memcmp(const void *Left, const void *Right, size_t Length)
{
    const unsigned char *A = Left, *B = Right;

    for (; Length != 0; Length--, A++, B++)
        if (*A != *B)
            return *A < *B ? -1 : 1;
    return 0;
}
