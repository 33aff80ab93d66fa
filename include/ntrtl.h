/*
 * Run-time library: memory routines. As in the WDK, RtlCopyMemory and friends
 * are macros over the C library's routines; the kernel also exports real
 * functions of the same names (call them as (RtlCopyMemory)(...) or through a
 * pointer). Both copy routines are safe on overlapping buffers, as NT's
 * exported RtlCopyMemory is on x86, and a zero length never touches the
 * pointers.
 */
#ifndef NTRTL_H
#define NTRTL_H

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *Destination, const void *Source, size_t Length);
void *memmove(void *Destination, const void *Source, size_t Length);
void *memset(void *Destination, int Fill, size_t Length);
int memcmp(const void *Left, const void *Right, size_t Length);
size_t strlen(const char *String);
int strcmp(const char *Left, const char *Right);

NTSYSAPI VOID NTAPI(RtlCopyMemory)(PVOID Destination, PCVOID Source,
                                   SIZE_T Length);
NTSYSAPI VOID NTAPI(RtlMoveMemory)(PVOID Destination, PCVOID Source,
                                   SIZE_T Length);
NTSYSAPI VOID NTAPI(RtlFillMemory)(PVOID Destination, SIZE_T Length,
                                   UCHAR Fill);
NTSYSAPI VOID NTAPI(RtlZeroMemory)(PVOID Destination, SIZE_T Length);
/* Number of equal leading bytes: Length when the blocks are equal. */
NTSYSAPI SIZE_T NTAPI RtlCompareMemory(PCVOID Source1, PCVOID Source2,
                                       SIZE_T Length);

#define RtlCopyMemory(Destination, Source, Length)                             \
    memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length)                             \
    memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill)                               \
    memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlEqualMemory(Destination, Source, Length)                            \
    (!memcmp((Destination), (Source), (Length)))

/* A calendar date and time of day (NT's TIME_FIELDS); Weekday is ignored
 * by RtlTimeFieldsToTime. */
typedef struct _TIME_FIELDS {
    CSHORT Year;  /* 1601 on */
    CSHORT Month; /* 1-12 */
    CSHORT Day;   /* 1-31 */
    CSHORT Hour;
    CSHORT Minute;
    CSHORT Second;
    CSHORT Milliseconds;
    CSHORT Weekday;
} TIME_FIELDS, *PTIME_FIELDS;

/* The system time (100 ns units since 1601-01-01 00:00 UTC) of
 * *TimeFields; FALSE, and *Time untouched, for a date or time that does
 * not exist. */
NTSYSAPI BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields,
                                           PLARGE_INTEGER Time);

/*
 * Bitmaps, as NT's RTL_BITMAP: a caller-owned buffer of ULONGs, bit N is
 * bit (N % 32) of Buffer[N / 32]. The system PTE allocator keeps its
 * in-use pages in one.
 */
typedef struct _RTL_BITMAP {
    ULONG SizeOfBitMap; /* bits */
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;

NTSYSAPI VOID NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader,
                                        PULONG BitMapBuffer,
                                        ULONG SizeOfBitMap);
NTSYSAPI VOID NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI VOID NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                                 ULONG NumberToClear);
NTSYSAPI VOID NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex,
                               ULONG NumberToSet);
NTSYSAPI BOOLEAN NTAPI RtlCheckBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader,
                                       ULONG StartingIndex, ULONG Length);
NTSYSAPI BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader,
                                     ULONG StartingIndex, ULONG Length);
/* The first run of NumberToFind clear bits at or after HintIndex, wrapping
 * to the start; 0xFFFFFFFF when there is none. */
NTSYSAPI ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader,
                                      ULONG NumberToFind, ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader,
                                            ULONG NumberToFind,
                                            ULONG HintIndex);
NTSYSAPI ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader);
NTSYSAPI ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader);

/*
 * Counted UTF-16 strings (UNICODE_STRING: lengths in bytes, no terminator
 * needed). Case-insensitive comparison folds a-z and the Latin-1 letters
 * to upper case, as NT's table does for them.
 */
NTSYSAPI VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                         PCWSTR SourceString);
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);
/* Below zero, zero or above zero, as the first differing character (or
 * the shorter string) decides. */
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1,
                                            PCUNICODE_STRING String2,
                                            BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1,
                                             PCUNICODE_STRING String2,
                                             BOOLEAN CaseInSensitive);

#ifdef __cplusplus
}
#endif

#endif
