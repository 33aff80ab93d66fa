/*
 * Address spaces: a page directory per process. The user half (PDEs
 * 0-0x1FF) is the process's own; the kernel half is copied from the
 * system directory when the space is made and kept equal afterwards by
 * mm/page_table.c; PDE 0x300 points at the directory itself (the
 * self-map). Directories come from low memory, so the direct map reaches
 * any of them without switching CR3.
 */
#include "kernel/bugcheck.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/process.h"
#include "kernel/sections.h"

#define USER_PDES (MM_SYSTEM_RANGE_START >> 22)

static EPROCESS system_process;
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

    RtlZeroMemory(Process, sizeof(*Process));
    PsInitializeQuota(Process);
    MiInitializeVadTree(&Process->VadRoot);
    KeInitializeGuardedMutex(&Process->AddressCreationLock);
    Process->Pcb.DirectoryTableBase = Frame << PAGE_SHIFT;
    Process->PageDirectory = Directory;
    /* From here on, new kernel PDEs reach this directory too. */
    InsertTailList(&MiAddressSpaceList, &Process->MmProcessLinks);
    return STATUS_SUCCESS;
}

/* Frees the pages the space owns under one user page table, checking the
 * table's count of non-zero entries (mm/commit.c) against what it holds. */
static VOID delete_page_table(ULONG Index, MMPTE Pde)
{
    PMMPTE Table = direct_map_of(MiGetPteFrame(Pde));
    PMMPFN TablePfn = MiGetPfnEntry(MiGetPteFrame(Pde));
    ULONG Entry, Used = 0;

    for (Entry = 0; Entry < MI_PTES_PER_TABLE; Entry++) {
        if (Table[Entry] == 0)
            continue;
        Used++;
        /* A valid page, or a resident one PAGE_GUARD/NOACCESS hides. */
        if (Table[Entry] & (MI_PTE_VALID | MI_PTE_TRANSITION))
            MiReleaseUserFrame(MiGetPteFrame(Table[Entry]));
    }
    if (Used != TablePfn->ReferenceCount)
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_PAGE_TABLE_COUNT, Index << 22,
                     Pde, Used);
    MiFreePages(MiGetPteFrame(Pde), 0);
}

ALLOC_TEXT(PAGE) VOID MmDeleteProcessAddressSpace(PEPROCESS Process)
{
    ULONG Index;

    if (Process == PsInitialSystemProcess || Process == PsGetCurrentProcess())
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_DELETE_CURRENT_SPACE,
                     (ULONG_PTR)Process, Process->Pcb.DirectoryTableBase, 0);
    RemoveEntryList(&Process->MmProcessLinks);
    for (Index = 0; Index < USER_PDES; Index++)
        if (Process->PageDirectory[Index] & MI_PTE_VALID)
            delete_page_table(Index, Process->PageDirectory[Index]);
    MiFreePages(Process->Pcb.DirectoryTableBase >> PAGE_SHIFT, 0);
    Process->PageDirectory = NULL;
    Process->Pcb.DirectoryTableBase = 0;
    MiDeleteAllVads(Process);
}
