/*
 * VGA text mode: 80x25 cells of (character, colour) at physical 0xB8000,
 * reached through the kernel's mapping of low memory. Scrolls at the bottom.
 */
#include "kernel/console.h"
#include "kernel/memory_layout.h"
#include "kernel/x86.h"
#include "ntrtl.h"

#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_PHYSICAL 0xB8000
/* The CRT controller's index and data ports, and its cursor registers. */
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA 0x3D5
#define VGA_CRTC_CURSOR_HIGH 0x0E
#define VGA_CRTC_CURSOR_LOW 0x0F

static USHORT *const vga_buffer =
    (USHORT *)KI_PHYSICAL_TO_VIRTUAL(VGA_PHYSICAL);
static ULONG cursor_row, cursor_column;
static UCHAR color = VGA_COLOR_TEXT;

static USHORT cell(CHAR Character)
{
    return (USHORT)((UCHAR)Character | (color << 8));
}

VOID HaliVgaInitialize(UCHAR Color)
{
    ULONG Index;

    color = Color;
    for (Index = 0; Index < VGA_COLUMNS * VGA_ROWS; Index++)
        vga_buffer[Index] = cell(' ');
    cursor_row = cursor_column = 0;
}

static void scroll(void)
{
    ULONG Index;

    RtlMoveMemory(vga_buffer, vga_buffer + VGA_COLUMNS,
                  (VGA_ROWS - 1) * VGA_COLUMNS * sizeof(USHORT));
    for (Index = 0; Index < VGA_COLUMNS; Index++)
        vga_buffer[(VGA_ROWS - 1) * VGA_COLUMNS + Index] = cell(' ');
    cursor_row = VGA_ROWS - 1;
}

VOID HaliVgaPutChar(CHAR Character)
{
    if (Character == '\n') {
        cursor_column = 0;
        cursor_row++;
    } else if (Character == '\r') {
        cursor_column = 0;
    } else if (Character == '\b') {
        /* One column left, nothing erased (as a terminal's BS), back up
         * a row at the left edge. */
        if (cursor_column > 0) {
            cursor_column--;
        } else if (cursor_row > 0) {
            cursor_row--;
            cursor_column = VGA_COLUMNS - 1;
        }
    } else if (Character == '\t') {
        cursor_column = (cursor_column + 8) & ~7UL;
    } else {
        vga_buffer[cursor_row * VGA_COLUMNS + cursor_column] = cell(Character);
        cursor_column++;
    }
    if (cursor_column >= VGA_COLUMNS) {
        cursor_column = 0;
        cursor_row++;
    }
    if (cursor_row >= VGA_ROWS)
        scroll();
}

/* Moves the blinking hardware cursor to where the next character goes;
 * done when input is awaited rather than per character, which would cost
 * four port writes each. */
VOID HaliVgaSyncCursor(VOID)
{
    ULONG Position = cursor_row * VGA_COLUMNS + cursor_column;

    outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
    outb(VGA_CRTC_DATA, (UCHAR)(Position >> 8));
    outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
    outb(VGA_CRTC_DATA, (UCHAR)Position);
}
