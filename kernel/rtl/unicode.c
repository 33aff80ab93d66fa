/*
 * Counted UTF-16 strings: initialisation, comparison with and without
 * case, copies, appends and upper-casing, with NT's rules for lengths and
 * terminators. Pure (the host tests build it).
 */
#include "ntrtl.h"
#include "ntstatus.h"

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                PCWSTR SourceString)
{
    SIZE_T Length = 0;

    if (SourceString != NULL) {
        while (SourceString[Length] != 0)
            Length++;
        if (Length > 0x7FFE) /* NT's cap: the length must fit a USHORT */
            Length = 0x7FFE;
    }
    DestinationString->Length = (USHORT)(Length * sizeof(WCHAR));
    DestinationString->MaximumLength =
        SourceString != NULL ? (USHORT)((Length + 1) * sizeof(WCHAR)) : 0;
    DestinationString->Buffer = (PWSTR)SourceString;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
    /* a-z, and Latin-1's lower-case letters but the division sign; y with
     * diaeresis (U+00FF) has its capital outside Latin-1 (U+0178). */
    if (SourceCharacter >= 'a' && SourceCharacter <= 'z')
        return SourceCharacter - ('a' - 'A');
    if (SourceCharacter >= 0xE0 && SourceCharacter <= 0xFE &&
        SourceCharacter != 0xF7)
        return SourceCharacter - 0x20;
    if (SourceCharacter == 0xFF)
        return 0x178;
    return SourceCharacter;
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1,
                                   PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive)
{
    ULONG Length1 = String1->Length / sizeof(WCHAR);
    ULONG Length2 = String2->Length / sizeof(WCHAR);
    ULONG Shorter = Length1 < Length2 ? Length1 : Length2;
    ULONG Index;

    for (Index = 0; Index < Shorter; Index++) {
        WCHAR Char1 = String1->Buffer[Index];
        WCHAR Char2 = String2->Buffer[Index];

        if (CaseInSensitive) {
            Char1 = RtlUpcaseUnicodeChar(Char1);
            Char2 = RtlUpcaseUnicodeChar(Char2);
        }
        if (Char1 != Char2)
            return (LONG)Char1 - (LONG)Char2;
    }
    return (LONG)Length1 - (LONG)Length2;
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1,
                                    PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive)
{
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0;
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1,
                                     PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive)
{
    UNICODE_STRING Start;

    if (String1->Length > String2->Length)
        return FALSE;
    Start = *String2;
    Start.Length = String1->Length;
    return RtlCompareUnicodeString(String1, &Start, CaseInSensitive) == 0;
}

/* A terminator after Length when MaximumLength leaves room for one. */
static void terminate(PUNICODE_STRING String)
{
    if (String->Length + sizeof(WCHAR) <= String->MaximumLength)
        String->Buffer[String->Length / sizeof(WCHAR)] = UNICODE_NULL;
}

VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                PCUNICODE_STRING SourceString)
{
    USHORT Length;

    if (SourceString == NULL) {
        DestinationString->Length = 0;
        return;
    }
    Length = SourceString->Length < DestinationString->MaximumLength
                 ? SourceString->Length
                 : DestinationString->MaximumLength;
    (RtlMoveMemory)(DestinationString->Buffer, SourceString->Buffer, Length);
    DestinationString->Length = Length;
    terminate(DestinationString);
}

static NTSTATUS append(PUNICODE_STRING Destination, const WCHAR *Source,
                       ULONG Length)
{
    if (Length == 0)
        return STATUS_SUCCESS;
    if ((ULONG)Destination->Length + Length > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    (RtlMoveMemory)((PUCHAR)Destination->Buffer + Destination->Length, Source,
                    Length);
    Destination->Length = (USHORT)(Destination->Length + Length);
    terminate(Destination);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination,
                                        PCWSTR Source)
{
    ULONG Length = 0;

    if (Source == NULL)
        return STATUS_SUCCESS;
    while (Source[Length] != UNICODE_NULL)
        Length++;
    return append(Destination, Source, Length * sizeof(WCHAR));
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                              PCUNICODE_STRING Source)
{
    return append(Destination, Source->Buffer, Source->Length);
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING DestinationString,
                                      PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString)
{
    ULONG Index;

    if (AllocateDestinationString) {
        DestinationString->MaximumLength = SourceString->Length;
        DestinationString->Buffer =
            RtlpAllocateStringRoutine(SourceString->Length);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
    } else if (SourceString->Length > DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (Index = 0; Index < SourceString->Length / sizeof(WCHAR); Index++)
        DestinationString->Buffer[Index] =
            RtlUpcaseUnicodeChar(SourceString->Buffer[Index]);
    DestinationString->Length = SourceString->Length;
    return STATUS_SUCCESS;
}
