/*
 * Crash tests of the MDL routines: a driver breaking their rules stops
 * the machine with NT's code (tools/test.sh lists what each expects).
 */
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"

static UCHAR buffer[64];

/* A driver unlocking twice: NT's PFN_LIST_CORRUPT (0x07). */
KTEST_CRASH(crash_mdl_unlock_twice)
{
    PMDL Mdl = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);

    MmProbeAndLockPages(Mdl, KernelMode, IoReadAccess);
    MmUnlockPages(Mdl);
    MmUnlockPages(Mdl);
}

/* Mapping an MDL whose PFN array was never filled. */
KTEST_CRASH(crash_mdl_map_unlocked)
{
    PMDL Mdl = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);

    MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority); /* 0x1A, 0x109 */
}

/* With no system PTE left: NULL when the caller allows failure (either
 * way), the stop when it does not. Any other outcome stops with the
 * wrong code, which the runner reports. */
KTEST_CRASH(crash_mdl_map_without_ptes)
{
    PMDL Mdl = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);
    ULONG Run;

    MmBuildMdlForNonPagedPool(Mdl);
    for (Run = 1024; Run != 0; Run /= 2)
        while (MiReserveSystemPtes(Run) != NULL)
            ;
    if (MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE,
                                     NormalPagePriority) != NULL)
        KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
    Mdl->MdlFlags |= MDL_MAPPING_CAN_FAIL;
    if (MmMapLockedPages(Mdl, KernelMode) != NULL)
        KeBugCheckEx(MANUALLY_INITIATED_CRASH, 1, 0, 0, 0);
    Mdl->MdlFlags &= ~MDL_MAPPING_CAN_FAIL;
    MmMapLockedPages(Mdl, KernelMode); /* NO_MORE_SYSTEM_PTES */
}

/* A user address that is no view of an MDL. */
KTEST_CRASH(crash_mdl_unmap_invalid_view)
{
    PMDL Mdl = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);

    MmUnmapLockedPages((PVOID)0x00500000, Mdl); /* 0xD7 */
}

KTEST_CRASH(crash_mdl_partial_outside_source)
{
    PMDL Source = IoAllocateMdl(buffer, 16, FALSE, FALSE, NULL);
    PMDL Part = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);

    MmBuildMdlForNonPagedPool(Source);
    IoBuildPartialMdl(Source, Part, buffer + 8, 32); /* 0x1A, 0x107 */
}

KTEST_CRASH(crash_mdl_nonpaged_user_address)
{
    PMDL Mdl = IoAllocateMdl((PVOID)0x00500000, 16, FALSE, FALSE, NULL);

    MmBuildMdlForNonPagedPool(Mdl); /* 0x1A, 0x108 */
}

/* Freeing through an MDL frames MmAllocatePagesForMdl did not give. */
KTEST_CRASH(crash_mdl_free_pages_not_its_own)
{
    PMDL Mdl = IoAllocateMdl(buffer, sizeof(buffer), FALSE, FALSE, NULL);

    MmBuildMdlForNonPagedPool(Mdl);
    MmFreePagesFromMdl(Mdl); /* 0x1A, 0x10A */
}

/* A block of two frames freed while an MDL holds its second. */
KTEST_CRASH(crash_mdl_free_locked_block)
{
    PFN_NUMBER Frame = MiAllocatePages(1, MI_CONSTRAINT_LOW);
    PMDL Mdl =
        IoAllocateMdl((PVOID)KI_PHYSICAL_TO_VIRTUAL((Frame + 1) << PAGE_SHIFT),
                      PAGE_SIZE, FALSE, FALSE, NULL);

    MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
    MiFreePages(Frame, 1); /* 0x1A, 0x106 */
}
