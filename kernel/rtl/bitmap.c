/*
 * RTL_BITMAP: NT's bitmap routines. Searches skip whole words that are
 * full, so a mostly used map is crossed 32 bits at a time.
 */
#include "ntrtl.h"

#define BITS_PER_WORD 32
#define NOT_FOUND 0xFFFFFFFFUL

static ULONG word_count(const RTL_BITMAP *Map)
{
    return (Map->SizeOfBitMap + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer,
                               ULONG SizeOfBitMap)
{
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0, word_count(BitMapHeader) * sizeof(ULONG));
}

VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0xFF,
           word_count(BitMapHeader) * sizeof(ULONG));
}

BOOLEAN NTAPI RtlCheckBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    return (BitMapHeader->Buffer[BitNumber / BITS_PER_WORD] >>
            (BitNumber % BITS_PER_WORD)) &
           1;
}

/* Sets or clears [Start, Start + Count), a word at a time where it can. */
static VOID fill_bits(PRTL_BITMAP Map, ULONG Start, ULONG Count, BOOLEAN Set)
{
    while (Count != 0) {
        ULONG Bit = Start % BITS_PER_WORD;
        ULONG Run = BITS_PER_WORD - Bit;
        ULONG Mask;

        if (Run > Count)
            Run = Count;
        Mask = (Run == BITS_PER_WORD ? 0xFFFFFFFFUL : ((1UL << Run) - 1))
               << Bit;
        if (Set)
            Map->Buffer[Start / BITS_PER_WORD] |= Mask;
        else
            Map->Buffer[Start / BITS_PER_WORD] &= ~Mask;
        Start += Run;
        Count -= Run;
    }
}

VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                      ULONG NumberToSet)
{
    fill_bits(BitMapHeader, StartingIndex, NumberToSet, TRUE);
}

VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                        ULONG NumberToClear)
{
    fill_bits(BitMapHeader, StartingIndex, NumberToClear, FALSE);
}

/* The length of the run of bits equal to Value starting at Start, counting
 * no further than Limit. */
static ULONG run_length(PRTL_BITMAP Map, ULONG Start, ULONG Limit,
                        BOOLEAN Value)
{
    ULONG Index = Start;
    ULONG Whole = Value ? 0xFFFFFFFFUL : 0;

    while (Index < Limit) {
        if (Index % BITS_PER_WORD == 0 && Index + BITS_PER_WORD <= Limit &&
            Map->Buffer[Index / BITS_PER_WORD] == Whole) {
            Index += BITS_PER_WORD;
            continue;
        }
        if (RtlCheckBit(Map, Index) != Value)
            break;
        Index++;
    }
    return Index - Start;
}

/* TRUE when [Start, Start + Length) lies in the map and every bit there
 * equals Value. */
static BOOLEAN bits_are(PRTL_BITMAP Map, ULONG Start, ULONG Length,
                        BOOLEAN Value)
{
    if (Start > Map->SizeOfBitMap || Length > Map->SizeOfBitMap - Start)
        return FALSE;
    return run_length(Map, Start, Start + Length, Value) == Length;
}

BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                              ULONG Length)
{
    return bits_are(BitMapHeader, StartingIndex, Length, FALSE);
}

BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                            ULONG Length)
{
    return bits_are(BitMapHeader, StartingIndex, Length, TRUE);
}

/* First fit in [From, To): the start of a clear run of Number bits. */
static ULONG find_clear(PRTL_BITMAP Map, ULONG Number, ULONG From, ULONG To)
{
    ULONG Index = From;

    while (Index < To && To - Index >= Number) {
        ULONG Used = run_length(Map, Index, To, TRUE);
        ULONG Clear;

        Index += Used;
        if (Index >= To || To - Index < Number)
            break;
        Clear = run_length(Map, Index, Index + Number, FALSE);
        if (Clear == Number)
            return Index;
        Index += Clear;
    }
    return NOT_FOUND;
}

ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                             ULONG HintIndex)
{
    ULONG Size = BitMapHeader->SizeOfBitMap, Found;

    if (NumberToFind == 0 || NumberToFind > Size)
        return NOT_FOUND;
    if (HintIndex >= Size)
        HintIndex = 0;
    Found = find_clear(BitMapHeader, NumberToFind, HintIndex, Size);
    if (Found == NOT_FOUND && HintIndex != 0) {
        /* Wrap: a run may straddle the hint, so search up to its end. */
        ULONG To = HintIndex + NumberToFind - 1;
        Found =
            find_clear(BitMapHeader, NumberToFind, 0, To < Size ? To : Size);
    }
    return Found;
}

ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind,
                                   ULONG HintIndex)
{
    ULONG Index = RtlFindClearBits(BitMapHeader, NumberToFind, HintIndex);

    if (Index != NOT_FOUND)
        RtlSetBits(BitMapHeader, Index, NumberToFind);
    return Index;
}

ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < BitMapHeader->SizeOfBitMap; Index++)
        Count += RtlCheckBit(BitMapHeader, Index);
    return Count;
}

ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
    return BitMapHeader->SizeOfBitMap - RtlNumberOfSetBits(BitMapHeader);
}
