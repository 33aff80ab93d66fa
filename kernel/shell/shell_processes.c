/*
 * The shell's processes: `run PROGRAM [ARGS]` starts a program from the
 * boot files under \SystemRoot and waits for it (Ctrl-C ends it, as a
 * console's Ctrl-C ends a program with STATUS_CONTROL_C_EXIT); `start`
 * starts one the same way and returns at once, as cmd.exe's `start`,
 * the shell keeping a reference until it reports the exit (before a
 * prompt, or in `kill`); `ps` lists every process, `kill PID` ends one.
 */
#include "kernel/console.h"
#include "kernel/loader.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/shell.h"

#define COMMAND_LINE_LENGTH 256
#define CTRL_C 0x03

/* PROGRAM, with ".exe" added when it names no extension. */
static BOOLEAN image_name(PCSTR Program, PCHAR Name, ULONG Size)
{
    ULONG Length = 0;
    BOOLEAN Dot = FALSE;

    for (; Program[Length] != '\0'; Length++) {
        if (Length + 5 >= Size)
            return FALSE;
        Name[Length] = Program[Length];
        Dot |= Program[Length] == '.';
    }
    Name[Length] = '\0';
    if (!Dot)
        RtlCopyMemory(Name + Length, ".exe", 5);
    return Length != 0;
}

/* The words as typed, one space between. */
static BOOLEAN command_line(ULONG Argc, PCHAR Argv[], PCHAR Line, ULONG Size)
{
    ULONG Used = 0, Index, Char;

    for (Index = 0; Index < Argc; Index++) {
        if (Index != 0) {
            if (Used + 1 >= Size)
                return FALSE;
            Line[Used++] = ' ';
        }
        for (Char = 0; Argv[Index][Char] != '\0'; Char++) {
            if (Used + 1 >= Size)
                return FALSE;
            Line[Used++] = Argv[Index][Char];
        }
    }
    Line[Used] = '\0';
    return TRUE;
}

/* Processes `start` started whose exit the shell has not yet reported,
 * each referenced. Only the shell's thread touches the table. */
#define STARTED_MAXIMUM 16
static PEPROCESS started[STARTED_MAXIMUM];

static VOID print_exit_line(PEPROCESS Process)
{
    DbgPrint("%s (process %lu) exited with status 0x%08lx\n",
             Process->ImageFileName, (ULONG)(ULONG_PTR)Process->UniqueProcessId,
             (ULONG)Process->ExitStatus);
}

static BOOLEAN has_ended(PEPROCESS Process)
{
    LARGE_INTEGER Now = {.QuadPart = 0};

    return KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Now) ==
           STATUS_SUCCESS;
}

/* Takes Process off the table (dropping the table's reference); FALSE
 * when it was not there. */
static BOOLEAN forget(PEPROCESS Process)
{
    ULONG Index;

    for (Index = 0; Index < STARTED_MAXIMUM; Index++)
        if (started[Index] == Process) {
            started[Index] = NULL;
            ObfDereferenceObject(Process);
            return TRUE;
        }
    return FALSE;
}

VOID KiShellReportEndedProcesses(VOID)
{
    ULONG Index;

    for (Index = 0; Index < STARTED_MAXIMUM; Index++)
        if (started[Index] != NULL && has_ended(started[Index])) {
            print_exit_line(started[Index]);
            ObfDereferenceObject(started[Index]);
            started[Index] = NULL;
        }
}

static PEPROCESS *free_slot(VOID)
{
    ULONG Index;

    for (Index = 0; Index < STARTED_MAXIMUM; Index++)
        if (started[Index] == NULL)
            return &started[Index];
    return NULL;
}

/* Waits for the process, watching the console for Ctrl-C. */
static VOID wait_for(PEPROCESS Process)
{
    LARGE_INTEGER Poll = {.QuadPart = 0};
    CHAR Character;

    while (KeWaitForSingleObject(Process, Executive, KernelMode, FALSE,
                                 &Poll) == STATUS_TIMEOUT) {
        if (KiConsoleInputWait(&Character, 50) && Character == CTRL_C) {
            DbgPrint("^C\n");
            PspTerminateProcess(Process, STATUS_CONTROL_C_EXIT);
        }
    }
}

/* `run` (Wait) and `start`: one way to make the process, then wait for it
 * or hand it to the table. */
static BOOLEAN launch(ULONG Argc, PCHAR Argv[], BOOLEAN Wait)
{
    CHAR Image[PSP_MODULE_NAME_LENGTH], Line[COMMAND_LINE_LENGTH];
    PCSTR Verb = Wait ? "run" : "start";
    PEPROCESS Process, *Slot = NULL;
    PETHREAD Thread;
    NTSTATUS Status;

    if (Argc < 2)
        return FALSE;
    if (!image_name(Argv[1], Image, sizeof(Image)) ||
        !command_line(Argc - 1, Argv + 1, Line, sizeof(Line))) {
        DbgPrint("%s: the name or the command line is too long\n", Verb);
        return TRUE;
    }
    if (!Wait && (Slot = free_slot()) == NULL) {
        DbgPrint("start: %lu started processes are still running; kill one "
                 "first\n",
                 (ULONG)STARTED_MAXIMUM);
        return TRUE;
    }
    Status = PspCreateUserProcess(Image, Line, NULL, NULL, &Process, &Thread);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("%s: %s: %s (%08lx)\n", Verb, Image,
                 Status == STATUS_OBJECT_NAME_NOT_FOUND ? "not found"
                 : Status == STATUS_DLL_NOT_FOUND ? "a DLL it needs is missing"
                 : Status == STATUS_INVALID_IMAGE_FORMAT
                     ? "not a program this kernel runs"
                     : "could not be started",
                 (ULONG)Status);
        return TRUE;
    }
    PspStartThread(Thread);
    ObfDereferenceObject(Thread);
    if (!Wait) {
        *Slot = Process; /* the creation's reference, until reported */
        DbgPrint("%s started as process %lu\n", Process->ImageFileName,
                 (ULONG)(ULONG_PTR)Process->UniqueProcessId);
        return TRUE;
    }
    wait_for(Process);
    print_exit_line(Process);
    ObfDereferenceObject(Process);
    return TRUE;
}

BOOLEAN KiShellRun(ULONG Argc, PCHAR Argv[])
{
    return launch(Argc, Argv, TRUE);
}

BOOLEAN KiShellStart(ULONG Argc, PCHAR Argv[])
{
    return launch(Argc, Argv, FALSE);
}

BOOLEAN KiShellPs(ULONG Argc, PCHAR Argv[])
{
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Argc);
    UNREFERENCED_PARAMETER(Argv);
    DbgPrint("    PID   PPID  threads  state      name\n");
    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    for (Entry = PsActiveProcessHead.Flink; Entry != &PsActiveProcessHead;
         Entry = Entry->Flink) {
        PEPROCESS Process =
            CONTAINING_RECORD(Entry, EPROCESS, ActiveProcessLinks);

        DbgPrint("%7lu %6lu %8lu  %-9s  %s\n",
                 (ULONG)(ULONG_PTR)Process->UniqueProcessId,
                 (ULONG)(ULONG_PTR)Process->InheritedFromUniqueProcessId,
                 Process->ActiveThreads,
                 Process->ActiveThreads == 0 && Process->ProcessExiting
                     ? "exited"
                 : Process->ProcessExiting ? "exiting"
                                           : "running",
                 Process->ImageFileName);
    }
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
    return TRUE;
}

BOOLEAN KiShellKill(ULONG Argc, PCHAR Argv[])
{
    LARGE_INTEGER Timeout = {.QuadPart = -5 * 10000000LL}; /* 5 s */
    PEPROCESS Process = NULL;
    NTSTATUS Status;
    ULONG Id;

    if (Argc != 2 || !KiShellParseNumber(Argv[1], 10, &Id))
        return FALSE;
    /* Process 0 is the idle process (no process object here), as NT's
     * taskkill refuses it. */
    Status = Id == 0
                 ? STATUS_ACCESS_DENIED
                 : PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Id, &Process);
    if (NT_SUCCESS(Status)) {
        Status = PspTerminateProcess(Process, 1); /* taskkill's exit code */
        if (!NT_SUCCESS(Status))
            ObfDereferenceObject(Process);
    }
    if (!NT_SUCCESS(Status)) {
        DbgPrint("kill: process %lu: %s (%08lx)\n", Id,
                 Status == STATUS_INVALID_CID ? "no such process"
                 : Status == STATUS_ACCESS_DENIED
                     ? (Id == 0 ? "the idle process cannot be ended"
                                : "the system process cannot be ended")
                     : "could not be ended",
                 (ULONG)Status);
        return TRUE;
    }
    DbgPrint("process %lu is ending\n", Id);
    /* Its threads end at their next kernel exit: say when it has, so the
     * exit line comes before the prompt (a started one's only here). */
    if (KeWaitForSingleObject(Process, Executive, KernelMode, FALSE,
                              &Timeout) == STATUS_SUCCESS) {
        forget(Process);
        print_exit_line(Process);
    }
    ObfDereferenceObject(Process);
    return TRUE;
}
