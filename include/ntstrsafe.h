/*
 * The WDK's safe string routines, the subset drivers use most: copies,
 * appends, lengths and formatted output into a counted buffer, in
 * characters (Cch) or bytes (Cb), narrow (A) and wide (W). Inline, over
 * the exported _vsnprintf and _vsnwprintf, so a driver imports nothing
 * else. As the WDK's: the result is always terminated when the buffer is
 * valid; STATUS_BUFFER_OVERFLOW when it was cut short;
 * STATUS_INVALID_PARAMETER for a zero or oversized buffer (or a
 * destination to append to that holds no terminator).
 */
#ifndef NT_NTSTRSAFE_H
#define NT_NTSTRSAFE_H

#include "crt/stdio.h"
#include "ntdef.h"
#include "ntstatus.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef wchar_t *NTSTRSAFE_PWSTR;
typedef const wchar_t *NTSTRSAFE_PCWSTR;

/* One body for both widths: Type is char or wchar_t. */
#define NTSTRSAFE_WORKERS(Suffix, Type, VPrintf)                               \
    FORCEINLINE NTSTATUS RtlpStringCopy##Suffix(Type *Dest, size_t Cch,        \
                                                const Type *Source)            \
    {                                                                          \
        if (Cch == 0 || Cch > NTSTRSAFE_MAX_CCH)                               \
            return STATUS_INVALID_PARAMETER;                                   \
        while (Cch > 1 && *Source != 0) {                                      \
            *Dest++ = *Source++;                                               \
            Cch--;                                                             \
        }                                                                      \
        *Dest = 0;                                                             \
        return *Source != 0 ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;         \
    }                                                                          \
    FORCEINLINE NTSTATUS RtlpStringLength##Suffix(                             \
        const Type *String, size_t CchMax, size_t *Length)                     \
    {                                                                          \
        size_t Count = 0;                                                      \
                                                                               \
        if (String == NULL || CchMax > NTSTRSAFE_MAX_CCH) {                    \
            if (Length != NULL)                                                \
                *Length = 0;                                                   \
            return STATUS_INVALID_PARAMETER;                                   \
        }                                                                      \
        while (Count < CchMax && String[Count] != 0)                           \
            Count++;                                                           \
        if (Length != NULL)                                                    \
            *Length = Count < CchMax ? Count : 0;                              \
        return Count < CchMax ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;     \
    }                                                                          \
    FORCEINLINE NTSTATUS RtlpStringCat##Suffix(Type *Dest, size_t Cch,         \
                                               const Type *Source)             \
    {                                                                          \
        size_t Used;                                                           \
        NTSTATUS Status = RtlpStringLength##Suffix(Dest, Cch, &Used);          \
                                                                               \
        if (!NT_SUCCESS(Status))                                               \
            return Status;                                                     \
        return RtlpStringCopy##Suffix(Dest + Used, Cch - Used, Source);        \
    }                                                                          \
    FORCEINLINE NTSTATUS RtlpStringVPrintf##Suffix(                            \
        Type *Dest, size_t Cch, const Type *Format, va_list Arguments)         \
    {                                                                          \
        int Length;                                                            \
                                                                               \
        if (Cch == 0 || Cch > NTSTRSAFE_MAX_CCH)                               \
            return STATUS_INVALID_PARAMETER;                                   \
        Length = VPrintf(Dest, Cch - 1, Format, Arguments);                    \
        if (Length < 0 || (size_t)Length >= Cch - 1)                           \
            Dest[Cch - 1] = 0;                                                 \
        return Length < 0 || (size_t)Length > Cch - 1 ? STATUS_BUFFER_OVERFLOW \
                                                      : STATUS_SUCCESS;        \
    }

NTSTRSAFE_WORKERS(A, char, _vsnprintf)
NTSTRSAFE_WORKERS(W, wchar_t, _vsnwprintf)
#undef NTSTRSAFE_WORKERS

FORCEINLINE NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                       NTSTRSAFE_PCSTR pszSrc)
{
    return RtlpStringCopyA(pszDest, cchDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                       NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlpStringCopyW(pszDest, cchDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                      NTSTRSAFE_PCSTR pszSrc)
{
    return RtlpStringCopyA(pszDest, cbDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                      NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlpStringCopyW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
                                      NTSTRSAFE_PCSTR pszSrc)
{
    return RtlpStringCatA(pszDest, cchDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
                                      NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlpStringCatW(pszDest, cchDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                     NTSTRSAFE_PCSTR pszSrc)
{
    return RtlpStringCatA(pszDest, cbDest, pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                     NTSTRSAFE_PCWSTR pszSrc)
{
    return RtlpStringCatW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

FORCEINLINE NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax,
                                         size_t *pcchLength)
{
    return RtlpStringLengthA(psz, cchMax, pcchLength);
}

FORCEINLINE NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax,
                                         size_t *pcchLength)
{
    return RtlpStringLengthW(psz, cchMax, pcchLength);
}

FORCEINLINE NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax,
                                        size_t *pcbLength)
{
    return RtlpStringLengthA(psz, cbMax, pcbLength);
}

FORCEINLINE NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax,
                                        size_t *pcbLength)
{
    NTSTATUS Status =
        RtlpStringLengthW(psz, cbMax / sizeof(wchar_t), pcbLength);

    if (pcbLength != NULL)
        *pcbLength *= sizeof(wchar_t);
    return Status;
}

FORCEINLINE NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest,
                                          size_t cchDest,
                                          NTSTRSAFE_PCSTR pszFormat,
                                          va_list argList)
{
    return RtlpStringVPrintfA(pszDest, cchDest, pszFormat, argList);
}

FORCEINLINE NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest,
                                          size_t cchDest,
                                          NTSTRSAFE_PCWSTR pszFormat,
                                          va_list argList)
{
    return RtlpStringVPrintfW(pszDest, cchDest, pszFormat, argList);
}

FORCEINLINE NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
                                         NTSTRSAFE_PCSTR pszFormat,
                                         va_list argList)
{
    return RtlpStringVPrintfA(pszDest, cbDest, pszFormat, argList);
}

FORCEINLINE NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
                                         NTSTRSAFE_PCWSTR pszFormat,
                                         va_list argList)
{
    return RtlpStringVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat,
                              argList);
}

/* The variadic forms: inline functions cannot take "...", so these are
 * static ones (not forced inline), as the WDK's NTSTRSAFEDDI are. */
static __inline NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest,
                                             size_t cchDest,
                                             NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list Arguments;
    NTSTATUS Status;

    va_start(Arguments, pszFormat);
    Status = RtlpStringVPrintfA(pszDest, cchDest, pszFormat, Arguments);
    va_end(Arguments);
    return Status;
}

static __inline NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest,
                                             size_t cchDest,
                                             NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list Arguments;
    NTSTATUS Status;

    va_start(Arguments, pszFormat);
    Status = RtlpStringVPrintfW(pszDest, cchDest, pszFormat, Arguments);
    va_end(Arguments);
    return Status;
}

static __inline NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest,
                                            size_t cbDest,
                                            NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list Arguments;
    NTSTATUS Status;

    va_start(Arguments, pszFormat);
    Status = RtlpStringVPrintfA(pszDest, cbDest, pszFormat, Arguments);
    va_end(Arguments);
    return Status;
}

static __inline NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest,
                                            size_t cbDest,
                                            NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list Arguments;
    NTSTATUS Status;

    va_start(Arguments, pszFormat);
    Status = RtlpStringVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat,
                                Arguments);
    va_end(Arguments);
    return Status;
}

#ifdef __cplusplus
}
#endif

#endif
