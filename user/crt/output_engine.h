/*
 * The formatting engine of the printf family, built twice: output.c
 * makes _output (char text, printf and sprintf) and woutput.c _woutput
 * (UTF-16 text, the wide family), each defining CRT_WIDE (0 or 1) first,
 * as MSVC's runtime builds its output.c for both.
 *
 * Conversions: %d %i %u %x %X %o %c %C %s %S %p and %%, with the flags
 * - 0 + space #, a width and a precision (either may be *), and the size
 * prefixes hh h l ll z t j, MSVC's I64 I32 and I (a pointer's size), and
 * w (wide). In the narrow engine %s and %c take char text and %S %C %ls
 * %lc %ws %wc UTF-16; in the wide one %s and %c take UTF-16 and %S %C
 * %hs %hc char text, as MSVC's wprintf does; %hs and %ls say which
 * explicitly in both. UTF-16 printed narrow is Latin-1, anything else
 * '?'; char text printed wide is taken as Latin-1. No floating point: a
 * conversion this runtime does not know is printed as written, so a
 * format mistake shows instead of reading a wrong argument.
 */
#include "crt.h"

#if CRT_WIDE
typedef CRT_WCHAR TCHAR_T;
#define ENGINE _woutput
#define ROUTINE_TYPE CRT_WOUTPUT_ROUTINE
#else
typedef char TCHAR_T;
#define ENGINE _output
#define ROUTINE_TYPE CRT_OUTPUT_ROUTINE
#endif

#define FLAG_LEFT 0x01
#define FLAG_ZERO 0x02
#define FLAG_PLUS 0x04
#define FLAG_SPACE 0x08
#define FLAG_ALTERNATE 0x10

/* Which text a %s or %c takes: as the engine's default says, char text
 * (h), or UTF-16 (l, w). */
#define TEXT_DEFAULT 0
#define TEXT_NARROW 1
#define TEXT_WIDE 2

typedef struct _OUTPUT {
    ROUTINE_TYPE Routine;
    void *Context;
    int Count;
} OUTPUT;

static void put(OUTPUT *Out, const TCHAR_T *Text, size_t Length)
{
    if (Length == 0)
        return;
    Out->Routine(Out->Context, Text, Length);
    Out->Count += (int)Length;
}

/* One character of either width as this engine's text. */
static void put_unit(OUTPUT *Out, unsigned Unit)
{
#if CRT_WIDE
    TCHAR_T Character = (TCHAR_T)Unit;
#else
    TCHAR_T Character = Unit <= 0xFF ? (char)Unit : '?';
#endif

    put(Out, &Character, 1);
}

/* char text (digits, prefixes, char strings) as this engine's text. */
static void put_narrow(OUTPUT *Out, const char *Text, size_t Length)
{
#if CRT_WIDE
    while (Length-- != 0)
        put_unit(Out, (unsigned char)*Text++);
#else
    put(Out, Text, Length);
#endif
}

static void pad(OUTPUT *Out, char Fill, int Count)
{
    while (Count-- > 0)
        put_unit(Out, (unsigned char)Fill);
}

/* Prefix ("-", "0x", ...), then zeros to the precision, then the digits,
 * inside the width. */
static void put_field(OUTPUT *Out, const char *Prefix, const char *Digits,
                      int Length, int Flags, int Width, int Precision)
{
    int PrefixLength = (int)strlen(Prefix);
    int Zeros = Precision > Length ? Precision - Length : 0;
    int Total = PrefixLength + Zeros + Length;

    if ((Flags & FLAG_ZERO) && !(Flags & FLAG_LEFT) && Precision < 0 &&
        Width > Total) {
        Zeros += Width - Total;
        Total = Width;
    }
    if (!(Flags & FLAG_LEFT))
        pad(Out, ' ', Width - Total);
    put_narrow(Out, Prefix, (size_t)PrefixLength);
    pad(Out, '0', Zeros);
    put_narrow(Out, Digits, (size_t)Length);
    if (Flags & FLAG_LEFT)
        pad(Out, ' ', Width - Total);
}

static void put_integer(OUTPUT *Out, unsigned long long Value, int Negative,
                        unsigned Base, int Upper, int Flags, int Width,
                        int Precision)
{
    const char *Digits = Upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char Buffer[24], Prefix[3] = "";
    int Length = 0;

    while (Value != 0) {
        Buffer[sizeof(Buffer) - 1 - Length++] = Digits[Value % Base];
        Value /= Base;
    }
    /* Zero has one digit, unless the precision is an explicit 0. */
    if (Length == 0 && Precision != 0)
        Buffer[sizeof(Buffer) - 1 - Length++] = '0';
    if (Negative)
        strcpy(Prefix, "-");
    else if (Flags & FLAG_PLUS)
        strcpy(Prefix, "+");
    else if (Flags & FLAG_SPACE)
        strcpy(Prefix, " ");
    else if ((Flags & FLAG_ALTERNATE) && Base == 16 && Length != 0 &&
             !(Length == 1 && Buffer[sizeof(Buffer) - 1] == '0'))
        strcpy(Prefix, Upper ? "0X" : "0x");
    else if ((Flags & FLAG_ALTERNATE) && Base == 8 &&
             Buffer[sizeof(Buffer) - Length] != '0')
        strcpy(Prefix, "0");
    put_field(Out, Prefix, Buffer + sizeof(Buffer) - Length, Length, Flags,
              Width, Precision);
}

static void put_string(OUTPUT *Out, const char *String, int Flags, int Width,
                       int Precision)
{
    int Length = 0;

    if (String == NULL)
        String = "(null)";
    while (String[Length] != 0 && (Precision < 0 || Length < Precision))
        Length++;
    if (!(Flags & FLAG_LEFT))
        pad(Out, ' ', Width - Length);
    put_narrow(Out, String, (size_t)Length);
    if (Flags & FLAG_LEFT)
        pad(Out, ' ', Width - Length);
}

static void put_wide_string(OUTPUT *Out, const CRT_WCHAR *String, int Flags,
                            int Width, int Precision)
{
    int Length = 0, Index;

    if (String == NULL) {
        put_string(Out, NULL, Flags, Width, Precision);
        return;
    }
    while (String[Length] != 0 && (Precision < 0 || Length < Precision))
        Length++;
    if (!(Flags & FLAG_LEFT))
        pad(Out, ' ', Width - Length);
    for (Index = 0; Index < Length; Index++)
        put_unit(Out, String[Index]);
    if (Flags & FLAG_LEFT)
        pad(Out, ' ', Width - Length);
}

/* A size prefix: the argument's width in bytes (0 for int) and the text
 * it asks of %s and %c. */
static const TCHAR_T *parse_size(const TCHAR_T *Format, int *Size, int *Text)
{
    *Size = 0;
    *Text = TEXT_DEFAULT;
    switch (Format[0]) {
    case 'h':
        if (Format[1] == 'h') {
            *Size = 1;
            return Format + 2;
        }
        *Size = 2;
        *Text = TEXT_NARROW;
        return Format + 1;
    case 'l':
        if (Format[1] == 'l') {
            *Size = 8;
            return Format + 2;
        }
        *Size = (int)sizeof(long);
        *Text = TEXT_WIDE;
        return Format + 1;
    case 'w':
        *Text = TEXT_WIDE;
        return Format + 1;
    case 'I':
        if (Format[1] == '6' && Format[2] == '4') {
            *Size = 8;
            return Format + 3;
        }
        if (Format[1] == '3' && Format[2] == '2') {
            *Size = 4;
            return Format + 3;
        }
        *Size = (int)sizeof(size_t); /* MSVC's pointer-sized integer */
        return Format + 1;
    case 'z':
    case 't':
        *Size = (int)sizeof(size_t);
        return Format + 1;
    case 'j':
        *Size = 8;
        return Format + 1;
    default:
        return Format;
    }
}

static unsigned long long unsigned_argument(va_list *Args, int Size)
{
    switch (Size) {
    case 1:
        return (unsigned char)va_arg(*Args, unsigned);
    case 2:
        return (unsigned short)va_arg(*Args, unsigned);
    case 8:
        return va_arg(*Args, unsigned long long);
    default:
        if (Size == (int)sizeof(long) && Size != (int)sizeof(unsigned))
            return va_arg(*Args, unsigned long);
        return va_arg(*Args, unsigned);
    }
}

static long long signed_argument(va_list *Args, int Size)
{
    switch (Size) {
    case 1:
        return (signed char)va_arg(*Args, int);
    case 2:
        return (short)va_arg(*Args, int);
    case 8:
        return va_arg(*Args, long long);
    default:
        if (Size == (int)sizeof(long) && Size != (int)sizeof(int))
            return va_arg(*Args, long);
        return va_arg(*Args, int);
    }
}

/* Whether %s or %c (Upper 0) or %S or %C (Upper 1) takes UTF-16 here. */
static int takes_wide(int Text, int Upper)
{
    if (Text != TEXT_DEFAULT)
        return Text == TEXT_WIDE;
    return Upper ? !CRT_WIDE : CRT_WIDE;
}

int ENGINE(ROUTINE_TYPE Routine, void *Context, const TCHAR_T *Format,
           va_list Arguments)
{
    OUTPUT Out = {Routine, Context, 0};
    va_list Args;

    va_copy(Args, Arguments);
    while (*Format != 0) {
        const TCHAR_T *Start = Format, *Literal = Format;
        int Flags = 0, Width = 0, Precision = -1, Size, Text;

        while (*Literal != 0 && *Literal != '%')
            Literal++;
        put(&Out, Format, (size_t)(Literal - Format));
        if (*Literal == 0)
            break;
        Start = Literal;
        Format = Literal + 1;
        for (;; Format++) {
            if (*Format == '-')
                Flags |= FLAG_LEFT;
            else if (*Format == '0')
                Flags |= FLAG_ZERO;
            else if (*Format == '+')
                Flags |= FLAG_PLUS;
            else if (*Format == ' ')
                Flags |= FLAG_SPACE;
            else if (*Format == '#')
                Flags |= FLAG_ALTERNATE;
            else
                break;
        }
        if (*Format == '*') {
            Width = va_arg(Args, int);
            if (Width < 0) {
                Flags |= FLAG_LEFT;
                Width = -Width;
            }
            Format++;
        } else
            while (*Format >= '0' && *Format <= '9')
                Width = Width * 10 + (*Format++ - '0');
        if (*Format == '.') {
            Format++;
            Precision = 0;
            if (*Format == '*') {
                Precision = va_arg(Args, int);
                Format++;
            } else
                while (*Format >= '0' && *Format <= '9')
                    Precision = Precision * 10 + (*Format++ - '0');
        }
        Format = parse_size(Format, &Size, &Text);
        switch (*Format) {
        case 'd':
        case 'i': {
            long long Value = signed_argument(&Args, Size);
            unsigned long long Magnitude = Value < 0
                                               ? 0 - (unsigned long long)Value
                                               : (unsigned long long)Value;

            put_integer(&Out, Magnitude, Value < 0, 10, 0, Flags, Width,
                        Precision);
            break;
        }
        case 'u':
            put_integer(&Out, unsigned_argument(&Args, Size), 0, 10, 0,
                        Flags & ~(FLAG_PLUS | FLAG_SPACE), Width, Precision);
            break;
        case 'x':
        case 'X':
            put_integer(&Out, unsigned_argument(&Args, Size), 0, 16,
                        *Format == 'X', Flags & ~(FLAG_PLUS | FLAG_SPACE),
                        Width, Precision);
            break;
        case 'o':
            put_integer(&Out, unsigned_argument(&Args, Size), 0, 8, 0,
                        Flags & ~(FLAG_PLUS | FLAG_SPACE), Width, Precision);
            break;
        case 'p':
            /* As MSVC prints a pointer: all its hex digits, upper case. */
            put_integer(&Out, (unsigned long long)(size_t)va_arg(Args, void *),
                        0, 16, 1, FLAG_ZERO, (int)sizeof(void *) * 2, -1);
            break;
        case 'c':
        case 'C': {
            /* Either width arrives promoted to int. */
            int Value = va_arg(Args, int);
            unsigned Unit = takes_wide(Text, *Format == 'C')
                                ? (unsigned)(CRT_WCHAR)Value
                                : (unsigned)(unsigned char)Value;

            if (!(Flags & FLAG_LEFT))
                pad(&Out, ' ', Width - 1);
            put_unit(&Out, Unit);
            if (Flags & FLAG_LEFT)
                pad(&Out, ' ', Width - 1);
            break;
        }
        case 's':
        case 'S':
            if (takes_wide(Text, *Format == 'S'))
                put_wide_string(&Out, va_arg(Args, const CRT_WCHAR *), Flags,
                                Width, Precision);
            else
                put_string(&Out, va_arg(Args, const char *), Flags, Width,
                           Precision);
            break;
        case '%':
            put(&Out, Format, 1);
            break;
        default:
            /* Unknown: shown as written, the argument left alone. */
            if (*Format == 0) {
                put(&Out, Start, (size_t)(Format - Start));
                va_end(Args);
                return Out.Count;
            }
            put(&Out, Start, (size_t)(Format + 1 - Start));
            break;
        }
        Format++;
    }
    va_end(Args);
    return Out.Count;
}
