/*
 * Formatted printing, written for the kernel's needs: no floating point, no
 * allocation, bounded stack. See format.h for the accepted conversions.
 * One engine serves narrow and wide formats: it reads the format through
 * a cursor and produces UTF-16 units, which the narrow entry points turn
 * into bytes (Latin-1, '?' beyond it).
 */
#include "kernel/format.h"

typedef struct _FORMAT_SPEC {
    BOOLEAN LeftJustify;
    BOOLEAN ZeroPad;
    ULONG Width;
    LONG Precision;   /* -1: none */
    ULONG LengthBits; /* 32 or 64 */
    CHAR Size;        /* 'h' (narrow), 'w' (wide) or 0 */
} FORMAT_SPEC;

typedef void (*FORMAT_PUT_UNIT)(PVOID Context, WCHAR Unit);

typedef struct _FORMAT_SINK {
    FORMAT_PUT_UNIT PutUnit;
    PVOID Context;
    ULONG Count;
} FORMAT_SINK;

/* The format, narrow or wide, and where the engine is in it. */
typedef struct _FORMAT_CURSOR {
    const void *Format;
    BOOLEAN Wide;
    SIZE_T Index;
} FORMAT_CURSOR;

static WCHAR peek(const FORMAT_CURSOR *Cursor, SIZE_T Ahead)
{
    if (Cursor->Wide)
        return ((PCWSTR)Cursor->Format)[Cursor->Index + Ahead];
    return (UCHAR)((PCSTR)Cursor->Format)[Cursor->Index + Ahead];
}

static void emit(FORMAT_SINK *Sink, WCHAR Unit)
{
    Sink->PutUnit(Sink->Context, Unit);
    Sink->Count++;
}

static void emit_padding(FORMAT_SINK *Sink, ULONG Count, CHAR Fill)
{
    while (Count-- != 0)
        emit(Sink, (UCHAR)Fill);
}

/* A body of Length units, narrow or wide, after Prefix, padded to the
 * spec's width. */
static void emit_field(FORMAT_SINK *Sink, const FORMAT_SPEC *Spec, PCSTR Prefix,
                       const void *Body, BOOLEAN WideBody, ULONG Length)
{
    ULONG PrefixLength = 0;
    ULONG Pad;
    ULONG Index;

    while (Prefix[PrefixLength] != '\0')
        PrefixLength++;
    Pad = Spec->Width > Length + PrefixLength
              ? Spec->Width - Length - PrefixLength
              : 0;
    if (!Spec->LeftJustify && !Spec->ZeroPad)
        emit_padding(Sink, Pad, ' ');
    while (*Prefix != '\0')
        emit(Sink, (UCHAR)*Prefix++);
    if (!Spec->LeftJustify && Spec->ZeroPad)
        emit_padding(Sink, Pad, '0');
    for (Index = 0; Index < Length; Index++)
        emit(Sink,
             WideBody ? ((PCWSTR)Body)[Index] : (UCHAR)((PCSTR)Body)[Index]);
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
               &Buffer[sizeof(Buffer) - Length], FALSE, Length);
}

/* A string of Length units at most (a precision may cut it), or up to
 * its terminator when Length is -1. */
static void emit_string(FORMAT_SINK *Sink, FORMAT_SPEC *Spec,
                        const void *String, BOOLEAN Wide, LONG Counted)
{
    ULONG Length = 0;

    if (String == NULL) {
        String = "(null)";
        Wide = FALSE;
        Counted = -1;
    }
    while ((Counted < 0 ? (Wide ? ((PCWSTR)String)[Length]
                                : ((PCSTR)String)[Length]) != 0
                        : Length < (ULONG)Counted) &&
           (Spec->Precision < 0 || Length < (ULONG)Spec->Precision))
        Length++;
    Spec->ZeroPad = FALSE;
    emit_field(Sink, Spec, "", String, Wide, Length);
}

static void parse_spec(FORMAT_CURSOR *Cursor, FORMAT_SPEC *Spec,
                       va_list *Arguments)
{
    Spec->LeftJustify = FALSE;
    Spec->ZeroPad = FALSE;
    Spec->Width = 0;
    Spec->Precision = -1;
    Spec->LengthBits = 32;
    Spec->Size = 0;

    for (;; Cursor->Index++) {
        if (peek(Cursor, 0) == '-')
            Spec->LeftJustify = TRUE;
        else if (peek(Cursor, 0) == '0')
            Spec->ZeroPad = TRUE;
        else
            break;
    }
    if (peek(Cursor, 0) == '*') {
        int Width = va_arg(*Arguments, int);
        if (Width < 0) {
            Spec->LeftJustify = TRUE;
            Width = -Width;
        }
        Spec->Width = (ULONG)Width;
        Cursor->Index++;
    }
    while (peek(Cursor, 0) >= '0' && peek(Cursor, 0) <= '9')
        Spec->Width = Spec->Width * 10 + (ULONG)(peek(Cursor, 0) - '0'),
        Cursor->Index++;
    if (peek(Cursor, 0) == '.') {
        Cursor->Index++;
        Spec->Precision = 0;
        if (peek(Cursor, 0) == '*') {
            Spec->Precision = va_arg(*Arguments, int);
            Cursor->Index++;
        }
        while (peek(Cursor, 0) >= '0' && peek(Cursor, 0) <= '9')
            Spec->Precision = Spec->Precision * 10 + (peek(Cursor, 0) - '0'),
            Cursor->Index++;
    }
    if (peek(Cursor, 0) == 'l' && peek(Cursor, 1) == 'l') {
        Spec->LengthBits = 64;
        Cursor->Index += 2;
    } else if (peek(Cursor, 0) == 'I' && peek(Cursor, 1) == '6' &&
               peek(Cursor, 2) == '4') {
        Spec->LengthBits = 64;
        Cursor->Index += 3;
    } else if (peek(Cursor, 0) == 'l' || peek(Cursor, 0) == 'w') {
        Spec->Size = 'w'; /* %ls, %ws, %lc, %wZ */
        Cursor->Index++;
    } else if (peek(Cursor, 0) == 'h') {
        Spec->Size = 'h';
        Cursor->Index++;
    }
}

static ULONGLONG take_unsigned(const FORMAT_SPEC *Spec, va_list *Arguments)
{
    if (Spec->LengthBits == 64)
        return va_arg(*Arguments, ULONGLONG);
    return va_arg(*Arguments, unsigned int);
}

/* Whether a string or character conversion takes a wide argument: %s and
 * %c match the format's width, %S and %C the other, and h or l/w say. */
static BOOLEAN wide_argument(const FORMAT_CURSOR *Cursor,
                             const FORMAT_SPEC *Spec, WCHAR Conversion)
{
    if (Spec->Size != 0)
        return Spec->Size == 'w';
    if (Conversion == 'S' || Conversion == 'C')
        return !Cursor->Wide;
    return Cursor->Wide;
}

static ULONG format(FORMAT_SINK *Sink, FORMAT_CURSOR *Cursor, va_list Arguments)
{
    FORMAT_SPEC Spec;
    va_list Args;

    va_copy(Args, Arguments);
    while (peek(Cursor, 0) != 0) {
        SIZE_T Start = Cursor->Index;
        WCHAR Conversion;

        if (peek(Cursor, 0) != '%') {
            emit(Sink, peek(Cursor, 0));
            Cursor->Index++;
            continue;
        }
        Cursor->Index++;
        parse_spec(Cursor, &Spec, &Args);
        Conversion = peek(Cursor, 0);
        switch (Conversion) {
        case 'd':
        case 'i': {
            LONGLONG Value = Spec.LengthBits == 64 ? va_arg(Args, LONGLONG)
                                                   : va_arg(Args, int);
            ULONGLONG Magnitude =
                Value < 0 ? 0 - (ULONGLONG)Value : (ULONGLONG)Value;
            emit_number(Sink, &Spec, Magnitude, Value < 0, 10, FALSE, "");
            break;
        }
        case 'u':
            emit_number(Sink, &Spec, take_unsigned(&Spec, &Args), FALSE, 10,
                        FALSE, "");
            break;
        case 'x':
        case 'X':
            emit_number(Sink, &Spec, take_unsigned(&Spec, &Args), FALSE, 16,
                        Conversion == 'X', "");
            break;
        case 'p':
            Spec.ZeroPad = TRUE;
            Spec.Width = 2 + 2 * sizeof(PVOID);
            emit_number(Sink, &Spec, (ULONG_PTR)va_arg(Args, PVOID), FALSE, 16,
                        FALSE, "0x");
            break;
        case 'c':
        case 'C': {
            WCHAR Unit = (WCHAR)va_arg(Args, int);
            CHAR Narrow = (CHAR)Unit;
            BOOLEAN Wide = wide_argument(Cursor, &Spec, Conversion);

            Spec.ZeroPad = FALSE;
            emit_field(Sink, &Spec, "", Wide ? (const void *)&Unit : &Narrow,
                       Wide, 1);
            break;
        }
        case 's':
        case 'S':
            emit_string(Sink, &Spec, va_arg(Args, const void *),
                        wide_argument(Cursor, &Spec, Conversion), -1);
            break;
        case 'Z': {
            /* NT's counted strings: %wZ a UNICODE_STRING, %Z a STRING. */
            if (Spec.Size == 'w') {
                PCUNICODE_STRING String = va_arg(Args, PCUNICODE_STRING);

                if (String == NULL || String->Buffer == NULL)
                    emit_string(Sink, &Spec, NULL, FALSE, -1);
                else
                    emit_string(Sink, &Spec, String->Buffer, TRUE,
                                String->Length / sizeof(WCHAR));
            } else {
                const STRING *String = va_arg(Args, const STRING *);

                if (String == NULL || String->Buffer == NULL)
                    emit_string(Sink, &Spec, NULL, FALSE, -1);
                else
                    emit_string(Sink, &Spec, String->Buffer, FALSE,
                                String->Length);
            }
            break;
        }
        case '%':
            emit(Sink, '%');
            break;
        default: {
            /* Unknown or truncated: show the text as written. */
            SIZE_T End = Cursor->Index;

            for (Cursor->Index = Start; Cursor->Index < End; Cursor->Index++)
                emit(Sink, peek(Cursor, 0));
            if (Conversion == 0)
                continue;
            emit(Sink, Conversion);
            break;
        }
        }
        Cursor->Index++;
    }
    va_end(Args);
    return Sink->Count;
}

/* The narrow entry points: units beyond Latin-1 become '?'. */
typedef struct _NARROW_SINK {
    KI_PUT_CHAR PutChar;
    PVOID Context;
} NARROW_SINK;

static void put_narrow(PVOID Context, WCHAR Unit)
{
    NARROW_SINK *Sink = Context;

    Sink->PutChar(Sink->Context, Unit <= 0xFF ? (CHAR)Unit : '?');
}

ULONG KiFormatV(KI_PUT_CHAR PutChar, PVOID Context, PCSTR Format,
                va_list Arguments)
{
    NARROW_SINK Narrow = {PutChar, Context};
    FORMAT_SINK Sink = {put_narrow, &Narrow, 0};
    FORMAT_CURSOR Cursor = {Format, FALSE, 0};

    return format(&Sink, &Cursor, Arguments);
}

typedef struct _BUFFER_SINK {
    PVOID Buffer;
    BOOLEAN Wide;
    SIZE_T Size; /* units */
    SIZE_T Used;
} BUFFER_SINK;

static void put_buffer(PVOID Context, WCHAR Unit)
{
    BUFFER_SINK *Sink = Context;

    if (Sink->Used >= Sink->Size)
        return;
    if (Sink->Wide)
        ((PWCHAR)Sink->Buffer)[Sink->Used++] = Unit;
    else
        ((PCHAR)Sink->Buffer)[Sink->Used++] = Unit <= 0xFF ? (CHAR)Unit : '?';
}

ULONG KiFormatStringV(PCHAR Buffer, SIZE_T Size, PCSTR Format,
                      va_list Arguments)
{
    /* Room for the terminator. */
    BUFFER_SINK Buffered = {Buffer, FALSE, Size != 0 ? Size - 1 : 0, 0};
    FORMAT_SINK Sink = {put_buffer, &Buffered, 0};
    FORMAT_CURSOR Cursor = {Format, FALSE, 0};
    ULONG Count = format(&Sink, &Cursor, Arguments);

    if (Size != 0)
        Buffer[Buffered.Used] = '\0';
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

ULONG KiFormatBufferV(PVOID Buffer, BOOLEAN Wide, SIZE_T Units,
                      const void *Format, va_list Arguments)
{
    BUFFER_SINK Buffered = {Buffer, Wide, Units, 0};
    FORMAT_SINK Sink = {put_buffer, &Buffered, 0};
    FORMAT_CURSOR Cursor = {Format, Wide, 0};

    return format(&Sink, &Cursor, Arguments);
}
