/*
 * DbgPrint: formatted output to the console (kernel/ke/console.c), that is
 * the serial line and the screen.
 */
#include "kernel/console.h"
#include "kernel/format.h"
#include "ntddk.h"

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
