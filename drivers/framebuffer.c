/*
 * The console on a linear framebuffer, for machines the loader left in a
 * graphics mode (every UEFI PC: there is no VGA text there). The cells
 * live in a grid here from the first message; the pixels are reached once
 * the memory manager can map them (MmMapIoSpace), and then everything said
 * so far is drawn. The cursor is drawn by software, when input is awaited.
 */
#include "kernel/console.h"
#include "kernel/video.h"
#include "ntddk.h"

#define MAX_COLUMNS 240 /* 1920 pixels */
#define MAX_ROWS 100    /* 1600 pixels */

static USHORT cells[MAX_COLUMNS * MAX_ROWS];
static VID_TEXT_GRID grid;
static VID_SURFACE surface;
static KI_FRAMEBUFFER framebuffer;
static BOOLEAN cursor_shown;
static ULONG cursor_index;

static VOID draw(VID_TEXT_GRID *Grid, ULONG Index, USHORT Cell)
{
    if (surface.Pixels != NULL)
        VidDrawCell(&surface, Index % Grid->Columns, Index / Grid->Columns,
                    Cell);
}

VOID HaliFramebufferInitialize(const KI_FRAMEBUFFER *Fb)
{
    ULONG Columns, Rows;

    framebuffer = *Fb;
    VidInitializeSurface(&surface, Fb);
    Columns = VidSurfaceColumns(&surface);
    Rows = VidSurfaceRows(&surface);
    VidGridInitialize(&grid, cells,
                      Columns < MAX_COLUMNS ? Columns : MAX_COLUMNS,
                      Rows < MAX_ROWS ? Rows : MAX_ROWS, draw);
    VidGridClear(&grid, VGA_COLOR_TEXT);
}

NTSTATUS HaliFramebufferMap(VOID)
{
    PHYSICAL_ADDRESS Physical;
    PVOID Pixels;

    Physical.QuadPart = (LONGLONG)framebuffer.Physical;
    Pixels = MmMapIoSpace(Physical, framebuffer.Pitch * framebuffer.Height,
                          MmNonCached);
    if (Pixels == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    surface.Pixels = Pixels;
    VidGridRedraw(&grid);
    return STATUS_SUCCESS;
}

static VOID hide_cursor(VOID)
{
    if (cursor_shown) {
        draw(&grid, cursor_index, cells[cursor_index]);
        cursor_shown = FALSE;
    }
}

VOID HaliFramebufferPutChar(CHAR Character)
{
    hide_cursor();
    VidGridPutChar(&grid, Character);
}

/* The stop screen: every cell blanked in Color. */
VOID HaliFramebufferReset(UCHAR Color)
{
    cursor_shown = FALSE;
    VidGridClear(&grid, Color);
}

VOID HaliFramebufferSyncCursor(VOID)
{
    hide_cursor();
    if (surface.Pixels == NULL)
        return;
    cursor_index = grid.Row * grid.Columns + grid.Column;
    VidDrawCursor(&surface, grid.Column, grid.Row, cells[cursor_index]);
    cursor_shown = TRUE;
}

VOID HaliFramebufferDescribe(PULONG Columns, PULONG Rows, PVOID *Pixels)
{
    *Columns = grid.Columns;
    *Rows = grid.Rows;
    *Pixels = surface.Pixels;
}
