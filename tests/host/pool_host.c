/*
 * The pool's page provider on the host (see pool_host.h). Pages are found
 * next-fit in the arena; the owner byte is the base type + 1.
 */
#include "pool_host.h"
#include "kernel/pool_cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

PUCHAR MiHostArena;
ULONG_PTR MiHostArenaPages;
ULONG_PTR MiHostArenaBytes;
ULONG_PTR *MiHostPageWords;
PUCHAR MiHostPageOwned;
KIRQL MiHostIrql;
MI_POOL_FRONT MiHostPoolFront;
ULONG_PTR MiHostPagesInUse;
ULONG_PTR MiHostPeakPages;
ULONG_PTR MiHostPageLimit;
EPROCESS MiHostProcess;
static ULONG_PTR hint;

VOID MiHostPoolSetup(ULONG_PTR ArenaPages)
{
    if (MiHostArena != NULL)
        munmap(MiHostArena, MiHostArenaPages << PAGE_SHIFT);
    free(MiHostPageWords);
    free(MiHostPageOwned);
    MiHostArena = mmap(NULL, ArenaPages << PAGE_SHIFT, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (MiHostArena == MAP_FAILED) {
        perror("mmap");
        abort();
    }
    MiHostArenaPages = ArenaPages;
    MiHostArenaBytes = ArenaPages << PAGE_SHIFT;
    MiHostPageWords = calloc(ArenaPages, sizeof(ULONG_PTR));
    MiHostPageOwned = calloc(ArenaPages, 1);
    MiHostPagesInUse = MiHostPeakPages = 0;
    MiHostPageLimit = ArenaPages;
    MiHostIrql = PASSIVE_LEVEL;
    hint = 0;
    PsInitializeQuota(&MiHostProcess);
    InitializeListHead(&ExpLookasideListHead);
    MiInitializePool(64);
}

static BOOLEAN run_is_free(ULONG_PTR First, ULONG PageCount)
{
    ULONG Page;

    for (Page = 0; Page < PageCount; Page++)
        if (MiHostPageOwned[First + Page])
            return FALSE;
    return TRUE;
}

PVOID MiPoolAllocatePages(ULONG BaseType, ULONG PageCount)
{
    ULONG_PTR Tried, First;
    ULONG Page;

    if (MiHostPagesInUse + PageCount > MiHostPageLimit)
        return NULL;
    for (Tried = 0; Tried < MiHostArenaPages; Tried++) {
        First = (hint + Tried) % MiHostArenaPages;
        if (First + PageCount > MiHostArenaPages ||
            !run_is_free(First, PageCount))
            continue;
        for (Page = 0; Page < PageCount; Page++) {
            MiHostPageOwned[First + Page] = (UCHAR)(BaseType + 1);
            MiHostPageWords[First + Page] = MI_POOL_WORD_NONE;
        }
        hint = First + PageCount;
        MiHostPagesInUse += PageCount;
        if (MiHostPagesInUse > MiHostPeakPages)
            MiHostPeakPages = MiHostPagesInUse;
        return MiHostArena + (First << PAGE_SHIFT);
    }
    return NULL;
}

VOID MiPoolFreePages(ULONG BaseType, PVOID Base, ULONG PageCount)
{
    ULONG_PTR First = (ULONG_PTR)((PUCHAR)Base - MiHostArena) >> PAGE_SHIFT;
    ULONG Page;

    for (Page = 0; Page < PageCount; Page++) {
        if (MiHostPageOwned[First + Page] != BaseType + 1) {
            printf("host pool: page %lu freed as type %lu but not owned so\n",
                   (unsigned long)(First + Page), (unsigned long)BaseType);
            abort();
        }
        MiHostPageOwned[First + Page] = 0;
        MiHostPageWords[First + Page] = 0;
    }
    MiHostPagesInUse -= PageCount;
}

VOID MiPoolBadAddress(PVOID Address)
{
    ULONG_PTR Page = (ULONG_PTR)((PUCHAR)Address - MiHostArena) >> PAGE_SHIFT;

    if (Page < MiHostArenaPages)
        KeBugCheckEx(BAD_POOL_CALLER, 0x41, (ULONG_PTR)Address, Page,
                     MiHostArenaPages - 1);
    KeBugCheckEx(BAD_POOL_CALLER, 0x42, (ULONG_PTR)Address, 0, 0);
}

PEPROCESS PsGetCurrentProcess(VOID)
{
    return &MiHostProcess;
}

/* A broken list link: the kernel stops with KERNEL_SECURITY_CHECK_FAILURE. */
VOID RtlFailFast(ULONG Code)
{
    KeBugCheckEx(KERNEL_SECURITY_CHECK_FAILURE, Code, 0, 0, 0);
}
