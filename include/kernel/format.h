/*
 * The one formatted-print engine behind DbgPrint, the stop screen and the
 * tests. Pure: it writes characters through a callback.
 *
 * Conversions: %s %c %d %i %u %x %X %p %%, with flags '-' and '0', a width
 * ('*' takes it from the arguments), a precision for %s, and the length
 * prefixes ll and I64 (64-bit). NT's string forms: %S, %ws and %ls a wide
 * string, %hs a narrow one, %C, %wc a wide character, %wZ a
 * UNICODE_STRING and %Z a STRING (counted, no terminator needed); in a
 * wide format (KiFormatBufferV) %s and %c take wide arguments and %S and
 * %C narrow ones, as MSVC's wide printf. Output units beyond Latin-1
 * become '?' in narrow output. %p prints 0x and
 * the pointer's full width in hex. A NULL %s prints "(null)". Unknown
 * conversions are printed as they stand, so a typo shows in the output.
 * Like DbgPrint, these carry no printf format attribute: NT's I64 prefix is
 * not something the compiler's checker accepts.
 */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include "ntdef.h"

typedef void (*KI_PUT_CHAR)(PVOID Context, CHAR Character);

/* Returns the number of characters produced. */
ULONG KiFormatV(KI_PUT_CHAR PutChar, PVOID Context, PCSTR Format,
                va_list Arguments);

/* snprintf semantics: always NUL-terminated when Size > 0; returns the
 * length the full output would have. */
ULONG KiFormatString(PCHAR Buffer, SIZE_T Size, PCSTR Format, ...);
ULONG KiFormatStringV(PCHAR Buffer, SIZE_T Size, PCSTR Format,
                      va_list Arguments);

/* The engine over a caller's buffer of Units units, narrow or wide
 * (Format likewise): writes at most Units units and no terminator;
 * returns the length the full output would have. */
ULONG KiFormatBufferV(PVOID Buffer, BOOLEAN Wide, SIZE_T Units,
                      const void *Format, va_list Arguments);

#endif
