/*
 * The text console's cells and cursor (video.h). VGA text mode keeps its
 * cells in video memory and shows them itself; a framebuffer keeps them
 * here and has each changed cell drawn. Scrolling moves the cells up one
 * row and draws only those whose contents changed, so a line of 40
 * characters under another of 40 costs about 80 cells, not a screen.
 */
#include "kernel/video.h"

#define TAB_WIDTH 8

VOID VidGridInitialize(VID_TEXT_GRID *Grid, USHORT *Cells, ULONG Columns,
                       ULONG Rows, VID_DRAW_CELL Draw)
{
    Grid->Cells = Cells;
    Grid->Columns = Columns;
    Grid->Rows = Rows;
    Grid->Row = Grid->Column = 0;
    Grid->Color = 0x07;
    Grid->Draw = Draw;
}

static VOID set_cell(VID_TEXT_GRID *Grid, ULONG Index, USHORT Cell)
{
    if (Grid->Cells[Index] == Cell)
        return;
    Grid->Cells[Index] = Cell;
    if (Grid->Draw != NULL)
        Grid->Draw(Grid, Index, Cell);
}

VOID VidGridClear(VID_TEXT_GRID *Grid, UCHAR Color)
{
    ULONG Index;

    Grid->Color = Color;
    for (Index = 0; Index < Grid->Columns * Grid->Rows; Index++)
        set_cell(Grid, Index, VID_CELL(' ', Color));
    Grid->Row = Grid->Column = 0;
}

VOID VidGridRedraw(VID_TEXT_GRID *Grid)
{
    ULONG Index;

    if (Grid->Draw == NULL)
        return;
    for (Index = 0; Index < Grid->Columns * Grid->Rows; Index++)
        Grid->Draw(Grid, Index, Grid->Cells[Index]);
}

/* Each cell takes the one below it, top to bottom, so every source is
 * read before it is overwritten. */
static VOID scroll(VID_TEXT_GRID *Grid)
{
    ULONG Index, Last = (Grid->Rows - 1) * Grid->Columns;

    for (Index = 0; Index < Last; Index++)
        set_cell(Grid, Index, Grid->Cells[Index + Grid->Columns]);
    for (Index = Last; Index < Last + Grid->Columns; Index++)
        set_cell(Grid, Index, VID_CELL(' ', Grid->Color));
    Grid->Row = Grid->Rows - 1;
}

VOID VidGridPutChar(VID_TEXT_GRID *Grid, CHAR Character)
{
    switch (Character) {
    case '\n':
        Grid->Column = 0;
        Grid->Row++;
        break;
    case '\r':
        Grid->Column = 0;
        break;
    case '\b':
        if (Grid->Column > 0) {
            Grid->Column--;
        } else if (Grid->Row > 0) {
            Grid->Row--;
            Grid->Column = Grid->Columns - 1;
        }
        break;
    case '\t':
        Grid->Column = (Grid->Column + TAB_WIDTH) & ~(ULONG)(TAB_WIDTH - 1);
        break;
    default:
        set_cell(Grid, Grid->Row * Grid->Columns + Grid->Column,
                 VID_CELL(Character, Grid->Color));
        Grid->Column++;
        break;
    }
    if (Grid->Column >= Grid->Columns) {
        Grid->Column = 0;
        Grid->Row++;
    }
    if (Grid->Row >= Grid->Rows)
        scroll(Grid);
}
