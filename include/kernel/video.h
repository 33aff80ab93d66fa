/*
 * The screen's text console, whichever screen it is: a grid of
 * (character, colour) cells as VGA text mode defines them, drawn either by
 * the VGA hardware itself (drivers/vga.c) or with the built-in font onto a
 * linear framebuffer (drivers/framebuffer.c). The grid, the font and the
 * drawing are pure, so the host tests run them on plain memory.
 */
#ifndef KERNEL_VIDEO_H
#define KERNEL_VIDEO_H

#include "kernel/multiboot.h"
#include "ntdef.h"

/* A cell: the character in the low byte, the colour in the high byte
 * (foreground in the low nibble, background in the high one). */
#define VID_CELL(Character, Color)                                             \
    ((USHORT)((UCHAR)(Character) | ((Color) << 8)))

typedef struct _VID_TEXT_GRID VID_TEXT_GRID;
typedef VOID (*VID_DRAW_CELL)(VID_TEXT_GRID *Grid, ULONG Index, USHORT Cell);

struct _VID_TEXT_GRID {
    USHORT *Cells; /* row by row */
    ULONG Columns, Rows;
    ULONG Row, Column; /* where the next character goes */
    UCHAR Color;
    VID_DRAW_CELL Draw; /* called for each changed cell; NULL when Cells
                           is the screen itself */
};

/* drivers/text_grid.c */
VOID VidGridInitialize(VID_TEXT_GRID *Grid, USHORT *Cells, ULONG Columns,
                       ULONG Rows, VID_DRAW_CELL Draw);
/* Blanks every cell in Color and homes the cursor. */
VOID VidGridClear(VID_TEXT_GRID *Grid, UCHAR Color);
/* Writes at the cursor. '\n' starts a line, '\r' returns, '\b' moves one
 * cell left erasing nothing (as a terminal's BS), '\t' goes to the next
 * multiple of 8; the grid scrolls a line when the cursor leaves the
 * bottom. Only cells whose contents change are drawn. */
VOID VidGridPutChar(VID_TEXT_GRID *Grid, CHAR Character);
/* Draws every cell (a screen that just became visible). */
VOID VidGridRedraw(VID_TEXT_GRID *Grid);

/* drivers/font.c: 8x8 glyphs for 0x20-0x7E, drawn 8x16 (rows doubled);
 * any other byte is a box. Bit 7 of a row is its leftmost pixel. */
#define VID_GLYPH_WIDTH 8
#define VID_GLYPH_ROWS 8
#define VID_CELL_WIDTH 8
#define VID_CELL_HEIGHT 16
const UCHAR *VidGlyph(UCHAR Character);

/* The 16 text colours as 0xRRGGBB (VGA's default palette). */
extern const ULONG VidPalette[16];

/* drivers/framebuffer_draw.c: a linear RGB framebuffer in memory. */
typedef struct _VID_SURFACE {
    PUCHAR Pixels;
    ULONG Pitch, Width, Height;
    UCHAR BytesPerPixel; /* 3 or 4 */
    ULONG Scale;         /* each font pixel is Scale x Scale */
    ULONG Colors[16];    /* the palette packed as the framebuffer wants */
} VID_SURFACE;

/* Fills in everything but Pixels from the loader's description. */
VOID VidInitializeSurface(VID_SURFACE *Surface, const KI_FRAMEBUFFER *Fb);
ULONG VidPackColor(const KI_FRAMEBUFFER *Fb, ULONG Rgb);
/* Text cells on the surface: its size in cells, and one cell drawn. */
ULONG VidSurfaceColumns(const VID_SURFACE *Surface);
ULONG VidSurfaceRows(const VID_SURFACE *Surface);
VOID VidDrawCell(const VID_SURFACE *Surface, ULONG Column, ULONG Row,
                 USHORT Cell);
/* The text cursor: the cell's bottom two rows in the foreground colour. */
VOID VidDrawCursor(const VID_SURFACE *Surface, ULONG Column, ULONG Row,
                   USHORT Cell);

#endif
