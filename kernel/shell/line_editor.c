/*
 * The shell's line editor (include/kernel/line_editor.h). Every key
 * changes Line and Cursor; refresh() then brings the screen up to date:
 * it picks the part of the line the window shows (scrolling sideways when
 * the cursor leaves it), compares it with what the window shows now, and
 * redraws from the first difference, blanking what is left of the old
 * text, then steps the terminal's cursor to its place.
 */
#include "kernel/line_editor.h"
#include "ntrtl.h"

#define CONTROL(Letter) ((Letter)&0x1F)
#define ESCAPE 0x1B
/* How far the window jumps when the cursor leaves it, so that typing on
 * at the edge does not redraw at every key. */
#define SCROLL_JUMP (KI_LINE_WINDOW / 3)

enum {
    ESCAPE_NONE,
    ESCAPE_SEEN,         /* ESC */
    ESCAPE_BRACKET,      /* ESC [, reading the first parameter */
    ESCAPE_BRACKET_REST, /* after a ';': further parameters are ignored */
    ESCAPE_O,            /* ESC O (SS3) */
};

static void put_times(KI_LINE_EDITOR *Editor, CHAR Character, ULONG Count)
{
    while (Count-- > 0)
        Editor->Put(Character);
}

/* The first column of the line the window shows: the cursor inside it,
 * and no hidden text to the left while there is room on the right. */
static ULONG window_offset(const KI_LINE_EDITOR *Editor)
{
    ULONG Offset = Editor->Offset;

    if (Editor->Cursor < Offset)
        Offset =
            Editor->Cursor > SCROLL_JUMP ? Editor->Cursor - SCROLL_JUMP : 0;
    else if (Editor->Cursor >= Offset + KI_LINE_WINDOW)
        Offset = Editor->Cursor - (KI_LINE_WINDOW - 1) + SCROLL_JUMP;
    if (Editor->Length + 1 < KI_LINE_WINDOW)
        Offset = 0;
    else if (Offset > Editor->Length + 1 - KI_LINE_WINDOW)
        Offset = Editor->Length + 1 - KI_LINE_WINDOW;
    return Offset;
}

/* Moves the terminal's cursor to Column (of the window); rightwards by
 * writing again what is shown there. */
static void move_column(KI_LINE_EDITOR *Editor, ULONG Column)
{
    if (Column < Editor->Column)
        put_times(Editor, '\b', Editor->Column - Column);
    while (Editor->Column < Column)
        Editor->Put(Editor->Shown[Editor->Column++]);
    Editor->Column = Column;
}

static void refresh(KI_LINE_EDITOR *Editor)
{
    ULONG Offset = window_offset(Editor), Length, From = 0, Index;
    PCSTR View;

    Editor->Offset = Offset;
    View = &Editor->Line[Offset];
    Length = Editor->Length - Offset;
    if (Length > KI_LINE_WINDOW)
        Length = KI_LINE_WINDOW;
    while (From < Length && From < Editor->ShownLength &&
           Editor->Shown[From] == View[From])
        From++;
    if (From < Length || From < Editor->ShownLength) {
        move_column(Editor, From);
        for (Index = From; Index < Length; Index++)
            Editor->Put(Editor->Shown[Index] = View[Index]);
        if (Editor->ShownLength > Length)
            put_times(Editor, ' ', Editor->ShownLength - Length);
        Editor->Column =
            Editor->ShownLength > Length ? Editor->ShownLength : Length;
        Editor->ShownLength = Length;
    }
    move_column(Editor, Editor->Cursor - Offset);
}

static void insert(KI_LINE_EDITOR *Editor, CHAR Character)
{
    ULONG At = Editor->Cursor;

    if (Editor->Length + 1 >= KI_LINE_MAXIMUM) {
        Editor->Overflowed = TRUE; /* Enter will say the line is too long */
        return;
    }
    memmove(&Editor->Line[At + 1], &Editor->Line[At], Editor->Length - At + 1);
    Editor->Line[At] = Character;
    Editor->Length++;
    Editor->Cursor++;
}

/* Removes [From, To) with the cursor at From afterwards. */
static void cut(KI_LINE_EDITOR *Editor, ULONG From, ULONG To)
{
    if (From >= To)
        return;
    memmove(&Editor->Line[From], &Editor->Line[To], Editor->Length - To + 1);
    Editor->Length -= To - From;
    Editor->Cursor = From;
    if (Editor->Length == 0)
        Editor->Overflowed = FALSE; /* nothing left of what was refused */
}

static void delete_at_cursor(KI_LINE_EDITOR *Editor)
{
    if (Editor->Cursor < Editor->Length)
        cut(Editor, Editor->Cursor, Editor->Cursor + 1);
}

/* Replaces the whole line with Text, cursor at its end. */
static void replace_line(KI_LINE_EDITOR *Editor, PCSTR Text)
{
    Editor->Length = (ULONG)strlen(Text);
    memmove(Editor->Line, Text, Editor->Length + 1);
    Editor->Cursor = Editor->Length;
    Editor->Overflowed = FALSE;
}

PCSTR KiLineEditorHistory(const KI_LINE_EDITOR *Editor, ULONG Index)
{
    if (Index >= Editor->HistoryCount)
        return NULL;
    return Editor->History[(Editor->HistoryNext + KI_LINE_HISTORY - 1 - Index) %
                           KI_LINE_HISTORY];
}

static void browse(KI_LINE_EDITOR *Editor, ULONG To)
{
    if (To > Editor->HistoryCount || To == Editor->Browse)
        return;
    if (Editor->Browse == 0)
        memcpy(Editor->Draft, Editor->Line, Editor->Length + 1);
    Editor->Browse = To;
    replace_line(Editor,
                 To == 0 ? Editor->Draft : KiLineEditorHistory(Editor, To - 1));
}

/* A finished line joins the history unless it is blank or repeats the
 * newest entry (as bash's ignoredups). */
static void remember(KI_LINE_EDITOR *Editor)
{
    PCSTR Newest = KiLineEditorHistory(Editor, 0);
    ULONG Index;

    for (Index = 0; Index < Editor->Length && Editor->Line[Index] == ' ';
         Index++)
        ;
    if (Index == Editor->Length ||
        (Newest != NULL && strcmp(Newest, Editor->Line) == 0))
        return;
    memcpy(Editor->History[Editor->HistoryNext], Editor->Line,
           Editor->Length + 1);
    Editor->HistoryNext = (Editor->HistoryNext + 1) % KI_LINE_HISTORY;
    if (Editor->HistoryCount < KI_LINE_HISTORY)
        Editor->HistoryCount++;
}

/* The last byte of an escape sequence: ESC [ A..D/H/F, ESC O H/F,
 * ESC [ n ~ (1 and 7 Home, 4 and 8 End, 3 Delete). */
static void escape_final(KI_LINE_EDITOR *Editor, CHAR Final)
{
    switch (Final) {
    case 'A':
        browse(Editor, Editor->Browse + 1);
        break;
    case 'B':
        if (Editor->Browse > 0)
            browse(Editor, Editor->Browse - 1);
        break;
    case 'C':
        if (Editor->Cursor < Editor->Length)
            Editor->Cursor++;
        break;
    case 'D':
        if (Editor->Cursor > 0)
            Editor->Cursor--;
        break;
    case 'H':
        Editor->Cursor = 0;
        break;
    case 'F':
        Editor->Cursor = Editor->Length;
        break;
    case '~':
        if (Editor->EscapeParameter == 1 || Editor->EscapeParameter == 7)
            Editor->Cursor = 0;
        else if (Editor->EscapeParameter == 4 || Editor->EscapeParameter == 8)
            Editor->Cursor = Editor->Length;
        else if (Editor->EscapeParameter == 3)
            delete_at_cursor(Editor);
        break;
    default: /* a sequence this editor does not know: ignored */
        break;
    }
}

/* TRUE when Character belonged to an escape sequence. A byte that cannot
 * continue the sequence (a control character) ends it unfinished and is
 * taken as itself; ESC starts a new one. */
static BOOLEAN take_escape(KI_LINE_EDITOR *Editor, CHAR Character)
{
    UCHAR Byte = (UCHAR)Character;

    if (Byte == ESCAPE) {
        Editor->EscapeState = ESCAPE_SEEN;
        return TRUE;
    }
    switch (Editor->EscapeState) {
    case ESCAPE_SEEN:
        Editor->EscapeParameter = 0;
        if (Byte == '[') {
            Editor->EscapeState = ESCAPE_BRACKET;
            return TRUE;
        }
        if (Byte == 'O') {
            Editor->EscapeState = ESCAPE_O;
            return TRUE;
        }
        Editor->EscapeState = ESCAPE_NONE; /* a stray ESC: dropped */
        return FALSE;
    case ESCAPE_BRACKET:
    case ESCAPE_BRACKET_REST:
        if (Byte >= '0' && Byte <= '9') {
            if (Editor->EscapeState == ESCAPE_BRACKET &&
                Editor->EscapeParameter < 100)
                Editor->EscapeParameter =
                    (UCHAR)(Editor->EscapeParameter * 10 + (Byte - '0'));
            return TRUE;
        }
        if (Byte >= 0x20 && Byte <= 0x3F) { /* ; < = > ? and intermediates */
            if (Byte == ';')
                Editor->EscapeState = ESCAPE_BRACKET_REST;
            return TRUE;
        }
        /* the final byte */
        /* fall through */
    case ESCAPE_O:
        Editor->EscapeState = ESCAPE_NONE;
        if (Byte < 0x40 || Byte > 0x7E)
            return FALSE; /* not a final byte: the sequence is abandoned */
        escape_final(Editor, Character);
        return TRUE;
    default:
        return FALSE;
    }
}

VOID KiLineEditorInitialize(KI_LINE_EDITOR *Editor, VOID (*Put)(CHAR Character))
{
    memset(Editor, 0, sizeof(*Editor));
    Editor->Put = Put;
}

VOID KiLineEditorStart(KI_LINE_EDITOR *Editor)
{
    Editor->Line[0] = '\0';
    Editor->Length = Editor->Cursor = 0;
    Editor->Overflowed = FALSE;
    Editor->Offset = Editor->ShownLength = Editor->Column = 0;
    Editor->Browse = 0;
    Editor->EscapeState = ESCAPE_NONE;
}

/* Enter and Ctrl-C: the cursor to the end of the line, then Text. */
static void finish(KI_LINE_EDITOR *Editor, PCSTR Text)
{
    Editor->Cursor = Editor->Length;
    refresh(Editor);
    while (*Text != '\0')
        Editor->Put(*Text++);
}

KI_LINE_RESULT KiLineEditorInput(KI_LINE_EDITOR *Editor, CHAR Character)
{
    BOOLEAN AfterReturn = Editor->LastWasReturn;

    Editor->LastWasReturn = Character == '\r';
    if (take_escape(Editor, Character)) {
        refresh(Editor);
        return KiLineEditing;
    }
    switch (Character) {
    case '\n':
        if (AfterReturn)
            return KiLineEditing; /* the LF of CR LF */
        /* fall through */
    case '\r':
        finish(Editor, "\n");
        remember(Editor);
        return Editor->Overflowed ? KiLineTooLong : KiLineDone;
    case CONTROL('C'):
        finish(Editor, "^C\n");
        return KiLineAbandoned;
    case '\b':
    case 0x7F:
        if (Editor->Cursor > 0)
            cut(Editor, Editor->Cursor - 1, Editor->Cursor);
        break;
    case CONTROL('D'):
        delete_at_cursor(Editor);
        break;
    case CONTROL('A'):
        Editor->Cursor = 0;
        break;
    case CONTROL('E'):
        Editor->Cursor = Editor->Length;
        break;
    case CONTROL('U'):
        cut(Editor, 0, Editor->Cursor);
        break;
    case CONTROL('K'):
        cut(Editor, Editor->Cursor, Editor->Length);
        break;
    case CONTROL('P'):
        escape_final(Editor, 'A');
        break;
    case CONTROL('N'):
        escape_final(Editor, 'B');
        break;
    default:
        if (Character >= ' ' && Character < 0x7F)
            insert(Editor, Character);
        break; /* other control characters: ignored */
    }
    refresh(Editor);
    return KiLineEditing;
}
