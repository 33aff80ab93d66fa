/*
 * Formatted printing, written for the kernel's needs: no floating point, no
 * allocation, bounded stack. See format.h for the accepted conversions.
 */
#include "kernel/format.h"

typedef struct _FORMAT_SPEC {
    BOOLEAN LeftJustify;
    BOOLEAN ZeroPad;
    ULONG Width;
    LONG Precision;   /* -1: none */
    ULONG LengthBits; /* 32 or 64 */
} FORMAT_SPEC;

typedef struct _FORMAT_SINK {
    KI_PUT_CHAR PutChar;
    PVOID Context;
    ULONG Count;
} FORMAT_SINK;

static void emit(FORMAT_SINK *Sink, CHAR Character)
{
    Sink->PutChar(Sink->Context, Character);
    Sink->Count++;
}

static void emit_padding(FORMAT_SINK *Sink, ULONG Count, CHAR Fill)
{
    while (Count-- != 0)
        emit(Sink, Fill);
}

/* Prints Body (Length chars) after Prefix, padded to the spec's width. */
static void emit_field(FORMAT_SINK *Sink, const FORMAT_SPEC *Spec, PCSTR Prefix,
                       PCSTR Body, ULONG Length)
{
    ULONG PrefixLength = 0;
    ULONG Pad;

    while (Prefix[PrefixLength] != '\0')
        PrefixLength++;
    Pad = Spec->Width > Length + PrefixLength
              ? Spec->Width - Length - PrefixLength
              : 0;
    if (!Spec->LeftJustify && !Spec->ZeroPad)
        emit_padding(Sink, Pad, ' ');
    while (*Prefix != '\0')
        emit(Sink, *Prefix++);
    if (!Spec->LeftJustify && Spec->ZeroPad)
        emit_padding(Sink, Pad, '0');
    while (Length-- != 0)
        emit(Sink, *Body++);
    if (Spec->LeftJustify)
        emit_padding(Sink, Pad, ' ');
}

static void emit_number(FORMAT_SINK *Sink, const FORMAT_SPEC *Spec,
                        ULONGLONG Value, BOOLEAN Negative, ULONG Base,
                        BOOLEAN Upper, PCSTR Prefix)
{
    PCSTR Digits = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
    CHAR Buffer[24];
    ULONG Length = 0;

    do {
        Buffer[sizeof(Buffer) - 1 - Length++] = Digits[Value % Base];
        Value /= Base;
    } while (Value != 0);
    emit_field(Sink, Spec, Negative ? "-" : Prefix,
               &Buffer[sizeof(Buffer) - Length], Length);
}

static PCSTR parse_spec(PCSTR Format, FORMAT_SPEC *Spec, va_list *Arguments)
{
    Spec->LeftJustify = FALSE;
    Spec->ZeroPad = FALSE;
    Spec->Width = 0;
    Spec->Precision = -1;
    Spec->LengthBits = 32;

    for (;; Format++) {
        if (*Format == '-')
            Spec->LeftJustify = TRUE;
        else if (*Format == '0')
            Spec->ZeroPad = TRUE;
        else
            break;
    }
    if (*Format == '*') {
        int Width = va_arg(*Arguments, int);
        if (Width < 0) {
            Spec->LeftJustify = TRUE;
            Width = -Width;
        }
        Spec->Width = (ULONG)Width;
        Format++;
    }
    while (*Format >= '0' && *Format <= '9')
        Spec->Width = Spec->Width * 10 + (ULONG)(*Format++ - '0');
    if (*Format == '.') {
        Format++;
        Spec->Precision = 0;
        if (*Format == '*') {
            Spec->Precision = va_arg(*Arguments, int);
            Format++;
        }
        while (*Format >= '0' && *Format <= '9')
            Spec->Precision = Spec->Precision * 10 + (*Format++ - '0');
    }
    if (Format[0] == 'l' && Format[1] == 'l') {
        Spec->LengthBits = 64;
        Format += 2;
    } else if (Format[0] == 'I' && Format[1] == '6' && Format[2] == '4') {
        Spec->LengthBits = 64;
        Format += 3;
    } else if (Format[0] == 'l' || Format[0] == 'h') {
        Format++;
    }
    return Format;
}

static ULONGLONG take_unsigned(const FORMAT_SPEC *Spec, va_list *Arguments)
{
    if (Spec->LengthBits == 64)
        return va_arg(*Arguments, ULONGLONG);
    return va_arg(*Arguments, unsigned int);
}

ULONG KiFormatV(KI_PUT_CHAR PutChar, PVOID Context, PCSTR Format,
                va_list Arguments)
{
    FORMAT_SINK Sink = {PutChar, Context, 0};
    FORMAT_SPEC Spec;
    va_list Args;

    va_copy(Args, Arguments);
    while (*Format != '\0') {
        PCSTR Start = Format;

        if (*Format != '%') {
            emit(&Sink, *Format++);
            continue;
        }
        Format = parse_spec(Format + 1, &Spec, &Args);
        switch (*Format) {
        case 'd':
        case 'i': {
            LONGLONG Value = Spec.LengthBits == 64 ? va_arg(Args, LONGLONG)
                                                   : va_arg(Args, int);
            ULONGLONG Magnitude =
                Value < 0 ? 0 - (ULONGLONG)Value : (ULONGLONG)Value;
            emit_number(&Sink, &Spec, Magnitude, Value < 0, 10, FALSE, "");
            break;
        }
        case 'u':
            emit_number(&Sink, &Spec, take_unsigned(&Spec, &Args), FALSE, 10,
                        FALSE, "");
            break;
        case 'x':
        case 'X':
            emit_number(&Sink, &Spec, take_unsigned(&Spec, &Args), FALSE, 16,
                        *Format == 'X', "");
            break;
        case 'p':
            Spec.ZeroPad = TRUE;
            Spec.Width = 2 + 2 * sizeof(PVOID);
            emit_number(&Sink, &Spec, (ULONG_PTR)va_arg(Args, PVOID), FALSE, 16,
                        FALSE, "0x");
            break;
        case 'c': {
            CHAR Character = (CHAR)va_arg(Args, int);
            Spec.ZeroPad = FALSE;
            emit_field(&Sink, &Spec, "", &Character, 1);
            break;
        }
        case 's': {
            PCSTR String = va_arg(Args, PCSTR);
            ULONG Length = 0;

            if (String == NULL)
                String = "(null)";
            while (String[Length] != '\0' &&
                   (Spec.Precision < 0 || Length < (ULONG)Spec.Precision))
                Length++;
            Spec.ZeroPad = FALSE;
            emit_field(&Sink, &Spec, "", String, Length);
            break;
        }
        case '%':
            emit(&Sink, '%');
            break;
        default:
            /* Unknown or truncated: show the text as written. */
            while (Start != Format && *Start != '\0')
                emit(&Sink, *Start++);
            if (*Format == '\0')
                continue;
            emit(&Sink, *Format);
            break;
        }
        Format++;
    }
    va_end(Args);
    return Sink.Count;
}

typedef struct _BUFFER_SINK {
    PCHAR Buffer;
    SIZE_T Size;
    SIZE_T Used;
} BUFFER_SINK;

static void put_buffer(PVOID Context, CHAR Character)
{
    BUFFER_SINK *Sink = Context;

    if (Sink->Used + 1 < Sink->Size)
        Sink->Buffer[Sink->Used++] = Character;
}

ULONG KiFormatStringV(PCHAR Buffer, SIZE_T Size, PCSTR Format,
                      va_list Arguments)
{
    BUFFER_SINK Sink = {Buffer, Size, 0};
    ULONG Count = KiFormatV(put_buffer, &Sink, Format, Arguments);

    if (Size != 0)
        Buffer[Sink.Used] = '\0';
    return Count;
}

ULONG KiFormatString(PCHAR Buffer, SIZE_T Size, PCSTR Format, ...)
{
    va_list Arguments;
    ULONG Count;

    va_start(Arguments, Format);
    Count = KiFormatStringV(Buffer, Size, Format, Arguments);
    va_end(Arguments);
    return Count;
}
