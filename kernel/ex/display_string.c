/*
 * NtDisplayString: NT's service for text on the boot screen, here the
 * console of every user program until the I/O manager gives the console a
 * device. NT asks for the TCB privilege; this kernel has no privileges
 * yet, so any process may print.
 */
#include "kernel/console.h"
#include "kernel/probe.h"

#define DISPLAY_TAG 'psiD' /* "Disp" */

NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String)
{
    UNICODE_STRING Captured;
    CHAR Line[128];
    ULONG Index, Used = 0;
    NTSTATUS Status;

    Status = ExpCaptureUnicodeString(String, ExGetPreviousMode(), DISPLAY_TAG,
                                     &Captured);
    if (!NT_SUCCESS(Status))
        return Status;
    /* Latin-1 reaches the console as is; anything above it as '?'. */
    for (Index = 0; Index < Captured.Length / sizeof(WCHAR); Index++) {
        WCHAR Char = Captured.Buffer[Index];

        Line[Used++] = Char < 0x100 ? (CHAR)Char : '?';
        if (Used == sizeof(Line) - 1) {
            Line[Used] = '\0';
            DbgPrint("%s", Line);
            Used = 0;
        }
    }
    Line[Used] = '\0';
    if (Used != 0)
        DbgPrint("%s", Line);
    ExpReleaseCapturedUnicodeString(&Captured, DISPLAY_TAG);
    return STATUS_SUCCESS;
}
