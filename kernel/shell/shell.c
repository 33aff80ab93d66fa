/*
 * The shell's loop: a prompt, a line from the editor, the command's
 * output; on the VGA console and the serial line at once (DbgPrint
 * writes both, and both keyboards feed one input queue). It runs at
 * PASSIVE_LEVEL on the boot stack, halting between keys.
 */
#include "kernel/shell.h"
#include "kernel/console.h"
#include "kernel/line_editor.h"

#define SHELL_TAG 'lehS' /* "Shel" */

static BOOLEAN help(ULONG Argc, PCHAR Argv[]);

static const KI_SHELL_COMMAND commands[] = {
    {"help", "", "this list", help},
    {"mem", "", "physical memory, pool pages, page lists, commit, page file",
     KiShellMem},
    {"ws", "",
     "each process's pages (resident, trimmed, paged out), tables out",
     KiShellWorkingSets},
    {"pool", "[TAG|ADDRESS]",
     "use per tag (? and * match) or the block at ADDRESS", KiShellPool},
    {"lookaside", "", "lookaside lists: size, depth, hits, misses",
     KiShellLookaside},
    {"pte", "ADDRESS", "the walk CR3 -> PDE -> PTE -> frame, decoded",
     KiShellPte},
    {"vad", "[PID]", "a process's regions (the current one's by default)",
     KiShellSpace},
    {"space", "[PID]", "the same as vad", KiShellSpace},
    {"irql", "", "IRQL, HAL, pending work, ticks, interrupts", KiShellIrql},
    {"threads", "", "every thread: state, priority, wait, stack, ticks",
     KiShellThreads},
    {"thread", "ID", "one thread's wait blocks and backtrace", KiShellThread},
    {"run", "PROGRAM [ARGS]",
     "start a program from \\SystemRoot, wait (Ctrl-C ends it)", KiShellRun},
    {"start", "PROGRAM [ARGS]",
     "start a program and return at once; its exit is told later",
     KiShellStart},
    {"ps", "", "every process: id, parent, threads, state, name", KiShellPs},
    {"kill", "PID", "end a process", KiShellKill},
    {"handles", "[PID]", "a process's handles (the system's by default)",
     KiShellHandles},
    {"objdir", "[PATH]", "an object directory's entries and their types",
     KiShellObjectDirectory},
    {"ver", "", "version, loader, processor, console", KiShellVer},
    {"load", "NAME",
     "load \\SystemRoot\\NAME.sys as \\Driver\\NAME (NtLoadDriver)",
     KiShellLoad},
    {"unload", "NAME", "unload a driver (NtUnloadDriver)", KiShellUnload},
    {"verifier", "[/add NAME|/remove NAME|/flags HEX|NAME]",
     "Driver Verifier: flags, drivers, counters; a driver's live blocks",
     KiShellVerifier},
    {"lm", "", "loaded kernel images: start, end, name (WinDbg's lm)",
     KiShellModules},
    {"alloc", "TYPE SIZE TAG", "allocate pool (TYPE: np, p, NonPagedPool, ...)",
     KiShellAlloc},
    {"free", "ADDRESS", "free a block alloc made (alloc lists them)",
     KiShellFree},
    {"test", "[NAME[,NAME...]]", "the kernel suite, or the tests named",
     KiShellTest},
    {"bugcheck", "CODE [P1..P4]", "KeBugCheckEx: the stop screen",
     KiShellBugCheck},
    {"reboot", "", "restart the machine", KiShellReboot},
    {"halt", "", "stop the processor", KiShellHalt},
};

/* Each command line is worked on in a buffer from a lookaside list, as a
 * driver would for a fixed-size request: `lookaside` shows it hit. */
typedef struct _SHELL_WORK {
    CHAR Text[KI_LINE_MAXIMUM];
    PCHAR Argv[KI_SHELL_MAXIMUM_ARGUMENTS];
} SHELL_WORK;

static NPAGED_LOOKASIDE_LIST work_lookaside;
static BOOLEAN work_lookaside_ready;
static KI_LINE_EDITOR editor;

static BOOLEAN help(ULONG Argc, PCHAR Argv[])
{
    ULONG Index;

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    DbgPrint("Commands (addresses and codes in hex, sizes in decimal; 0x "
             "for hex):\n");
    for (Index = 0; Index < ARRAYSIZE(commands); Index++)
        DbgPrint("  %-9s %-16s %s\n", commands[Index].Name,
                 commands[Index].Arguments, commands[Index].Help);
    DbgPrint("Keys: Up/Down history, Left/Right/Home/End, Backspace/Delete, "
             "Ctrl-U/K cut, Ctrl-C drops the line.\n");
    DbgPrint("Lines hold up to %lu characters; longer than the screen, they "
             "scroll. Commands are not case-sensitive.\n",
             (ULONG)KI_LINE_MAXIMUM - 1);
    return TRUE;
}

static const KI_SHELL_COMMAND *find_command(PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(commands); Index++) {
        if (KiShellEqualIgnoringCase(commands[Index].Name, Name))
            return &commands[Index];
    }
    return NULL;
}

/* Runs one command line (the editor's: shorter than KI_LINE_MAXIMUM). */
static void execute(PCSTR Line)
{
    const KI_SHELL_COMMAND *Command;
    SHELL_WORK *Work;
    ULONG Argc, Length = (ULONG)strlen(Line);

    if (!work_lookaside_ready) {
        ExInitializeNPagedLookasideList(&work_lookaside, NULL, NULL, 0,
                                        sizeof(SHELL_WORK), SHELL_TAG, 0);
        work_lookaside_ready = TRUE;
    }
    Work = ExAllocateFromNPagedLookasideList(&work_lookaside);
    if (Work == NULL) {
        DbgPrint("No memory for the command line.\n");
        return;
    }
    RtlCopyMemory(Work->Text, Line, Length + 1);
    Argc = KiShellSplit(Work->Text, Work->Argv, KI_SHELL_MAXIMUM_ARGUMENTS);
    if (Argc > KI_SHELL_MAXIMUM_ARGUMENTS) {
        DbgPrint("Too many words (%lu at most).\n",
                 (ULONG)KI_SHELL_MAXIMUM_ARGUMENTS);
    } else if (Argc > 0) {
        Command = find_command(Work->Argv[0]);
        if (Command == NULL)
            DbgPrint("Unknown command '%s'; 'help' lists them.\n",
                     Work->Argv[0]);
        else if (!Command->Run(Argc, Work->Argv))
            DbgPrint("usage: %s %s\n", Command->Name, Command->Arguments);
    }
    ExFreeToNPagedLookasideList(&work_lookaside, Work);
}

/* A key, halting between interrupts; the VGA cursor shows where it
 * will go. */
static CHAR read_key(VOID)
{
    CHAR Character;

    KiConsoleSyncCursor();
    while (!KiConsoleInputWait(&Character, 1000))
        ;
    return Character;
}

/* Input that arrived faster than the shell read it and did not fit the
 * queue is gone: say so once, before the next prompt. */
static void report_lost_input(VOID)
{
    static ULONG reported;
    ULONG Dropped = KiConsoleInputDropped;

    if (Dropped == reported)
        return;
    DbgPrint("(%lu characters of input were lost: more came than the "
             "%lu-character input queue holds)\n",
             Dropped - reported, (ULONG)KI_CONSOLE_INPUT_QUEUE_SIZE);
    reported = Dropped;
}

VOID KiRunShell(VOID)
{
    KI_LINE_RESULT Result;

    ASSERT(KeGetCurrentIrql() == PASSIVE_LEVEL);
    KiLineEditorInitialize(&editor, KiConsolePutChar);
    DbgPrint("Type 'help' for the shell's commands.\n");
    for (;;) {
        report_lost_input();
        KiShellReportEndedProcesses();
        DbgPrint(KI_SHELL_PROMPT);
        KiLineEditorStart(&editor);
        do {
            Result = KiLineEditorInput(&editor, read_key());
        } while (Result == KiLineEditing);
        if (Result == KiLineDone)
            execute(editor.Line);
        else if (Result == KiLineTooLong)
            DbgPrint("The line is too long (%lu characters at most); it was "
                     "not run.\n",
                     (ULONG)KI_LINE_MAXIMUM - 1);
    }
}
