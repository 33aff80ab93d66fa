/*
 * The Rtl memory routines ntdll exports as functions (the C names they
 * stand for come from the C runtime's memory.c, linked in statically).
 * RtlCompareMemory counts the bytes that match before the first that
 * differs.
 */
#include "ntdll.h"

void *memmove(void *Destination, const void *Source, size_t Length);
void *memset(void *Destination, int Fill, size_t Length);

VOID NTAPI RtlMoveMemory(PVOID Destination, PCVOID Source, SIZE_T Length)
{
    memmove(Destination, Source, Length);
}

VOID NTAPI RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill)
{
    memset(Destination, Fill, Length);
}

VOID NTAPI RtlZeroMemory(PVOID Destination, SIZE_T Length)
{
    memset(Destination, 0, Length);
}

SIZE_T NTAPI RtlCompareMemory(PCVOID Source1, PCVOID Source2, SIZE_T Length)
{
    const UCHAR *Left = Source1, *Right = Source2;
    SIZE_T Index = 0;

    while (Index < Length && Left[Index] == Right[Index])
        Index++;
    return Index;
}
