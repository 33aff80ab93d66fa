/*
 * Address spaces: a page directory per process. The user half (PDEs
 * 0-0x1FF) is the process's own; the kernel half is copied from the
 * system directory when the space is made and kept equal afterwards by
 * mm/page_table.c; PDE 0x300 points at the directory itself (the
 * self-map). Directories come from low memory, so the direct map reaches
 * any of them without switching CR3. Every new space has KUSER_SHARED_DATA
 * read-only at 0x7FFE0000; its frame is not the space's, so deleting the
 * space leaves it (MiDeletePageablePte frees only the space's own).
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/process.h"
#include "kernel/section.h"
#include "kernel/sections.h"

#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

/* The system process, with room before it for the object header it gets
 * once object types exist (kernel/ps/system_process.c). */
static struct {
    OBJECT_HEADER Header;
    EPROCESS Body;
} system_process_object;
#define system_process system_process_object.Body
PEPROCESS PsInitialSystemProcess = &system_process;

static PMMPTE direct_map_of(PFN_NUMBER Frame)
{
    return (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(Frame << PAGE_SHIFT);
}

static VOID set_self_map(PMMPTE Directory, ULONG Physical)
{
    Directory[MI_SELF_MAP_PDE_INDEX] = Physical | MI_PTE_VALID | MI_PTE_WRITE;
}

/* The boot directory becomes the system process's. */
ALLOC_TEXT(INIT) VOID MiInitializeSystemProcess(VOID)
{
    ULONG Physical = KI_VIRTUAL_TO_PHYSICAL(KiEarlyPageDirectory);

    InitializeListHead(&MiAddressSpaceList);
    set_self_map(KiEarlyPageDirectory, Physical);
    KeInitializeProcess(&system_process.Pcb, 8, Physical);
    system_process.PageDirectory = KiEarlyPageDirectory;
    PsInitializeQuota(&system_process);
    MiInitializeVadTree(&system_process.VadRoot);
    KeInitializeGuardedMutex(&system_process.AddressCreationLock);
    InsertTailList(&MiAddressSpaceList, &system_process.MmProcessLinks);
    KiSwapProcess(&system_process.Pcb);
}

/* On the list of address spaces, or off it. Not PAGE (and never inlined
 * into it): it runs at DISPATCH_LEVEL, where pageable code may not. */
static DECLSPEC_NOINLINE VOID link_address_space(PEPROCESS Process,
                                                 BOOLEAN Link)
{
    KIRQL OldIrql = KfRaiseIrql(DISPATCH_LEVEL);

    if (Link)
        InsertTailList(&MiAddressSpaceList, &Process->MmProcessLinks);
    else
        RemoveEntryList(&Process->MmProcessLinks);
    KfLowerIrql(OldIrql);
}

ALLOC_TEXT(PAGE) NTSTATUS MmCreateProcessAddressSpace(PEPROCESS Process)
{
    PFN_NUMBER Frame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    PMMPTE Directory;
    PMMPFN Pfn;

    if (Frame == MI_NO_PAGE)
        return STATUS_INSUFFICIENT_RESOURCES;
    Pfn = MiGetPfnEntry(Frame);
    Pfn->Usage = MiUsagePageDirectory;
    Directory = direct_map_of(Frame);
    RtlZeroMemory(Directory, USER_PDES * sizeof(MMPTE));
    RtlCopyMemory(Directory + USER_PDES, KiEarlyPageDirectory + USER_PDES,
                  (MI_PTES_PER_TABLE - USER_PDES) * sizeof(MMPTE));
    set_self_map(Directory, Frame << PAGE_SHIFT);
    if (!NT_SUCCESS(MiMapSharedUserDataInto(Directory))) {
        MiFreePages(Frame, 0);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(Process, sizeof(*Process));
    PsInitializeQuota(Process);
    MiInitializeVadTree(&Process->VadRoot);
    KeInitializeGuardedMutex(&Process->AddressCreationLock);
    Process->Pcb.DirectoryTableBase = Frame << PAGE_SHIFT;
    Process->PageDirectory = Directory;
    /* From here on, new kernel PDEs reach this directory too, and the
     * working-set manager (at DISPATCH_LEVEL) trims it. */
    link_address_space(Process, TRUE);
    return STATUS_SUCCESS;
}

/* Frees the pages the space owns under one user page table, checking the
 * table's count of non-zero entries (mm/commit.c) against what it holds;
 * returns how many were committed private pages (their charge goes). */
static ULONG delete_page_table(PEPROCESS Process, ULONG Index, MMPTE Pde)
{
    PMMPTE Table = direct_map_of(MiGetPteFrame(Pde));
    PMMPFN TablePfn = MiGetPfnEntry(MiGetPteFrame(Pde));
    ULONG Entry, Used = 0, Charged = 0;

    for (Entry = 0; Entry < MI_PTES_PER_TABLE; Entry++) {
        PMMVAD Vad;

        if (Table[Entry] == 0)
            continue;
        Used++;
        MiDeletePageablePte(Table[Entry], MiUsageProcess);
        Vad = MiLocateAddress(Process,
                              (PVOID)(Index << 22 | Entry << PAGE_SHIFT));
        Charged += Vad != NULL && Vad->Section == NULL && !Vad->PhysicalMapping;
    }
    if (Used != TablePfn->ReferenceCount)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PAGE_TABLE_COUNT, Index << 22,
                     Pde, Used);
    MiFreePages(MiGetPteFrame(Pde), 0);
    return Charged;
}

ALLOC_TEXT(PAGE) VOID MmDeleteProcessAddressSpace(PEPROCESS Process)
{
    ULONG Index, Charged = 0;

    if (Process == PsInitialSystemProcess || Process == PsGetCurrentProcess())
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_DELETE_CURRENT_SPACE,
                     (ULONG_PTR)Process, Process->Pcb.DirectoryTableBase, 0);
    MmInSwapProcess(&Process->Pcb); /* its tables' PTEs hold its slots */
    link_address_space(Process, FALSE);
    MiForgetPhysicalViews(Process); /* their frames are not the space's */
    for (Index = 0; Index < USER_PDES; Index++)
        if (Process->PageDirectory[Index] & MI_PTE_VALID)
            Charged += delete_page_table(Process, Index,
                                         Process->PageDirectory[Index]);
    MiReturnCommitment(Charged);
    MiFreePages(Process->Pcb.DirectoryTableBase >> PAGE_SHIFT, 0);
    Process->PageDirectory = NULL;
    Process->Pcb.DirectoryTableBase = 0;
    MiDeleteAllVads(Process);
}

/* The process has ended: every reservation and view goes now, with its
 * pages and the page tables they empty, as NT's MmCleanProcessAddressSpace
 * does; the directory (and KUSER_SHARED_DATA's mapping) stay until the
 * process object goes. Called by the process's last thread, in it. */
ALLOC_TEXT(PAGE) VOID MmCleanProcessAddressSpace(PEPROCESS Process)
{
    PMMVAD Vad;

    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    while ((Vad = Process->VadRoot.Root) != NULL) {
        if (Vad->Section != NULL)
            MiDeleteView(Process, Vad);
        else
            MiReleaseVad(Process, Vad);
    }
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
}

_Static_assert(offsetof(typeof(system_process_object), Body) ==
                   sizeof(OBJECT_HEADER),
               "the system process's header sits right before it");
