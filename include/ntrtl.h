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
#if defined(NT_DRIVER_BUILD)
/* NT x86 does not export memcmp (the WDK links it statically): a driver
 * compares through the export instead. */
#define RtlEqualMemory(Destination, Source, Length)                            \
    (RtlCompareMemory((Destination), (Source), (Length)) == (Length))
#else
#define RtlEqualMemory(Destination, Source, Length)                            \
    (!memcmp((Destination), (Source), (Length)))
#endif
#define RtlCopyBytes RtlCopyMemory
#define RtlZeroBytes RtlZeroMemory
#define RtlFillBytes RtlFillMemory
#define RtlCopyMemory32 RtlCopyMemory

/* Length / 4 ULONGs of Pattern (Length rounded down to a multiple of 4). */
NTSYSAPI VOID NTAPI RtlFillMemoryUlong(PVOID Destination, SIZE_T Length,
                                       ULONG Pattern);
/* Bytes from the start that are ULONGs equal to Pattern, counted in whole
 * ULONGs (Length rounded down to a multiple of 4). */
NTSYSAPI SIZE_T NTAPI RtlCompareMemoryUlong(PVOID Source, SIZE_T Length,
                                            ULONG Pattern);

/* Zeroes through a volatile pointer, so the compiler cannot drop the
 * stores as dead (a secret about to go out of scope): the WDK's form. */
FORCEINLINE PVOID RtlSecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile char *vptr = (volatile char *)ptr;

    while (cnt) {
        *vptr = 0;
        vptr++;
        cnt--;
    }
    return ptr;
}

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
/* TRUE when String1 is where String2 starts. */
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1,
                                              PCUNICODE_STRING String2,
                                              BOOLEAN CaseInSensitive);
/* As much of SourceString as DestinationString's MaximumLength holds
 * (none for a NULL source), then a terminator when there is room. */
NTSYSAPI VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                         PCUNICODE_STRING SourceString);
/* STATUS_BUFFER_TOO_SMALL, and Destination untouched, when the result
 * would not fit MaximumLength; a terminator follows when there is room. */
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination,
                                                 PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(
    PUNICODE_STRING Destination, PCUNICODE_STRING Source);
/* Allocate: a new paged-pool buffer (free it with RtlFreeUnicodeString);
 * else STATUS_BUFFER_OVERFLOW when the caller's is too short. */
NTSYSAPI NTSTATUS NTAPI RtlUpcaseUnicodeString(
    PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
    BOOLEAN AllocateDestinationString);
/* Value as digits of Base (0 means 10; 2, 8, 10 or 16), unsigned;
 * STATUS_INVALID_PARAMETER for another base, STATUS_BUFFER_OVERFLOW when
 * the digits and a terminator do not fit. */
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base,
                                                  PUNICODE_STRING String);
/* Leading blanks, a sign, then digits of Base (0: a 0x, 0o or 0b prefix
 * picks it, else 10) up to the first that is not one. */
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String,
                                                  ULONG Base, PULONG Value);

/*
 * Counted 8-bit strings. This kernel's ANSI code page is Latin-1: a byte
 * is the UTF-16 unit of the same value, and a character above 0xFF
 * becomes '?' on the way back.
 */
NTSYSAPI VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString,
                                      PCSZ SourceString);
NTSYSAPI VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString);
NTSYSAPI CHAR NTAPI RtlUpperChar(CHAR Character);
NTSYSAPI LONG NTAPI RtlCompareString(const STRING *String1,
                                     const STRING *String2,
                                     BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualString(const STRING *String1,
                                      const STRING *String2,
                                      BOOLEAN CaseInSensitive);
/* Allocate: the buffer comes from paged pool with NT's tag (free it with
 * RtlFree*String); else the caller's must hold the characters and a
 * terminator (STATUS_BUFFER_OVERFLOW). STATUS_INVALID_PARAMETER_2 when
 * the result would pass 64 KiB. A Unicode-to-ANSI overflow still
 * converts what fits, as NT's does. */
NTSYSAPI NTSTATUS NTAPI RtlAnsiStringToUnicodeString(
    PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
    BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToAnsiString(
    PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
    BOOLEAN AllocateDestinationString);
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
NTSYSAPI VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString);
/* The pool behind the Allocate forms (kernel/rtl/string_pool.c). */
PVOID NTAPI RtlpAllocateStringRoutine(SIZE_T NumberOfBytes);
VOID NTAPI RtlpFreeStringRoutine(PVOID Buffer);

#ifdef __cplusplus
}
#endif

#endif
