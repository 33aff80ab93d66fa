/*
 * The Interlocked* family (inline forms and ntoskrnl's exports) and the
 * ExInterlocked* lists and counters under a spin lock.
 */
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/x86.h"
#include "tests/kernel/test_devices.h"

KTEST(interlocked_family_returns_what_nt_returns)
{
    volatile LONG Value = 5;
    PVOID volatile Pointer = NULL;
    static ULONG Targets[2];

    KT_ASSERT_EQ(InterlockedIncrement(&Value), 6);
    KT_ASSERT_EQ(InterlockedDecrement(&Value), 5);
    KT_ASSERT_EQ(InterlockedExchange(&Value, 40), 5);
    KT_ASSERT_EQ(InterlockedExchangeAdd(&Value, 2), 40);
    KT_ASSERT_EQ(Value, 42);
    /* The value found comes back; the store happens only on a match. */
    KT_ASSERT_EQ(InterlockedCompareExchange(&Value, 7, 41), 42);
    KT_ASSERT_EQ(Value, 42);
    KT_ASSERT_EQ(InterlockedCompareExchange(&Value, 7, 42), 42);
    KT_ASSERT_EQ(Value, 7);
    KT_ASSERT_EQ(InterlockedAnd(&Value, 6), 7);
    KT_ASSERT_EQ(InterlockedOr(&Value, 0x10), 6);
    KT_ASSERT_EQ(InterlockedXor(&Value, 0x13), 0x16);
    KT_ASSERT_EQ(Value, 0x05);
    KT_ASSERT_EQ(InterlockedDecrement(&Value), 4);
    Value = 0;
    KT_ASSERT_EQ(InterlockedDecrement(&Value), -1);

    KT_ASSERT(InterlockedExchangePointer(&Pointer, &Targets[0]) == NULL);
    KT_ASSERT(InterlockedCompareExchangePointer(&Pointer, &Targets[1], NULL) ==
              &Targets[0]);
    KT_ASSERT(Pointer == &Targets[0]);
    KT_ASSERT(InterlockedCompareExchangePointer(&Pointer, &Targets[1],
                                                &Targets[0]) == &Targets[0]);
    KT_ASSERT(Pointer == &Targets[1]);
}

KTEST(interlocked_exports_do_what_the_inline_forms_do)
{
    volatile LONG Value = 0x7FFFFFFF;

    KT_ASSERT_EQ((ULONG)(InterlockedIncrement)(&Value), 0x80000000);
    KT_ASSERT_EQ((ULONG)(InterlockedDecrement)(&Value), 0x7FFFFFFF);
    KT_ASSERT_EQ((InterlockedExchange)(&Value, 3), 0x7FFFFFFF);
    KT_ASSERT_EQ((InterlockedExchangeAdd)(&Value, -5), 3);
    KT_ASSERT_EQ(Value, -2);
    KT_ASSERT_EQ((InterlockedCompareExchange)(&Value, 9, 0), -2);
    KT_ASSERT_EQ(Value, -2);
    KT_ASSERT_EQ((InterlockedCompareExchange)(&Value, 9, -2), -2);
    KT_ASSERT_EQ(Value, 9);
}

/* Both ways of doing it: cmpxchg8b, and interrupts off for a 486. */
KTEST(interlocked_compare_exchange_64_with_and_without_cmpxchg8b)
{
    ULONG Saved = KeFeatureBits;
    ULONG Pass;

    for (Pass = 0; Pass < 2; Pass++) {
        volatile LONGLONG Value = 0x1122334455667788LL;
        LONGLONG Exchange = 0x0102030405060708LL;
        LONGLONG Comperand = 0x1122334455667789LL;
        ULONG Flags = read_eflags() & EFLAGS_IF;
        LONGLONG Found, Again;

        if (Pass == 1)
            KeFeatureBits &= ~KF_CMPXCHG8B;
        /* Differs in the low word only: no store. */
        Found = ExfInterlockedCompareExchange64(&Value, &Exchange, &Comperand);
        Comperand = 0x1122334455667788LL;
        Again = InterlockedCompareExchange64(&Value, Exchange, Comperand);
        KeFeatureBits = Saved;
        KT_ASSERT_EQ(Found, 0x1122334455667788LL);
        KT_ASSERT_EQ(Again, 0x1122334455667788LL);
        KT_ASSERT_EQ(Value, 0x0102030405060708LL);
        KT_ASSERT_EQ(read_eflags() & EFLAGS_IF, Flags);
    }
}

typedef struct _ITEM {
    LIST_ENTRY Link;
    SINGLE_LIST_ENTRY Single;
} ITEM;

KTEST(exinterlocked_lists_and_counters_return_what_nt_returns)
{
    static ITEM Items[3];
    LIST_ENTRY Head;
    SINGLE_LIST_ENTRY Stack = {NULL};
    KSPIN_LOCK Lock;
    ULONG Counter = 10;
    LARGE_INTEGER Large = {.QuadPart = 0xFFFFFFFFLL}, Increment, Old;

    KeInitializeSpinLock(&Lock);
    InitializeListHead(&Head);
    KT_ASSERT(ExInterlockedInsertTailList(&Head, &Items[1].Link, &Lock) ==
              NULL);
    KT_ASSERT(ExInterlockedInsertTailList(&Head, &Items[2].Link, &Lock) ==
              &Items[1].Link);
    KT_ASSERT(ExInterlockedInsertHeadList(&Head, &Items[0].Link, &Lock) ==
              &Items[1].Link);
    KT_ASSERT(ExInterlockedRemoveHeadList(&Head, &Lock) == &Items[0].Link);
    KT_ASSERT(ExInterlockedRemoveHeadList(&Head, &Lock) == &Items[1].Link);
    KT_ASSERT(ExInterlockedRemoveHeadList(&Head, &Lock) == &Items[2].Link);
    KT_ASSERT(ExInterlockedRemoveHeadList(&Head, &Lock) == NULL);
    KT_ASSERT(IsListEmpty(&Head));

    KT_ASSERT(ExInterlockedPushEntryList(&Stack, &Items[0].Single, &Lock) ==
              NULL);
    KT_ASSERT(ExInterlockedPushEntryList(&Stack, &Items[1].Single, &Lock) ==
              &Items[0].Single);
    KT_ASSERT(ExInterlockedPopEntryList(&Stack, &Lock) == &Items[1].Single);
    KT_ASSERT(ExInterlockedPopEntryList(&Stack, &Lock) == &Items[0].Single);
    KT_ASSERT(ExInterlockedPopEntryList(&Stack, &Lock) == NULL);

    KT_ASSERT_EQ(ExInterlockedAddUlong(&Counter, 5, &Lock), 10);
    KT_ASSERT_EQ(Counter, 15);
    Increment.QuadPart = 1;
    Old = ExInterlockedAddLargeInteger(&Large, Increment, &Lock);
    KT_ASSERT_EQ(Old.QuadPart, 0xFFFFFFFFLL);
    KT_ASSERT_EQ(Large.QuadPart, 0x100000000LL); /* the carry crossed */
    KT_ASSERT(KeTestSpinLock(&Lock));
}

/* They leave the IRQL alone and give interrupts back as they were: at
 * HIGH_LEVEL with interrupts off as much as at PASSIVE_LEVEL. */
KTEST(exinterlocked_routines_keep_irql_and_interrupt_state)
{
    static ITEM Item;
    LIST_ENTRY Head;
    KSPIN_LOCK Lock;
    KIRQL Old, Inside;
    ULONG Flags, InsideFlags;
    ULONG Counter = 0;

    KeInitializeSpinLock(&Lock);
    InitializeListHead(&Head);
    ExInterlockedInsertTailList(&Head, &Item.Link, &Lock);
    KT_ASSERT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    KT_ASSERT(read_eflags() & EFLAGS_IF);
    KeRaiseIrql(HIGH_LEVEL, &Old);
    Flags = save_and_disable_interrupts();
    ExInterlockedRemoveHeadList(&Head, &Lock);
    ExInterlockedAddUlong(&Counter, 1, &Lock);
    InsideFlags = read_eflags() & EFLAGS_IF;
    Inside = KeGetCurrentIrql();
    restore_interrupts(Flags);
    KeLowerIrql(Old);
    KT_ASSERT_EQ(InsideFlags, 0);
    KT_ASSERT_EQ(Inside, HIGH_LEVEL);
    KT_ASSERT_EQ(Counter, 1);
    KT_ASSERT(IsListEmpty(&Head));
    KT_ASSERT(KeTestSpinLock(&Lock));
}

/*
 * A list shared with an ISR: the RTC interrupts about a thousand times a
 * second, each time moving an entry from the list and back under the same
 * lock, while the thread does the same in a loop. An ISR that found the
 * lock held would stop the machine (SPIN_LOCK_ALREADY_OWNED): the
 * interrupts being off while the thread holds it is what prevents that.
 */
static LIST_ENTRY shared_list;
static KSPIN_LOCK shared_lock;
static volatile ULONG isr_moves;

static BOOLEAN NTAPI isr_moves_an_entry(PKINTERRUPT Interrupt, PVOID Context)
{
    PLIST_ENTRY Entry;

    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(Context);
    KtRtcAcknowledge();
    Entry = ExInterlockedRemoveHeadList(&shared_list, &shared_lock);
    if (Entry != NULL) {
        ExInterlockedInsertTailList(&shared_list, Entry, &shared_lock);
        isr_moves++;
    }
    return TRUE;
}

KTEST(exinterlocked_list_shared_with_an_isr)
{
    static KINTERRUPT Interrupt;
    static ITEM Items[4];
    ULONGLONG Until;
    ULONG Index, Moves = 0, Count = 0;
    PLIST_ENTRY Entry;
    BOOLEAN Connected;

    KeInitializeSpinLock(&shared_lock);
    InitializeListHead(&shared_list);
    for (Index = 0; Index < 4; Index++)
        ExInterlockedInsertTailList(&shared_list, &Items[Index].Link,
                                    &shared_lock);
    isr_moves = 0;
    Connected = KtConnect(&Interrupt, KT_RTC_IRQ, isr_moves_an_entry, NULL,
                          Latched, FALSE);
    if (Connected) {
        KtRtcStart();
        Until = KeQueryInterruptTime() + 1000000; /* 100 ms */
        while (KeQueryInterruptTime() < Until) {
            Entry = ExInterlockedRemoveHeadList(&shared_list, &shared_lock);
            if (Entry != NULL) {
                ExInterlockedInsertTailList(&shared_list, Entry, &shared_lock);
                Moves++;
            }
        }
        KtRtcStop();
        KeDisconnectInterrupt(&Interrupt);
    }
    KT_ASSERT(Connected);
    for (Entry = shared_list.Flink; Entry != &shared_list; Entry = Entry->Flink)
        Count++;
    KT_ASSERT_EQ(Count, 4);
    KT_ASSERT_MSG(isr_moves > 20, "only %lu interrupts moved an entry",
                  isr_moves);
    KT_ASSERT(Moves > isr_moves);
}
