/*
 * Counted strings over a NUL-terminated buffer, as NT's Rtl builds them:
 * Length without the terminator, MaximumLength with it, both clamped to
 * what a USHORT holds.
 */
#include "ntdll.h"

#define MAX_USTRING_BYTES 0xFFFE /* even: whole WCHARs */

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                PCWSTR SourceString)
{
    SIZE_T Length = 0;

    DestinationString->Buffer = (PWSTR)SourceString;
    if (SourceString == NULL) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    while (SourceString[Length] != 0)
        Length++;
    Length *= sizeof(WCHAR);
    if (Length > MAX_USTRING_BYTES - sizeof(WCHAR))
        Length = MAX_USTRING_BYTES - sizeof(WCHAR);
    DestinationString->Length = (USHORT)Length;
    DestinationString->MaximumLength = (USHORT)(Length + sizeof(WCHAR));
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString)
{
    SIZE_T Length = 0;

    DestinationString->Buffer = (PCHAR)SourceString;
    if (SourceString == NULL) {
        DestinationString->Length = DestinationString->MaximumLength = 0;
        return;
    }
    while (SourceString[Length] != 0)
        Length++;
    if (Length > 0xFFFE)
        Length = 0xFFFE;
    DestinationString->Length = (USHORT)Length;
    DestinationString->MaximumLength = (USHORT)(Length + 1);
}
