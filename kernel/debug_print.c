/*
 * DbgPrint and the console it writes to: every character goes to the serial
 * line (what the tests and a remote terminal read) and the VGA screen.
 */
#include "kernel/console.h"
#include "kernel/format.h"
#include "ntddk.h"

VOID KiConsoleInitialize(VOID)
{
    HaliSerialInitialize();
    HaliVgaInitialize(VGA_COLOR_TEXT);
}

VOID KiConsolePutChar(CHAR Character)
{
    HaliSerialPutChar(Character);
    HaliVgaPutChar(Character);
}

static void put_console(PVOID Context, CHAR Character)
{
    UNREFERENCED_PARAMETER(Context);
    KiConsolePutChar(Character);
}

VOID KiConsolePrintV(PCSTR Format, va_list Arguments)
{
    KiFormatV(put_console, NULL, Format, Arguments);
}

ULONG DbgPrint(PCSTR Format, ...)
{
    va_list Arguments;

    va_start(Arguments, Format);
    KiConsolePrintV(Format, Arguments);
    va_end(Arguments);
    return STATUS_SUCCESS;
}
