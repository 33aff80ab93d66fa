/*
 * atoi and atol as ntoskrnl.exe exports them (cdecl): leading blanks, a
 * sign, decimal digits up to the first that is not one; overflow wraps.
 * Pure.
 */
#include "crt/ctype.h"
#include "crt/stdlib.h"

long atol(const char *String)
{
    unsigned long Value = 0;
    int Negative = 0;

    while (isspace((unsigned char)*String))
        String++;
    if (*String == '+' || *String == '-')
        Negative = *String++ == '-';
    while (isdigit((unsigned char)*String))
        Value = Value * 10 + (unsigned long)(*String++ - '0');
    return (long)(Negative ? 0 - Value : Value);
}

int atoi(const char *String)
{
    return (int)atol(String);
}
