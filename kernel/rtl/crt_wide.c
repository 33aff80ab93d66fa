/*
 * The C library's wide string routines that ntoskrnl.exe exports (cdecl,
 * NT's names; include/crt/string.h): wchar_t is 16-bit UTF-16 units, as
 * WCHAR. The case-insensitive ones fold through towlower (ASCII and
 * Latin-1). Pure: the host tests build it under other names.
 */
#include "crt/ctype.h"
#include "crt/string.h"

size_t wcslen(const wchar_t *String)
{
    size_t Length = 0;

    while (String[Length] != 0)
        Length++;
    return Length;
}

int wcsncmp(const wchar_t *Left, const wchar_t *Right, size_t Count)
{
    for (; Count != 0; Left++, Right++, Count--) {
        if (*Left != *Right)
            return (int)*Left - (int)*Right;
        if (*Left == 0)
            break;
    }
    return 0;
}

int wcscmp(const wchar_t *Left, const wchar_t *Right)
{
    return wcsncmp(Left, Right, (size_t)-1);
}

wchar_t *wcscpy(wchar_t *Destination, const wchar_t *Source)
{
    wchar_t *End = Destination;

    while ((*End++ = *Source++) != 0)
        ;
    return Destination;
}

wchar_t *wcsncpy(wchar_t *Destination, const wchar_t *Source, size_t Count)
{
    size_t Index = 0;

    for (; Index < Count && Source[Index] != 0; Index++)
        Destination[Index] = Source[Index];
    for (; Index < Count; Index++)
        Destination[Index] = 0;
    return Destination;
}

wchar_t *wcscat(wchar_t *Destination, const wchar_t *Source)
{
    wcscpy(Destination + wcslen(Destination), Source);
    return Destination;
}

wchar_t *wcschr(const wchar_t *String, wchar_t Character)
{
    for (;; String++) {
        if (*String == Character)
            return (wchar_t *)String;
        if (*String == 0)
            return NULL;
    }
}

wchar_t *wcsrchr(const wchar_t *String, wchar_t Character)
{
    const wchar_t *Found = NULL;

    for (;; String++) {
        if (*String == Character)
            Found = String;
        if (*String == 0)
            return (wchar_t *)Found;
    }
}

wchar_t *wcsstr(const wchar_t *String, const wchar_t *Substring)
{
    size_t Length = wcslen(Substring);

    for (; *String != 0 || Length == 0; String++) {
        if (wcsncmp(String, Substring, Length) == 0)
            return (wchar_t *)String;
    }
    return NULL;
}

int _wcsnicmp(const wchar_t *Left, const wchar_t *Right, size_t Count)
{
    for (; Count != 0; Left++, Right++, Count--) {
        int L = towlower(*Left);
        int R = towlower(*Right);

        if (L != R)
            return L - R;
        if (L == 0)
            break;
    }
    return 0;
}

int _wcsicmp(const wchar_t *Left, const wchar_t *Right)
{
    return _wcsnicmp(Left, Right, (size_t)-1);
}

wchar_t *_wcsupr(wchar_t *String)
{
    wchar_t *Char;

    for (Char = String; *Char != 0; Char++)
        *Char = towupper(*Char);
    return String;
}

wchar_t *_wcslwr(wchar_t *String)
{
    wchar_t *Char;

    for (Char = String; *Char != 0; Char++)
        *Char = towlower(*Char);
    return String;
}
