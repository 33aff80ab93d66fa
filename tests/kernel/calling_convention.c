/*
 * The exports a driver built by another compiler would call, called the
 * way NT's x86 conventions say, from assembly: FASTCALL takes the first
 * two arguments in ecx and edx and the callee pops the rest; NTAPI
 * (stdcall) takes all on the stack and the callee pops them. A routine
 * built with another convention reads the wrong arguments or leaves the
 * stack wrong, and the test sees it.
 */
#define _WIN2K_COMPAT_SLIST_USAGE /* the SLIST exports as functions */
#include "kernel/ktest.h"

/* Calls Routine with Ecx and Edx in those registers and Arg1, Arg2 on the
 * stack (Arg1 nearest, as a caller pushes right to left); stores eax in
 * *Result and returns how many of the 8 stack bytes the routine left: 8
 * when it popped none, 4 for one, 0 for both. */
ULONG kt_call_with_registers(PVOID Routine, ULONG Ecx, ULONG Edx, ULONG Arg1,
                             ULONG Arg2, PULONG Result);
__asm__(".text\n"
        "kt_call_with_registers:\n\t"
        "pushl %ebp\n\t"
        "movl %esp, %ebp\n\t"
        "pushl %ebx\n\t"
        "pushl %esi\n\t"
        "pushl %edi\n\t"
        "movl %esp, %esi\n\t"
        "pushl 24(%ebp)\n\t"
        "pushl 20(%ebp)\n\t"
        "movl 12(%ebp), %ecx\n\t"
        "movl 16(%ebp), %edx\n\t"
        "call *8(%ebp)\n\t"
        "movl 28(%ebp), %ebx\n\t"
        "movl %eax, (%ebx)\n\t"
        "movl %esi, %eax\n\t"
        "subl %esp, %eax\n\t"
        "movl %esi, %esp\n\t"
        "popl %edi\n\t"
        "popl %esi\n\t"
        "popl %ebx\n\t"
        "popl %ebp\n\t"
        "ret\n");

#define CALL(Routine, Ecx, Edx, Arg1, Arg2, Result)                            \
    kt_call_with_registers((PVOID)(Routine), (ULONG)(Ecx), (ULONG)(Edx),       \
                           (ULONG)(Arg1), (ULONG)(Arg2), (Result))

KTEST(interlocked_exports_are_fastcall)
{
    volatile LONG Value = 41;
    LONGLONG Wide = 5, WideExchange = 6, WideComperand = 5;
    ULONG Result;

    KT_ASSERT_EQ(CALL(InterlockedIncrement, &Value, 0, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, 42);
    KT_ASSERT_EQ(CALL(InterlockedDecrement, &Value, 0, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, 41);
    KT_ASSERT_EQ(CALL(InterlockedExchange, &Value, 7, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, 41);
    KT_ASSERT_EQ(CALL(InterlockedExchangeAdd, &Value, 3, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, 7);
    /* The third argument on the stack, popped by the callee. */
    KT_ASSERT_EQ(CALL(InterlockedCompareExchange, &Value, 99, 10, 0, &Result),
                 4);
    KT_ASSERT_EQ(Result, 10);
    KT_ASSERT_EQ(Value, 99);
    KT_ASSERT_EQ(CALL(ExfInterlockedCompareExchange64, &Wide, &WideExchange,
                      &WideComperand, 0, &Result),
                 4);
    KT_ASSERT_EQ(Result, 5); /* the low half, in eax */
    KT_ASSERT_EQ(Wide, 6);
}

KTEST(exinterlocked_exports_are_fastcall)
{
    static LIST_ENTRY Head, Entry;
    static SLIST_HEADER SList;
    static SLIST_ENTRY SEntry;
    KSPIN_LOCK Lock;
    ULONG Counter = 1, Result;

    KeInitializeSpinLock(&Lock);
    InitializeListHead(&Head);
    KT_ASSERT_EQ(
        CALL(ExfInterlockedInsertTailList, &Head, &Entry, &Lock, 0, &Result),
        4);
    KT_ASSERT(Head.Flink == &Entry);
    KT_ASSERT_EQ(
        CALL(ExfInterlockedRemoveHeadList, &Head, &Lock, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, (ULONG)&Entry);
    KT_ASSERT_EQ(CALL(ExfInterlockedAddUlong, &Counter, 2, &Lock, 0, &Result),
                 4);
    KT_ASSERT_EQ(Result, 1);
    KT_ASSERT_EQ(Counter, 3);

    InitializeSListHead(&SList);
    KT_ASSERT_EQ(
        CALL(InterlockedPushEntrySList, &SList, &SEntry, 0, 0, &Result), 8);
    KT_ASSERT_EQ(ExQueryDepthSList(&SList), 1);
    KT_ASSERT_EQ(CALL(InterlockedPopEntrySList, &SList, 0, 0, 0, &Result), 8);
    KT_ASSERT_EQ(Result, (ULONG)&SEntry);
    KT_ASSERT_EQ(ExQueryDepthSList(&SList), 0);
    /* Windows 2000's forms: the lock is the one argument on the stack. */
    KT_ASSERT_EQ(
        CALL(ExInterlockedPushEntrySList, &SList, &SEntry, &Lock, 0, &Result),
        4);
    KT_ASSERT_EQ(Result, 0);
    KT_ASSERT_EQ(ExQueryDepthSList(&SList), 1);
    KT_ASSERT_EQ(CALL(ExInterlockedPopEntrySList, &SList, &Lock, 0, 0, &Result),
                 8);
    KT_ASSERT_EQ(Result, (ULONG)&SEntry);
    KT_ASSERT_EQ(ExQueryDepthSList(&SList), 0);
    KT_ASSERT(KeTestSpinLock(&Lock)); /* ignored, so never taken */
}

/* The instruction that makes them atomic on a multiprocessor too: the
 * lock prefix (0xF0) before xadd (0x0F 0xC1). */
KTEST(interlocked_exports_are_lock_prefixed)
{
    const UCHAR *Code = (const UCHAR *)(PVOID)(InterlockedIncrement);
    ULONG Index;
    BOOLEAN Found = FALSE;

    for (Index = 0; Index + 2 < 16 && !Found; Index++)
        Found = Code[Index] == 0xF0 && Code[Index + 1] == 0x0F &&
                Code[Index + 2] == 0xC1;
    KT_ASSERT_MSG(Found, "no lock xadd in InterlockedIncrement's first bytes");
}

KTEST(spin_lock_variants_are_fastcall)
{
    KSPIN_LOCK Lock;
    KLOCK_QUEUE_HANDLE Handle;
    ULONG Result, Left[2];
    BOOLEAN Inside;
    KIRQL Old;

    KeInitializeSpinLock(&Lock);
    Left[0] =
        CALL(KeAcquireInStackQueuedSpinLock, &Lock, &Handle, 0, 0, &Result);
    Left[1] = CALL(KeReleaseInStackQueuedSpinLock, &Handle, 0, 0, 0, &Result);
    KT_ASSERT_EQ(Left[0], 8);
    KT_ASSERT_EQ(Left[1], 8);
    KT_ASSERT_EQ(Handle.OldIrql, PASSIVE_LEVEL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&Lock));

    Left[0] = CALL(KeAcquireSpinLockRaiseToSynch, &Lock, 0, 0, 0, &Result);
    Old = KeGetCurrentIrql();
    KeReleaseSpinLock(&Lock, (KIRQL)Result);
    KT_ASSERT_EQ(Left[0], 8);
    KT_ASSERT_EQ((KIRQL)Result, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Old, SYNCH_LEVEL);

    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    Left[0] = CALL(KeAcquireInStackQueuedSpinLockAtDpcLevel, &Lock, &Handle, 0,
                   0, &Result);
    Left[1] = CALL(KeReleaseInStackQueuedSpinLockFromDpcLevel, &Handle, 0, 0, 0,
                   &Result);
    KeLowerIrql(Old);
    KT_ASSERT_EQ(Left[0], 8);
    KT_ASSERT_EQ(Left[1], 8);

    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    Left[0] = CALL(KefAcquireSpinLockAtDpcLevel, &Lock, 0, 0, 0, &Result);
    Inside = KeTestSpinLock(&Lock);
    Left[1] = CALL(KefReleaseSpinLockFromDpcLevel, &Lock, 0, 0, 0, &Result);
    KeLowerIrql(Old);
    KT_ASSERT_EQ(Left[0], 8);
    KT_ASSERT_EQ(Left[1], 8);
    KT_ASSERT(!Inside);
    KT_ASSERT(KeTestSpinLock(&Lock));

    KeRaiseIrql(DISPATCH_LEVEL, &Old);
    Left[0] = CALL(KeTryToAcquireSpinLockAtDpcLevel, &Lock, 0, 0, 0, &Result);
    KeReleaseSpinLockFromDpcLevel(&Lock);
    KeLowerIrql(Old);
    KT_ASSERT_EQ(Left[0], 8);
    KT_ASSERT_EQ((BOOLEAN)Result, TRUE);
}

/* The HAL's stdcall forms: everything on the stack, popped by the callee. */
KTEST(hal_irql_and_spin_lock_functions_are_stdcall)
{
    KSPIN_LOCK Lock;
    KIRQL Old = 0xFF, Inside;
    ULONG Result, Left[2];

    KeInitializeSpinLock(&Lock);
    Left[0] = CALL(KeRaiseIrql, 0, 0, DISPATCH_LEVEL, &Old, &Result);
    Inside = KeGetCurrentIrql();
    Left[1] = CALL(KeLowerIrql, 0, 0, Old, 0, &Result);
    KT_ASSERT_EQ(Left[0], 0);
    KT_ASSERT_EQ(Left[1], 4);
    KT_ASSERT_EQ(Old, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Inside, DISPATCH_LEVEL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);

    Old = 0xFF;
    Left[0] = CALL(KeAcquireSpinLock, 0, 0, &Lock, &Old, &Result);
    Inside = KeGetCurrentIrql();
    Left[1] = CALL(KeReleaseSpinLock, 0, 0, &Lock, Old, &Result);
    KT_ASSERT_EQ(Left[0], 0);
    KT_ASSERT_EQ(Left[1], 0);
    KT_ASSERT_EQ(Old, PASSIVE_LEVEL);
    KT_ASSERT_EQ(Inside, DISPATCH_LEVEL);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(KeTestSpinLock(&Lock));
}
