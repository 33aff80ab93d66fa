/*
 * The debug console: COM1 and the screen (VGA text or a framebuffer),
 * written together. DbgPrint (ntddk.h) formats into both.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "kernel/multiboot.h"
#include "ntdef.h"

#define VGA_COLOR_TEXT 0x07 /* light grey on black */
#define VGA_COLOR_STOP 0x1F /* white on blue: the stop screen */

/* drivers/serial.c: FALSE (and HaliSerialPresent FALSE) when no UART
 * answers at COM1; the console then has the screen alone. */
BOOLEAN HaliSerialInitialize(VOID);
BOOLEAN HaliSerialProbe(VOID); /* the scratch register test alone */
extern BOOLEAN HaliSerialPresent;
VOID HaliSerialPutChar(CHAR Character);

/* drivers/vga.c: 80x25 text mode at physical 0xB8000. */
VOID HaliVgaInitialize(UCHAR Color);
VOID HaliVgaPutChar(CHAR Character); /* '\b' moves left, erasing nothing */
VOID HaliVgaSyncCursor(VOID);

/* drivers/framebuffer.c: text drawn with the built-in font. Initialize
 * keeps what is written in a grid; Map makes it visible (MmMapIoSpace). */
VOID HaliFramebufferInitialize(const KI_FRAMEBUFFER *Framebuffer);
NTSTATUS HaliFramebufferMap(VOID);
VOID HaliFramebufferPutChar(CHAR Character);
VOID HaliFramebufferReset(UCHAR Color);
VOID HaliFramebufferSyncCursor(VOID);
VOID HaliFramebufferDescribe(PULONG Columns, PULONG Rows, PVOID *Pixels);

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

/* kernel/ke/console_input.c: the queue both devices feed (from DPCs).
 * Dropped counts what the full queue refused and what the devices report
 * lost (CountLost, from their DPCs): the shell says so at its prompt. */
#define KI_CONSOLE_INPUT_QUEUE_SIZE 8192
VOID KiConsoleInputPut(CHAR Character);
VOID KiConsoleInputCountLost(ULONG Count);
BOOLEAN KiConsoleInputGet(PCHAR Character);
BOOLEAN KiConsoleInputWait(PCHAR Character, ULONG TimeoutMs);
extern VOID (*KiConsoleInputNotify)(VOID);
extern ULONG KiConsoleInputDropped;

/* kernel/ke/console.c. Initialize brings up COM1 (when there is one);
 * SelectScreen takes the screen the loader described (the boot
 * information's), MapScreen makes a framebuffer visible once the memory
 * manager is up. */
VOID KiConsoleInitialize(VOID);
VOID KiConsoleSelectScreen(VOID);
VOID KiConsoleMapScreen(VOID);
VOID KiConsolePutChar(CHAR Character);
VOID KiConsoleStopScreen(VOID); /* white on blue, for the bug check */
VOID KiConsoleSyncCursor(VOID); /* before waiting for input */
VOID KiConsoleDescribe(VOID);   /* one line each: screen and serial */
VOID KiConsolePrintV(PCSTR Format, va_list Arguments);
/* Sees every character the console prints, when set: the kernel tests
 * read what the kernel says this way (tests/kernel/kt_console.c). */
extern VOID (*KiConsoleTap)(CHAR Character);

#endif
