/*
 * The shell's processes: `run PROGRAM [ARGS]` starts a program from the
 * boot files under \SystemRoot and waits for it (Ctrl-C ends it, as a
 * console's Ctrl-C ends a program with STATUS_CONTROL_C_EXIT), `ps` lists
 * every process, `kill PID` ends one.
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

BOOLEAN KiShellRun(ULONG Argc, PCHAR Argv[])
{
    CHAR Image[PSP_MODULE_NAME_LENGTH], Line[COMMAND_LINE_LENGTH];
    PEPROCESS Process;
    PETHREAD Thread;
    NTSTATUS Status;

    if (Argc < 2)
        return FALSE;
    if (!image_name(Argv[1], Image, sizeof(Image)) ||
        !command_line(Argc - 1, Argv + 1, Line, sizeof(Line))) {
        DbgPrint("run: the name or the command line is too long\n");
        return TRUE;
    }
    Status = PspCreateUserProcess(Image, Line, NULL, NULL, &Process, &Thread);
    if (!NT_SUCCESS(Status)) {
        DbgPrint("run: %s: %s (%08lx)\n", Image,
                 Status == STATUS_DLL_NOT_FOUND ? "not found, or a DLL it needs"
                 : Status == STATUS_INVALID_IMAGE_FORMAT
                     ? "not a program this kernel runs"
                     : "could not be started",
                 (ULONG)Status);
        return TRUE;
    }
    PspStartThread(Thread);
    ObfDereferenceObject(Thread);
    wait_for(Process);
    DbgPrint("%s (process %lu) exited with status 0x%08lx\n", Image,
             (ULONG)(ULONG_PTR)Process->UniqueProcessId,
             (ULONG)Process->ExitStatus);
    ObfDereferenceObject(Process);
    return TRUE;
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
    PEPROCESS Process;
    NTSTATUS Status;
    ULONG Id;

    if (Argc != 2 || !KiShellParseNumber(Argv[1], 10, &Id))
        return FALSE;
    Status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Id, &Process);
    if (NT_SUCCESS(Status)) {
        Status = PspTerminateProcess(Process, 1); /* taskkill's exit code */
        ObfDereferenceObject(Process);
    }
    if (!NT_SUCCESS(Status))
        DbgPrint("kill: process %lu: %s (%08lx)\n", Id,
                 Status == STATUS_INVALID_CID ? "no such process"
                 : Status == STATUS_ACCESS_DENIED
                     ? "the system process cannot be ended"
                     : "could not be ended",
                 (ULONG)Status);
    else
        DbgPrint("process %lu is ending\n", Id);
    return TRUE;
}
