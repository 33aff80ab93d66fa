/*
 * The C library's memory routines, which the compiler may call on its own
 * and which the WDK's Rtl macros expand to. Kernel only: the host tests use
 * their C library's. memcpy is as overlap-safe as memmove, like NT's export.
 */
#include "ntrtl.h"

void *memcpy(void *Destination, const void *Source, size_t Length)
{
    (RtlMoveMemory)(Destination, Source, Length);
    return Destination;
}

void *memmove(void *Destination, const void *Source, size_t Length)
{
    (RtlMoveMemory)(Destination, Source, Length);
    return Destination;
}

void *memset(void *Destination, int Fill, size_t Length)
{
    (RtlFillMemory)(Destination, Length, (UCHAR)Fill);
    return Destination;
}

int memcmp(const void *Left, const void *Right, size_t Length)
{
    SIZE_T Equal = RtlCompareMemory(Left, Right, Length);

    if (Equal == Length)
        return 0;
    return ((const UCHAR *)Left)[Equal] - ((const UCHAR *)Right)[Equal];
}

size_t strlen(const char *String)
{
    size_t Length = 0;

    while (String[Length] != '\0')
        Length++;
    return Length;
}

int strcmp(const char *Left, const char *Right)
{
    while (*Left != '\0' && *Left == *Right) {
        Left++;
        Right++;
    }
    return (UCHAR)*Left - (UCHAR)*Right;
}
