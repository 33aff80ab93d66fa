/*
 * Each process's LDT is its own: two processes set the same selector to
 * segments with different bases and read through it while they yield to
 * each other, so every switch between them reloads the LDT.
 */
#include "kernel/cpu.h"
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/process.h"
#include "kernel/segment.h"
#include "tests/kernel/kt_ring3.h"

extern const UCHAR KtUserLdtSwitch[], KtUserLdtSwitchEnd[];

#define ROUNDS 200
#define ALL_READS_HELD 0x1D

/* Process Which (0 or 1): its segment at KT_CODE_BASE + 0xF00 + Which *
 * 0x40, holding a value of its own, which the other process's page does
 * not have there. */
static NTSTATUS create_reader(ULONG Which, PEPROCESS *Process, PETHREAD *Thread)
{
    PSP_USER_CONTEXT Context = {0};
    ULONG Offset = 0xF00 + Which * 0x40;
    KGDTENTRY Entry;
    NTSTATUS Status;

    Status = KiBuildDescriptor(KT_CODE_BASE + Offset, 3, SEGMENT_TYPE_DATA_READ,
                               3, &Entry);
    if (!NT_SUCCESS(Status))
        return Status;
    Context.Eax = 0x1D70000 + Which;
    Context.Ecx = KT_SERVICE_NtYieldExecution;
    Context.Edx = ROUNDS;
    Context.Ebx = KT_SERVICE_NtSetLdtEntries;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    Context.Edi = ((PULONG)&Entry)[0];
    Context.Ebp = ((PULONG)&Entry)[1];
    KtUserSetCell(Offset, Context.Eax);
    Status = KtCreateUserProcess(KtUserLdtSwitch,
                                 (ULONG)(KtUserLdtSwitchEnd - KtUserLdtSwitch),
                                 &Context, Process, Thread);
    KtUserSetCell(0, 0);
    return Status;
}

KTEST(user_ldt_switches_with_the_process)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 20}; /* 20 s */
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PEPROCESS Process[2] = {NULL, NULL};
    PETHREAD Thread[2] = {NULL, NULL};
    ULONG Which;
    KT_CLEANUP_SECTION;

    KT_ASSERT(KtUserLdtSwitchEnd - KtUserLdtSwitch < 0xF00);
    for (Which = 0; Which < 2; Which++)
        KT_ASSERT_EQ(create_reader(Which, &Process[Which], &Thread[Which]),
                     STATUS_SUCCESS);
    for (Which = 0; Which < 2; Which++)
        PspStartThread(Thread[Which]);
    for (Which = 0; Which < 2; Which++) {
        KT_ASSERT_EQ(KeWaitForSingleObject(Process[Which], Executive,
                                           KernelMode, FALSE, &Timeout),
                     STATUS_SUCCESS);
        KT_ASSERT_MSG(Process[Which]->ExitStatus == ALL_READS_HELD,
                      "process %lu ended with %08lx", Which,
                      (ULONG)Process[Which]->ExitStatus);
    }
    KT_CLEANUP;
    for (Which = 0; Which < 2; Which++) {
        if (Process[Which] != NULL)
            PspTerminateProcess(Process[Which], STATUS_UNSUCCESSFUL);
        if (Thread[Which] != NULL)
            ObfDereferenceObject(Thread[Which]);
        if (Process[Which] != NULL)
            ObfDereferenceObject(Process[Which]);
    }
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT(!KiDescriptorPresent(&KeGetPcr()->GDT[KGDT_INDEX_LDT]));
}
