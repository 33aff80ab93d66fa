/*
 * Win32 path names as NT object names, the part of NT's
 * RtlDosPathNameToNtPathName_U that applies to a system with no current
 * directory and no drive letters of its own (pure: the host tests run it):
 *
 *   \\?\X          \??\X            the rest passed as it is
 *   \\.\X          \??\X            a device (the namespace's \?? link)
 *   \\server\s\X   \??\UNC\server\s\X
 *   C:\X, C:X      \??\C:\X         each drive's current directory is its root
 *   \X, X          \??\X            relative names are taken in \?? itself
 *
 * Except after \\?\, '/' is a separator as '\' is, empty and "."
 * components go, and ".." takes back the component before it but never
 * the root (nor a UNC name's server and share), as GetFullPathName does.
 * A trailing separator stays. The buffer must hold the name as written
 * up to each ".." (RtlDosPathNameToNtPathName_U's always does).
 */
#include "ntdll.h"

#define IS_SEPARATOR(Character) ((Character) == '\\' || (Character) == '/')

typedef struct _PATH_OUTPUT {
    PWSTR Buffer;
    ULONG Chars; /* the buffer's room, the terminator's included */
    ULONG Length;
    BOOLEAN Overflow;
} PATH_OUTPUT;

static VOID put(PATH_OUTPUT *Out, WCHAR Character)
{
    if (Out->Length + 1 < Out->Chars)
        Out->Buffer[Out->Length] = Character;
    else
        Out->Overflow = TRUE;
    Out->Length++;
}

static VOID put_ascii(PATH_OUTPUT *Out, const char *Text)
{
    while (*Text != 0)
        put(Out, (WCHAR)*Text++);
}

/* Appends Path's components after the root already in Out, resolving
 * "." and ".."; the first Kept components cannot be taken back. */
static VOID put_components(PATH_OUTPUT *Out, PCWSTR Path, ULONG Kept)
{
    ULONG Root = Out->Length, Count = 0, Start, End;
    BOOLEAN Trailing = FALSE;

    for (Start = 0; Path[Start] != 0; Start = End) {
        while (IS_SEPARATOR(Path[Start]))
            Start++;
        if (Path[Start] == 0) {
            Trailing = Start != 0;
            break;
        }
        for (End = Start; Path[End] != 0 && !IS_SEPARATOR(Path[End]); End++)
            ;
        if (End - Start == 1 && Path[Start] == '.')
            continue;
        if (End - Start == 2 && Path[Start] == '.' && Path[Start + 1] == '.') {
            if (Count <= Kept || Out->Overflow)
                continue;
            /* Back to the separator before the last component. */
            while (Out->Length > Root && Out->Buffer[Out->Length - 1] != '\\')
                Out->Length--;
            if (Out->Length > Root)
                Out->Length--;
            Count--;
            continue;
        }
        if (Out->Length > Root)
            put(Out, '\\');
        while (Start < End)
            put(Out, Path[Start++]);
        Count++;
    }
    if (Trailing && Out->Length > Root)
        put(Out, '\\');
}

NTSTATUS NTAPI RtlpDosPathNameToNtPathName(PCWSTR DosFileName, PWSTR Buffer,
                                           ULONG BufferChars, PULONG Length)
{
    PATH_OUTPUT Out = {Buffer, BufferChars, 0, FALSE};
    PCWSTR Path = DosFileName;

    *Length = 0;
    if (Path == NULL || Path[0] == 0)
        return STATUS_OBJECT_NAME_INVALID;
    put_ascii(&Out, "\\??\\");
    if (Path[0] == '\\' && Path[1] == '\\' && Path[2] == '?' &&
        Path[3] == '\\') {
        for (Path += 4; *Path != 0; Path++)
            put(&Out, *Path);
    } else if (IS_SEPARATOR(Path[0]) && IS_SEPARATOR(Path[1]) &&
               (Path[2] == '.' || Path[2] == '?') &&
               (IS_SEPARATOR(Path[3]) || Path[3] == 0)) {
        put_components(&Out, Path + 3, 0);
    } else if (IS_SEPARATOR(Path[0]) && IS_SEPARATOR(Path[1])) {
        put_ascii(&Out, "UNC\\");
        put_components(&Out, Path + 2, 2);
    } else if (Path[0] != 0 && Path[1] == ':') {
        put(&Out, Path[0]);
        put_ascii(&Out, ":\\");
        put_components(&Out, Path + 2, 0);
    } else {
        put_components(&Out, Path, 0);
    }
    if (Out.Overflow || BufferChars == 0)
        return STATUS_NAME_TOO_LONG;
    Buffer[Out.Length] = 0;
    *Length = Out.Length;
    return STATUS_SUCCESS;
}
