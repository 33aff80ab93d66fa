/*
 * strtol, strtoul and atoi, as C specifies them: optional white space and
 * sign, then digits of the base (2 to 36; base 0 takes 0x as 16, a
 * leading 0 as 8, else 10; base 16 allows 0x). On overflow strtol gives
 * LONG_MIN or LONG_MAX and strtoul ULONG_MAX (there is no errno here).
 * strtoul negates a negative number in unsigned arithmetic, as C says.
 */
#include "crt.h"

#define LONG_MAX_VALUE 0x7FFFFFFFUL
#define ULONG_MAX_VALUE 0xFFFFFFFFUL

static int digit_value(char Character)
{
    if (Character >= '0' && Character <= '9')
        return Character - '0';
    if (Character >= 'a' && Character <= 'z')
        return Character - 'a' + 10;
    if (Character >= 'A' && Character <= 'Z')
        return Character - 'A' + 10;
    return 99;
}

/* The magnitude and sign of the number at Text; *Overflow when it does
 * not fit an unsigned long. */
static unsigned long parse(const char *Text, char **End, int Base,
                           int *Negative, int *Overflow)
{
    const char *Cursor = Text, *Digits;
    unsigned long Value = 0;

    *Negative = *Overflow = 0;
    if (End != NULL)
        *End = (char *)Text;
    if (Base < 0 || Base == 1 || Base > 36)
        return 0;
    while (*Cursor == ' ' || (*Cursor >= '\t' && *Cursor <= '\r'))
        Cursor++;
    if (*Cursor == '+' || *Cursor == '-')
        *Negative = *Cursor++ == '-';
    if ((Base == 0 || Base == 16) && Cursor[0] == '0' &&
        (Cursor[1] == 'x' || Cursor[1] == 'X') && digit_value(Cursor[2]) < 16) {
        Cursor += 2;
        Base = 16;
    } else if (Base == 0)
        Base = Cursor[0] == '0' ? 8 : 10;
    for (Digits = Cursor; digit_value(*Cursor) < Base; Cursor++) {
        unsigned long Digit = (unsigned long)digit_value(*Cursor);

        if (Value > (ULONG_MAX_VALUE - Digit) / (unsigned long)Base)
            *Overflow = 1;
        Value = Value * (unsigned long)Base + Digit;
    }
    if (Cursor == Digits)
        return 0; /* no digits: *End stays at Text */
    if (End != NULL)
        *End = (char *)Cursor;
    return Value;
}

long strtol(const char *Text, char **End, int Base)
{
    int Negative, Overflow;
    unsigned long Value = parse(Text, End, Base, &Negative, &Overflow);

    if (Negative) {
        if (Overflow || Value > LONG_MAX_VALUE + 1)
            return -(long)LONG_MAX_VALUE - 1;
        return (long)(0 - Value);
    }
    if (Overflow || Value > LONG_MAX_VALUE)
        return (long)LONG_MAX_VALUE;
    return (long)Value;
}

unsigned long strtoul(const char *Text, char **End, int Base)
{
    int Negative, Overflow;
    unsigned long Value = parse(Text, End, Base, &Negative, &Overflow);

    if (Overflow)
        return ULONG_MAX_VALUE;
    return Negative ? 0 - Value : Value;
}

int atoi(const char *Text)
{
    return (int)strtol(Text, NULL, 10);
}

int abs(int Value)
{
    return Value < 0 ? -Value : Value;
}
