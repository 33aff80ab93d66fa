/*
 * screen-text: reads a screenshot (binary PPM, as QEMU's `screendump`
 * writes it) of the kernel's framebuffer console and prints the text on
 * it, one line per row of cells, by matching each 8x16 cell against the
 * kernel's own font (drivers/font.c). The background is the picture's
 * commonest colour; any other colour is ink. A cell that matches no glyph
 * prints as '#'. The test scripts grep the output, so "the banner is on
 * the screen" means its pixels are, exactly as the font draws them.
 *   screen-text [-b] FILE.ppm    (-b: first a line "background RRGGBB")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/video.h"

static unsigned char *read_ppm(const char *Path, unsigned *Width,
                               unsigned *Height)
{
    FILE *File = fopen(Path, "rb");
    unsigned Max;
    unsigned char *Pixels;

    if (File == NULL) {
        perror(Path);
        return NULL;
    }
    if (fscanf(File, "P6 %u %u %u", Width, Height, &Max) != 3 || Max != 255 ||
        fgetc(File) == EOF || *Width == 0 || *Height == 0) {
        fprintf(stderr, "%s: not a binary PPM with 8-bit components\n", Path);
        fclose(File);
        return NULL;
    }
    Pixels = malloc((size_t)*Width * *Height * 3);
    if (Pixels == NULL || fread(Pixels, 3, (size_t)*Width * *Height, File) !=
                              (size_t)*Width * *Height) {
        fprintf(stderr, "%s: truncated\n", Path);
        free(Pixels);
        fclose(File);
        return NULL;
    }
    fclose(File);
    return Pixels;
}

static unsigned rgb_at(const unsigned char *Pixels, unsigned Width, unsigned X,
                       unsigned Y)
{
    const unsigned char *P = Pixels + ((size_t)Y * Width + X) * 3;
    return (unsigned)P[0] << 16 | (unsigned)P[1] << 8 | P[2];
}

/* The commonest of the first colours seen, counted on a sample grid. */
static unsigned background(const unsigned char *Pixels, unsigned Width,
                           unsigned Height)
{
    unsigned Colors[64], Counts[64] = {0}, Used = 0, X, Y, I, Best = 0;

    for (Y = 0; Y < Height; Y += 3) {
        for (X = 0; X < Width; X += 3) {
            unsigned Rgb = rgb_at(Pixels, Width, X, Y);
            for (I = 0; I < Used && Colors[I] != Rgb; I++)
                ;
            if (I == Used && Used < 64)
                Colors[Used++] = Rgb;
            if (I < Used)
                Counts[I]++;
        }
    }
    for (I = 1; I < Used; I++)
        if (Counts[I] > Counts[Best])
            Best = I;
    return Used ? Colors[Best] : 0;
}

static char read_cell(const unsigned char *Pixels, unsigned Width,
                      unsigned Left, unsigned Top, unsigned Background)
{
    unsigned char Rows[VID_CELL_HEIGHT] = {0};
    unsigned X, Y, Code;

    for (Y = 0; Y < VID_CELL_HEIGHT; Y++)
        for (X = 0; X < VID_CELL_WIDTH; X++)
            if (rgb_at(Pixels, Width, Left + X, Top + Y) != Background)
                Rows[Y] |= (unsigned char)(0x80 >> X);
    for (Code = 0x20; Code < 0x7F; Code++) {
        const UCHAR *Glyph = VidGlyph((UCHAR)Code);
        for (Y = 0; Y < VID_CELL_HEIGHT && Rows[Y] == Glyph[Y / 2]; Y++)
            ;
        if (Y == VID_CELL_HEIGHT)
            return (char)Code;
    }
    return '#';
}

int main(int Argc, char **Argv)
{
    unsigned Width, Height, Row, Column, Background;
    unsigned char *Pixels;
    char Line[1024];

    int ShowBackground = Argc == 3 && strcmp(Argv[1], "-b") == 0;

    if (Argc != 2 + ShowBackground) {
        fprintf(stderr, "usage: %s [-b] FILE.ppm\n", Argv[0]);
        return 2;
    }
    Pixels = read_ppm(Argv[Argc - 1], &Width, &Height);
    if (Pixels == NULL)
        return 1;
    Background = background(Pixels, Width, Height);
    if (ShowBackground)
        printf("background %06x\n", Background);
    for (Row = 0; Row < Height / VID_CELL_HEIGHT; Row++) {
        size_t Length;
        for (Column = 0;
             Column < Width / VID_CELL_WIDTH && Column < sizeof(Line) - 1;
             Column++)
            Line[Column] = read_cell(Pixels, Width, Column * VID_CELL_WIDTH,
                                     Row * VID_CELL_HEIGHT, Background);
        Length = Column;
        while (Length > 0 && Line[Length - 1] == ' ')
            Length--;
        Line[Length] = '\0';
        puts(Line);
    }
    free(Pixels);
    return 0;
}
