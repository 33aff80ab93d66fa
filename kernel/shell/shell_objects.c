/*
 * The shell's view of the object manager: `handles`, the system process's
 * handle table as WinDbg's !handle lists it (value, object, type, granted
 * access, name), and `objdir [PATH]`, a directory's entries with their
 * types as WinObj shows them (a symbolic link with its target, a boot
 * file under \SystemRoot with its size). Rows are gathered with the
 * objects referenced, then printed.
 */
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/shell.h"

#define MAXIMUM_ROWS 128
#define TEXT_LENGTH 96

typedef struct _OBJECT_ROW {
    PVOID Object; /* referenced */
    HANDLE Handle;
    ACCESS_MASK Access;
} OBJECT_ROW;

typedef struct _ROWS {
    OBJECT_ROW Row[MAXIMUM_ROWS];
    ULONG Count, Missed;
} ROWS;

static ROWS rows; /* one command at a time: the shell's thread */

/* UTF-16 to the console's characters: '?' for what is not ASCII. */
static VOID to_text(PCUNICODE_STRING String, PCHAR Text, ULONG Size)
{
    ULONG Index, Length = String->Length / sizeof(WCHAR);

    for (Index = 0; Index < Length && Index + 1 < Size; Index++) {
        WCHAR Char = String->Buffer[Index];

        Text[Index] = Char >= 0x20 && Char < 0x7F ? (CHAR)Char : '?';
    }
    Text[Index] = 0;
}

static VOID type_text(PVOID Object, PCHAR Text)
{
    to_text(&OBJECT_TO_OBJECT_HEADER(Object)->Type->Name, Text, 24);
}

static VOID full_name_text(PVOID Object, PCHAR Text)
{
    WCHAR Buffer[TEXT_LENGTH];
    UNICODE_STRING Name;
    ULONG Length;

    ObpAcquireNamespaceShared();
    Length = ObpQueryFullName(Object, Buffer, sizeof(Buffer));
    ObpReleaseNamespace();
    if (Length > sizeof(Buffer))
        Length = 0; /* too long for the line */
    Name.Buffer = Buffer;
    Name.Length = Name.MaximumLength = (USHORT)Length;
    to_text(&Name, Text, TEXT_LENGTH);
}

static VOID add_handle(HANDLE Handle, const HANDLE_TABLE_ENTRY *Entry,
                       PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    if (rows.Count == MAXIMUM_ROWS) {
        rows.Missed++;
        return;
    }
    ObfReferenceObject(Entry->Object);
    rows.Row[rows.Count].Object = Entry->Object;
    rows.Row[rows.Count].Handle = Handle;
    rows.Row[rows.Count].Access = Entry->GrantedAccess;
    rows.Count++;
}

/* The process a shell command names by id (referenced), or the system
 * process when it names none; NULL after saying why. */
PEPROCESS KiShellProcessArgument(ULONG Argc, PCHAR Argv[])
{
    PEPROCESS Process = PsInitialSystemProcess;
    ULONG Id;

    if (Argc == 1) {
        ObfReferenceObject(Process);
        return Process;
    }
    if (!KiShellParseNumber(Argv[1], 10, &Id) ||
        !NT_SUCCESS(
            PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Id, &Process))) {
        DbgPrint("no process %s ('ps' lists them)\n", Argv[1]);
        return NULL;
    }
    return Process;
}

BOOLEAN KiShellHandles(ULONG Argc, PCHAR Argv[])
{
    CHAR Type[24], Name[TEXT_LENGTH];
    PEPROCESS Process;
    ULONG Index;

    if (Argc > 2)
        return FALSE;
    Process = KiShellProcessArgument(Argc, Argv);
    if (Process == NULL)
        return TRUE;
    rows.Count = rows.Missed = 0;
    if (Process->ObjectTable != NULL) /* NULL once the process has ended */
        ObpEnumerateHandles(Process->ObjectTable, add_handle, NULL);
    DbgPrint("Handle   Object   Type         Access   Name\n");
    for (Index = 0; Index < rows.Count; Index++) {
        OBJECT_ROW *Row = &rows.Row[Index];

        type_text(Row->Object, Type);
        full_name_text(Row->Object, Name);
        DbgPrint("%08lx %p %-12s %08lx %s\n", (ULONG)(ULONG_PTR)Row->Handle,
                 Row->Object, Type, Row->Access, Name);
        ObfDereferenceObject(Row->Object);
    }
    DbgPrint("%lu handle(s) in the table of process %lu (%s)%s%s\n",
             rows.Count + rows.Missed,
             (ULONG)(ULONG_PTR)Process->UniqueProcessId, Process->ImageFileName,
             rows.Missed ? " (not all shown)" : "",
             Process == PsInitialSystemProcess
                 ? "; kernel handles are these values with the top bit set"
                 : "");
    ObfDereferenceObject(Process);
    return TRUE;
}

static VOID add_entry(PVOID Object, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    if (rows.Count == MAXIMUM_ROWS) {
        rows.Missed++;
        return;
    }
    ObfReferenceObject(Object);
    rows.Row[rows.Count++].Object = Object;
}

static VOID print_entry(PVOID Object)
{
    POBJECT_HEADER_NAME_INFO NameInfo =
        OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(Object));
    CHAR Type[24], Name[TEXT_LENGTH], Target[TEXT_LENGTH];

    type_text(Object, Type);
    to_text(&NameInfo->Name, Name, sizeof(Name));
    if (OBJECT_TO_OBJECT_HEADER(Object)->Type == ObpSymbolicLinkObjectType) {
        to_text(&((POBJECT_SYMBOLIC_LINK)Object)->LinkTarget, Target,
                sizeof(Target));
        DbgPrint("  %-24s %-12s -> %s\n", Name, Type, Target);
    } else if (OBJECT_TO_OBJECT_HEADER(Object)->Type == MiBootFileType) {
        DbgPrint("  %-24s %-12s %lu bytes\n", Name, Type,
                 (ULONG)((PMI_BOOT_FILE)Object)->Size);
    } else {
        DbgPrint("  %-24s %s\n", Name, Type);
    }
}

BOOLEAN KiShellObjectDirectory(ULONG Argc, PCHAR Argv[])
{
    WCHAR Path[TEXT_LENGTH];
    CHAR Text[TEXT_LENGTH];
    UNICODE_STRING Name;
    PVOID Object;
    NTSTATUS Status;
    ULONG Index;
    PCSTR Given = Argc > 1 ? Argv[1] : "\\";

    if (Argc > 2 || strlen(Given) >= TEXT_LENGTH)
        return FALSE;
    for (Index = 0; Given[Index] != 0; Index++)
        Path[Index] = (UCHAR)Given[Index];
    Name.Buffer = Path;
    Name.Length = Name.MaximumLength = (USHORT)(Index * sizeof(WCHAR));
    Status = ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0, NULL,
                                     KernelMode, NULL, &Object);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("%s: not found (status %08lx)\n", Given, (ULONG)Status);
        return TRUE;
    }
    full_name_text(Object, Text);
    if (OBJECT_TO_OBJECT_HEADER(Object)->Type != ObpDirectoryObjectType) {
        CHAR Type[24];

        type_text(Object, Type);
        DbgPrint("%s is a %s, not a directory\n", Text, Type);
        ObfDereferenceObject(Object);
        return TRUE;
    }
    rows.Count = rows.Missed = 0;
    ObpAcquireNamespaceShared();
    ObpEnumerateDirectory(Object, add_entry, NULL);
    ObpReleaseNamespace();
    DbgPrint("Directory %s\n", Text);
    for (Index = 0; Index < rows.Count; Index++) {
        print_entry(rows.Row[Index].Object);
        ObfDereferenceObject(rows.Row[Index].Object);
    }
    DbgPrint("%lu object(s)%s\n", rows.Count + rows.Missed,
             rows.Missed ? " (not all shown)" : "");
    ObfDereferenceObject(Object);
    return TRUE;
}
