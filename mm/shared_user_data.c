/*
 * KUSER_SHARED_DATA: one nonpaged frame the kernel writes at 0xFFDF0000
 * and every process reads at 0x7FFE0000 (include/ntpeb.h has the layout,
 * docs/user-mode.md the contract). The user mapping is read-only; the
 * frame is the kernel's, so deleting an address space leaves it alone
 * (its PFN usage is not MiUsageProcess). The clock keeps the times
 * current (kernel/ke/clock.c).
 */
#include "kernel/bugcheck.h"
#include "kernel/cpu.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/sections.h"
#include "kernel/timer.h"
#include "kernel/x86.h"
#include "ntimage.h"
#include "ntpeb.h"

PFN_NUMBER MiSharedUserDataFrame = MI_NO_PAGE;
BOOLEAN MiSharedUserDataMapped;

#define PF_COMPARE_EXCHANGE_DOUBLE 2
#define PF_MMX_INSTRUCTIONS_AVAILABLE 3
#define PF_XMMI_INSTRUCTIONS_AVAILABLE 6
#define PF_RDTSC_INSTRUCTION_AVAILABLE 8
#define PF_PAE_ENABLED 9
#define PF_XMMI64_INSTRUCTIONS_AVAILABLE 10
#define CPUID_EDX_MMX 0x00800000
#define CPUID_EDX_SSE2 0x04000000

static const WCHAR system_root[] = u"C:\\WINDOWS";

static VOID fill_processor_features(PKUSER_SHARED_DATA Data)
{
    ULONG Eax, Ebx, Ecx, Edx = 0;

    if (KeFeatureBits & KF_CPUID)
        cpuid(1, &Eax, &Ebx, &Ecx, &Edx);
    Data->ProcessorFeatures[PF_COMPARE_EXCHANGE_DOUBLE] =
        (KeFeatureBits & KF_CMPXCHG8B) != 0;
    Data->ProcessorFeatures[PF_MMX_INSTRUCTIONS_AVAILABLE] =
        (Edx & CPUID_EDX_MMX) != 0;
    Data->ProcessorFeatures[PF_XMMI_INSTRUCTIONS_AVAILABLE] =
        (KeFeatureBits & KF_XMMI) != 0;
    Data->ProcessorFeatures[PF_XMMI64_INSTRUCTIONS_AVAILABLE] =
        (Edx & CPUID_EDX_SSE2) != 0;
    Data->ProcessorFeatures[PF_RDTSC_INSTRUCTION_AVAILABLE] =
        (KeFeatureBits & KF_RDTSC) != 0;
    Data->ProcessorFeatures[PF_PAE_ENABLED] = FALSE; /* two-level paging */
}

static PFN_NUMBER shared_table = MI_NO_PAGE;

ALLOC_TEXT(INIT) VOID MiReserveSharedUserDataPages(MI_MEMORY_MAP *Map)
{
    ULONG Pde = MiGetPdeIndex(KI_USER_SHARED_DATA);

    MiSharedUserDataFrame = MiAllocateBootPages(Map, 1, MiDirectMapEndPage);
    if (MiSharedUserDataFrame == 0)
        MiStopForWantOfMemory(Map, "KUSER_SHARED_DATA", 1, MiDirectMapEndPage,
                              TRUE);
    if (KiEarlyPageDirectory[Pde] & MI_PTE_VALID)
        return;
    shared_table = MiAllocateBootPages(Map, 1, MiDirectMapEndPage);
    if (shared_table == 0)
        MiStopForWantOfMemory(Map, "KUSER_SHARED_DATA's page table", 1,
                              MiDirectMapEndPage, TRUE);
}

/* After the self-map is made: the table becomes the top PDE's (the
 * system directory is the only one yet), the frame is mapped. Taken
 * from the boot allocator, neither ever shows as allocated in the page
 * allocator's statistics. */
ALLOC_TEXT(INIT) VOID MiInitializeSharedUserData(VOID)
{
    PKUSER_SHARED_DATA Data = (PKUSER_SHARED_DATA)KI_USER_SHARED_DATA;
    ULONG Pde = MiGetPdeIndex(KI_USER_SHARED_DATA);

    if (shared_table != MI_NO_PAGE) {
        RtlZeroMemory((PVOID)KI_PHYSICAL_TO_VIRTUAL(shared_table << PAGE_SHIFT),
                      PAGE_SIZE);
        KiEarlyPageDirectory[Pde] =
            (shared_table << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE;
        MiFlushSingleTb(MiGetPteAddress(Data));
    }
    if (!NT_SUCCESS(MiMapPage(Data, MiSharedUserDataFrame, PAGE_READWRITE)))
        KeBugCheckEx(MEMORY_MANAGEMENT, MI_MM_SHARED_USER_DATA,
                     MiSharedUserDataFrame, 0, 0);
    RtlZeroMemory(Data, PAGE_SIZE);
    Data->NtMajorVersion = 5; /* XP, whose system-call stubs ntdll has */
    Data->NtMinorVersion = 1;
    Data->ImageNumberLow = Data->ImageNumberHigh = IMAGE_FILE_MACHINE_I386;
    Data->NtProductType = NtProductWinNt;
    Data->ProductTypeIsValid = TRUE;
    Data->NumberOfPhysicalPages = MiBootStatistics.TotalManaged;
    RtlCopyMemory(Data->NtSystemRoot, system_root, sizeof(system_root));
    /* NT's formula: ms per tick in 8.24 fixed point. */
    Data->TickCountMultiplier =
        (ULONG)(((ULONGLONG)KeQueryTimeIncrement() << 24) / 10000);
    KiWriteSystemTime(&Data->SystemTime, MI_BOOT_SYSTEM_TIME);
    fill_processor_features(Data);
    MiSharedUserDataMapped = TRUE;
}

NTSTATUS MiMapSharedUserDataInto(PMMPTE Directory)
{
    ULONG Va = MM_SHARED_USER_DATA_VA;
    PFN_NUMBER TableFrame = MiAllocatePages(0, MI_CONSTRAINT_LOW);
    PMMPTE Table;
    PMMPFN Pfn;

    if (TableFrame == MI_NO_PAGE)
        return STATUS_INSUFFICIENT_RESOURCES;
    Table = (PMMPTE)KI_PHYSICAL_TO_VIRTUAL(TableFrame << PAGE_SHIFT);
    RtlZeroMemory(Table, PAGE_SIZE);
    Pfn = MiGetPfnEntry(TableFrame);
    Pfn->Usage = MiUsagePageTable;
    Pfn->ReferenceCount = 1; /* its one valid PTE */
    Pfn->Owner = MiGetPdeIndex(Va);
    Table[(Va >> PAGE_SHIFT) & (MI_PTES_PER_TABLE - 1)] =
        MiMakeValidPte(MiSharedUserDataFrame, PAGE_READONLY, Va, 0);
    Directory[MiGetPdeIndex(Va)] =
        (TableFrame << PAGE_SHIFT) | MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_OWNER;
    return STATUS_SUCCESS;
}
