/*
 * Character classes and case, as ntoskrnl.exe exports them (cdecl; the
 * "C" locale: ASCII). towupper/towlower fold Latin-1 too, through
 * RtlUpcaseUnicodeChar's table. Pure.
 */
#include "crt/ctype.h"

int isdigit(int Character)
{
    return Character >= '0' && Character <= '9';
}

int isxdigit(int Character)
{
    return isdigit(Character) || (Character >= 'a' && Character <= 'f') ||
           (Character >= 'A' && Character <= 'F');
}

int isspace(int Character)
{
    return Character == ' ' || (Character >= '\t' && Character <= '\r');
}

int isupper(int Character)
{
    return Character >= 'A' && Character <= 'Z';
}

int islower(int Character)
{
    return Character >= 'a' && Character <= 'z';
}

int isprint(int Character)
{
    return Character >= ' ' && Character <= '~';
}

int toupper(int Character)
{
    return islower(Character) ? Character - ('a' - 'A') : Character;
}

int tolower(int Character)
{
    return isupper(Character) ? Character + ('a' - 'A') : Character;
}

wchar_t towupper(wchar_t Character)
{
    if ((Character >= 'a' && Character <= 'z') ||
        (Character >= 0xE0 && Character <= 0xFE && Character != 0xF7))
        return (wchar_t)(Character - 0x20);
    if (Character == 0xFF)
        return 0x178;
    return Character;
}

wchar_t towlower(wchar_t Character)
{
    if ((Character >= 'A' && Character <= 'Z') ||
        (Character >= 0xC0 && Character <= 0xDE && Character != 0xD7))
        return (wchar_t)(Character + 0x20);
    if (Character == 0x178)
        return 0xFF;
    return Character;
}
