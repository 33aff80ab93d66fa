/*
 * VGA text mode: 80x25 cells of (character, colour) at physical 0xB8000,
 * reached through the kernel's mapping of low memory. Scrolls at the bottom.
 */
#include "kernel/console.h"
#include "kernel/memory_layout.h"
#include "ntrtl.h"

#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_PHYSICAL 0xB8000

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
