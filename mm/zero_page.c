/*
 * NT's zeroed list and the zero-page thread. A demand-zero fault needs a
 * page of zeros; zeroing it then costs the faulting thread a page of
 * stores. The zero-page thread, at priority 1 (NT's runs at 0, which is
 * the idle thread's alone here), runs only when nothing else wants the
 * processor: it takes free frames from the buddy allocator,
 * zeroes them, and keeps them on MiZeroedList for the faults to take as
 * they are. The list is short (MI_ZEROED_TARGET) and is free memory all
 * the same: MiAllocatePages takes from it when the buddy allocator is out,
 * MiFreePageCount counts it, and so do the tests' counts of free frames.
 */
#include "kernel/paging.h"

MI_PAGE_LIST MiZeroedList = {0, MI_NO_PAGE, MI_NO_PAGE, MI_PFN_ZEROED};
KEVENT MiZeroPageEvent;

#define MI_ZEROED_TARGET 32

PFN_NUMBER MiTakeZeroedPage(ULONG HighestZone)
{
    return MiRemoveFirstPageInZone(&MiZeroedList, HighestZone);
}

PFN_NUMBER MiAllocateZeroedPage(VOID)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    PFN_NUMBER Frame = MiTakeZeroedPage(MI_CONSTRAINT_ANY);
    BOOLEAN Refill = MiZeroedList.Total < MI_ZEROED_TARGET / 2;

    MiReleasePfnLock(OldIrql);
    if (Refill)
        KeSetEvent(&MiZeroPageEvent, 0, FALSE);
    if (Frame != MI_NO_PAGE) {
        MiGetPfnEntry(Frame)->OriginalPte = 0;
        return Frame;
    }
    Frame = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    if (Frame != MI_NO_PAGE)
        MiZeroPhysicalPage(Frame);
    return Frame;
}

VOID MiDrainZeroedList(VOID)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    PFN_NUMBER Frame;

    while ((Frame = MiTakeZeroedPage(MI_CONSTRAINT_ANY)) != MI_NO_PAGE)
        MiFreePageLocked(Frame);
    MiReleasePfnLock(OldIrql);
}

/* One frame from the buddy allocator, zeroed, onto the list; FALSE when
 * the list is full or memory is short (its frames are for others then). */
static BOOLEAN zero_one(VOID)
{
    KIRQL OldIrql = MiAcquirePfnLock();
    PFN_NUMBER Frame = MI_NO_PAGE;

    if (MiZeroedList.Total < MI_ZEROED_TARGET &&
        MiFreePageCount() > 2 * MI_LOW_MEMORY_PAGES)
        Frame = MiBuddyAllocate(&MiBuddy, 0, MI_CONSTRAINT_ANY);
    MiReleasePfnLock(OldIrql);
    if (Frame == MI_NO_PAGE)
        return FALSE;
    MiZeroPhysicalPage(Frame);
    OldIrql = MiAcquirePfnLock();
    MiGetPfnEntry(Frame)->Usage = MiUsageNone;
    MiInsertPageList(&MiZeroedList, Frame);
    MiReleasePfnLock(OldIrql);
    return TRUE;
}

static VOID NTAPI zero_page_thread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetPriorityThread(KeGetCurrentThread(), LOW_PRIORITY + 1);
    for (;;) {
        while (zero_one())
            ;
        KeWaitForSingleObject(&MiZeroPageEvent, WrFreePage, KernelMode, FALSE,
                              NULL);
    }
}

VOID MiStartZeroPageThread(VOID)
{
    HANDLE Handle;

    KeInitializeEvent(&MiZeroPageEvent, SynchronizationEvent, FALSE);
    if (NT_SUCCESS(PsCreateSystemThread(&Handle, THREAD_ALL_ACCESS, NULL, NULL,
                                        NULL, zero_page_thread, NULL)))
        ZwClose(Handle);
}
