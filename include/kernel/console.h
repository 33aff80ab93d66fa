/*
 * The debug console: COM1 and the VGA text screen, written together.
 * DbgPrint (ntddk.h) formats into both.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "ntdef.h"

#define VGA_COLOR_TEXT 0x07 /* light grey on black */
#define VGA_COLOR_STOP 0x1F /* white on blue: the stop screen */

/* drivers/serial.c: FALSE when no UART answers at COM1. */
BOOLEAN HaliSerialInitialize(VOID);
VOID HaliSerialPutChar(CHAR Character);

/* drivers/vga.c: 80x25 text mode at physical 0xB8000. */
VOID HaliVgaInitialize(UCHAR Color);
VOID HaliVgaPutChar(CHAR Character); /* '\b' moves left, erasing nothing */
VOID HaliVgaSyncCursor(VOID);

/* drivers/qemu_exit.c: leaves QEMU through isa-debug-exit (port 0xF4);
 * QEMU's exit status is then (Code << 1) | 1. */
VOID HaliQemuExit(ULONG Code);

#define KI_EXIT_TESTS_PASSED 0x10 /* QEMU exits with 33 */
#define KI_EXIT_TESTS_FAILED 0x11 /* 35 */
#define KI_EXIT_BUGCHECK 0x20     /* 65 */

/* drivers/keyboard.c and drivers/serial.c: input through interrupts. */
VOID HaliKeyboardInitialize(VOID);
VOID HaliSerialStartInput(VOID);
/* Set 1 scan codes to characters (arrows as VT100 sequences); Put is
 * called for each character, at most four per scan code. */
typedef struct _KEYBOARD_STATE {
    BOOLEAN Shift[2]; /* left, right */
    BOOLEAN Control;
    BOOLEAN CapsLock;
    BOOLEAN Extended; /* the last byte was the 0xE0 prefix */
} KEYBOARD_STATE;
VOID HaliTranslateScanCode(KEYBOARD_STATE *State, UCHAR ScanCode,
                           VOID (*Put)(CHAR Character));

/* kernel/console_input.c: the queue both devices feed (from DPCs). */
VOID KiConsoleInputPut(CHAR Character);
BOOLEAN KiConsoleInputGet(PCHAR Character);
BOOLEAN KiConsoleInputWait(PCHAR Character, ULONG TimeoutMs);
extern ULONG KiConsoleInputDropped;

VOID KiConsoleInitialize(VOID);
VOID KiConsolePutChar(CHAR Character);
VOID KiConsolePrintV(PCSTR Format, va_list Arguments);

#endif
