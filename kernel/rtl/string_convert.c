/*
 * ANSI to Unicode and back (the ANSI code page is Latin-1 here), and
 * integers to and from Unicode digits, with NT's statuses for short
 * buffers and its allocation through the string pool routines. Pure (the
 * host tests build it with their own pool routines).
 */
#include "ntrtl.h"
#include "ntstatus.h"

#define MAXUSHORT_BYTES 0xFFFF

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
                                            PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    /* The characters and a terminator. */
    ULONG Bytes = ((ULONG)SourceString->Length + 1) * sizeof(WCHAR);
    ULONG Index;

    if (Bytes > MAXUSHORT_BYTES)
        return STATUS_INVALID_PARAMETER_2;
    DestinationString->Length = (USHORT)(Bytes - sizeof(WCHAR));
    if (AllocateDestinationString) {
        DestinationString->MaximumLength = (USHORT)Bytes;
        DestinationString->Buffer = RtlpAllocateStringRoutine(Bytes);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
    } else if (DestinationString->Length >= DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (Index = 0; Index < SourceString->Length; Index++)
        DestinationString->Buffer[Index] = (UCHAR)SourceString->Buffer[Index];
    DestinationString->Buffer[Index] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
                                            PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    ULONG Bytes = SourceString->Length / sizeof(WCHAR) + 1;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Index;

    if (Bytes > MAXUSHORT_BYTES)
        return STATUS_INVALID_PARAMETER_2;
    DestinationString->Length = (USHORT)(Bytes - 1);
    if (AllocateDestinationString) {
        DestinationString->MaximumLength = (USHORT)Bytes;
        DestinationString->Buffer = RtlpAllocateStringRoutine(Bytes);
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
    } else if (DestinationString->Length >= DestinationString->MaximumLength) {
        /* NT converts what fits, then says it did not all fit. */
        if (DestinationString->MaximumLength == 0)
            return STATUS_BUFFER_OVERFLOW;
        Status = STATUS_BUFFER_OVERFLOW;
        DestinationString->Length =
            (USHORT)(DestinationString->MaximumLength - 1);
    }
    for (Index = 0; Index < DestinationString->Length; Index++) {
        WCHAR Char = SourceString->Buffer[Index];

        DestinationString->Buffer[Index] = Char <= 0xFF ? (CHAR)Char : '?';
    }
    DestinationString->Buffer[Index] = '\0';
    return Status;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer != NULL) {
        RtlpFreeStringRoutine(UnicodeString->Buffer);
        UnicodeString->Buffer = NULL;
        UnicodeString->Length = UnicodeString->MaximumLength = 0;
    }
}

VOID NTAPI RtlFreeAnsiString(PANSI_STRING AnsiString)
{
    if (AnsiString->Buffer != NULL) {
        RtlpFreeStringRoutine(AnsiString->Buffer);
        AnsiString->Buffer = NULL;
        AnsiString->Length = AnsiString->MaximumLength = 0;
    }
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base,
                                         PUNICODE_STRING String)
{
    WCHAR Digits[33]; /* base 2: 32 digits */
    ULONG Count = 0;
    ULONG Index;

    if (Base == 0)
        Base = 10;
    if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
        return STATUS_INVALID_PARAMETER;
    do {
        ULONG Digit = Value % Base;

        Digits[Count++] = (WCHAR)(Digit < 10 ? '0' + Digit : 'A' + Digit - 10);
        Value /= Base;
    } while (Value != 0);
    /* The digits and a terminator. */
    if ((Count + 1) * sizeof(WCHAR) > String->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (Index = 0; Index < Count; Index++)
        String->Buffer[Index] = Digits[Count - 1 - Index];
    String->Buffer[Count] = UNICODE_NULL;
    String->Length = (USHORT)(Count * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static ULONG digit_value(WCHAR Char)
{
    if (Char >= '0' && Char <= '9')
        return Char - '0';
    if (Char >= 'a' && Char <= 'z')
        return Char - 'a' + 10;
    if (Char >= 'A' && Char <= 'Z')
        return Char - 'A' + 10;
    return 36; /* no base takes it */
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base,
                                         PULONG Value)
{
    const WCHAR *Char = String->Buffer;
    ULONG Left = String->Length / sizeof(WCHAR);
    BOOLEAN Negative = FALSE;
    ULONG Result = 0;

    while (Left != 0 && *Char <= ' ') {
        Char++;
        Left--;
    }
    if (Left != 0 && (*Char == '+' || *Char == '-')) {
        Negative = *Char == '-';
        Char++;
        Left--;
    }
    if (Base == 0) {
        Base = 10;
        if (Left >= 2 && Char[0] == '0') {
            if (Char[1] == 'x')
                Base = 16;
            else if (Char[1] == 'o')
                Base = 8;
            else if (Char[1] == 'b')
                Base = 2;
            if (Base != 10) {
                Char += 2;
                Left -= 2;
            }
        }
    } else if (Base != 2 && Base != 8 && Base != 10 && Base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Value == NULL)
        return STATUS_ACCESS_VIOLATION;
    for (; Left != 0 && digit_value(*Char) < Base; Char++, Left--)
        Result = Result * Base + digit_value(*Char);
    *Value = Negative ? (ULONG)0 - Result : Result;
    return STATUS_SUCCESS;
}
