/*
 * Input tests: scan codes pushed through the i8042 reach the console
 * queue through the keyboard's ISR and DPC; and, with tools/test.sh
 * typing through QEMU's monitor and writing to the serial line,
 * console_input_from_keys_and_serial checks both devices end to end.
 */
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "tests/kernel/test_devices.h"

static VOID drain(VOID)
{
    CHAR Ignored;

    while (KiConsoleInputGet(&Ignored))
        ;
}

/* Reads up to Size - 1 characters, waiting at most TimeoutMs for each. */
static ULONG read_input(PCHAR Buffer, ULONG Size, ULONG TimeoutMs)
{
    ULONG Length = 0;

    while (Length + 1 < Size && KiConsoleInputWait(&Buffer[Length], TimeoutMs))
        Length++;
    Buffer[Length] = '\0';
    return Length;
}

KTEST(keyboard_scan_codes_reach_the_console_queue)
{
    static const UCHAR Codes[] = {
        0x2A, 0x23, 0xA3, 0xAA, /* shift down, h, up: 'H' */
        0x17, 0x97,             /* i */
        0x1D, 0x2E, 0xAE, 0x9D, /* control-c */
        0xE0, 0x48, 0xE0, 0xC8, /* up arrow */
        0x1C, 0x9C,             /* enter */
    };
    CHAR Buffer[16];
    ULONG Index;

    drain();
    for (Index = 0; Index < ARRAYSIZE(Codes); Index++)
        KtKeyboardInject(Codes[Index]);
    read_input(Buffer, sizeof(Buffer), 200);
    KT_ASSERT_MSG(strcmp(Buffer, "Hi\x03\x1b[A\n") == 0, "the queue held '%s'",
                  Buffer);
}

/* With nothing typed, a wait for input lasts its timeout (the shell's
 * prompt and `run`'s Ctrl-C watch sleep so, rather than spin). */
KTEST(console_input_wait_lasts_its_timeout)
{
    ULONGLONG Start;
    CHAR Character;
    BOOLEAN Got;

    drain();
    Start = KeQueryInterruptTime();
    Got = KiConsoleInputWait(&Character, 100);
    KT_ASSERT(!Got);
    KT_ASSERT_MSG(KeQueryInterruptTime() - Start >= 1000000,
                  "a 100 ms wait for input ended after %llu (100 ns units)",
                  KeQueryInterruptTime() - Start);
}

/*
 * tools/test.sh waits for the READY line, types "Hi, you!" and Enter
 * with sendkey, then writes "serial 42\r" to COM1.
 */
KTEST_EXTERNAL(console_input_from_keys_and_serial)
{
    static const CHAR Expected[] = "Hi, you!\nserial 42\n";
    CHAR Buffer[sizeof(Expected) + 8];

    drain();
    DbgPrint("READY console_input\n");
    read_input(Buffer, sizeof(Expected), 30000);
    KT_ASSERT_MSG(strcmp(Buffer, Expected) == 0, "the queue held '%s'", Buffer);
    KT_ASSERT_EQ(KiConsoleInputDropped, 0);
}
