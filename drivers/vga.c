/*
 * VGA text mode: 80x25 cells of (character, colour) at physical 0xB8000,
 * reached through the kernel's mapping of low memory; the hardware draws
 * them, so the grid (text_grid.c) writes straight into video memory.
 */
#include "kernel/console.h"
#include "kernel/memory_layout.h"
#include "kernel/video.h"
#include "kernel/x86.h"

#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_PHYSICAL 0xB8000
/* The CRT controller's index and data ports, and its cursor registers. */
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA 0x3D5
#define VGA_CRTC_CURSOR_HIGH 0x0E
#define VGA_CRTC_CURSOR_LOW 0x0F

static VID_TEXT_GRID grid;

VOID HaliVgaInitialize(UCHAR Color)
{
    VidGridInitialize(&grid, (USHORT *)KI_PHYSICAL_TO_VIRTUAL(VGA_PHYSICAL),
                      VGA_COLUMNS, VGA_ROWS, NULL);
    VidGridClear(&grid, Color);
}

VOID HaliVgaPutChar(CHAR Character)
{
    VidGridPutChar(&grid, Character);
}

/* Moves the blinking hardware cursor to where the next character goes;
 * done when input is awaited rather than per character, which would cost
 * four port writes each. */
VOID HaliVgaSyncCursor(VOID)
{
    ULONG Position = grid.Row * VGA_COLUMNS + grid.Column;

    outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
    outb(VGA_CRTC_DATA, (UCHAR)(Position >> 8));
    outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
    outb(VGA_CRTC_DATA, (UCHAR)Position);
}
