/*
 * The shell's line editor (include/kernel/line_editor.h). The screen is
 * kept equal to Line with the terminal's cursor at Cursor: every edit
 * redraws from the first changed column to the old end, then steps back
 * with backspaces.
 */
#include "kernel/line_editor.h"
#include "ntrtl.h"

#define CONTROL(Letter) ((Letter)&0x1F)
#define ESCAPE 0x1B

enum { ESCAPE_NONE, ESCAPE_SEEN, ESCAPE_BRACKET, ESCAPE_O };

static void put_times(KI_LINE_EDITOR *Editor, CHAR Character, ULONG Count)
{
    while (Count-- > 0)
        Editor->Put(Character);
}

/* Draws Line from column From to the end, blanks what the old, longer
 * line had beyond it, and puts the terminal's cursor at Editor->Cursor
 * (the terminal's cursor is at From on entry). */
static void redraw_from(KI_LINE_EDITOR *Editor, ULONG From, ULONG OldLength)
{
    ULONG Index, End = Editor->Length;

    for (Index = From; Index < Editor->Length; Index++)
        Editor->Put(Editor->Line[Index]);
    if (OldLength > End) {
        put_times(Editor, ' ', OldLength - End);
        End = OldLength;
    }
    put_times(Editor, '\b', End - Editor->Cursor);
}

static void move_cursor(KI_LINE_EDITOR *Editor, ULONG To)
{
    if (To < Editor->Cursor) {
        put_times(Editor, '\b', Editor->Cursor - To);
    } else {
        while (Editor->Cursor < To)
            Editor->Put(Editor->Line[Editor->Cursor++]);
    }
    Editor->Cursor = To;
}

static void insert(KI_LINE_EDITOR *Editor, CHAR Character)
{
    ULONG At = Editor->Cursor;

    if (Editor->Length + 1 >= KI_LINE_MAXIMUM)
        return; /* full: the key is ignored */
    memmove(&Editor->Line[At + 1], &Editor->Line[At], Editor->Length - At + 1);
    Editor->Line[At] = Character;
    Editor->Length++;
    Editor->Cursor++;
    Editor->Put(Character);
    redraw_from(Editor, At + 1, Editor->Length);
}

/* Removes [From, To) with the cursor at From afterwards. */
static void cut(KI_LINE_EDITOR *Editor, ULONG From, ULONG To)
{
    ULONG OldLength = Editor->Length;

    if (From >= To)
        return;
    move_cursor(Editor, From);
    memmove(&Editor->Line[From], &Editor->Line[To], Editor->Length - To + 1);
    Editor->Length -= To - From;
    redraw_from(Editor, From, OldLength);
}

static void delete_at_cursor(KI_LINE_EDITOR *Editor)
{
    if (Editor->Cursor < Editor->Length)
        cut(Editor, Editor->Cursor, Editor->Cursor + 1);
}

/* Replaces the whole line with Text, cursor at its end. */
static void replace_line(KI_LINE_EDITOR *Editor, PCSTR Text)
{
    ULONG OldLength = Editor->Length;

    move_cursor(Editor, 0);
    Editor->Length = (ULONG)strlen(Text);
    memmove(Editor->Line, Text, Editor->Length + 1);
    Editor->Cursor = Editor->Length;
    redraw_from(Editor, 0, OldLength);
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
            move_cursor(Editor, Editor->Cursor + 1);
        break;
    case 'D':
        if (Editor->Cursor > 0)
            move_cursor(Editor, Editor->Cursor - 1);
        break;
    case 'H':
        move_cursor(Editor, 0);
        break;
    case 'F':
        move_cursor(Editor, Editor->Length);
        break;
    case '~':
        if (Editor->EscapeParameter == 1 || Editor->EscapeParameter == 7)
            move_cursor(Editor, 0);
        else if (Editor->EscapeParameter == 4 || Editor->EscapeParameter == 8)
            move_cursor(Editor, Editor->Length);
        else if (Editor->EscapeParameter == 3)
            delete_at_cursor(Editor);
        break;
    default: /* a sequence this editor does not know: ignored */
        break;
    }
}

/* TRUE when Character belonged to an escape sequence. */
static BOOLEAN take_escape(KI_LINE_EDITOR *Editor, CHAR Character)
{
    switch (Editor->EscapeState) {
    case ESCAPE_SEEN:
        Editor->EscapeState = Character == '['   ? ESCAPE_BRACKET
                              : Character == 'O' ? ESCAPE_O
                                                 : ESCAPE_NONE;
        Editor->EscapeParameter = 0;
        return TRUE;
    case ESCAPE_BRACKET:
        if (Character >= '0' && Character <= '9') {
            if (Editor->EscapeParameter < 100)
                Editor->EscapeParameter =
                    (UCHAR)(Editor->EscapeParameter * 10 + (Character - '0'));
            return TRUE;
        }
        if (Character == ';')
            return TRUE; /* modifiers (ESC [ 1 ; 5 C) are ignored */
        Editor->EscapeState = ESCAPE_NONE;
        escape_final(Editor, Character);
        return TRUE;
    case ESCAPE_O:
        Editor->EscapeState = ESCAPE_NONE;
        escape_final(Editor, Character);
        return TRUE;
    default:
        if (Character != ESCAPE)
            return FALSE;
        Editor->EscapeState = ESCAPE_SEEN;
        return TRUE;
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
    Editor->Browse = 0;
    Editor->EscapeState = ESCAPE_NONE;
}

KI_LINE_RESULT KiLineEditorInput(KI_LINE_EDITOR *Editor, CHAR Character)
{
    BOOLEAN AfterReturn = Editor->LastWasReturn;

    Editor->LastWasReturn = Character == '\r';
    if (take_escape(Editor, Character))
        return KiLineEditing;
    switch (Character) {
    case '\n':
        if (AfterReturn)
            return KiLineEditing; /* the LF of CR LF */
        /* fall through */
    case '\r':
        move_cursor(Editor, Editor->Length);
        Editor->Put('\n');
        remember(Editor);
        return KiLineDone;
    case CONTROL('C'):
        move_cursor(Editor, Editor->Length);
        Editor->Put('^');
        Editor->Put('C');
        Editor->Put('\n');
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
        move_cursor(Editor, 0);
        break;
    case CONTROL('E'):
        move_cursor(Editor, Editor->Length);
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
    return KiLineEditing;
}
