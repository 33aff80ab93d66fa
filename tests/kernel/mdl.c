/*
 * MDLs: allocation and its limit, locking kernel and user buffers (and
 * every way a probe refuses), lock counts in the PFN records, frames that
 * outlive a freed range or an ended process until the unlock, system and
 * user mappings that share the bytes, partial MDLs, and pages allocated
 * for an MDL that all come back.
 */
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/seh.h"
#include "kt_ring3.h"
#include "kt_user.h"

#define KT_MDL_TAG 'tldM'
#define USER_RW ((PUCHAR)0x00600000) /* 3 pages, read-write */
#define USER_RO ((PUCHAR)0x00603000) /* 1 page, read-only, right after */
#define USER_GUARD ((PUCHAR)0x00610000)
#define USER_UNMAPPED ((PUCHAR)0x00620000)
#define USER_REQUESTED ((PUCHAR)0x00700000)

static NTSTATUS probe_and_lock(PMDL Mdl, KPROCESSOR_MODE Mode,
                               LOCK_OPERATION Operation)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        MmProbeAndLockPages(Mdl, Mode, Operation);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

static NTSTATUS map_for_user(PMDL Mdl, PVOID Requested, PVOID *Address)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;
    PVOID volatile Result = NULL;

    SEH_TRY
    {
        Result = MmMapLockedPagesSpecifyCache(
            Mdl, UserMode, MmCached, Requested, FALSE, NormalPagePriority);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    *Address = Result;
    return Status;
}

static USHORT lock_count(PFN_NUMBER Frame)
{
    return MiGetPfnEntry(Frame)->LockCount;
}

static PFN_NUMBER frame_of(PVOID Address)
{
    return (PFN_NUMBER)(MmGetPhysicalAddress(Address).QuadPart >> PAGE_SHIFT);
}

KTEST(mdl_allocation_follows_nt)
{
    ULONG FakeIrp[32] = {0}; /* MdlAddress at offset 4, as NT x86's IRP */
    PMDL Small, Large, Second;
    PVOID Va = (PVOID)0x80123F00;

    Small = IoAllocateMdl(Va, 0x200, FALSE, FALSE, (struct _IRP *)FakeIrp);
    KT_ASSERT(Small != NULL);
    /* 0x200 bytes from 0xF00 into a page straddle two pages. */
    KT_ASSERT_EQ(Small->Size, sizeof(MDL) + 2 * sizeof(PFN_NUMBER));
    KT_ASSERT_EQ(Small->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
    KT_ASSERT_EQ((ULONG)Small->StartVa, 0x80123000);
    KT_ASSERT_EQ(Small->ByteOffset, 0xF00);
    KT_ASSERT_EQ(Small->ByteCount, 0x200);
    KT_ASSERT(Small->Next == NULL && Small->Process == NULL);
    KT_ASSERT_EQ(FakeIrp[1], (ULONG)Small);
    KT_ASSERT(MmGetMdlVirtualAddress(Small) == Va);
    KT_ASSERT_EQ(MmSizeOfMdl(Va, 0x200), Small->Size);

    /* 100 pages: too many for the fixed size, from the pool. */
    Large =
        IoAllocateMdl(Va, 99 * PAGE_SIZE, TRUE, FALSE, (struct _IRP *)FakeIrp);
    Second = IoAllocateMdl(Va, 1, TRUE, FALSE, (struct _IRP *)FakeIrp);
    KT_ASSERT(Large != NULL && Second != NULL);
    KT_ASSERT_EQ(Large->Size, sizeof(MDL) + 100 * sizeof(PFN_NUMBER));
    KT_ASSERT_EQ(Large->MdlFlags, 0);
    /* Secondary buffers go to the end of the chain. */
    KT_ASSERT_EQ(FakeIrp[1], (ULONG)Small);
    KT_ASSERT(Small->Next == Large && Large->Next == Second);
    IoFreeMdl(Second);
    IoFreeMdl(Large);
    IoFreeMdl(Small);

    /* The limit: what the Size field's 16 bits can describe (16376
     * pages), under the documented byte count. */
    Large =
        IoAllocateMdl((PVOID)0x80000000, 16376 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Large != NULL);
    KT_ASSERT_EQ((USHORT)Large->Size, sizeof(MDL) + 16376 * sizeof(PFN_NUMBER));
    IoFreeMdl(Large);
    KT_ASSERT(IoAllocateMdl((PVOID)0x80000001, 16376 * PAGE_SIZE, FALSE, FALSE,
                            NULL) == NULL);
    KT_ASSERT(IoAllocateMdl((PVOID)0x80000000, MM_MAXIMUM_MDL_BYTE_COUNT + 1,
                            FALSE, FALSE, NULL) == NULL);
    KT_ASSERT(IoAllocateMdl(NULL, 0xFFFFFFFF, FALSE, FALSE, NULL) == NULL);
}

KTEST(mdl_locks_and_maps_a_kernel_buffer)
{
    KT_CLEANUP_SECTION;
    PUCHAR Buffer =
        ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, KT_MDL_TAG);
    PMDL Mdl = NULL;
    PVOID Unmapped = NULL;
    ULONG Locked = MiLockedPageCount, Page;
    PUCHAR System;

    KT_ASSERT(Buffer != NULL);
    /* Two pages and a bit: three frames. */
    Mdl = IoAllocateMdl(Buffer + 0x800, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, KernelMode, IoModifyAccess),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED |
                                    MDL_WRITE_OPERATION);
    KT_ASSERT(Mdl->Process == NULL);
    KT_ASSERT_EQ(MiLockedPageCount, Locked + 3);
    for (Page = 0; Page < 3; Page++) {
        PFN_NUMBER Frame = frame_of(Buffer + Page * PAGE_SIZE);
        KT_ASSERT_EQ(MmGetMdlPfnArray(Mdl)[Page], Frame);
        KT_ASSERT_EQ(lock_count(Frame), 1);
    }
    /* Locked twice by two MDLs: the count says so. */
    {
        PMDL Again = IoAllocateMdl(Buffer, 1, FALSE, FALSE, NULL);
        KT_ASSERT(Again != NULL);
        KT_ASSERT_EQ(probe_and_lock(Again, KernelMode, IoReadAccess),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(Again->MdlFlags,
                     MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED);
        KT_ASSERT_EQ(lock_count(frame_of(Buffer)), 2);
        MmUnlockPages(Again);
        KT_ASSERT_EQ(Again->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
        IoFreeMdl(Again);
        KT_ASSERT_EQ(lock_count(frame_of(Buffer)), 1);
    }

    /* Not nonpaged-pool described: a new system mapping, same bytes both
     * ways, at the same offset in its page. */
    System = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
    KT_ASSERT(System != NULL && System != Buffer + 0x800);
    KT_ASSERT_EQ((ULONG)System & (PAGE_SIZE - 1), 0x800);
    KT_ASSERT(Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
    KT_ASSERT(Mdl->MappedSystemVa == System);
    KT_ASSERT(MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority) == System);
    Buffer[0x800 + PAGE_SIZE + 5] = 0xA5;
    KT_ASSERT_EQ(System[PAGE_SIZE + 5], 0xA5);
    System[2 * PAGE_SIZE - 1] = 0x3C;
    KT_ASSERT_EQ(Buffer[0x800 + 2 * PAGE_SIZE - 1], 0x3C);

    /* The unlock takes the system mapping with it. */
    MmUnlockPages(Mdl);
    KT_ASSERT(!(Mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_MAPPED_TO_SYSTEM_VA)));
    KT_ASSERT(!MmIsAddressValid(System));
    KT_ASSERT_EQ(MiLockedPageCount, Locked);
    for (Page = 0; Page < 3; Page++)
        KT_ASSERT_EQ(lock_count(frame_of(Buffer + Page * PAGE_SIZE)), 0);
    IoFreeMdl(Mdl);
    Mdl = NULL;

    /* A kernel buffer for user mode, and a kernel page not mapped: both
     * raise, nothing stays locked. */
    Mdl = IoAllocateMdl(Buffer, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, UserMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(Mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
    IoFreeMdl(Mdl);
    Unmapped = MiReserveSystemPtes(1);
    KT_ASSERT(Unmapped != NULL);
    /* A reserved system page: its PTE is not valid. */
    Mdl = IoAllocateMdl(Unmapped, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, KernelMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(MiLockedPageCount, Locked);

    KT_CLEANUP;
    if (Mdl != NULL)
        IoFreeMdl(Mdl);
    if (Unmapped != NULL)
        MiReleaseSystemPtes(Unmapped, 1);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_MDL_TAG);
    KT_ASSERT_EQ(MiLockedPageCount, Locked);
}

/* Whether probing [Address, + Length) for Operation raises Expected and,
 * when it does, leaves no lock behind. */
static NTSTATUS probe_range(PVOID Address, ULONG Length, KPROCESSOR_MODE Mode,
                            LOCK_OPERATION Operation)
{
    PMDL Mdl = IoAllocateMdl(Address, Length, FALSE, FALSE, NULL);
    ULONG Locked = MiLockedPageCount;
    NTSTATUS Status;

    if (Mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Status = probe_and_lock(Mdl, Mode, Operation);
    if (NT_SUCCESS(Status))
        MmUnlockPages(Mdl);
    else if (MiLockedPageCount != Locked || (Mdl->MdlFlags & MDL_PAGES_LOCKED))
        Status = STATUS_UNSUCCESSFUL; /* something stayed locked */
    IoFreeMdl(Mdl);
    return Status;
}

KTEST(mdl_probes_user_ranges_as_the_vad_allows)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PMDL Mdl = NULL;
    ULONG Locked = MiLockedPageCount;
    PFN_NUMBER Frame;

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_RW, 3 * PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_RO, PAGE_SIZE,
                                       PAGE_READONLY),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_GUARD, PAGE_SIZE,
                                       PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    KtAttachProcess(&Process);

    /* Demand-zero pages straddled by the buffer are made for the probe. */
    KT_ASSERT(!MmIsAddressValid(USER_RW + PAGE_SIZE));
    Mdl = IoAllocateMdl(USER_RW + 0xF00, 0x200, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, UserMode, IoWriteAccess), STATUS_SUCCESS);
    KT_ASSERT(MmIsAddressValid(USER_RW) && MmIsAddressValid(USER_RW + 0x1000));
    KT_ASSERT(Mdl->Process == Process.Process);
    KT_ASSERT_EQ(Mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED |
                                    MDL_WRITE_OPERATION);
    KT_ASSERT_EQ(MmGetMdlPfnArray(Mdl)[0], frame_of(USER_RW));
    KT_ASSERT_EQ(MmGetMdlPfnArray(Mdl)[1], frame_of(USER_RW + PAGE_SIZE));
    KT_ASSERT_EQ(lock_count(frame_of(USER_RW + PAGE_SIZE)), 1);
    KT_ASSERT_EQ(MiLockedPageCount, Locked + 2);
    /* The system mapping and the user's share the bytes, both ways, on
     * both sides of the page boundary. */
    {
        PUCHAR System = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);

        KT_ASSERT(System != NULL && System != USER_RW + 0xF00);
        USER_RW[0xF00] = 0xC1;
        USER_RW[0x10FF] = 0xC2;
        KT_ASSERT_EQ(System[0], 0xC1);
        KT_ASSERT_EQ(System[0x1FF], 0xC2);
        System[0xFF] = 0xD1;
        System[0x100] = 0xD2;
        KT_ASSERT_EQ(USER_RW[0xFFF], 0xD1);
        KT_ASSERT_EQ(USER_RW[0x1000], 0xD2);
    }
    MmUnlockPages(Mdl);
    KT_ASSERT_EQ(MiLockedPageCount, Locked);
    IoFreeMdl(Mdl);
    Mdl = NULL;

    /* The read-only page: read yes, write no; a write across the last
     * read-write page into it leaves that page unlocked again. */
    KT_ASSERT_EQ(probe_range(USER_RO, 8, UserMode, IoReadAccess),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(probe_range(USER_RO, 8, UserMode, IoWriteAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range(USER_RW + 0x2800, 0x1000, UserMode, IoWriteAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range(USER_RW + 0x2800, 0x1000, UserMode, IoReadAccess),
                 STATUS_SUCCESS);
    /* Nothing there; a guard page (which the probe consumes, as a touch
     * would); the kernel half from user mode; past the probe address. */
    KT_ASSERT_EQ(probe_range(USER_UNMAPPED, 4, UserMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range(USER_UNMAPPED, 4, KernelMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range(USER_GUARD, 4, UserMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range(USER_GUARD, 4, UserMode, IoReadAccess),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(probe_range((PVOID)0x80100000, 4, UserMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe_range((PVOID)0x7FFEFFF0, 0x20, UserMode, IoReadAccess),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(MiLockedPageCount, Locked);

    /* The user frees the range while it is locked: the frame stays
     * allocated, with its bytes, until the unlock gives it back. */
    USER_RW[0x10] = 0x77;
    Frame = frame_of(USER_RW);
    Mdl = IoAllocateMdl(USER_RW, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, UserMode, IoReadAccess), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiDecommitVirtualMemory(Process.Process, USER_RW),
                 STATUS_SUCCESS);
    KT_ASSERT(!MmIsAddressValid(USER_RW));
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    KT_ASSERT(MiGetPfnEntry(Frame)->Flags & MI_PFN_FREE_ON_UNLOCK);
    {
        PUCHAR System = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
        KT_ASSERT(System != NULL);
        KT_ASSERT_EQ(System[0x10], 0x77);
    }
    MmUnlockPages(Mdl);
    KT_ASSERT(MiGetPfnEntry(Frame)->State != MiPfnActive);
    KT_ASSERT(!(MiGetPfnEntry(Frame)->Flags & MI_PFN_FREE_ON_UNLOCK));

    KT_CLEANUP;
    if (Mdl != NULL) {
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    KtDeleteProcess(&Process);
    KT_ASSERT_EQ(MiLockedPageCount, Locked);
}

KTEST(mdl_maps_into_user_mode_and_goes_with_the_process)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PUCHAR Buffer =
        ExAllocatePoolWithTag(NonPagedPool, 2 * PAGE_SIZE, KT_MDL_TAG);
    PMDL Mdl = IoAllocateMdl(Buffer + 0x100, PAGE_SIZE, FALSE, FALSE, NULL);
    PUCHAR User = NULL, Again = NULL;
    PFN_NUMBER Frame;
    PMMVAD Vad;

    KT_ASSERT(Buffer != NULL && Mdl != NULL);
    MmBuildMdlForNonPagedPool(Mdl);
    KT_ASSERT_EQ(Mdl->MdlFlags,
                 MDL_ALLOCATED_FIXED_SIZE | MDL_SOURCE_IS_NONPAGED_POOL);
    KT_ASSERT(Mdl->MappedSystemVa == Buffer + 0x100 && Mdl->Process == NULL);
    KT_ASSERT_EQ(MmGetMdlPfnArray(Mdl)[1], frame_of(Buffer + PAGE_SIZE));
    KT_ASSERT(MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority) ==
              Buffer + 0x100);
    Frame = frame_of(Buffer);

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KtAttachProcess(&Process);
    KT_ASSERT_EQ(map_for_user(Mdl, NULL, (PVOID *)&User), STATUS_SUCCESS);
    KT_ASSERT(User != NULL && (ULONG)User < MM_SYSTEM_RANGE_START);
    KT_ASSERT_EQ((ULONG)User & (PAGE_SIZE - 1), 0x100);
    Vad = MiLocateAddress(Process.Process, User);
    KT_ASSERT(Vad != NULL && Vad->PhysicalMapping);
    KT_ASSERT_EQ(Vad->EndingVpn - Vad->StartingVpn + 1, 2);
    /* Shared both ways. */
    Buffer[0x100 + 7] = 0x42;
    KT_ASSERT_EQ(User[7], 0x42);
    User[PAGE_SIZE] = 0x24;
    KT_ASSERT_EQ(Buffer[0x100 + PAGE_SIZE], 0x24);

    /* The requested address, and the same one again: taken. */
    KT_ASSERT_EQ(map_for_user(Mdl, USER_REQUESTED, (PVOID *)&Again),
                 STATUS_SUCCESS);
    KT_ASSERT(Again == USER_REQUESTED + 0x100);
    KT_ASSERT_EQ(Again[7], 0x42);
    {
        PVOID Third;
        KT_ASSERT_EQ(map_for_user(Mdl, USER_REQUESTED, &Third),
                     STATUS_CONFLICTING_ADDRESSES);
        KT_ASSERT_EQ(map_for_user(Mdl, (PVOID)0x7FFF0000, &Third),
                     STATUS_INVALID_ADDRESS);
    }
    /* The program cannot free it, commit in it nor change its
     * protection. */
    {
        PVOID Address = Again;
        SIZE_T Size = 0;
        ULONG Old;

        KT_ASSERT_EQ(ZwFreeVirtualMemory(NtCurrentProcess(), &Address, &Size,
                                         MEM_RELEASE),
                     STATUS_UNABLE_TO_DELETE_SECTION);
        Size = PAGE_SIZE;
        KT_ASSERT_EQ(ZwProtectVirtualMemory(NtCurrentProcess(), &Address, &Size,
                                            PAGE_NOACCESS, &Old),
                     STATUS_CONFLICTING_ADDRESSES);
        Size = PAGE_SIZE;
        KT_ASSERT_EQ(ZwAllocateVirtualMemory(NtCurrentProcess(), &Address, 0,
                                             &Size, MEM_COMMIT, PAGE_READONLY),
                     STATUS_CONFLICTING_ADDRESSES);
        KT_ASSERT_EQ(Again[7], 0x42);
        Again[8] = 1; /* still writable */
    }
    MmUnmapLockedPages(Again, Mdl);
    KT_ASSERT(!MmIsAddressValid(USER_REQUESTED));
    KT_ASSERT(MiLocateAddress(Process.Process, USER_REQUESTED) == NULL);

    /* The process's end (its address space cleaned, as its last thread
     * does) unmaps the view and leaves the pool's frames alone. */
    MmCleanProcessAddressSpace(Process.Process);
    KT_ASSERT(MiLocateAddress(Process.Process, User) == NULL);
    KT_ASSERT(!MmIsAddressValid(User));
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    /* And a view left when the space itself goes. */
    KT_ASSERT_EQ(map_for_user(Mdl, NULL, (PVOID *)&User), STATUS_SUCCESS);
    KtDeleteProcess(&Process);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->Usage, MiUsagePool);
    KT_ASSERT_EQ(Buffer[0x100 + 7], 0x42);

    KT_CLEANUP;
    KtDeleteProcess(&Process);
    if (Mdl != NULL)
        IoFreeMdl(Mdl);
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_MDL_TAG);
}

KTEST(mdl_partial_describes_part_of_its_source)
{
    KT_CLEANUP_SECTION;
    PUCHAR Buffer =
        ExAllocatePoolWithTag(NonPagedPool, 3 * PAGE_SIZE, KT_MDL_TAG);
    PMDL Source = IoAllocateMdl(Buffer, 3 * PAGE_SIZE, FALSE, FALSE, NULL);
    PMDL Part = IoAllocateMdl(Buffer + PAGE_SIZE + 8, 100, FALSE, FALSE, NULL);
    PUCHAR System, PartVa;

    KT_ASSERT(Buffer != NULL && Source != NULL && Part != NULL);
    KT_ASSERT_EQ(probe_and_lock(Source, KernelMode, IoWriteAccess),
                 STATUS_SUCCESS);

    /* From an unmapped source: the part maps itself, and its free takes
     * the mapping. */
    IoBuildPartialMdl(Source, Part, Buffer + PAGE_SIZE + 8, 100);
    KT_ASSERT_EQ(Part->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PARTIAL);
    KT_ASSERT_EQ(MmGetMdlPfnArray(Part)[0], MmGetMdlPfnArray(Source)[1]);
    KT_ASSERT_EQ(Part->ByteOffset, 8);
    KT_ASSERT_EQ(Part->ByteCount, 100);
    PartVa = MmGetSystemAddressForMdlSafe(Part, NormalPagePriority);
    KT_ASSERT(PartVa != NULL);
    KT_ASSERT(Part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED);
    Buffer[PAGE_SIZE + 8] = 0x11;
    KT_ASSERT_EQ(PartVa[0], 0x11);
    IoFreeMdl(Part);
    Part = NULL;
    KT_ASSERT(!MmIsAddressValid(PartVa));

    /* From a mapped source: the part uses the source's mapping. Length 0
     * runs to the source's end. */
    System = MmGetSystemAddressForMdlSafe(Source, NormalPagePriority);
    KT_ASSERT(System != NULL);
    Part = IoAllocateMdl(Buffer + PAGE_SIZE + 8, 2 * PAGE_SIZE - 8, FALSE,
                         FALSE, NULL);
    KT_ASSERT(Part != NULL);
    IoBuildPartialMdl(Source, Part, Buffer + PAGE_SIZE + 8, 0);
    KT_ASSERT_EQ(Part->ByteCount, 2 * PAGE_SIZE - 8);
    KT_ASSERT_EQ(Part->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PARTIAL |
                                     MDL_MAPPED_TO_SYSTEM_VA |
                                     MDL_PARENT_MAPPED_SYSTEM_VA);
    KT_ASSERT(Part->MappedSystemVa == System + PAGE_SIZE + 8);
    KT_ASSERT(MmGetSystemAddressForMdlSafe(Part, NormalPagePriority) ==
              System + PAGE_SIZE + 8);
    KT_ASSERT_EQ(MmGetMdlPfnArray(Part)[1], MmGetMdlPfnArray(Source)[2]);
    IoFreeMdl(Part);
    Part = NULL;
    KT_ASSERT(MmIsAddressValid(System)); /* the source's, still */

    KT_CLEANUP;
    if (Part != NULL)
        IoFreeMdl(Part);
    if (Source != NULL) {
        if (Source->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Source);
        IoFreeMdl(Source);
    }
    if (Buffer != NULL)
        ExFreePoolWithTag(Buffer, KT_MDL_TAG);
}

static PHYSICAL_ADDRESS physical(ULONGLONG Address)
{
    PHYSICAL_ADDRESS Physical;

    Physical.QuadPart = (LONGLONG)Address;
    return Physical;
}

KTEST(mdl_allocated_pages_all_come_back)
{
    KT_CLEANUP_SECTION;
    PFN_NUMBER Free = KtUserFreeFrames();
    PMDL Mdl = NULL;
    PFN_NUMBER Frame;
    ULONG Page;
    PULONG System;

    Mdl = MmAllocatePagesForMdl(physical(0), physical(0xFFFFFFFF), physical(0),
                                5 * PAGE_SIZE + 1);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(Mdl->ByteCount, 6 * PAGE_SIZE);
    KT_ASSERT_EQ(Mdl->MdlFlags, MDL_PAGES_LOCKED);
    for (Page = 0; Page < 6; Page++)
        KT_ASSERT_EQ(MiGetPfnEntry(MmGetMdlPfnArray(Mdl)[Page])->Usage,
                     MiUsageMdlPages);
    /* Zeroed, and mappable as they are. */
    System = MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmNonCached, NULL,
                                          FALSE, NormalPagePriority);
    KT_ASSERT(System != NULL);
    for (Page = 0; Page < 6 * PAGE_SIZE / sizeof(ULONG); Page++)
        KT_ASSERT_EQ(System[Page], 0);
    KT_ASSERT_EQ(MiReadPte(System) & MI_PTE_CACHE_DISABLE,
                 MI_PTE_CACHE_DISABLE);
    MmUnmapLockedPages(System, Mdl);
    KT_ASSERT(!(Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA));
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    Mdl = NULL;

    /* Below 16 MiB; then exactly one frame's range, a frame just seen
     * free (whatever the machine's size). */
    Mdl = MmAllocatePagesForMdl(physical(0), physical(0xFFFFFF), physical(0),
                                4 * PAGE_SIZE);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(Mdl->ByteCount, 4 * PAGE_SIZE);
    for (Page = 0; Page < 4; Page++)
        KT_ASSERT(MmGetMdlPfnArray(Mdl)[Page] <= 0xFFF);
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    Mdl = NULL;
    Frame = MiAllocatePages(0, MI_CONSTRAINT_DMA);
    KT_ASSERT(Frame != MI_NO_PAGE);
    MiFreePages(Frame, 0);
    Mdl = MmAllocatePagesForMdl(
        physical((ULONGLONG)Frame << PAGE_SHIFT),
        physical(((ULONGLONG)Frame << PAGE_SHIFT) + PAGE_SIZE - 1), physical(0),
        2 * PAGE_SIZE);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(Mdl->ByteCount, PAGE_SIZE); /* fewer than asked */
    KT_ASSERT_EQ(MmGetMdlPfnArray(Mdl)[0], Frame);
    MmFreePagesFromMdl(Mdl);
    ExFreePool(Mdl);
    Mdl = NULL;

    /* Fewer than asked is an answer, unless all were required; a skip
     * that is not whole pages is not. */
    Mdl = MmAllocatePagesForMdlEx(physical(0x100000), physical(0x10FFFF),
                                  physical(0), 64 * PAGE_SIZE, MmCached,
                                  MM_ALLOCATE_FULLY_REQUIRED);
    KT_ASSERT(Mdl == NULL);
    KT_ASSERT(MmAllocatePagesForMdl(physical(0), physical(0xFFFFFFFF),
                                    physical(100), PAGE_SIZE) == NULL);

    KT_CLEANUP;
    if (Mdl != NULL) {
        MmFreePagesFromMdl(Mdl);
        ExFreePool(Mdl);
    }
    KT_ASSERT_EQ(KtUserFreeFrames(), Free);
}

KTEST(mdl_locked_frames_survive_the_process_end)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Free = KtUserFreeFrames();
    ULONG Locked = MiLockedPageCount;
    PMDL Mdl = NULL;
    PFN_NUMBER Frame = 0, Frame2 = 0;
    PUCHAR System;

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_RW, 2 * PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    KtAttachProcess(&Process);
    Mdl = IoAllocateMdl(USER_RW + 0x10, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, UserMode, IoWriteAccess), STATUS_SUCCESS);
    USER_RW[0x10] = 0x5E;
    USER_RW[PAGE_SIZE] = 0xE5;
    Frame = MmGetMdlPfnArray(Mdl)[0];
    Frame2 = MmGetMdlPfnArray(Mdl)[1];

    /* The process ends (its address space cleaned as by its last
     * thread), then goes: NT keeps the locked frames. */
    MmCleanProcessAddressSpace(Process.Process);
    KT_ASSERT(!MmIsAddressValid(USER_RW));
    KtDeleteProcess(&Process);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    KT_ASSERT_EQ(MiGetPfnEntry(Frame2)->State, MiPfnActive);
    KT_ASSERT_EQ(lock_count(Frame), 1);
    System = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
    KT_ASSERT(System != NULL);
    KT_ASSERT_EQ(System[0], 0x5E);
    KT_ASSERT_EQ(System[PAGE_SIZE - 0x10], 0xE5);

    /* The driver's unlock gives them back. */
    MmUnlockPages(Mdl);
    KT_ASSERT(MiGetPfnEntry(Frame)->State != MiPfnActive);
    KT_ASSERT(MiGetPfnEntry(Frame2)->State != MiPfnActive);

    KT_CLEANUP;
    KtDeleteProcess(&Process);
    if (Mdl != NULL) {
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    KT_ASSERT_EQ(MiLockedPageCount, Locked);
    KT_ASSERT_EQ(KtUserFreeFrames(), Free);
}

/* A process's own locked page mapped a second time into it: when the
 * space goes, the page is released once (kept for the unlock), the view
 * only unmapped. */
KTEST(mdl_user_view_of_a_locked_page_goes_with_its_space)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Free = KtUserFreeFrames();
    PMDL Mdl = NULL;
    PUCHAR View = NULL;
    PFN_NUMBER Frame;

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process.Process, USER_RW, PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    KtAttachProcess(&Process);
    Mdl = IoAllocateMdl(USER_RW, PAGE_SIZE, FALSE, FALSE, NULL);
    KT_ASSERT(Mdl != NULL);
    KT_ASSERT_EQ(probe_and_lock(Mdl, UserMode, IoWriteAccess), STATUS_SUCCESS);
    Frame = MmGetMdlPfnArray(Mdl)[0];
    KT_ASSERT_EQ(map_for_user(Mdl, NULL, (PVOID *)&View), STATUS_SUCCESS);
    USER_RW[3] = 0x99;
    KT_ASSERT_EQ(View[3], 0x99);
    KtDeleteProcess(&Process); /* no clean-up first: the space goes whole */
    KT_ASSERT_EQ(MiGetPfnEntry(Frame)->State, MiPfnActive);
    KT_ASSERT(MiGetPfnEntry(Frame)->Flags & MI_PFN_FREE_ON_UNLOCK);
    MmUnlockPages(Mdl);
    KT_ASSERT(MiGetPfnEntry(Frame)->State != MiPfnActive);

    KT_CLEANUP;
    KtDeleteProcess(&Process);
    if (Mdl != NULL) {
        if (Mdl->MdlFlags & MDL_PAGES_LOCKED)
            MmUnlockPages(Mdl);
        IoFreeMdl(Mdl);
    }
    KT_ASSERT_EQ(KtUserFreeFrames(), Free);
}
