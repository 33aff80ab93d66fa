/*
 * The formatted-output routines ntoskrnl.exe exports (cdecl; include/
 * crt/stdio.h), over the kernel's one engine (kernel/rtl/format.c), with
 * MSVC's return values: _snprintf and _vsnprintf return -1 when the
 * output did not fit and leave no terminator (none either when it fits
 * exactly). Pure: the host tests build it under other names.
 */
#include "crt/stdio.h"
#include "kernel/format.h"

/* MSVC's bounded form over Units units of Buffer. */
static int bounded(PVOID Buffer, BOOLEAN Wide, size_t Units, const void *Format,
                   va_list Arguments)
{
    ULONG Length = KiFormatBufferV(Buffer, Wide, Units, Format, Arguments);

    if (Length > Units)
        return -1;
    if (Length < Units) {
        if (Wide)
            ((PWCHAR)Buffer)[Length] = 0;
        else
            ((PCHAR)Buffer)[Length] = '\0';
    }
    return (int)Length;
}

/* An unbounded one: the caller promises the room (sprintf's contract). */
static int unbounded(PVOID Buffer, BOOLEAN Wide, const void *Format,
                     va_list Arguments)
{
    ULONG Length =
        KiFormatBufferV(Buffer, Wide, (SIZE_T)-1 / 2, Format, Arguments);

    if (Wide)
        ((PWCHAR)Buffer)[Length] = 0;
    else
        ((PCHAR)Buffer)[Length] = '\0';
    return (int)Length;
}

int _vsnprintf(char *Buffer, size_t Count, const char *Format,
               va_list Arguments)
{
    return bounded(Buffer, FALSE, Count, Format, Arguments);
}

int _snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Arguments;
    int Length;

    va_start(Arguments, Format);
    Length = _vsnprintf(Buffer, Count, Format, Arguments);
    va_end(Arguments);
    return Length;
}

int vsprintf(char *Buffer, const char *Format, va_list Arguments)
{
    return unbounded(Buffer, FALSE, Format, Arguments);
}

int sprintf(char *Buffer, const char *Format, ...)
{
    va_list Arguments;
    int Length;

    va_start(Arguments, Format);
    Length = vsprintf(Buffer, Format, Arguments);
    va_end(Arguments);
    return Length;
}

int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                va_list Arguments)
{
    return bounded(Buffer, TRUE, Count, Format, Arguments);
}

int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...)
{
    va_list Arguments;
    int Length;

    va_start(Arguments, Format);
    Length = _vsnwprintf(Buffer, Count, Format, Arguments);
    va_end(Arguments);
    return Length;
}

int swprintf(wchar_t *Buffer, const wchar_t *Format, ...)
{
    va_list Arguments;
    int Length;

    va_start(Arguments, Format);
    Length = unbounded(Buffer, TRUE, Format, Arguments);
    va_end(Arguments);
    return Length;
}
