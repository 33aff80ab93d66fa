/*
 * LdrInitializeThunk: the loader's user half (docs/user-mode.md). The
 * kernel has mapped the program, ntdll and the DLLs, resolved the imports
 * and listed the modules in the PEB; what is left runs in the process:
 * the process heap, each DLL's DLL_PROCESS_ATTACH in initialization order
 * (a DLL after those it imports), the program, and the process's end with
 * the program's result. LdrShutdownProcess, from kernel32's ExitProcess,
 * gives the DLLs attached their DLL_PROCESS_DETACH in the reverse order.
 */
#include "ntdll.h"

#define STATUS_DLL_INIT_FAILED ((NTSTATUS)0xC0000142L)

typedef BOOLEAN(NTAPI *PDLL_INIT_ROUTINE)(PVOID DllHandle, ULONG Reason,
                                          PVOID Context);
typedef int(__cdecl *PPROCESS_START_ROUTINE)(VOID);

/* DllMain's lpReserved is non-NULL for a DLL loaded with the program. */
#define LDRP_STATIC_LOAD ((PVOID)1)

static NTSTATUS attach_dlls(PPEB_LDR_DATA Ldr)
{
    PLIST_ENTRY Head = &Ldr->InInitializationOrderModuleList, Link;

    for (Link = Head->Flink; Link != Head; Link = Link->Flink) {
        PLDR_DATA_TABLE_ENTRY Module = CONTAINING_RECORD(
            Link, LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks);
        PDLL_INIT_ROUTINE Init = (PDLL_INIT_ROUTINE)Module->EntryPoint;

        Module->Flags |= LDRP_ENTRY_PROCESSED;
        if (Init == NULL)
            continue;
        if (!Init(Module->DllBase, DLL_PROCESS_ATTACH, LDRP_STATIC_LOAD))
            return STATUS_DLL_INIT_FAILED;
        Module->Flags |= LDRP_PROCESS_ATTACH_CALLED;
    }
    return STATUS_SUCCESS;
}

VOID NTAPI LdrShutdownProcess(VOID)
{
    PLIST_ENTRY Head = &NtCurrentPeb()->Ldr->InInitializationOrderModuleList;
    PLIST_ENTRY Link;

    for (Link = Head->Blink; Link != Head; Link = Link->Blink) {
        PLDR_DATA_TABLE_ENTRY Module = CONTAINING_RECORD(
            Link, LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks);

        if (!(Module->Flags & LDRP_PROCESS_ATTACH_CALLED))
            continue;
        Module->Flags &= ~LDRP_PROCESS_ATTACH_CALLED;
        ((PDLL_INIT_ROUTINE)Module->EntryPoint)(
            Module->DllBase, DLL_PROCESS_DETACH, LDRP_STATIC_LOAD);
    }
}

DECLSPEC_NORETURN VOID NTAPI LdrInitializeThunk(VOID)
{
    PPEB Peb = NtCurrentPeb();
    PLDR_DATA_TABLE_ENTRY Program;
    NTSTATUS Status;

    Peb->ProcessHeap =
        RtlCreateHeap(HEAP_GROWABLE, NULL, Peb->HeapSegmentReserve,
                      Peb->HeapSegmentCommit, NULL, NULL);
    if (Peb->ProcessHeap == NULL)
        Status = STATUS_NO_MEMORY;
    else
        Status = attach_dlls(Peb->Ldr);
    if (NT_SUCCESS(Status)) {
        Program = CONTAINING_RECORD(Peb->Ldr->InLoadOrderModuleList.Flink,
                                    LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        Status = ((PPROCESS_START_ROUTINE)Program->EntryPoint)();
    }
    NtTerminateProcess(NtCurrentProcess(), Status);
    for (;;)
        NtYieldExecution();
}
