/*
 * Counted 8-bit strings (STRING, ANSI_STRING): initialisation and
 * comparison with and without case. Pure (the host tests build it).
 */
#include "ntrtl.h"

/* NT's cap: MaximumLength (the length and a terminator) fits a USHORT. */
#define MAX_STRING_LENGTH 0xFFFE

VOID NTAPI RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
    SIZE_T Length = 0;

    if (SourceString != NULL) {
        while (SourceString[Length] != '\0')
            Length++;
        if (Length > MAX_STRING_LENGTH)
            Length = MAX_STRING_LENGTH;
    }
    DestinationString->Length = (USHORT)Length;
    DestinationString->MaximumLength =
        SourceString != NULL ? (USHORT)(Length + 1) : 0;
    DestinationString->Buffer = (PCHAR)SourceString;
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
    RtlInitString(DestinationString, SourceString);
}

CHAR NTAPI RtlUpperChar(CHAR Character)
{
    /* Latin-1, as RtlUpcaseUnicodeChar; y with diaeresis has no capital
     * inside it and stays. */
    UCHAR Char = (UCHAR)Character;

    if ((Char >= 'a' && Char <= 'z') ||
        (Char >= 0xE0 && Char <= 0xFE && Char != 0xF7))
        return (CHAR)(Char - 0x20);
    return Character;
}

LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2,
                            BOOLEAN CaseInSensitive)
{
    ULONG Shorter =
        String1->Length < String2->Length ? String1->Length : String2->Length;
    ULONG Index;

    for (Index = 0; Index < Shorter; Index++) {
        CHAR Char1 = String1->Buffer[Index];
        CHAR Char2 = String2->Buffer[Index];

        if (CaseInSensitive) {
            Char1 = RtlUpperChar(Char1);
            Char2 = RtlUpperChar(Char2);
        }
        if (Char1 != Char2)
            return (LONG)(UCHAR)Char1 - (LONG)(UCHAR)Char2;
    }
    return (LONG)String1->Length - (LONG)String2->Length;
}

BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2,
                             BOOLEAN CaseInSensitive)
{
    if (String1->Length != String2->Length)
        return FALSE;
    return RtlCompareString(String1, String2, CaseInSensitive) == 0;
}
