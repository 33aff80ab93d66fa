/*
 * Rtl memory routines. Pure C: the same file serves the kernel and the host
 * tests. Copies move a machine word at a time when source and destination
 * share their alignment, and choose their direction so that overlapping
 * buffers come out right.
 */
#include "ntrtl.h"

#define WORD_SIZE sizeof(ULONG_PTR)
#define WORD_MASK (WORD_SIZE - 1)

static void copy_forward(PUCHAR Dst, const UCHAR *Src, SIZE_T Length)
{
    if ((((ULONG_PTR)Dst ^ (ULONG_PTR)Src) & WORD_MASK) == 0) {
        while (Length != 0 && ((ULONG_PTR)Dst & WORD_MASK) != 0) {
            *Dst++ = *Src++;
            Length--;
        }
        for (; Length >= WORD_SIZE; Length -= WORD_SIZE) {
            *(ULONG_PTR *)Dst = *(const ULONG_PTR *)Src;
            Dst += WORD_SIZE;
            Src += WORD_SIZE;
        }
    }
    while (Length-- != 0)
        *Dst++ = *Src++;
}

static void copy_backward(PUCHAR Dst, const UCHAR *Src, SIZE_T Length)
{
    Dst += Length;
    Src += Length;
    if ((((ULONG_PTR)Dst ^ (ULONG_PTR)Src) & WORD_MASK) == 0) {
        while (Length != 0 && ((ULONG_PTR)Dst & WORD_MASK) != 0) {
            *--Dst = *--Src;
            Length--;
        }
        for (; Length >= WORD_SIZE; Length -= WORD_SIZE) {
            Dst -= WORD_SIZE;
            Src -= WORD_SIZE;
            *(ULONG_PTR *)Dst = *(const ULONG_PTR *)Src;
        }
    }
    while (Length-- != 0)
        *--Dst = *--Src;
}

VOID NTAPI(RtlMoveMemory)(PVOID Destination, PCVOID Source, SIZE_T Length)
{
    PUCHAR Dst = Destination;
    const UCHAR *Src = Source;

    if (Length == 0 || Dst == Src)
        return;
    /* Backwards only when the destination starts inside the source. */
    if ((ULONG_PTR)Dst - (ULONG_PTR)Src < Length)
        copy_backward(Dst, Src, Length);
    else
        copy_forward(Dst, Src, Length);
}

VOID NTAPI(RtlCopyMemory)(PVOID Destination, PCVOID Source, SIZE_T Length)
{
    (RtlMoveMemory)(Destination, Source, Length);
}

VOID NTAPI(RtlFillMemory)(PVOID Destination, SIZE_T Length, UCHAR Fill)
{
    PUCHAR Dst = Destination;
    ULONG_PTR Pattern = (ULONG_PTR)-1 / 0xFF * Fill;

    while (Length != 0 && ((ULONG_PTR)Dst & WORD_MASK) != 0) {
        *Dst++ = Fill;
        Length--;
    }
    for (; Length >= WORD_SIZE; Length -= WORD_SIZE) {
        *(ULONG_PTR *)Dst = Pattern;
        Dst += WORD_SIZE;
    }
    while (Length-- != 0)
        *Dst++ = Fill;
}

VOID NTAPI(RtlZeroMemory)(PVOID Destination, SIZE_T Length)
{
    (RtlFillMemory)(Destination, Length, 0);
}

SIZE_T NTAPI RtlCompareMemory(PCVOID Source1, PCVOID Source2, SIZE_T Length)
{
    const UCHAR *Left = Source1;
    const UCHAR *Right = Source2;
    SIZE_T Equal = 0;

    while (Equal < Length && Left[Equal] == Right[Equal])
        Equal++;
    return Equal;
}

VOID NTAPI RtlFillMemoryUlong(PVOID Destination, SIZE_T Length, ULONG Pattern)
{
    PULONG Dst = Destination;
    SIZE_T Count;

    for (Count = Length / sizeof(ULONG); Count != 0; Count--)
        *Dst++ = Pattern;
}

SIZE_T NTAPI RtlCompareMemoryUlong(PVOID Source, SIZE_T Length, ULONG Pattern)
{
    const ULONG *Src = Source;
    SIZE_T Count = Length / sizeof(ULONG);
    SIZE_T Index = 0;

    while (Index < Count && Src[Index] == Pattern)
        Index++;
    return Index * sizeof(ULONG);
}
