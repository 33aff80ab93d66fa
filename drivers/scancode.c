/*
 * PS/2 scan code set 1 (what the i8042 delivers with translation on) to
 * characters, US layout. Shift, Control and Caps Lock are tracked; the
 * arrows become the VT100 sequences a serial terminal sends, so the shell
 * reads one kind of input from both devices. Pure: also built for the host.
 */
#include "kernel/console.h"

#define BREAK 0x80
#define PREFIX_EXTENDED 0xE0
#define CODE_CONTROL 0x1D
#define CODE_LEFT_SHIFT 0x2A
#define CODE_RIGHT_SHIFT 0x36
#define CODE_CAPS_LOCK 0x3A
#define TABLE_SIZE 0x3A

static const CHAR plain[TABLE_SIZE] = {
    0,   0x1B, '1',  '2',  '3',  '4', '5', '6',  '7', '8', '9', '0',
    '-', '=',  '\b', '\t', 'q',  'w', 'e', 'r',  't', 'y', 'u', 'i',
    'o', 'p',  '[',  ']',  '\n', 0,   'a', 's',  'd', 'f', 'g', 'h',
    'j', 'k',  'l',  ';',  '\'', '`', 0,   '\\', 'z', 'x', 'c', 'v',
    'b', 'n',  'm',  ',',  '.',  '/', 0,   '*',  0,   ' '};

static const CHAR shifted[TABLE_SIZE] = {
    0,   0x1B, '!',  '@',  '#',  '$', '%', '^', '&', '*', '(', ')',
    '_', '+',  '\b', '\t', 'Q',  'W', 'E', 'R', 'T', 'Y', 'U', 'I',
    'O', 'P',  '{',  '}',  '\n', 0,   'A', 'S', 'D', 'F', 'G', 'H',
    'J', 'K',  'L',  ':',  '"',  '~', 0,   '|', 'Z', 'X', 'C', 'V',
    'B', 'N',  'M',  '<',  '>',  '?', 0,   '*', 0,   ' '};

static BOOLEAN is_letter(CHAR Character)
{
    return (Character >= 'a' && Character <= 'z') ||
           (Character >= 'A' && Character <= 'Z');
}

static VOID put_sequence(CHAR Final, VOID (*Put)(CHAR Character))
{
    Put(0x1B);
    Put('[');
    Put(Final);
}

static VOID translate_extended(KEYBOARD_STATE *State, UCHAR Code,
                               VOID (*Put)(CHAR Character))
{
    BOOLEAN Released = (Code & BREAK) != 0;

    Code &= (UCHAR)~BREAK;
    if (Code == CODE_CONTROL) { /* the right Control key */
        State->Control = !Released;
        return;
    }
    if (Released)
        return;
    switch (Code) {
    case 0x48:
        put_sequence('A', Put);
        break;
    case 0x50:
        put_sequence('B', Put);
        break;
    case 0x4D:
        put_sequence('C', Put);
        break;
    case 0x4B:
        put_sequence('D', Put);
        break;
    case 0x47: /* Home, End, Delete: as a VT220 terminal sends them */
        put_sequence('H', Put);
        break;
    case 0x4F:
        put_sequence('F', Put);
        break;
    case 0x53:
        put_sequence('3', Put);
        Put('~');
        break;
    case 0x1C: /* keypad Enter */
        Put('\n');
        break;
    case 0x35: /* keypad slash */
        Put('/');
        break;
    default: /* E0 2A and friends: the fake shifts some keys send */
        break;
    }
}

VOID HaliTranslateScanCode(KEYBOARD_STATE *State, UCHAR ScanCode,
                           VOID (*Put)(CHAR Character))
{
    BOOLEAN Released = (ScanCode & BREAK) != 0;
    UCHAR Code = (UCHAR)(ScanCode & ~BREAK);
    BOOLEAN Shift;
    CHAR Character;

    if (ScanCode == PREFIX_EXTENDED) {
        State->Extended = TRUE;
        return;
    }
    if (State->Extended) {
        State->Extended = FALSE;
        translate_extended(State, ScanCode, Put);
        return;
    }
    switch (Code) {
    case CODE_LEFT_SHIFT:
        State->Shift[0] = !Released;
        return;
    case CODE_RIGHT_SHIFT:
        State->Shift[1] = !Released;
        return;
    case CODE_CONTROL:
        State->Control = !Released;
        return;
    case CODE_CAPS_LOCK:
        if (!Released)
            State->CapsLock = !State->CapsLock;
        return;
    default:
        break;
    }
    if (Released || Code >= TABLE_SIZE)
        return;
    Shift = State->Shift[0] || State->Shift[1];
    Character = Shift ? shifted[Code] : plain[Code];
    if (Character == 0)
        return;
    if (State->CapsLock && is_letter(Character))
        Character = (CHAR)(Character ^ 0x20); /* the other case */
    if (State->Control &&
        (is_letter(Character) || (Character >= '@' && Character <= '_')))
        Character = (CHAR)(Character & 0x1F);
    Put(Character);
}
