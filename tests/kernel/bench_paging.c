/*
 * bench=paging (tools/bench.sh, with a page-file disk): what a soft fault
 * and a hard fault cost in guest instructions (rdtsc under -icount
 * shift=0 counts them), the hard fault without its transfer (request to
 * completion: the disk's share), and how fast the modified page writer
 * writes next to the disk's raw sequential rate in the same run.
 */
#include "kernel/paging.h"
#include "kernel/x86.h"
#include "tests/kernel/kt_bench.h"
#include "tests/kernel/kt_paging.h"
#include "tests/kernel/kt_user.h"

#define PAGES 512
#define BASE 0x01000000UL

static VOID report(PCSTR Name, ULONGLONG Ticks, ULONG Count, ULONG Calibration)
{
    KtBenchReport(Name, Ticks, Count, "fault", Calibration);
}

/* Trimmed; with Steal, written out and their frames taken: the next
 * touch of each page is a hard fault. */
static VOID trim_and_write(BOOLEAN Steal)
{
    KtTrimEverything();
    if (Steal && KtWaitForWriter())
        KtStealStandby(0xFFFFFFFF);
}

static ULONGLONG touch_all(VOID)
{
    ULONGLONG Start = read_tsc();
    ULONG Page;

    for (Page = 0; Page < PAGES; Page++)
        (void)*(volatile ULONG *)(BASE + Page * PAGE_SIZE);
    return read_tsc() - Start;
}

/* Pages per second since Start (the performance counter: the clock
 * tick is too coarse for a few hundred milliseconds). */
static ULONGLONG now(VOID)
{
    return (ULONGLONG)KeQueryPerformanceCounter(NULL).QuadPart;
}

static ULONG rate(ULONG Pages, ULONGLONG Start)
{
    LARGE_INTEGER Frequency;
    ULONGLONG Elapsed =
        (ULONGLONG)KeQueryPerformanceCounter(&Frequency).QuadPart - Start;

    return Elapsed ? (ULONG)(Pages * (ULONGLONG)Frequency.QuadPart / Elapsed)
                   : 0;
}

#define RAW_PAGES 2048

/* The disk alone: clusters written back to back into free slots. */
static ULONG raw_rate(VOID)
{
    PFN_NUMBER Frames[MI_PAGE_FILE_CLUSTER];
    ULONG Index, Slot, Written = 0;
    ULONGLONG Start;

    for (Index = 0; Index < MI_PAGE_FILE_CLUSTER; Index++)
        Frames[Index] = MiAllocatePages(0, MI_CONSTRAINT_ANY);
    Slot = MiAllocatePageFileSlots(RAW_PAGES);
    Start = now();
    for (Index = 0; Slot != 0 && Index < RAW_PAGES / MI_PAGE_FILE_CLUSTER;
         Index++)
        if (NT_SUCCESS(MiPageFileTransfer(TRUE,
                                          Slot + Index * MI_PAGE_FILE_CLUSTER,
                                          Frames, MI_PAGE_FILE_CLUSTER)))
            Written += MI_PAGE_FILE_CLUSTER;
    Index = rate(Written, Start);
    for (Written = 0; Slot != 0 && Written < RAW_PAGES; Written++)
        MiFreePageFileSlot(Slot + Written);
    for (Written = 0; Written < MI_PAGE_FILE_CLUSTER; Written++)
        if (Frames[Written] != MI_NO_PAGE)
            MiFreePages(Frames[Written], 0);
    return Index;
}

VOID KtBenchPaging(VOID)
{
    static KT_PROCESS Process;
    ULONG Calibration = KtBenchCalibrate(), Page, Writer, Raw, Written;
    ULONGLONG Ticks, Transfer, Start;

    if (!MiPageFilePresent) {
        DbgPrint("bench guest paging: no page-file disk attached\n");
        return;
    }
    if (!NT_SUCCESS(KtCreateProcess(&Process)) ||
        !NT_SUCCESS(MiCommitVirtualMemory(Process.Process, (PVOID)BASE,
                                          PAGES * PAGE_SIZE, PAGE_READWRITE)))
        return;
    Raw = raw_rate(); /* first, while nothing else wants the disk */
    KtAttachProcess(&Process);
    for (Page = 0; Page < PAGES; Page++)
        *(volatile ULONG *)(BASE + Page * PAGE_SIZE) = Page;
    trim_and_write(FALSE);
    report("paging soft fault (a trimmed page back from its list)", touch_all(),
           PAGES, Calibration);
    trim_and_write(TRUE);
    /* The faults add to it behind the compiler's back: read it as such. */
    Transfer = *(volatile ULONGLONG *)&MiPageFileTransferTicks;
    Ticks = touch_all();
    Transfer = *(volatile ULONGLONG *)&MiPageFileTransferTicks - Transfer;
    report("paging hard fault, the disk's transfer included", Ticks, PAGES,
           Calibration);
    report("paging hard fault, without the transfer", Ticks - Transfer, PAGES,
           Calibration);
    /* The writer: every page dirty, trimmed, then written in clusters. */
    for (Page = 0; Page < PAGES; Page++)
        *(volatile ULONG *)(BASE + Page * PAGE_SIZE) = ~Page;
    trim_and_write(FALSE);
    Written = MiPagingCounters.PagesWritten;
    Start = now();
    KeSetEvent(&MiModifiedPageWriterEvent, 0, FALSE);
    /* A sleep would end a clock tick late: spin, which the writer (at a
     * higher priority) preempts whenever its disk is done. */
    while (*(volatile PFN_NUMBER *)&MiModifiedList.Total != 0 ||
           *(volatile ULONG *)&MiPagesBeingWritten != 0)
        KeStallExecutionProcessor(10);
    /* The trim took the system's pageable pages too: count them all. */
    Writer = rate(MiPagingCounters.PagesWritten - Written, Start);
    DbgPrint("bench guest paging writer: %lu pages per second, the disk's raw "
             "sequential rate %lu (%lu%%)\n",
             Writer, Raw, Raw ? Writer * 100 / Raw : 0);
    KtDeleteProcess(&Process);
}
