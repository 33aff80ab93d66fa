/*
 * The shell's line editor: characters in (from the console input queue,
 * so arrows arrive as VT100 sequences), echo out. It draws with only
 * printable characters and backspace, which the VGA console and a serial
 * terminal both understand as "one column left". Pure logic: the host
 * tests run it against a model terminal.
 *
 * Keys: printable characters insert at the cursor; Backspace/DEL delete
 * before it, Delete (ESC [ 3 ~) and Ctrl-D at it; Left/Right, Home/End,
 * Ctrl-A/Ctrl-E move; Ctrl-U and Ctrl-K cut to the start and the end; Up
 * and Down walk the history; Enter ends the line; Ctrl-C abandons it.
 * Escape sequences (CSI and SS3) are taken whole; an ESC that starts
 * none, and sequences the editor does not know, change nothing.
 */
#ifndef KERNEL_LINE_EDITOR_H
#define KERNEL_LINE_EDITOR_H

#include "ntdef.h"

/* A line holds up to 255 characters. On the screen it gets 75 columns
 * (with the four-character prompt a row of 80 never wraps, where
 * backspace could not go back up): a longer line scrolls sideways under
 * the cursor. Keys past the limit are refused, and Enter then reports the
 * line as too long instead of running what is left of it. */
#define KI_LINE_MAXIMUM 256
#define KI_LINE_WINDOW 75
#define KI_LINE_HISTORY 16

typedef enum _KI_LINE_RESULT {
    KiLineEditing,   /* more keys needed */
    KiLineDone,      /* Enter: Editor->Line holds the line */
    KiLineAbandoned, /* Ctrl-C: the line is dropped */
    KiLineTooLong,   /* Enter, but keys were refused: Line is cut short */
} KI_LINE_RESULT;

typedef struct _KI_LINE_EDITOR {
    CHAR Line[KI_LINE_MAXIMUM]; /* NUL terminated */
    ULONG Length;
    ULONG Cursor;
    BOOLEAN Overflowed; /* a key was refused since the line was empty */
    /* The screen: Line[Offset...] in the window, as last drawn (Shown),
     * and the terminal's cursor column within the window. */
    ULONG Offset;
    CHAR Shown[KI_LINE_WINDOW];
    ULONG ShownLength;
    ULONG Column;
    /* History, oldest first in a ring; Browse is how far back Up went
     * (0: the line being typed, kept in Draft meanwhile). */
    CHAR History[KI_LINE_HISTORY][KI_LINE_MAXIMUM];
    ULONG HistoryCount;
    ULONG HistoryNext; /* the slot the next line goes to */
    ULONG Browse;
    CHAR Draft[KI_LINE_MAXIMUM];
    UCHAR EscapeState;     /* where in an ESC [ ... sequence */
    UCHAR EscapeParameter; /* the first number in ESC [ n ~ */
    BOOLEAN LastWasReturn; /* CR LF is one Enter */
    VOID (*Put)(CHAR Character);
} KI_LINE_EDITOR;

VOID KiLineEditorInitialize(KI_LINE_EDITOR *Editor,
                            VOID (*Put)(CHAR Character));
/* An empty line, after the caller printed a prompt. */
VOID KiLineEditorStart(KI_LINE_EDITOR *Editor);
KI_LINE_RESULT KiLineEditorInput(KI_LINE_EDITOR *Editor, CHAR Character);
/* The Index-th most recent history entry (0: newest), or NULL. */
PCSTR KiLineEditorHistory(const KI_LINE_EDITOR *Editor, ULONG Index);

#endif
