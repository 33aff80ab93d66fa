/*
 * The console: every character goes to the serial line (what the tests
 * and a remote terminal read) and to the screen the loader left, VGA text
 * or a framebuffer. Firmware is not trusted to have either: COM1 is probed
 * (drivers/serial.c), and a screen mode the console cannot draw on leaves
 * it with the serial line alone.
 */
#include "kernel/console.h"
#include "ntddk.h"

static KI_SCREEN_KIND screen = KiScreenNone;
VOID (*KiConsoleTap)(CHAR Character);

VOID KiConsoleInitialize(VOID)
{
    HaliSerialInitialize();
}

VOID KiConsoleSelectScreen(VOID)
{
    const KI_FRAMEBUFFER *Framebuffer = &KiGetBootInformation()->Framebuffer;

    screen = Framebuffer->Kind;
    if (screen == KiScreenVgaText)
        HaliVgaInitialize(VGA_COLOR_TEXT);
    else if (screen == KiScreenFramebuffer)
        HaliFramebufferInitialize(Framebuffer);
}

VOID KiConsoleMapScreen(VOID)
{
    NTSTATUS Status;

    if (screen != KiScreenFramebuffer)
        return;
    Status = HaliFramebufferMap();
    if (!NT_SUCCESS(Status)) {
        screen = KiScreenNone;
        DbgPrint("console: the framebuffer at %08lx could not be mapped "
                 "(status %08lx); serial only\n",
                 (ULONG)KiGetBootInformation()->Framebuffer.Physical,
                 (ULONG)Status);
    }
}

VOID KiConsolePutChar(CHAR Character)
{
    VOID (*Tap)(CHAR) = KiConsoleTap;

    if (Tap != NULL)
        Tap(Character);
    HaliSerialPutChar(Character);
    if (screen == KiScreenVgaText)
        HaliVgaPutChar(Character);
    else if (screen == KiScreenFramebuffer)
        HaliFramebufferPutChar(Character);
}

VOID KiConsoleStopScreen(VOID)
{
    if (screen == KiScreenVgaText)
        HaliVgaInitialize(VGA_COLOR_STOP);
    else if (screen == KiScreenFramebuffer)
        HaliFramebufferReset(VGA_COLOR_STOP);
}

VOID KiConsoleSyncCursor(VOID)
{
    if (screen == KiScreenVgaText)
        HaliVgaSyncCursor();
    else if (screen == KiScreenFramebuffer)
        HaliFramebufferSyncCursor();
}

VOID KiConsoleDescribe(VOID)
{
    const KI_FRAMEBUFFER *Fb = &KiGetBootInformation()->Framebuffer;
    ULONG Columns, Rows;
    PVOID Pixels;

    switch (screen) {
    case KiScreenVgaText:
        DbgPrint("Console: VGA text, 80x25 characters at b8000\n");
        break;
    case KiScreenFramebuffer:
        HaliFramebufferDescribe(&Columns, &Rows, &Pixels);
        DbgPrint("Console: framebuffer %lux%lu, %u bits per pixel at %08lx "
                 "(mapped at %p), %lux%lu characters\n",
                 Fb->Width, Fb->Height, Fb->Bpp, (ULONG)Fb->Physical, Pixels,
                 Columns, Rows);
        break;
    default:
        DbgPrint("Console: no screen the kernel can draw on\n");
        break;
    }
    DbgPrint("Serial: %s\n", HaliSerialPresent
                                 ? "COM1 at 3f8, 115200 baud"
                                 : "no UART at COM1 (screen only)");
    DbgPrint("Input: a queue of %lu characters; %lu lost so far\n",
             (ULONG)KI_CONSOLE_INPUT_QUEUE_SIZE, KiConsoleInputDropped);
}
