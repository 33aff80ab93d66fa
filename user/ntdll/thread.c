/*
 * New threads' stacks and start contexts, as NT's RtlCreateUserThread and
 * kernel32's CreateThread build them before NtCreateThread: a reservation
 * (1 MiB by default), its top pages committed and a PAGE_GUARD page below
 * them, so the stack grows a page at a time as it is touched.
 */
#include "ntdll.h"

#define USER_PAGE_SIZE 0x1000
#define USER_RESERVE_GRANULARITY 0x10000
#define DEFAULT_STACK_RESERVE 0x100000

/* NT's ring-3 selectors: code, data, and fs for the TEB. */
#define KGDT_R3_CODE_SELECTOR 0x1B
#define KGDT_R3_DATA_SELECTOR 0x23
#define KGDT_R3_TEB_SELECTOR 0x3B
#define EFLAGS_INTERRUPT_MASK 0x200

#define ROUND_UP(Value, Alignment)                                             \
    (((Value) + (Alignment)-1) & ~((Alignment)-1))

NTSTATUS NTAPI RtlCreateUserStack(HANDLE ProcessHandle, SIZE_T StackReserve,
                                  SIZE_T StackCommit, ULONG StackZeroBits,
                                  PINITIAL_TEB InitialTeb)
{
    PUCHAR Base = NULL, Stack;
    SIZE_T Size, Zero = 0;
    BOOLEAN Guard = FALSE;
    ULONG OldProtect;
    NTSTATUS Status;

    if (StackReserve == 0)
        StackReserve = DEFAULT_STACK_RESERVE;
    if (StackCommit == 0)
        StackCommit = USER_PAGE_SIZE;
    /* Rounding a size near 4 GiB wraps to 0, refused below. */
    StackReserve = ROUND_UP(StackReserve, USER_RESERVE_GRANULARITY);
    StackCommit = ROUND_UP(StackCommit, USER_PAGE_SIZE);
    if (StackReserve == 0 || StackCommit == 0 || StackCommit > StackReserve)
        return STATUS_INVALID_PARAMETER;

    Size = StackReserve;
    Status =
        NtAllocateVirtualMemory(ProcessHandle, (PVOID *)&Base, StackZeroBits,
                                &Size, MEM_RESERVE, PAGE_READWRITE);
    if (!NT_SUCCESS(Status))
        return Status;
    Stack = Base + StackReserve - StackCommit;
    Size = StackCommit;
    if (StackReserve > StackCommit) {
        Stack -= USER_PAGE_SIZE;
        Size += USER_PAGE_SIZE;
        Guard = TRUE;
    }
    Status = NtAllocateVirtualMemory(ProcessHandle, (PVOID *)&Stack, 0, &Size,
                                     MEM_COMMIT, PAGE_READWRITE);
    if (NT_SUCCESS(Status) && Guard) {
        PVOID GuardPage = Stack;

        Size = USER_PAGE_SIZE;
        Status =
            NtProtectVirtualMemory(ProcessHandle, &GuardPage, &Size,
                                   PAGE_READWRITE | PAGE_GUARD, &OldProtect);
        Stack += USER_PAGE_SIZE;
    }
    if (!NT_SUCCESS(Status)) {
        NtFreeVirtualMemory(ProcessHandle, (PVOID *)&Base, &Zero, MEM_RELEASE);
        return Status;
    }
    InitialTeb->OldStackBase = NULL;
    InitialTeb->OldStackLimit = NULL;
    InitialTeb->StackBase = Base + StackReserve;
    InitialTeb->StackLimit = Stack;
    InitialTeb->AllocatedStackBase = Base;
    return STATUS_SUCCESS;
}

VOID NTAPI RtlFreeUserStack(HANDLE ProcessHandle, PINITIAL_TEB InitialTeb)
{
    PVOID Base = InitialTeb->AllocatedStackBase;
    SIZE_T Zero = 0;

    if (Base != NULL)
        NtFreeVirtualMemory(ProcessHandle, &Base, &Zero, MEM_RELEASE);
    InitialTeb->AllocatedStackBase = NULL;
}

NTSTATUS NTAPI RtlInitializeContext(HANDLE ProcessHandle, PCONTEXT Context,
                                    PVOID Parameter, PVOID InitialPc,
                                    PVOID InitialSp)
{
    PULONG_PTR Stack = (PULONG_PTR)InitialSp - 2;

    /* The argument is written through this process's own mapping. */
    if (ProcessHandle != NtCurrentProcess())
        return STATUS_INVALID_PARAMETER_1;
    Context->ContextFlags = CONTEXT_FULL;
    Context->Eax = 0;
    Context->Ebx = 1; /* NT's markers: a register never set shows itself */
    Context->Ecx = 2;
    Context->Edx = 3;
    Context->Esi = 4;
    Context->Edi = 5;
    Context->Ebp = 0;
    Context->SegGs = 0;
    Context->SegFs = KGDT_R3_TEB_SELECTOR;
    Context->SegEs = KGDT_R3_DATA_SELECTOR;
    Context->SegDs = KGDT_R3_DATA_SELECTOR;
    Context->SegSs = KGDT_R3_DATA_SELECTOR;
    Context->SegCs = KGDT_R3_CODE_SELECTOR;
    Context->EFlags = EFLAGS_INTERRUPT_MASK;
    Context->Eip = (ULONG)(ULONG_PTR)InitialPc;
    /* A zero return address, then the routine's one argument. */
    Stack[0] = 0;
    Stack[1] = (ULONG_PTR)Parameter;
    Context->Esp = (ULONG)(ULONG_PTR)Stack;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCreateUserThread(HANDLE ProcessHandle,
                                   PVOID SecurityDescriptor,
                                   BOOLEAN CreateSuspended, ULONG StackZeroBits,
                                   SIZE_T StackReserve, SIZE_T StackCommit,
                                   PUSER_THREAD_START_ROUTINE StartAddress,
                                   PVOID Parameter, PHANDLE ThreadHandle,
                                   PCLIENT_ID ClientId)
{
    OBJECT_ATTRIBUTES Attributes;
    INITIAL_TEB InitialTeb;
    CONTEXT Context;
    HANDLE Thread;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, NULL, 0, NULL, SecurityDescriptor);
    Status = RtlCreateUserStack(ProcessHandle, StackReserve, StackCommit,
                                StackZeroBits, &InitialTeb);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = RtlInitializeContext(ProcessHandle, &Context, Parameter,
                                  (PVOID)StartAddress, InitialTeb.StackBase);
    if (NT_SUCCESS(Status))
        Status = NtCreateThread(&Thread, THREAD_ALL_ACCESS, &Attributes,
                                ProcessHandle, ClientId, &Context, &InitialTeb,
                                CreateSuspended);
    if (!NT_SUCCESS(Status)) {
        RtlFreeUserStack(ProcessHandle, &InitialTeb);
        return Status;
    }
    if (ThreadHandle != NULL)
        *ThreadHandle = Thread;
    else
        NtClose(Thread);
    return STATUS_SUCCESS;
}
