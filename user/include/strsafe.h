/*
 * strsafe.h: the subset of Microsoft's safe string routines programs use
 * most, with its semantics: every routine is told the destination's size
 * (Cch in characters, Cb in bytes), never writes past it, and always
 * leaves it terminated. The result is an HRESULT:
 *
 *   S_OK                           the whole text fitted
 *   STRSAFE_E_INSUFFICIENT_BUFFER  it did not: the destination holds as
 *                                  much as fits, terminated
 *   STRSAFE_E_INVALID_PARAMETER    a size of 0 or above STRSAFE_MAX_CCH
 *                                  (then an empty string where there is
 *                                  room), or a string not terminated
 *                                  within the size given
 *
 * Copy, Cat, Length and Printf (and VPrintf), each as A (char) and W
 * (wchar_t), Cch and Cb; the TCHAR names follow UNICODE. The printf
 * routines take the runtime's formats (MSVC's, <stdio.h>). NULL strings
 * are the caller's mistake, as in Microsoft's (without
 * STRSAFE_IGNORE_NULLS).
 */
#ifndef USER_STRSAFE_H
#define USER_STRSAFE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "winerror.h"
#include "winnt.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

#define STRSAFEAPI static __inline HRESULT

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;

/* The workers, one per character type, as Microsoft's are built. */

static __inline HRESULT StringValidateDestA(size_t cchDest)
{
    return (cchDest == 0 || cchDest > STRSAFE_MAX_CCH)
               ? STRSAFE_E_INVALID_PARAMETER
               : S_OK;
}
#define StringValidateDestW StringValidateDestA

STRSAFEAPI StringLengthWorkerA(STRSAFE_LPCSTR psz, size_t cchMax,
                               size_t *pcchLength)
{
    size_t cchOriginalMax = cchMax;

    while (cchMax != 0 && *psz != '\0') {
        psz++;
        cchMax--;
    }
    if (cchMax == 0) {
        if (pcchLength != NULL)
            *pcchLength = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (pcchLength != NULL)
        *pcchLength = cchOriginalMax - cchMax;
    return S_OK;
}

STRSAFEAPI StringLengthWorkerW(STRSAFE_LPCWSTR psz, size_t cchMax,
                               size_t *pcchLength)
{
    size_t cchOriginalMax = cchMax;

    while (cchMax != 0 && *psz != L'\0') {
        psz++;
        cchMax--;
    }
    if (cchMax == 0) {
        if (pcchLength != NULL)
            *pcchLength = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    if (pcchLength != NULL)
        *pcchLength = cchOriginalMax - cchMax;
    return S_OK;
}

/* Copies until the source ends or the room does; when the room ran out
 * first, the last character copied gives way to the terminator. */
STRSAFEAPI StringCopyWorkerA(STRSAFE_LPSTR pszDest, size_t cchDest,
                             STRSAFE_LPCSTR pszSrc)
{
    HRESULT hr = S_OK;

    while (cchDest != 0 && *pszSrc != '\0') {
        *pszDest++ = *pszSrc++;
        cchDest--;
    }
    if (cchDest == 0) {
        pszDest--;
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    *pszDest = '\0';
    return hr;
}

STRSAFEAPI StringCopyWorkerW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                             STRSAFE_LPCWSTR pszSrc)
{
    HRESULT hr = S_OK;

    while (cchDest != 0 && *pszSrc != L'\0') {
        *pszDest++ = *pszSrc++;
        cchDest--;
    }
    if (cchDest == 0) {
        pszDest--;
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    *pszDest = L'\0';
    return hr;
}

/* _vsnprintf into all but the last character, which is then always the
 * terminator. */
STRSAFEAPI StringVPrintfWorkerA(STRSAFE_LPSTR pszDest, size_t cchDest,
                                STRSAFE_LPCSTR pszFormat, va_list argList)
{
    size_t cchMax = cchDest - 1;
    int iRet = _vsnprintf(pszDest, cchMax, pszFormat, argList);

    if (iRet < 0 || (size_t)iRet > cchMax) {
        pszDest[cchMax] = '\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    pszDest[iRet] = '\0';
    return S_OK;
}

STRSAFEAPI StringVPrintfWorkerW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                                STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    size_t cchMax = cchDest - 1;
    int iRet = _vsnwprintf(pszDest, cchMax, pszFormat, argList);

    if (iRet < 0 || (size_t)iRet > cchMax) {
        pszDest[cchMax] = L'\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    pszDest[iRet] = L'\0';
    return S_OK;
}

/* Copy. */

STRSAFEAPI StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest,
                          STRSAFE_LPCSTR pszSrc)
{
    HRESULT hr = StringValidateDestA(cchDest);

    if (SUCCEEDED(hr))
        return StringCopyWorkerA(pszDest, cchDest, pszSrc);
    if (cchDest > 0)
        *pszDest = '\0';
    return hr;
}

STRSAFEAPI StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                          STRSAFE_LPCWSTR pszSrc)
{
    HRESULT hr = StringValidateDestW(cchDest);

    if (SUCCEEDED(hr))
        return StringCopyWorkerW(pszDest, cchDest, pszSrc);
    if (cchDest > 0)
        *pszDest = L'\0';
    return hr;
}

STRSAFEAPI StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest,
                         STRSAFE_LPCSTR pszSrc)
{
    return StringCchCopyA(pszDest, cbDest / sizeof(char), pszSrc);
}

STRSAFEAPI StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                         STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCopyW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

/* Cat: the destination must already be terminated within its size. */

STRSAFEAPI StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest,
                         STRSAFE_LPCSTR pszSrc)
{
    size_t cchDestLength = 0;
    HRESULT hr = StringValidateDestA(cchDest);

    if (SUCCEEDED(hr))
        hr = StringLengthWorkerA(pszDest, cchDest, &cchDestLength);
    if (SUCCEEDED(hr))
        hr = StringCopyWorkerA(pszDest + cchDestLength, cchDest - cchDestLength,
                               pszSrc);
    return hr;
}

STRSAFEAPI StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                         STRSAFE_LPCWSTR pszSrc)
{
    size_t cchDestLength = 0;
    HRESULT hr = StringValidateDestW(cchDest);

    if (SUCCEEDED(hr))
        hr = StringLengthWorkerW(pszDest, cchDest, &cchDestLength);
    if (SUCCEEDED(hr))
        hr = StringCopyWorkerW(pszDest + cchDestLength, cchDest - cchDestLength,
                               pszSrc);
    return hr;
}

STRSAFEAPI StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest,
                        STRSAFE_LPCSTR pszSrc)
{
    return StringCchCatA(pszDest, cbDest / sizeof(char), pszSrc);
}

STRSAFEAPI StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                        STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCatW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

/* Length: the characters before the terminator, which must come within
 * cchMax; 0 on failure. */

STRSAFEAPI StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax,
                            size_t *pcchLength)
{
    if (psz == NULL || cchMax > STRSAFE_MAX_CCH) {
        if (pcchLength != NULL)
            *pcchLength = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return StringLengthWorkerA(psz, cchMax, pcchLength);
}

STRSAFEAPI StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax,
                            size_t *pcchLength)
{
    if (psz == NULL || cchMax > STRSAFE_MAX_CCH) {
        if (pcchLength != NULL)
            *pcchLength = 0;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return StringLengthWorkerW(psz, cchMax, pcchLength);
}

STRSAFEAPI StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t cchLength = 0;
    HRESULT hr = StringCchLengthA(psz, cbMax / sizeof(char), &cchLength);

    if (pcbLength != NULL)
        *pcbLength = cchLength * sizeof(char);
    return hr;
}

STRSAFEAPI StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t cchLength = 0;
    HRESULT hr = StringCchLengthW(psz, cbMax / sizeof(wchar_t), &cchLength);

    if (pcbLength != NULL)
        *pcbLength = cchLength * sizeof(wchar_t);
    return hr;
}

/* Printf. */

STRSAFEAPI StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
                             STRSAFE_LPCSTR pszFormat, va_list argList)
{
    HRESULT hr = StringValidateDestA(cchDest);

    if (SUCCEEDED(hr))
        return StringVPrintfWorkerA(pszDest, cchDest, pszFormat, argList);
    if (cchDest > 0)
        *pszDest = '\0';
    return hr;
}

STRSAFEAPI StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                             STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    HRESULT hr = StringValidateDestW(cchDest);

    if (SUCCEEDED(hr))
        return StringVPrintfWorkerW(pszDest, cchDest, pszFormat, argList);
    if (cchDest > 0)
        *pszDest = L'\0';
    return hr;
}

STRSAFEAPI StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
                            STRSAFE_LPCSTR pszFormat, ...)
{
    HRESULT hr;
    va_list argList;

    va_start(argList, pszFormat);
    hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, argList);
    va_end(argList);
    return hr;
}

STRSAFEAPI StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                            STRSAFE_LPCWSTR pszFormat, ...)
{
    HRESULT hr;
    va_list argList;

    va_start(argList, pszFormat);
    hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, argList);
    va_end(argList);
    return hr;
}

STRSAFEAPI StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
                            STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return StringCchVPrintfA(pszDest, cbDest / sizeof(char), pszFormat,
                             argList);
}

STRSAFEAPI StringCbVPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                            STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return StringCchVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat,
                             argList);
}

STRSAFEAPI StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
                           STRSAFE_LPCSTR pszFormat, ...)
{
    HRESULT hr;
    va_list argList;

    va_start(argList, pszFormat);
    hr = StringCbVPrintfA(pszDest, cbDest, pszFormat, argList);
    va_end(argList);
    return hr;
}

STRSAFEAPI StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                           STRSAFE_LPCWSTR pszFormat, ...)
{
    HRESULT hr;
    va_list argList;

    va_start(argList, pszFormat);
    hr = StringCbVPrintfW(pszDest, cbDest, pszFormat, argList);
    va_end(argList);
    return hr;
}

/* The TCHAR names. */
#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCbCopy StringCbCopyW
#define StringCchCat StringCchCatW
#define StringCbCat StringCbCatW
#define StringCchLength StringCchLengthW
#define StringCbLength StringCbLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCbPrintf StringCbPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbVPrintf StringCbVPrintfW
#else
#define StringCchCopy StringCchCopyA
#define StringCbCopy StringCbCopyA
#define StringCchCat StringCchCatA
#define StringCbCat StringCbCatA
#define StringCchLength StringCchLengthA
#define StringCbLength StringCbLengthA
#define StringCchPrintf StringCchPrintfA
#define StringCbPrintf StringCbPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbVPrintf StringCbVPrintfA
#endif

#endif
