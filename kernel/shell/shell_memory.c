/*
 * The shell's memory commands: `mem` (physical memory), `pte` (one
 * address's walk, like WinDbg's !pte) and `vad`/`space` (the regions of
 * an address space, with how much of each is mapped and what each holds).
 */
#include "kernel/format.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/paging.h"
#include "kernel/pfn.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"
#include "kernel/section.h"
#include "kernel/shell.h"
#include "kernel/x86.h"

BOOLEAN KiShellMem(ULONG Argc, PCHAR Argv[])
{
    MI_BUDDY_STATISTICS Statistics;

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    MiPrintMemoryMap(&MiMemoryMap);
    MiQueryPhysicalMemory(&Statistics);
    MiPrintBuddyStatistics(&Statistics);
    DbgPrint(
        "pool: nonpaged %lu pages (%lu in slabs, %lu big), paged %lu "
        "pages (%lu in slabs, %lu big)\n",
        (ULONG)(MiPools[NonPagedPool].SlabPages +
                MiPools[NonPagedPool].BigPages),
        (ULONG)MiPools[NonPagedPool].SlabPages,
        (ULONG)MiPools[NonPagedPool].BigPages,
        (ULONG)(MiPools[PagedPool].SlabPages + MiPools[PagedPool].BigPages),
        (ULONG)MiPools[PagedPool].SlabPages,
        (ULONG)MiPools[PagedPool].BigPages);
    MiPrintPagingStatistics();
    return TRUE;
}

/* `ws`: each process's user pages by where they are. */
BOOLEAN KiShellWorkingSets(ULONG Argc, PCHAR Argv[])
{
    PLIST_ENTRY Entry;
    KIRQL OldIrql;

    UNREFERENCED_PARAMETER(Argv);
    if (Argc != 1)
        return FALSE;
    DbgPrint("  PID  resident   trimmed  paged out  tables out  name\n");
    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    for (Entry = PsActiveProcessHead.Flink; Entry != &PsActiveProcessHead;
         Entry = Entry->Flink) {
        PEPROCESS Process =
            CONTAINING_RECORD(Entry, EPROCESS, ActiveProcessLinks);
        MI_WORKING_SET_INFORMATION Info;

        if (Process == PsInitialSystemProcess)
            continue;
        MiQueryWorkingSet(Process, &Info);
        DbgPrint("%5lu  %8lu  %8lu  %9lu  %10lu  %s\n",
                 (ULONG)(ULONG_PTR)Process->UniqueProcessId, Info.Resident,
                 Info.Trimmed, Info.PagedOut, Info.TablesOut,
                 Process->ImageFileName);
    }
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
    DbgPrint("(pages; the lists and the page file: mem)\n");
    return TRUE;
}

static PCSTR const pfn_states[] = {"Reserved", "Bad",    "Free",
                                   "Cached",   "Active", "Tail"};
static PCSTR const pfn_usages[] = {
    "None",    "Contiguous", "PageTable",      "Pool",
    "Process", "Test",       "PageDirectory",  "SystemPages",
    "Section", "MdlPages",   "DriverPageable", "SectionPageable"};

/* One entry's bits in words, in the order of the bits (the gdb command
 * lk-pte prints the same line). */
static void print_entry(PCSTR Level, PMMPTE At, MMPTE Entry, BOOLEAN IsPde)
{
    DbgPrint("%s at %08lx = %08lx ", Level, (ULONG)At, Entry);
    if (!(Entry & MI_PTE_VALID)) {
        DbgPrint(" not valid: %s\n",
                 IsPde ? "no page table, the address is not mapped"
                       : "the address is not mapped");
        return;
    }
    DbgPrint(" valid %s %s%s%s%s%s%s%s",
             Entry & MI_PTE_WRITE ? "write" : "read",
             Entry & MI_PTE_OWNER ? "user" : "kernel",
             Entry & MI_PTE_WRITE_THROUGH ? " write-through" : "",
             Entry & MI_PTE_CACHE_DISABLE ? " no-cache" : "",
             Entry & MI_PTE_ACCESSED ? " accessed" : "",
             Entry & MI_PTE_DIRTY ? " dirty" : "",
             IsPde && (Entry & MI_PTE_LARGE_PAGE) ? " large" : "",
             Entry & MI_PTE_GLOBAL ? " global" : "");
}

static void print_frame(PFN_NUMBER Frame)
{
    PMMPFN Pfn = MiGetPfnEntry(Frame);

    if (Pfn == NULL) {
        DbgPrint("PFN %05lx: beyond the PFN database (device memory or a "
                 "hole)\n",
                 Frame);
        return;
    }
    DbgPrint("PFN %05lx: state %s, usage %s, order %u, references %u\n", Frame,
             Pfn->State < ARRAYSIZE(pfn_states) ? pfn_states[Pfn->State] : "?",
             Pfn->Usage < ARRAYSIZE(pfn_usages) ? pfn_usages[Pfn->Usage] : "?",
             Pfn->Order, Pfn->ReferenceCount);
}

BOOLEAN KiShellPte(ULONG Argc, PCHAR Argv[])
{
    ULONG Va;
    PMMPTE PdeAt, PteAt;
    MMPTE Pde, Pte;

    if (Argc != 2 || !KiShellParseNumber(Argv[1], 16, &Va))
        return FALSE;
    PdeAt = MiGetPdeAddress((PVOID)Va);
    PteAt = MiGetPteAddress((PVOID)Va);
    DbgPrint("VA %08lx: PDE index %03lx, PTE index %03lx, offset %03lx; CR3 "
             "%08lx\n",
             Va, MiGetPdeIndex(Va), MiGetPteIndex(Va), MiGetByteOffset(Va),
             read_cr3());
    Pde = *PdeAt;
    print_entry("PDE", PdeAt, Pde, TRUE);
    if (!(Pde & MI_PTE_VALID))
        return TRUE;
    if (Pde & MI_PTE_LARGE_PAGE) {
        PFN_NUMBER Frame = MiGetPteFrame(Pde) + MiGetPteIndex(Va);
        DbgPrint(" -> 4 MiB page, frame %05lx, physical %08lx\n", Frame,
                 (Frame << PAGE_SHIFT) | MiGetByteOffset(Va));
        print_frame(Frame);
        return TRUE;
    }
    DbgPrint(" -> page table, frame %05lx\n", MiGetPteFrame(Pde));
    Pte = *PteAt;
    print_entry("PTE", PteAt, Pte, FALSE);
    if (!(Pte & MI_PTE_VALID))
        return TRUE;
    DbgPrint(" -> frame %05lx, physical %08lx\n", MiGetPteFrame(Pte),
             (Pte & MI_PTE_FRAME_MASK) | MiGetByteOffset(Va));
    print_frame(MiGetPteFrame(Pte));
    return TRUE;
}

/* Pages of [Start, End] (inclusive) with a valid PTE, through the
 * self-map; a missing table counts nothing, a large page all its 1024. */
static ULONG count_mapped(ULONG Start, ULONG End)
{
    ULONG Va = Start & ~(PAGE_SIZE - 1), Count = 0;

    while (Va <= End) {
        MMPTE Pde = *MiGetPdeAddress((PVOID)Va);
        ULONG TableEnd =
            (Va | (MI_PDE_SPAN - 1)) < End ? (Va | (MI_PDE_SPAN - 1)) : End;

        if ((Pde & MI_PTE_VALID) && (Pde & MI_PTE_LARGE_PAGE)) {
            Count += ((TableEnd - Va) >> PAGE_SHIFT) + 1;
        } else if (Pde & MI_PTE_VALID) {
            PMMPTE Pte = MiGetPteAddress((PVOID)Va);
            PMMPTE Last = MiGetPteAddress((PVOID)TableEnd);
            for (; Pte <= Last; Pte++)
                Count += *Pte & MI_PTE_VALID;
        }
        if (TableEnd == 0xFFFFFFFFUL)
            break; /* the last table: Va would wrap to 0 */
        Va = TableEnd + 1;
    }
    return Count;
}

static PCSTR protection_name(ULONG Protection)
{
    switch (Protection & 0xFF) {
    case PAGE_READONLY:
        return "READONLY";
    case PAGE_READWRITE:
        return "READWRITE";
    case PAGE_EXECUTE:
        return "EXECUTE";
    case PAGE_EXECUTE_READ:
        return "EXECUTE_READ";
    case PAGE_EXECUTE_READWRITE:
        return "EXECUTE_READWRITE";
    case PAGE_WRITECOPY:
        return "WRITECOPY";
    case PAGE_EXECUTE_WRITECOPY:
        return "EXECUTE_WRITECOPY";
    default:
        return "NOACCESS";
    }
}

static void print_region(ULONG Start, ULONG End, PCSTR What)
{
    DbgPrint("  %08lx-%08lx %7lu %7lu  %s\n", Start, End,
             ((End - Start) >> PAGE_SHIFT) + 1, count_mapped(Start, End), What);
}

/* A VAD's kind as NtQueryVirtualMemory's Type says it, its protection,
 * and the names of what lies in it. */
static VOID describe_vad(PMMVAD Vad, const KI_SHELL_REGION_NAME *Names,
                         ULONG Count, PCHAR What, ULONG Size)
{
    ULONG Start = Vad->StartingVpn << PAGE_SHIFT;
    ULONG End = (Vad->EndingVpn << PAGE_SHIFT) | (PAGE_SIZE - 1);
    ULONG Used, Index;
    PCSTR Separator = ": ";

    Used = KiFormatString(What, Size,
                          Vad->Section == NULL ? "MEM_PRIVATE %s"
                          : (Vad->Section->AllocationAttributes & SEC_IMAGE)
                              ? "MEM_IMAGE %s"
                              : "MEM_MAPPED %s (a view of a section)",
                          protection_name(Vad->AllocationProtect));
    for (Index = 0; Index < Count && Used < Size; Index++) {
        if (Names[Index].Start < Start || Names[Index].Start > End)
            continue;
        Used += KiFormatString(What + Used, Size - Used, "%s%s", Separator,
                               Names[Index].Text);
        Separator = ", ";
    }
}

BOOLEAN KiShellSpace(ULONG Argc, PCHAR Argv[])
{
    /* The shell's one thread uses it: not on the boot stack. */
    static KI_SHELL_REGION_NAME Names[32];
    PEPROCESS Process;
    PMMVAD Vad;
    ULONG DirectEnd =
        KI_PHYSICAL_TO_VIRTUAL(MiDirectMapEndPage << PAGE_SHIFT) - 1;
    ULONG NameCount;
    CHAR What[160];
    KAPC_STATE ApcState;

    if (Argc > 2)
        return FALSE;
    if (Argc == 1) {
        Process = PsGetCurrentProcess();
        ObfReferenceObject(Process);
    } else {
        Process = KiShellProcessArgument(Argc, Argv);
        if (Process == NULL)
            return TRUE;
    }
    /* Its PTEs are seen through the self-map: its space, attached. */
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    NameCount = KiShellNameUserRegions(Process, Names, ARRAYSIZE(Names));
    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    if (Process == PsInitialSystemProcess)
        KiFormatString(What, sizeof(What), "the system process");
    else
        KiFormatString(What, sizeof(What), "process %lu (%s)",
                       (ULONG)(ULONG_PTR)Process->UniqueProcessId,
                       Process->ImageFileName);
    DbgPrint("Process %p (CR3 %08lx), %s: %lu user region(s)\n", Process,
             Process->Pcb.DirectoryTableBase, What,
             Process->VadRoot.NumberGenericTableElements);
    DbgPrint("  range              pages  mapped  what\n");
    for (Vad = MiGetFirstVad(&Process->VadRoot); Vad != NULL;
         Vad = MiGetNextVad(Vad)) {
        describe_vad(Vad, Names, NameCount, What, sizeof(What));
        print_region(Vad->StartingVpn << PAGE_SHIFT,
                     (Vad->EndingVpn << PAGE_SHIFT) | (PAGE_SIZE - 1), What);
    }
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
    KeUnstackDetachProcess(&ApcState);
    ObfDereferenceObject(Process);
    DbgPrint("Kernel half (shared by every address space):\n");
    print_region(KI_KERNEL_VIRTUAL_BASE, DirectEnd,
                 "direct map of physical memory, kernel image inside");
    print_region(PTE_BASE, PTE_BASE + MI_PDE_SPAN - 1,
                 "page tables through the self-map (mapped: tables)");
    print_region(MI_HYPERSPACE_BASE, MI_SYSTEM_PTE_BASE - 1,
                 "hyperspace: temporary mappings");
    KiFormatString(What, sizeof(What), "system PTEs: %lu of %lu pages free",
                   MiSystemPteRange.FreePages, MiSystemPteRange.PageCount);
    print_region(MI_SYSTEM_PTE_BASE, MI_SYSTEM_PTE_END - 1, What);
    print_region(MI_PAGED_POOL_START, MI_PAGED_POOL_END - 1, "paged pool");
    print_region(MI_PAGED_POOL_END, 0xFFBFFFFFUL,
                 "reserved: nonpaged pool expansion");
    print_region(0xFFC00000UL, 0xFFFFFFFFUL, "reserved: HAL");
    return TRUE;
}
