/*
 * What the kernel prints, seen by a test (tests/kernel/kt_console.c):
 * the console's tap copies every character into a buffer between Start
 * and Stop, so a test can look for the line it expects.
 */
#ifndef KT_CONSOLE_H
#define KT_CONSOLE_H

#include "ntdef.h"

#define KT_CONSOLE_CAPTURE_SIZE 4096

VOID KtConsoleCaptureStart(VOID);
/* Ends the capture: what was printed since Start, NUL-terminated (the
 * first KT_CONSOLE_CAPTURE_SIZE - 1 characters). */
PCSTR KtConsoleCaptureStop(VOID);
/* The line of Text that begins with Prefix, copied into Line (Size
 * bytes, NUL-terminated, without its newline); FALSE when none does. */
BOOLEAN KtConsoleFindLine(PCSTR Text, PCSTR Prefix, PCHAR Line, ULONG Size);

#endif
