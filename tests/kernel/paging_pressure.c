/*
 * A randomised pressure test for paging (tools/test.sh runs it at 16 MiB
 * with a page file and mmcheck=1): three address spaces and a set of
 * paged pool blocks, written, checked, decommitted, trimmed and stolen
 * from at random, far beyond what the machine holds. After every step
 * the lists, the PFN records, the page-file bitmap and the commit charge
 * must agree (MiCheckPagingState) and every page must hold what was last
 * written to it. The seed is printed; paging_seed=HEX on the command line
 * replays one.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kt_paging.h"
#include "kt_user.h"

#define SPACES 3
#define PAGES 1024 /* 4 MiB each */
#define BLOCKS 16  /* of 64 KiB */
#define STEPS 3000
#define BASE 0x01000000UL

static ULONG seed;

static ULONG next(VOID)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

static ULONG expected[SPACES][PAGES];
static PULONG blocks[BLOCKS];
static ULONG block_stamp[BLOCKS];

/* A page's two marks: its first and last words. */
static PULONG page_of(ULONG Page)
{
    return (PULONG)(BASE + Page * PAGE_SIZE);
}

static BOOLEAN page_holds(ULONG Page, ULONG Stamp)
{
    PULONG Words = page_of(Page);

    return Words[0] == Stamp && Words[PAGE_SIZE / 4 - 1] == ~Stamp + !Stamp;
}

static VOID write_page(ULONG Page, ULONG Stamp)
{
    PULONG Words = page_of(Page);

    Words[0] = Stamp;
    Words[PAGE_SIZE / 4 - 1] = ~Stamp + !Stamp; /* 0 for a zero stamp */
}

static BOOLEAN block_holds(ULONG Block)
{
    ULONG Index;

    for (Index = 0; Index < 0x10000 / 4; Index += 1024)
        if (blocks[Block][Index] != block_stamp[Block] + Index)
            return FALSE;
    return TRUE;
}

KTEST_EXTERNAL(paging_pressure_randomised)
{
    static KT_PROCESS Spaces[SPACES];
    KT_CLEANUP_SECTION;
    ULONG Step, Index, Space, Page, Op;
    KAPC_STATE Apc;

    if (!MiPageFilePresent)
        KT_SKIP("no page-file disk (tools/mkpagefile.sh makes one)");
    seed = KiGetNumberOption("paging_seed", 16,
                             (ULONG)KeQueryPerformanceCounter(NULL).QuadPart);
    DbgPrint("paging pressure seed %08lx\n", seed);
    RtlZeroMemory(expected, sizeof(expected));
    for (Space = 0; Space < SPACES; Space++) {
        KT_ASSERT_EQ(KtCreateProcess(&Spaces[Space]), STATUS_SUCCESS);
        KT_ASSERT_EQ(MiCommitVirtualMemory(Spaces[Space].Process, (PVOID)BASE,
                                           PAGES * PAGE_SIZE, PAGE_READWRITE),
                     STATUS_SUCCESS);
    }
    for (Step = 0; Step < STEPS; Step++) {
        ULONG Problem;

        Space = next() % SPACES;
        Page = next() % PAGES;
        Op = next() % 16;
        if (Op < 9) { /* write or check a page of a space */
            KeStackAttachProcess(&Spaces[Space].Process->Pcb, &Apc);
            if (Op < 5) {
                ULONG Stamp = next() | 1;

                write_page(Page, Stamp);
                expected[Space][Page] = Stamp;
            } else {
                Index = page_holds(Page, expected[Space][Page]);
                if (!Index)
                    DbgPrint("paging pressure: step %lu space %lu page %lu "
                             "holds %08lx, not %08lx\n",
                             Step, Space, Page, page_of(Page)[0],
                             expected[Space][Page]);
            }
            KeUnstackDetachProcess(&Apc);
            if (Op >= 5)
                KT_ASSERT_MSG(Index, "step %lu: a page lost its contents",
                              Step);
        } else if (Op == 9) { /* decommit and commit again: zero */
            PVOID Base = page_of(Page);
            SIZE_T Size = PAGE_SIZE;

            KeStackAttachProcess(&Spaces[Space].Process->Pcb, &Apc);
            Problem = ZwFreeVirtualMemory(NtCurrentProcess(), &Base, &Size,
                                          MEM_DECOMMIT);
            if (NT_SUCCESS(Problem))
                Problem =
                    ZwAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                            MEM_COMMIT, PAGE_READWRITE);
            KeUnstackDetachProcess(&Apc);
            KT_ASSERT_EQ(Problem, STATUS_SUCCESS);
            expected[Space][Page] = 0;
        } else if (Op == 10) {
            MiTrimWorkingSets(next() % 512 + 1);
        } else if (Op == 11) {
            KtStealStandby(next() % 256);
        } else if (Op == 12) {
            KeSetEvent(&MiModifiedPageWriterEvent, 0, FALSE);
        } else { /* paged pool: a block made, checked or freed */
            Index = Page % BLOCKS;
            if (blocks[Index] == NULL) {
                ULONG Word;

                blocks[Index] =
                    ExAllocatePoolWithTag(PagedPool, 0x10000, 'rPtK');
                KT_ASSERT(blocks[Index] != NULL);
                block_stamp[Index] = next();
                for (Word = 0; Word < 0x10000 / 4; Word += 1024)
                    blocks[Index][Word] = block_stamp[Index] + Word;
            } else {
                KT_ASSERT_MSG(block_holds(Index), "step %lu: block %lu lost",
                              Step, Index);
                if (Op == 15) {
                    ExFreePoolWithTag(blocks[Index], 'rPtK');
                    blocks[Index] = NULL;
                }
            }
        }
        Problem = MiCheckPagingState();
        KT_ASSERT_MSG(Problem == 0, "step %lu (operation %lu): check %lu", Step,
                      Op, Problem);
    }
    /* Everything still there, the last time. */
    for (Space = 0; Space < SPACES; Space++) {
        KeStackAttachProcess(&Spaces[Space].Process->Pcb, &Apc);
        for (Page = 0, Index = 0; Page < PAGES; Page++)
            Index += !page_holds(Page, expected[Space][Page]);
        KeUnstackDetachProcess(&Apc);
        KT_ASSERT_MSG(Index == 0, "space %lu: %lu pages lost", Space, Index);
    }
    DbgPrint("paging pressure: %lu steps; %lu hard faults, %lu soft, %lu "
             "pages written\n",
             STEPS, MiPagingCounters.HardFaults, MiPagingCounters.SoftFaults,
             MiPagingCounters.PagesWritten);
    KT_CLEANUP;
    for (Index = 0; Index < BLOCKS; Index++)
        if (blocks[Index] != NULL) {
            ExFreePoolWithTag(blocks[Index], 'rPtK');
            blocks[Index] = NULL;
        }
    for (Space = 0; Space < SPACES; Space++)
        KtDeleteProcess(&Spaces[Space]);
    if (MiPageFilePresent)
        KT_ASSERT_EQ(MiCheckPagingState(), 0);
}
