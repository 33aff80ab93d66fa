/*
 * Locked pages: MmProbeAndLockPages makes each page of an MDL's buffer
 * resident and accessible as asked, the way a touch by the CPU would
 * (MmAccessFault, so the VAD's protection, guard pages and views apply),
 * and holds its frame with a lock count in its PFN record; the frame then
 * outlives whatever its owner does (a free of the range, the process's
 * exit) until MmUnlockPages lets it go (mm/pfn.c).
 */
#include "kernel/mm.h"
#include "kernel/process.h"

/* Faults a page needs at most before it is valid and, for a write,
 * writable: a demand-zero fill, then a copy-on-write. */
#define MI_PROBE_ATTEMPTS 3

/* Takes a lock on the frame behind Va once its PTE allows the access.
 * The check and the lock happen at DISPATCH_LEVEL, so no fault or free of
 * another thread comes between them. */
static NTSTATUS lock_page(ULONG Va, BOOLEAN Write, PPFN_NUMBER Frame)
{
    ULONG Attempt;

    for (Attempt = 0;; Attempt++) {
        KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
        MMPTE Pte = MiReadPte((PVOID)Va);
        NTSTATUS Status;

        if ((Pte & MI_PTE_VALID) && (!Write || (Pte & MI_PTE_WRITE))) {
            *Frame = MiGetPteFrame(Pte);
            Status = MiLockPageFrame(*Frame);
            KfLowerIrql(OldIrql);
            return Status;
        }
        KfLowerIrql(OldIrql);
        /* The kernel's own memory is resident: an invalid or read-only
         * kernel page is the caller's mistake, not a fault to resolve. */
        if (!MiIsUserAddress(Va) || Attempt == MI_PROBE_ATTEMPTS)
            return STATUS_ACCESS_VIOLATION;
        Status = MmAccessFault(((Pte & MI_PTE_VALID) ? PF_PRESENT : 0) |
                                   (Write ? PF_WRITE : 0) | PF_USER,
                               (PVOID)Va, NULL);
        /* A guard page is no buffer: the guard is gone, the probe fails. */
        if (Status == STATUS_GUARD_PAGE_VIOLATION)
            return STATUS_ACCESS_VIOLATION;
        if (!NT_SUCCESS(Status))
            return Status;
    }
}

static VOID unlock_frames(PPFN_NUMBER Frames, ULONG Count)
{
    ULONG Page;

    for (Page = 0; Page < Count; Page++)
        MiUnlockPageFrame(Frames[Page]);
}

VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList,
                               KPROCESSOR_MODE AccessMode,
                               LOCK_OPERATION Operation)
{
    PMDL Mdl = MemoryDescriptorList;
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    ULONG Start = (ULONG)MmGetMdlVirtualAddress(Mdl);
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(Start, Mdl->ByteCount);
    ULONG Va = (ULONG)Mdl->StartVa, Page;
    BOOLEAN Write = Operation != IoReadAccess;
    NTSTATUS Status = STATUS_SUCCESS;
    CSHORT IoSpace = 0;

    /* User mode's buffer must lie below the 64 KiB guard, whole, before
     * anything is touched (NT's check). */
    if (AccessMode != KernelMode && Mdl->ByteCount != 0 &&
        (Start + Mdl->ByteCount - 1 < Start ||
         Start + Mdl->ByteCount > MM_USER_PROBE_ADDRESS))
        ExRaiseStatus(STATUS_ACCESS_VIOLATION);
    for (Page = 0; Page < Pages; Page++, Va += PAGE_SIZE) {
        Status = lock_page(Va, Write, &Frames[Page]);
        if (!NT_SUCCESS(Status))
            break;
        if (MiGetPfnEntry(Frames[Page]) == NULL)
            IoSpace = MDL_IO_SPACE;
    }
    if (!NT_SUCCESS(Status)) {
        unlock_frames(Frames, Page);
        ExRaiseStatus(Status);
    }
    Mdl->Process = MiIsUserAddress(Start) ? PsGetCurrentProcess() : NULL;
    Mdl->MdlFlags |= MDL_PAGES_LOCKED | IoSpace;
    if (Write)
        Mdl->MdlFlags |= MDL_WRITE_OPERATION;
}

VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList)
{
    PMDL Mdl = MemoryDescriptorList;
    PPFN_NUMBER Frames = MmGetMdlPfnArray(Mdl);
    ULONG Pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(Mdl),
                                                 Mdl->ByteCount);

    /* Unlocking what is not locked: NT's "unlocked more times than
     * locked", on the first frame the MDL names. */
    if (!(Mdl->MdlFlags & MDL_PAGES_LOCKED)) {
        PMMPFN Pfn = Pages != 0 ? MiGetPfnEntry(Frames[0]) : NULL;

        KeBugCheckEx(PFN_LIST_CORRUPT, MI_PFN_UNLOCKED_TOO_OFTEN,
                     Pages != 0 ? Frames[0] : 0,
                     Pfn != NULL ? Pfn->LockCount : 0, 0);
    }
    /* Its system mapping goes first, as the WDK documents. */
    if ((Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) &&
        !(Mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL))
        MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
    unlock_frames(Frames, Pages);
    Mdl->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_WRITE_OPERATION | MDL_IO_SPACE);
}
