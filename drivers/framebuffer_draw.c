/*
 * Text on a linear RGB framebuffer (video.h): colours packed the way the
 * loader described the pixel, glyphs drawn from the built-in font at 24
 * or 32 bits per pixel. Pure: the host tests draw into plain memory and
 * read the pixels back.
 */
#include "kernel/video.h"

/* Above this size a font pixel becomes 2x2, so that text on a 4K screen
 * is as large as on a 1080p one. */
#define SCALE_WIDTH 2560
#define SCALE_HEIGHT 1440

static ULONG pack_component(ULONG Value, UCHAR Position, UCHAR Size)
{
    return (Value >> (8 - Size)) << Position;
}

ULONG VidPackColor(const KI_FRAMEBUFFER *Fb, ULONG Rgb)
{
    return pack_component((Rgb >> 16) & 0xFF, Fb->RedPosition, Fb->RedSize) |
           pack_component((Rgb >> 8) & 0xFF, Fb->GreenPosition, Fb->GreenSize) |
           pack_component(Rgb & 0xFF, Fb->BluePosition, Fb->BlueSize);
}

VOID VidInitializeSurface(VID_SURFACE *Surface, const KI_FRAMEBUFFER *Fb)
{
    ULONG Index;

    Surface->Pixels = NULL;
    Surface->Pitch = Fb->Pitch;
    Surface->Width = Fb->Width;
    Surface->Height = Fb->Height;
    Surface->BytesPerPixel = Fb->BytesPerPixel;
    Surface->Scale =
        Fb->Width >= SCALE_WIDTH && Fb->Height >= SCALE_HEIGHT ? 2 : 1;
    for (Index = 0; Index < 16; Index++)
        Surface->Colors[Index] = VidPackColor(Fb, VidPalette[Index]);
}

ULONG VidSurfaceColumns(const VID_SURFACE *Surface)
{
    return Surface->Width / (VID_CELL_WIDTH * Surface->Scale);
}

ULONG VidSurfaceRows(const VID_SURFACE *Surface)
{
    return Surface->Height / (VID_CELL_HEIGHT * Surface->Scale);
}

static VOID put_pixel(PUCHAR Pixel, UCHAR BytesPerPixel, ULONG Value)
{
    if (BytesPerPixel == 4) {
        *(volatile ULONG *)Pixel = Value;
    } else {
        Pixel[0] = (UCHAR)Value;
        Pixel[1] = (UCHAR)(Value >> 8);
        Pixel[2] = (UCHAR)(Value >> 16);
    }
}

/* Draws the cell's pixel rows First..VID_CELL_HEIGHT-1 (in font rows of
 * the cell); Solid fills them with the foreground instead of the glyph. */
static VOID draw_rows(const VID_SURFACE *Surface, ULONG Column, ULONG Row,
                      USHORT Cell, ULONG First, BOOLEAN Solid)
{
    const UCHAR *Glyph = VidGlyph((UCHAR)Cell);
    ULONG Foreground = Surface->Colors[(Cell >> 8) & 0xF];
    ULONG Background = Surface->Colors[(Cell >> 12) & 0xF];
    ULONG Scale = Surface->Scale, Y, X;
    PUCHAR Line =
        Surface->Pixels +
        (Row * VID_CELL_HEIGHT * Scale + First * Scale) * Surface->Pitch +
        Column * VID_CELL_WIDTH * Scale * Surface->BytesPerPixel;

    for (Y = First * Scale; Y < VID_CELL_HEIGHT * Scale; Y++) {
        UCHAR Bits = Solid ? 0xFF : Glyph[Y / Scale / 2];
        PUCHAR Pixel = Line;

        for (X = 0; X < VID_CELL_WIDTH * Scale; X++) {
            put_pixel(Pixel, Surface->BytesPerPixel,
                      (Bits & (0x80 >> (X / Scale))) ? Foreground : Background);
            Pixel += Surface->BytesPerPixel;
        }
        Line += Surface->Pitch;
    }
}

VOID VidDrawCell(const VID_SURFACE *Surface, ULONG Column, ULONG Row,
                 USHORT Cell)
{
    draw_rows(Surface, Column, Row, Cell, 0, FALSE);
}

VOID VidDrawCursor(const VID_SURFACE *Surface, ULONG Column, ULONG Row,
                   USHORT Cell)
{
    draw_rows(Surface, Column, Row, Cell, VID_CELL_HEIGHT - 2, TRUE);
}
