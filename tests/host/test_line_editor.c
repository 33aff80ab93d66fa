/* The shell's line editor against a model terminal and a model line. */
#include "host_test.h"
#include "kernel/line_editor.h"

/* A terminal that knows printable characters, backspace and newline: the
 * row after the four-character prompt on an 80-column screen. A
 * character written past its end would wrap, where backspace cannot
 * follow: that is counted, and must never happen. */
#define SCREEN (80 - 4)
static char screen[SCREEN];
static size_t column;
static int newlines;
static int wrapped;

static void put(CHAR Character)
{
    if (Character == '\b') {
        if (column > 0)
            column--;
    } else if (Character == '\n') {
        newlines++;
        column = 0;
        memset(screen, ' ', sizeof(screen));
    } else if (column < SCREEN) {
        screen[column++] = Character;
    } else {
        wrapped++;
    }
}

static KI_LINE_EDITOR editor;

static void start(void)
{
    KiLineEditorInitialize(&editor, put);
    KiLineEditorStart(&editor);
    memset(screen, ' ', sizeof(screen));
    column = 0;
    newlines = 0;
    wrapped = 0;
}

static KI_LINE_RESULT type(const char *Keys)
{
    KI_LINE_RESULT Result = KiLineEditing;

    while (*Keys != '\0')
        Result = KiLineEditorInput(&editor, *Keys++);
    return Result;
}

/* The screen shows the part of the line around the cursor that fits the
 * window, from the column the terminal's cursor implies, nothing after
 * it, and no hidden text on the left while there is room on the right;
 * nothing ever wrapped. */
static int screen_matches(void)
{
    size_t Index, Start;

    if (wrapped || editor.Length != strlen(editor.Line) ||
        column > editor.Cursor)
        return 0;
    Start = editor.Cursor - column;
    if (column >= KI_LINE_WINDOW ||
        (Start > 0 && Start + KI_LINE_WINDOW > editor.Length + 1))
        return 0;
    for (Index = 0; Index < SCREEN; Index++) {
        char Want = Index < KI_LINE_WINDOW && Start + Index < editor.Length
                        ? editor.Line[Start + Index]
                        : ' ';
        if (screen[Index] != Want)
            return 0;
    }
    return 1;
}

static void typing_and_enter(void)
{
    start();
    CHECK_EQ(type("mem"), KiLineEditing);
    CHECK(screen_matches());
    CHECK_EQ(type("\n"), KiLineDone);
    CHECK_STR(editor.Line, "mem");
    CHECK_EQ(newlines, 1);
    /* CR LF is one Enter; a lone CR is one too. */
    KiLineEditorStart(&editor);
    CHECK_EQ(type("a\r"), KiLineDone);
    KiLineEditorStart(&editor);
    CHECK_EQ(type("\n"), KiLineEditing);
    CHECK_EQ(type("b\r"), KiLineDone);
    CHECK_STR(editor.Line, "b");
}

static void editing_keys(void)
{
    start();
    type("pol\x1b[Do"); /* Left, then insert */
    CHECK_STR(editor.Line, "pool");
    CHECK_EQ(editor.Cursor, 3);
    CHECK(screen_matches());
    type("\x1b[H\x1b[3~"); /* Home, Delete */
    CHECK_STR(editor.Line, "ool");
    CHECK(screen_matches());
    type("\x1b[Fs\x7f\b"); /* End, s, DEL, Backspace */
    CHECK_STR(editor.Line, "oo");
    CHECK(screen_matches());
    type("\x01X\x05Y"); /* Ctrl-A X, Ctrl-E Y */
    CHECK_STR(editor.Line, "XooY");
    type("\x1b[D\x1b[D\x0b"); /* Ctrl-K */
    CHECK_STR(editor.Line, "Xo");
    CHECK(screen_matches());
    type("\x15"); /* Ctrl-U */
    CHECK_STR(editor.Line, "");
    CHECK(screen_matches());
    /* Ctrl-C drops the line. */
    CHECK_EQ(type("junk\x03"), KiLineAbandoned);
    CHECK_EQ(KiLineEditorHistory(&editor, 0), NULL);
}

/* Past the screen's width the line scrolls and is taken whole; past
 * KI_LINE_MAXIMUM - 1 keys are refused and Enter says the line is too
 * long (75 characters used to be the end, silently). */
static void long_lines_scroll_and_a_full_one_is_too_long(void)
{
    char Expected[KI_LINE_MAXIMUM];
    int Index;

    start();
    for (Index = 0; Index < 200; Index++) {
        char Key[2] = {(char)('a' + Index % 26), 0};
        type(Key);
        Expected[Index] = Key[0];
        CHECK_MSG(screen_matches(), "after %d keys", Index + 1);
    }
    Expected[200] = '\0';
    CHECK_STR(editor.Line, Expected);
    type("\x1b[H"); /* Home: the window goes back to the start */
    CHECK(screen_matches());
    CHECK_EQ(column, 0);
    CHECK_EQ(screen[0], 'a');
    type("\x1b[C\x1b[C-"); /* inserted near the start, scrolled line kept */
    CHECK(screen_matches());
    type("\x05"); /* End */
    CHECK(screen_matches());
    CHECK_EQ(type("\r"), KiLineDone);
    CHECK_EQ(strlen(editor.Line), 201);
    CHECK(!wrapped);

    KiLineEditorStart(&editor);
    for (Index = 0; Index < 300; Index++)
        type("x");
    CHECK_EQ(editor.Length, KI_LINE_MAXIMUM - 1);
    CHECK(screen_matches());
    CHECK_EQ(type("\n"), KiLineTooLong);
    /* Erased to nothing, the line is a new one. */
    KiLineEditorStart(&editor);
    for (Index = 0; Index < 300; Index++)
        type("y");
    type("\x15ver");
    CHECK_EQ(type("\r"), KiLineDone);
    CHECK_STR(editor.Line, "ver");
}

/* An ESC that starts no sequence is dropped; ESC inside a sequence starts
 * a new one; a control character ends an unfinished sequence and counts
 * as itself; parameters after the first are ignored. */
static void stray_escapes_are_discarded(void)
{
    start();
    type("irql\n");
    KiLineEditorStart(&editor);
    type("\x1b\x1b[A"); /* ESC ESC [ A: Up, not "[A" */
    CHECK_STR(editor.Line, "irql");
    CHECK(screen_matches());
    CHECK_EQ(type("\x03"), KiLineAbandoned);
    KiLineEditorStart(&editor);
    type("ab\x1b"
         "c"); /* a lone ESC before a letter: the letter stays */
    CHECK_STR(editor.Line, "abc");
    type("\x1b[1;5D"); /* Ctrl-Left: one left */
    CHECK_EQ(editor.Cursor, 2);
    type("\x1b[3;5~"); /* Ctrl-Delete: parameter 3 still */
    CHECK_STR(editor.Line, "ab");
    type("\x1b[?25h\x1b[>c\x1bOP"); /* sequences it does not know */
    CHECK_STR(editor.Line, "ab");
    CHECK(screen_matches());
    CHECK_EQ(type("\x1b[\r"), KiLineDone); /* Enter ends the sequence */
    CHECK_STR(editor.Line, "ab");
}

static void history_up_and_down(void)
{
    char Line[16];
    int Index;

    start();
    type("one\n");
    KiLineEditorStart(&editor);
    type("two\n");
    KiLineEditorStart(&editor);
    type("two\n"); /* a repeat is not stored twice */
    KiLineEditorStart(&editor);
    type("   \n"); /* neither is a blank line */
    KiLineEditorStart(&editor);
    type("dra");
    type("\x1b[A");
    CHECK_STR(editor.Line, "two");
    CHECK(screen_matches());
    type("\x1b[A");
    CHECK_STR(editor.Line, "one");
    type("\x1b[A"); /* nothing older: stays */
    CHECK_STR(editor.Line, "one");
    type("\x1b[B\x1b[B"); /* back down to the draft */
    CHECK_STR(editor.Line, "dra");
    CHECK(screen_matches());
    type("\x1bOA\n"); /* SS3 arrows too; the recalled line runs again */
    CHECK_STR(editor.Line, "two");
    CHECK_STR(KiLineEditorHistory(&editor, 1), "one");
    /* The ring keeps the newest KI_LINE_HISTORY lines. */
    for (Index = 0; Index < KI_LINE_HISTORY + 5; Index++) {
        KiLineEditorStart(&editor);
        snprintf(Line, sizeof(Line), "cmd%d\n", Index);
        type(Line);
    }
    CHECK_STR(KiLineEditorHistory(&editor, 0), "cmd20");
    CHECK_STR(KiLineEditorHistory(&editor, KI_LINE_HISTORY - 1), "cmd5");
    CHECK_EQ(KiLineEditorHistory(&editor, KI_LINE_HISTORY), NULL);
    /* Unknown sequences and control characters change nothing. */
    KiLineEditorStart(&editor);
    type("ab\x1b[5~\x1b[1;5Z\x07\t");
    CHECK_STR(editor.Line, "ab");
}

/* Random keys against a model of the line: the screen always shows it.
 * Inserting: how many of the draws in 32 insert a character (the second
 * run makes long lines, which scroll and fill up). */
static void random_keys(unsigned Inserting)
{
    static const char *const Keys[] = {"a",      "b",      "z",       " ",
                                       "\b",     "\x7f",   "\x1b[D",  "\x1b[C",
                                       "\x1b[H", "\x1b[F", "\x1b[3~", "\x01",
                                       "\x05",   "\x15",   "\x0b",    "\x04"};
    unsigned Seed = host_test_seed() + Inserting;
    char Model[KI_LINE_MAXIMUM + 1];
    size_t Length = 0, Cursor = 0;
    int Step;

    srand(Seed);
    start();
    Model[0] = '\0';
    for (Step = 0; Step < 200000; Step++) {
        const char *Key = (unsigned)rand() % 32 < Inserting
                              ? Keys[rand() % 4]
                              : Keys[rand() % (sizeof(Keys) / sizeof(Keys[0]))];

        type(Key);
        if (Key[1] == '\0' && Key[0] >= ' ' && Key[0] < 0x7f) {
            if (Length + 1 < KI_LINE_MAXIMUM) {
                memmove(Model + Cursor + 1, Model + Cursor,
                        Length - Cursor + 1);
                Model[Cursor++] = Key[0];
                Length++;
            }
        } else if ((Key[0] == '\b' || Key[0] == 0x7f) && Cursor > 0) {
            memmove(Model + Cursor - 1, Model + Cursor, Length - Cursor + 1);
            Cursor--;
            Length--;
        } else if (strcmp(Key, "\x1b[D") == 0 && Cursor > 0) {
            Cursor--;
        } else if (strcmp(Key, "\x1b[C") == 0 && Cursor < Length) {
            Cursor++;
        } else if (strcmp(Key, "\x1b[H") == 0 || Key[0] == 0x01) {
            Cursor = 0;
        } else if (strcmp(Key, "\x1b[F") == 0 || Key[0] == 0x05) {
            Cursor = Length;
        } else if ((strcmp(Key, "\x1b[3~") == 0 || Key[0] == 0x04) &&
                   Cursor < Length) {
            memmove(Model + Cursor, Model + Cursor + 1, Length - Cursor);
            Length--;
        } else if (Key[0] == 0x15) {
            memmove(Model, Model + Cursor, Length - Cursor + 1);
            Length -= Cursor;
            Cursor = 0;
        } else if (Key[0] == 0x0b) {
            Model[Cursor] = '\0';
            Length = Cursor;
        }
        CHECK_MSG(strcmp(editor.Line, Model) == 0 && editor.Cursor == Cursor,
                  "step %d: line '%s' cursor %u, model '%s' cursor %zu", Step,
                  editor.Line, (unsigned)editor.Cursor, Model, Cursor);
        CHECK_MSG(screen_matches(), "step %d: the screen differs", Step);
    }
}

static void random_keys_keep_screen_and_line(void)
{
    random_keys(0);
}

static void random_long_lines_keep_screen_and_line(void)
{
    random_keys(24);
}

int main(void)
{
    RUN(typing_and_enter);
    RUN(editing_keys);
    RUN(long_lines_scroll_and_a_full_one_is_too_long);
    RUN(stray_escapes_are_discarded);
    RUN(history_up_and_down);
    RUN(random_keys_keep_screen_and_line);
    RUN(random_long_lines_keep_screen_and_line);
    HOST_TEST_EXIT();
}
