/*
 * What `vad PID` says each user region holds, as a debugger would name it:
 * the images from the PEB's loader list, the PEB, each thread's TEB and
 * stack, the process parameters and the heaps. All of it is read from the
 * process's user half, which the process itself may have scribbled over:
 * every read is guarded, and a bad pointer only leaves a name out.
 */
#include "kernel/format.h"
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kernel/shell.h"
#include "ntpeb.h"

#define MAXIMUM_THREADS 8
#define MAXIMUM_MODULES 16

typedef struct _COLLECTION {
    PEPROCESS Process;
    KI_SHELL_REGION_NAME *Names;
    ULONG Count, Maximum;
    ULONG ThreadCount;
    PVOID Teb[MAXIMUM_THREADS];
    ULONG ThreadId[MAXIMUM_THREADS];
} COLLECTION;

static VOID add(COLLECTION *Collection, ULONG Start, ULONG Size, PCSTR Format,
                ULONG_PTR Argument)
{
    KI_SHELL_REGION_NAME *Name;

    if (Collection->Count == Collection->Maximum || Start == 0 || Size == 0 ||
        Start >= MM_USER_PROBE_ADDRESS)
        return;
    Name = &Collection->Names[Collection->Count++];
    Name->Start = Start;
    Name->End = Start + Size - 1;
    KiFormatString(Name->Text, sizeof(Name->Text), Format, Argument);
}

/* "image NAME": the loader entry's base name, in ASCII. */
static VOID add_module(COLLECTION *Collection,
                       const LDR_DATA_TABLE_ENTRY *Entry)
{
    CHAR Text[KI_SHELL_REGION_TEXT];
    ULONG Index, Length = Entry->BaseDllName.Length / sizeof(WCHAR);

    if (Length > sizeof(Text) - 1)
        Length = sizeof(Text) - 1;
    ProbeForRead(Entry->BaseDllName.Buffer, Length * sizeof(WCHAR),
                 sizeof(WCHAR));
    for (Index = 0; Index < Length; Index++) {
        WCHAR Char = Entry->BaseDllName.Buffer[Index];
        Text[Index] = Char >= 0x20 && Char < 0x7F ? (CHAR)Char : '?';
    }
    Text[Length] = '\0';
    add(Collection, (ULONG)Entry->DllBase, Entry->SizeOfImage, "image %s",
        (ULONG_PTR)Text);
}

/* Guarded: the PEB, its loader list and the TEBs are the process's. */
static NTSTATUS read_user_half(PVOID Context)
{
    COLLECTION *Collection = Context;
    PPEB Peb = Collection->Process->Peb;
    PLIST_ENTRY Head, Entry;
    ULONG Index;

    if (Peb == NULL)
        return STATUS_SUCCESS;
    ProbeForRead(Peb, sizeof(*Peb), sizeof(ULONG));
    add(Collection, (ULONG)Peb, PAGE_SIZE, "PEB", 0);
    add(Collection, (ULONG)Peb->ProcessParameters, 1,
        "process parameters, loader lists", 0);
    if (Peb->Ldr != NULL) {
        ProbeForRead(Peb->Ldr, sizeof(*Peb->Ldr), sizeof(ULONG));
        Head = &Peb->Ldr->InLoadOrderModuleList;
        for (Entry = Head->Flink, Index = 0;
             Entry != Head && Index < MAXIMUM_MODULES;
             Entry = Entry->Flink, Index++) {
            PLDR_DATA_TABLE_ENTRY Module = CONTAINING_RECORD(
                Entry, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);

            ProbeForRead(Module, sizeof(*Module), sizeof(ULONG));
            add_module(Collection, Module);
        }
    }
    /* ntdll's loader makes the process heap; ProcessHeaps lists the
     * others when ntdll keeps count of them. */
    add(Collection, (ULONG)Peb->ProcessHeap, 1, "process heap", 0);
    if (Peb->ProcessHeaps != NULL) {
        ULONG Heaps = Peb->NumberOfHeaps < 4 ? Peb->NumberOfHeaps : 4;

        ProbeForRead(Peb->ProcessHeaps, Heaps * sizeof(PVOID), sizeof(PVOID));
        for (Index = 0; Index < Heaps; Index++)
            if (Peb->ProcessHeaps[Index] != Peb->ProcessHeap)
                add(Collection, (ULONG)Peb->ProcessHeaps[Index], 1, "heap", 0);
    }
    for (Index = 0; Index < Collection->ThreadCount; Index++) {
        PTEB Teb = Collection->Teb[Index];
        ULONG Id = Collection->ThreadId[Index];

        add(Collection, (ULONG)Teb, PAGE_SIZE, "TEB of thread %lu", Id);
        ProbeForRead(Teb, sizeof(*Teb), sizeof(ULONG));
        if (Teb->DeallocationStack != NULL &&
            Teb->NtTib.StackBase > Teb->DeallocationStack)
            add(Collection, (ULONG)Teb->DeallocationStack,
                (ULONG)Teb->NtTib.StackBase - (ULONG)Teb->DeallocationStack,
                "stack of thread %lu", Id);
    }
    return STATUS_SUCCESS;
}

ULONG KiShellNameUserRegions(PEPROCESS Process, KI_SHELL_REGION_NAME *Names,
                             ULONG Maximum)
{
    COLLECTION Collection = {Process, Names, 0, Maximum, 0, {0}, {0}};
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    /* The TEBs first, from the kernel's thread list; read below. */
    KeAcquireSpinLock(&PspActiveThreadsLock, &OldIrql);
    for (Entry = PspActiveThreads.Flink; Entry != &PspActiveThreads;
         Entry = Entry->Flink) {
        PETHREAD Thread = CONTAINING_RECORD(Entry, ETHREAD, ThreadListEntry);

        if (Thread->ThreadsProcess != Process || Thread->Tcb.Teb == NULL ||
            Collection.ThreadCount == MAXIMUM_THREADS)
            continue;
        Collection.Teb[Collection.ThreadCount] = Thread->Tcb.Teb;
        Collection.ThreadId[Collection.ThreadCount++] =
            (ULONG)(ULONG_PTR)Thread->Cid.UniqueThread;
    }
    KeReleaseSpinLock(&PspActiveThreadsLock, OldIrql);
    KiCallGuarded(read_user_half, &Collection);
    return Collection.Count;
}
