/*
 * Counted UTF-16 strings: initialisation and comparison, with and without
 * case. Pure (the host tests build it).
 */
#include "ntrtl.h"

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
