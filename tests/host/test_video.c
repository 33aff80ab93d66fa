/* The text console's grid, its font and drawing onto 24- and 32-bit
 * framebuffers, on plain memory. */
#include "host_test.h"
#include "kernel/video.h"

#define COLUMNS 10
#define ROWS 4

static USHORT cells[COLUMNS * ROWS];
static USHORT drawn[COLUMNS * ROWS]; /* what Draw put on the "screen" */
static unsigned draws;

static VOID record(VID_TEXT_GRID *Grid, ULONG Index, USHORT Cell)
{
    (void)Grid;
    drawn[Index] = Cell;
    draws++;
}

static void start(VID_TEXT_GRID *Grid)
{
    memset(cells, 0, sizeof(cells));
    memset(drawn, 0, sizeof(drawn));
    VidGridInitialize(Grid, cells, COLUMNS, ROWS, record);
    VidGridClear(Grid, 0x07);
    draws = 0;
}

static void put(VID_TEXT_GRID *Grid, const char *Text)
{
    while (*Text)
        VidGridPutChar(Grid, *Text++);
}

/* Row Row of the drawn screen as text, trailing blanks cut. */
static const char *row_text(unsigned Row)
{
    static char Text[COLUMNS + 1];
    int Length;

    for (Length = 0; Length < COLUMNS; Length++)
        Text[Length] = (char)(drawn[Row * COLUMNS + Length] & 0xFF);
    while (Length > 0 && Text[Length - 1] == ' ')
        Length--;
    Text[Length] = '\0';
    return Text;
}

static void grid_writes_wraps_and_scrolls(void)
{
    VID_TEXT_GRID Grid;

    start(&Grid);
    put(&Grid, "hello\n");
    CHECK_STR(row_text(0), "hello");
    CHECK_EQ(draws, 5);
    CHECK_EQ(Grid.Row, 1);
    CHECK_EQ(Grid.Column, 0);
    put(&Grid, "0123456789ab"); /* wraps after 10 */
    CHECK_STR(row_text(1), "0123456789");
    CHECK_STR(row_text(2), "ab");
    put(&Grid, "\rX\tY");
    CHECK_STR(row_text(2), "Xb      Y");
    put(&Grid, "\b\bZ"); /* back over Y and a blank, erasing nothing */
    CHECK_STR(row_text(2), "Xb     ZY");
    put(&Grid, "\nlast\nnew");
    CHECK_STR(row_text(0), "0123456789");
    CHECK_STR(row_text(1), "Xb     ZY");
    CHECK_STR(row_text(2), "last");
    CHECK_STR(row_text(3), "new");
    CHECK_EQ(Grid.Row, 3);
    CHECK_EQ(Grid.Column, 3);
    CHECK(memcmp(drawn, cells, sizeof(cells)) == 0);
}

/* A scroll draws only the cells whose contents change. */
static void scroll_draws_only_changed_cells(void)
{
    VID_TEXT_GRID Grid;

    start(&Grid);
    put(&Grid, "aaaa\naaaa\naaaa\naaaa");
    draws = 0;
    put(&Grid, "\n"); /* rows 0-2 keep "aaaa"; row 3 is blanked */
    CHECK_EQ(draws, 4);
    CHECK_STR(row_text(3), "");
    draws = 0;
    put(&Grid, "ab");
    put(&Grid, "\n"); /* row 2 "aaaa" -> "ab": 3 cells; row 3 -> blank: 2 */
    CHECK_EQ(draws, 2 + 3 + 2);
}

static void backspace_at_the_left_edge_goes_up_a_row(void)
{
    VID_TEXT_GRID Grid;

    start(&Grid);
    put(&Grid, "x\n\b");
    CHECK_EQ(Grid.Row, 0);
    CHECK_EQ(Grid.Column, COLUMNS - 1);
    VidGridClear(&Grid, 0x07);
    put(&Grid, "\b");
    CHECK_EQ(Grid.Row, 0);
    CHECK_EQ(Grid.Column, 0);
}

/* Random output against a model terminal: after every character the
 * drawn screen equals the model, so no change is ever left undrawn. */
static void random_output_matches_a_model_terminal(void)
{
    static const char Alphabet[] = "abcXYZ019 .\n\r\b\t";
    char Model[ROWS][COLUMNS];
    unsigned Seed = host_test_seed(), Row = 0, Column = 0, Step, R, C;
    VID_TEXT_GRID Grid;

    srand(Seed);
    start(&Grid);
    memset(Model, ' ', sizeof(Model));
    for (Step = 0; Step < 100000; Step++) {
        char Ch = Alphabet[rand() % (sizeof(Alphabet) - 1)];
        VidGridPutChar(&Grid, Ch);
        if (Ch == '\n') {
            Row++, Column = 0;
        } else if (Ch == '\r') {
            Column = 0;
        } else if (Ch == '\b') {
            if (Column > 0)
                Column--;
            else if (Row > 0)
                Row--, Column = COLUMNS - 1;
        } else if (Ch == '\t') {
            Column = (Column / 8 + 1) * 8;
        } else {
            Model[Row][Column++] = Ch;
        }
        if (Column >= COLUMNS)
            Row++, Column = 0;
        if (Row == ROWS) {
            memmove(Model[0], Model[1], sizeof(Model[0]) * (ROWS - 1));
            memset(Model[ROWS - 1], ' ', COLUMNS);
            Row = ROWS - 1;
        }
        for (R = 0; R < ROWS; R++)
            for (C = 0; C < COLUMNS; C++)
                CHECK_MSG((char)drawn[R * COLUMNS + C] == Model[R][C],
                          "step %u: cell %u,%u drawn '%c', model '%c'", Step, R,
                          C, (char)drawn[R * COLUMNS + C], Model[R][C]);
        CHECK_EQ(Grid.Row, Row);
        CHECK_EQ(Grid.Column, Column);
    }
}

static KI_FRAMEBUFFER framebuffer(ULONG Width, ULONG Height, UCHAR Bytes,
                                  ULONG Pitch)
{
    KI_FRAMEBUFFER Fb;

    memset(&Fb, 0, sizeof(Fb));
    Fb.Kind = KiScreenFramebuffer;
    Fb.Width = Width;
    Fb.Height = Height;
    Fb.Pitch = Pitch;
    Fb.BytesPerPixel = Bytes;
    Fb.Bpp = (UCHAR)(Bytes * 8);
    Fb.RedSize = Fb.GreenSize = Fb.BlueSize = 8;
    Fb.RedPosition = 16; /* the usual x8r8g8b8 */
    Fb.GreenPosition = 8;
    return Fb;
}

static void colors_are_packed_as_the_loader_said(void)
{
    KI_FRAMEBUFFER Fb = framebuffer(64, 32, 4, 256);

    CHECK_EQ(VidPackColor(&Fb, 0xAA5500), 0xAA5500);
    Fb.RedPosition = 0; /* BGR */
    Fb.BluePosition = 16;
    CHECK_EQ(VidPackColor(&Fb, 0xAA5500), 0x0055AA);
    Fb.RedSize = 5; /* 5:6:5 */
    Fb.GreenSize = 6;
    Fb.BlueSize = 5;
    Fb.RedPosition = 11;
    Fb.GreenPosition = 5;
    Fb.BluePosition = 0;
    CHECK_EQ(VidPackColor(&Fb, 0xFFFFFF), 0xFFFF);
    CHECK_EQ(VidPackColor(&Fb, 0xFF0000), 0xF800);
}

/* Reads the pixel at X, Y of a surface as a packed value. */
static ULONG pixel(const VID_SURFACE *S, ULONG X, ULONG Y)
{
    const UCHAR *P = S->Pixels + Y * S->Pitch + X * S->BytesPerPixel;
    ULONG Value = P[0] | P[1] << 8 | P[2] << 16;

    return S->BytesPerPixel == 4 ? Value | (ULONG)P[3] << 24 : Value;
}

/* Every pixel of the cell at Column, Row is the glyph's ink or paper, and
 * not one byte outside the cell changed. */
static int check_cell(const VID_SURFACE *S, const UCHAR *Before, ULONG Column,
                      ULONG Row, UCHAR Character, ULONG Ink, ULONG Paper)
{
    const UCHAR *Glyph = VidGlyph(Character);
    ULONG CellWidth = VID_CELL_WIDTH * S->Scale;
    ULONG CellHeight = VID_CELL_HEIGHT * S->Scale, X, Y, Byte;

    for (Y = 0; Y < S->Height; Y++) {
        for (X = 0; X < S->Width; X++) {
            ULONG InX = X - Column * CellWidth, InY = Y - Row * CellHeight;
            if (InX < CellWidth && InY < CellHeight) {
                int Lit =
                    (Glyph[InY / S->Scale / 2] >> (7 - InX / S->Scale)) & 1;
                if (pixel(S, X, Y) != (Lit ? Ink : Paper))
                    return 0;
            } else {
                for (Byte = 0; Byte < S->BytesPerPixel; Byte++) {
                    ULONG At = Y * S->Pitch + X * S->BytesPerPixel + Byte;
                    if (S->Pixels[At] != Before[At])
                        return 0;
                }
            }
        }
    }
    return 1;
}

static void draw_and_check(ULONG Width, ULONG Height, UCHAR Bytes, ULONG Pitch,
                           int Bgr, ULONG Scale)
{
    KI_FRAMEBUFFER Fb = framebuffer(Width, Height, Bytes, Pitch);
    VID_SURFACE S;
    UCHAR *Before;
    ULONG White, Blue;
    int ColoredA, GreyG;

    if (Bgr) {
        Fb.RedPosition = 0;
        Fb.BluePosition = 16;
    }
    VidInitializeSurface(&S, &Fb);
    CHECK_EQ(S.Scale, Scale);
    CHECK_EQ(VidSurfaceColumns(&S), Width / (8 * Scale));
    CHECK_EQ(VidSurfaceRows(&S), Height / (16 * Scale));
    CHECK_EQ(VidPackColor(&Fb, 0x0000AA), Bgr ? 0xAA0000 : 0x0000AA);
    S.Pixels = malloc(Pitch * Height);
    Before = malloc(Pitch * Height);
    memset(S.Pixels, 0x5A, Pitch * Height);
    memcpy(Before, S.Pixels, Pitch * Height);
    White = VidPackColor(&Fb, 0xFFFFFF);
    Blue = VidPackColor(&Fb, 0x0000AA);
    VidDrawCell(&S, 2, 1, VID_CELL('A', 0x1F)); /* white on blue */
    ColoredA = check_cell(&S, Before, 2, 1, 'A', White, Blue);
    memcpy(Before, S.Pixels, Pitch * Height);
    VidDrawCell(&S, 0, 0, VID_CELL('g', 0x07));
    GreyG = check_cell(&S, Before, 0, 0, 'g', VidPackColor(&Fb, 0xAAAAAA), 0);
    free(S.Pixels);
    free(Before);
    CHECK_MSG(ColoredA, "'A' at %ux%u, %u bytes per pixel", (unsigned)Width,
              (unsigned)Height, Bytes);
    CHECK(GreyG);
}

static void glyphs_drawn_at_32_and_24_bits_per_pixel(void)
{
    draw_and_check(64, 48, 4, 64 * 4 + 32, 0, 1); /* padded lines */
    draw_and_check(64, 48, 3, 64 * 3, 1, 1);      /* BGR, packed */
    draw_and_check(2560, 1440, 4, 2560 * 4, 0, 2);
}

static void cursor_is_the_cells_bottom_two_rows(void)
{
    KI_FRAMEBUFFER Fb = framebuffer(16, 16, 4, 64);
    VID_SURFACE S;
    UCHAR Pixels[64 * 16];
    ULONG X, Y;

    VidInitializeSurface(&S, &Fb);
    S.Pixels = Pixels;
    VidDrawCell(&S, 1, 0, VID_CELL(' ', 0x07));
    VidDrawCursor(&S, 1, 0, VID_CELL(' ', 0x07));
    for (Y = 0; Y < 16; Y++)
        for (X = 8; X < 16; X++)
            CHECK_EQ(pixel(&S, X, Y), Y >= 14 ? 0xAAAAAA : 0);
}

/* Letters keep column 0 and columns 6-7 clear, so neighbours never
 * touch; no two glyphs are alike (screen-text tells them apart). */
static void font_glyphs_are_distinct_and_spaced(void)
{
    unsigned A, B, Row;

    for (A = 0x20; A < 0x7F; A++) {
        for (Row = 0; Row < VID_GLYPH_ROWS; Row++)
            CHECK_MSG((VidGlyph((UCHAR)A)[Row] & 0x83) == 0,
                      "glyph %02x row %u outside columns 1-5", A, Row);
        for (B = A + 1; B < 0x80; B++)
            CHECK_MSG(memcmp(VidGlyph((UCHAR)A), VidGlyph((UCHAR)B),
                             VID_GLYPH_ROWS) != 0,
                      "glyphs %02x and %02x are the same", A, B);
    }
    CHECK(VidGlyph(0x01) == VidGlyph(0x7F));
    CHECK(VidGlyph(0xC8) == VidGlyph(0x7F));
    for (Row = 0; Row < VID_GLYPH_ROWS; Row++)
        CHECK_EQ(VidGlyph(' ')[Row], 0);
}

int main(void)
{
    RUN(grid_writes_wraps_and_scrolls);
    RUN(scroll_draws_only_changed_cells);
    RUN(backspace_at_the_left_edge_goes_up_a_row);
    RUN(random_output_matches_a_model_terminal);
    RUN(colors_are_packed_as_the_loader_said);
    RUN(glyphs_drawn_at_32_and_24_bits_per_pixel);
    RUN(cursor_is_the_cells_bottom_two_rows);
    RUN(font_glyphs_are_distinct_and_spaced);
    HOST_TEST_EXIT();
}
