/*
 * The memory manager's kernel-internal interface: physical memory so far
 * (the cleaned memory map, the PFN database, the buddy allocator).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel/buddy.h"
#include "kernel/memory_map.h"
#include "kernel/multiboot.h"
#include "kernel/pte.h"
#include "kernel/trap.h"
#include "kernel/virtual_range.h"

/* The smallest machine the kernel is for is 8 MiB (README): what its
 * loader reports usable, beside the modules it loaded, is at least 7 MiB
 * (the firmware keeps the rest; QEMU's -m 8M leaves 7679 KiB). Below that
 * the kernel stops at once with INSTALL_MORE_MEMORY, rather than later and
 * elsewhere, when memory runs out under its own tests. */
#define MI_MINIMUM_USABLE_PAGES (7 * 1024 * 1024 / PAGE_SIZE)

extern MI_MEMORY_MAP MiMemoryMap;
extern MI_BUDDY MiBuddy;
/* One past the highest frame the direct map at 0x80000000 covers. */
extern PFN_NUMBER MiDirectMapEndPage;
/* The buddy statistics right after boot, for tests and the shell. */
extern MI_BUDDY_STATISTICS MiBootStatistics;

/* Builds the memory map from the loader's information, reserves what is
 * in use, extends the direct map over low memory, builds the PFN database
 * and hands every usable frame to the buddy allocator. Less than
 * MI_MINIMUM_USABLE_PAGES beside the modules: a message saying what was
 * found and what is needed, then INSTALL_MORE_MEMORY (usable pages found
 * beside the modules, lowest and highest usable page, 0). */
VOID MmInitializePhysicalMemory(const KI_BOOT_INFORMATION *Boot,
                                BOOLEAN CheckEveryOperation);

/* The loader's memory map (or, failing that, mem_lower/mem_upper) with
 * the first MiB, the kernel image and the loader's data reserved; what
 * the loader called usable is kept in Map->LoaderFreePages. With no
 * memory information at all: LOADER_BLOCK_MISMATCH (1, info address,
 * whether a malformed map was given). */
VOID MiBuildMemoryMap(MI_MEMORY_MAP *Map, const KI_BOOT_INFORMATION *Boot);

/* Maps physical [16 MiB, EndPage) at 0x80000000 + its address, with page
 * tables taken from anywhere below EndPage in Map and written through the
 * self-map (the boot tables already cover 0-16 MiB). */
VOID MiMapLowMemory(MI_MEMORY_MAP *Map, PFN_NUMBER EndPage);

/* Places the PFN database (one record per frame below HighestPage) in low
 * memory, hands every usable frame to the buddy allocator and takes the
 * boot statistics. */
VOID MiInitializePfnDatabase(MI_MEMORY_MAP *Map, PFN_NUMBER HighestPage,
                             BOOLEAN CheckEveryOperation);

/* 2^Order frames from zones up to Constraint (MI_CONSTRAINT_DMA, _LOW,
 * _ANY); MI_NO_PAGE when there are none. */
PFN_NUMBER MiAllocatePages(ULONG Order, ULONG Constraint);
VOID MiFreePages(PFN_NUMBER Frame, ULONG Order);
/* Exactly PageCount contiguous frames at or below HighestFrame, or
 * MI_NO_PAGE; free with the same count. */
PFN_NUMBER MiAllocatePageRange(PFN_NUMBER PageCount, PFN_NUMBER HighestFrame);
VOID MiFreePageRange(PFN_NUMBER First, PFN_NUMBER PageCount);
/* Locked pages (MDLs): one more or one fewer lock on Frame, under the
 * PFN lock. A frame outside the database (device memory) has no count:
 * nothing happens. A lock past 65535 is STATUS_INSUFFICIENT_RESOURCES; an
 * unlock of a frame with none, PFN_LIST_CORRUPT (0x07, frame, 0, 0). A
 * frame freed while locked (MiFreePages) goes back at its last unlock. */
NTSTATUS MiLockPageFrame(PFN_NUMBER Frame);
VOID MiUnlockPageFrame(PFN_NUMBER Frame);
/* Lock references held on all frames, for the shell and the tests. */
extern ULONG MiLockedPageCount;
/* A user mapping of an MDL's frames (mm/map_locked.c): its pages are
 * unmapped and the frames left alone, for they are not the space's.
 * MiUnmapPhysicalView runs in the space (MiReleaseVad calls it);
 * MiForgetPhysicalViews clears such PTEs of a space that is not current,
 * before MmDeleteProcessAddressSpace frees what the tables map. */
struct _EPROCESS;
struct _MMVAD;
VOID MiUnmapPhysicalView(struct _MMVAD *Vad);
VOID MiForgetPhysicalViews(struct _EPROCESS *Process);
/* The buddy statistics, taken under the PFN lock. */
VOID MiQueryPhysicalMemory(MI_BUDDY_STATISTICS *Statistics);

VOID MiPrintMemoryMap(const MI_MEMORY_MAP *Map);
/* The ranges alone, as the map has them now. */
VOID MiPrintMemoryRanges(const MI_MEMORY_MAP *Map);

/*
 * The boot cannot go on: Pages frames were needed for What, below
 * LimitPage (MI_FRAME_LIMIT: anywhere), in one run if OnePiece. Says so
 * with what the map had there and prints the map, where the loader's
 * modules show as loader data, then stops with INSTALL_MORE_MEMORY (free
 * frames in all, pages needed, limit page, largest free run below it).
 */
DECLSPEC_NORETURN VOID MiStopForWantOfMemory(const MI_MEMORY_MAP *Map,
                                             PCSTR What, PFN_NUMBER Pages,
                                             PFN_NUMBER LimitPage,
                                             BOOLEAN OnePiece);

/*
 * Virtual memory: page tables through the self-map, address spaces, system
 * PTEs, hyperspace, page faults (docs/virtual-memory.md).
 */

/* MI_PTE_GLOBAL when the CPU has global pages (CPUID PGE), else 0. */
extern ULONG MiGlobalPteBit;
/* The boot directory: the system process's, and the master copy of the
 * kernel half. */
extern MMPTE KiEarlyPageDirectory[MI_PTES_PER_TABLE];
extern MI_VIRTUAL_RANGE MiSystemPteRange;

/* Phase 1: self-map, kernel image protections (CR0.WP), global pages,
 * hyperspace, system PTEs, the system process. Prints the address map. */
VOID MmInitializeVirtualMemory(VOID);
/* The end of initialisation: unmaps INIT and INITDATA and gives their
 * frames to the buddy allocator; PAGE and PAGEDATA become pageable. */
VOID MmFreeInitSections(VOID);
/* mm/pageable_kernel.c: each page of PAGE and PAGEDATA moves to a frame
 * of the buddy allocator's that the working-set manager may trim. */
VOID MiMakeKernelSectionsPageable(VOID);
VOID MiPrintAddressMap(VOID);

/* The PTE (or PDE) of an address in the current space, through the
 * self-map. */
static inline PMMPTE MiGetPteAddress(PVOID Address)
{
    return (PMMPTE)MiGetPteAddressOf((ULONG)Address);
}
static inline PMMPTE MiGetPdeAddress(PVOID Address)
{
    return (PMMPTE)MiGetPdeAddressOf((ULONG)Address);
}

/* Maps one page of the current space (user half) or of the kernel half.
 * STATUS_CONFLICTING_ADDRESSES if something is mapped there,
 * STATUS_INVALID_PAGE_PROTECTION, STATUS_INVALID_PARAMETER for the NULL
 * and user/kernel guards and the self-map, STATUS_INSUFFICIENT_RESOURCES
 * when no frame is left for a page table. */
NTSTATUS MiMapPage(PVOID Address, PFN_NUMBER Frame, ULONG Protection);
/* Unmaps the page holding Address and returns its frame (the caller's to
 * free), or MI_NO_PAGE when nothing was mapped. A user page table left
 * empty goes back to the buddy allocator. */
PFN_NUMBER MiUnmapPage(PVOID Address);
/* STATUS_SUCCESS, STATUS_INVALID_PAGE_PROTECTION, or
 * STATUS_NOT_MAPPED_VIEW when nothing is mapped there. */
NTSTATUS MiProtectPage(PVOID Address, ULONG Protection);
/* TRUE with the frame and PAGE_* protection when the page is mapped. */
BOOLEAN MiQueryPage(PVOID Address, PPFN_NUMBER Frame, PULONG Protection);
/* Page tables for every page of [Base, + PageCount pages). */
NTSTATUS MiEnsurePageTables(PVOID Base, ULONG PageCount);
extern LIST_ENTRY MiAddressSpaceList;

extern BOOLEAN MiPagingReady; /* MmAccessFault may resolve faults */
extern MMPTE MiHyperspaceTable[MI_PTES_PER_TABLE];

/* KUSER_SHARED_DATA (mm/shared_user_data.c): the frame, MI_NO_PAGE until
 * MiInitializeSharedUserData has mapped it at KI_USER_SHARED_DATA and
 * filled the fields that never change. */
extern PFN_NUMBER MiSharedUserDataFrame;
extern BOOLEAN MiSharedUserDataMapped;
/* 2026-01-01 00:00 UTC in 100 ns units since 1601: the system time at
 * boot when the CMOS clock cannot be read (kernel/ke/clock.c). */
#define MI_BOOT_SYSTEM_TIME 0x01DC7AB192810000ULL
/* Takes its frame, and the page table of the top 4 MiB, from the boot
 * allocator (kernel data the page allocator never manages), before the
 * PFN database is built. */
VOID MiReserveSharedUserDataPages(MI_MEMORY_MAP *Map);
VOID MiInitializeSharedUserData(VOID);
/* Maps the frame read-only for user mode at MM_SHARED_USER_DATA_VA in a
 * new directory (not the current one), with a page table of its own. */
NTSTATUS MiMapSharedUserDataInto(PMMPTE Directory);

/* Boot files (mm/boot_files.c): each Multiboot module a read-only copy
 * named \SystemRoot\NAME, an object of the internal type "BootFile"
 * (until the I/O manager's File objects replace it). */
typedef struct _MI_BOOT_FILE {
    PVOID Data; /* read-only pages */
    SIZE_T Size;
} MI_BOOT_FILE, *PMI_BOOT_FILE;
#define MI_BOOT_FILE_READ 0x0001
/* No DELETE: user mode cannot make one temporary. */
#define MI_BOOT_FILE_ALL_ACCESS (STANDARD_RIGHTS_READ | SYNCHRONIZE | 0x1)
extern struct _OBJECT_TYPE *MiBootFileType;
/* Module frames given back to the page allocator after the copies. */
extern PFN_NUMBER MiBootFramesReleased;
/* After the object manager: \SystemRoot and a file per acceptable
 * module (a message for each refused one), then the module frames back
 * to the page allocator. */
VOID MmInitializeBootFiles(const KI_BOOT_INFORMATION *Boot);
/* The file Name (a name like L"hello.exe", any case, no path) under
 * \SystemRoot: its read-only bytes and size, valid until shutdown.
 * STATUS_OBJECT_NAME_NOT_FOUND, or STATUS_OBJECT_NAME_INVALID for an
 * empty name or one with a '\\'. */
NTSTATUS MmGetBootFile(PCUNICODE_STRING Name, PVOID *Data, PSIZE_T Size);
/* Frames the boot reserved (loader data) handed to the page allocator,
 * under the PFN lock. */
VOID MiReleaseBootFrames(PFN_NUMBER First, PFN_NUMBER Count);

/* MEMORY_MANAGEMENT's first parameter for this kernel's checks. */
#define MI_MM_PAGE_TABLE_COUNT 0x100     /* va, PDE: a table's count is off */
#define MI_MM_DELETE_CURRENT_SPACE 0x101 /* process: still in use */
#define MI_MM_HYPERSPACE_ORDER                                                 \
    0x102                           /* va, expected va: unmapped out of order */
#define MI_MM_HYPERSPACE_FULL 0x103 /* frame: every slot in use */
#define MI_MM_INIT_SECTION 0x104 /* va, found, expected: INIT not as loaded */
#define MI_MM_SHARED_USER_DATA 0x105  /* frame: KUSER_SHARED_DATA not mapped */
#define MI_MM_FREE_LOCKED_BLOCK 0x106 /* frame, lock count, order */
#define MI_MM_PARTIAL_MDL_RANGE 0x107 /* source MDL, va, length */
#define MI_MM_MDL_NOT_RESIDENT 0x108  /* MDL, va: not mapped nonpaged memory */
#define MI_MM_MDL_NOT_LOCKED                                                   \
    0x109                          /* MDL, flags: mapping an undescribed MDL   \
                                    */
#define MI_MM_NOT_MDL_PAGE 0x10A   /* MDL, frame, usage: not its own page */
#define MI_MM_PAGE_FILE_SLOT 0x10B /* slot, slots: freed but not in use */
/* Charged, returned: more than was charged. */
#define MI_MM_COMMIT_UNDERFLOW 0x10C
/* Handle, address, change: no such section, or unlocked more than locked. */
#define MI_MM_BAD_PAGEABLE_HANDLE 0x10D
/* frame, prototype PTE: a section frame's share count went below 0 */
#define MI_MM_SECTION_SHARE 0x10E
/* SYSTEM_PTE_MISUSE's first parameter. */
#define MI_PTE_MISUSE_BAD_RELEASE 0x100  /* va, pages, guard PTE */
#define MI_PTE_MISUSE_STILL_MAPPED 0x101 /* va, pages, the mapped va */

/* The PTE that maps Address, 0 when its page table is missing. */
MMPTE MiReadPte(PVOID Address);

VOID MiFlushSingleTb(PVOID Address);
/* Every TLB entry, global ones included. */
VOID MiFlushEntireTb(VOID);

/* Kmap: a temporary mapping of any frame in this processor's hyperspace
 * slots. Unmap in the reverse order of mapping (a stack, as
 * kmap_atomic). */
PVOID MiMapPageInHyperspace(PFN_NUMBER Frame);
VOID MiUnmapPageInHyperspace(PVOID Address);
VOID MiZeroPhysicalPage(PFN_NUMBER Frame);

/* System PTEs: PageCount pages of kernel address space after an unmapped
 * guard page, page tables ready; NULL when the range is full. */
PVOID MiReserveSystemPtes(ULONG PageCount);
/* Gives back a run whose pages are all unmapped; anything else stops the
 * machine with SYSTEM_PTE_MISUSE. */
VOID MiReleaseSystemPtes(PVOID Base, ULONG PageCount);
/* Stops the machine unless Base starts a run of exactly PageCount pages. */
VOID MiCheckSystemPteRun(PVOID Base, ULONG PageCount);
VOID MiInitializeSystemPtes(VOID);
/* Vmalloc: PageCount pages of frames from any zone (high memory
 * included), zeroed, virtually contiguous in system PTE space. */
PVOID MiAllocateSystemPages(ULONG PageCount, ULONG Protection);
VOID MiFreeSystemPages(PVOID Base);

/* Address spaces (include/kernel/process.h has the structures). */
struct _EPROCESS;
struct _MMVAD;
VOID MiInitializeSystemProcess(VOID);
/* A new directory sharing the kernel half; STATUS_INSUFFICIENT_RESOURCES
 * when no low frame is left. */
NTSTATUS MmCreateProcessAddressSpace(struct _EPROCESS *Process);
/* Every user page the space owns, every user page table and the
 * directory go back to the buddy allocator. Not the current space. */
VOID MmDeleteProcessAddressSpace(struct _EPROCESS *Process);
/* An ended process's reservations and views, their pages and the page
 * tables they empty; from the process's last thread. */
VOID MmCleanProcessAddressSpace(struct _EPROCESS *Process);
/* Reserves exactly [BaseAddress, + Size rounded up to pages) of Process's
 * user half (page granularity, for the kernel's own regions such as a
 * PEB or TEB) and commits it: pages appear, zeroed, on first touch.
 * STATUS_CONFLICTING_ADDRESSES when it overlaps a reservation,
 * STATUS_INVALID_PARAMETER outside the user range,
 * STATUS_INVALID_PAGE_PROTECTION, STATUS_NO_MEMORY. Attaches itself. */
NTSTATUS MiCommitVirtualMemory(struct _EPROCESS *Process, PVOID BaseAddress,
                               SIZE_T Size, ULONG Protection);
/* Releases the reservation starting at BaseAddress and its pages;
 * STATUS_NOT_COMMITTED when none starts there. Attaches itself. */
NTSTATUS MiDecommitVirtualMemory(struct _EPROCESS *Process, PVOID BaseAddress);
/* The reservation holding Address, or NULL. */
struct _MMVAD *MiLocateAddress(struct _EPROCESS *Process, PVOID Address);

/* VAD nodes (mm/vad.c): from nonpaged pool, tagged "VadS". */
struct _MMVAD *MiAllocateVad(ULONG StartingVpn, ULONG EndingVpn,
                             ULONG AllocationProtect);
VOID MiFreeVad(struct _MMVAD *Vad);
/* Decommits Vad's pages, unlinks and frees it (Process current, its
 * AddressCreationLock held). */
VOID MiReleaseVad(struct _EPROCESS *Process, struct _MMVAD *Vad);
/* Frees every node; the pages are the caller's (address space deletion). */
VOID MiDeleteAllVads(struct _EPROCESS *Process);

/* Commitment in the current space's PTEs (mm/commit.c). Mask is an MM_*
 * code. MiCommitPages makes demand-zero PTEs (a page already committed
 * takes the new protection and keeps its contents), charging each new one
 * (mm/commit_charge.c): STATUS_COMMITMENT_LIMIT past the limit,
 * STATUS_NO_MEMORY when a page table cannot be had. MiDecommitPages frees
 * frames, page-file copies and the tables that empty, and returns how
 * many committed pages went (the caller returns their charge when they
 * were private). MiProtectPages changes committed pages only. */
NTSTATUS MiCommitPages(ULONG StartVa, ULONG PageCount, ULONG Mask);
ULONG MiDecommitPages(ULONG StartVa, ULONG PageCount);
VOID MiProtectPages(ULONG StartVa, ULONG PageCount, ULONG Mask);
/* The page's MM_* code; MM_ZERO_ACCESS when it is not committed. */
ULONG MiQueryPageProtection(ULONG Va);

/*
 * The user stack's growth (NT's MiCheckForUserStackOverflow), for the
 * trap layer to call when MmAccessFault returned
 * STATUS_GUARD_PAGE_VIOLATION for a user address: DeallocationStack and
 * *StackLimit are the thread's TEB fields. A guard page inside
 * [DeallocationStack, *StackLimit) was the stack's: the limit moves down
 * to it and the page below becomes the new guard (STATUS_SUCCESS: rerun
 * the instruction), or, when that page is the reservation's last,
 * STATUS_STACK_OVERFLOW. Any other guard page: STATUS_GUARD_PAGE_VIOLATION
 * for the program.
 */
NTSTATUS MiCheckForUserStackOverflow(PVOID FaultingAddress,
                                     PVOID DeallocationStack,
                                     PVOID *StackLimit);

/* Resolves a page fault if the design allows (the first touch of a
 * committed user page); otherwise returns the status for the trap handler
 * to raise: STATUS_GUARD_PAGE_VIOLATION the first time a guard page is
 * touched (the guard is gone after it), STATUS_ACCESS_VIOLATION, or
 * STATUS_NO_MEMORY. */
NTSTATUS MmAccessFault(ULONG FaultStatus, PVOID Address,
                       PKTRAP_FRAME TrapFrame);
VOID MiPrintBuddyStatistics(const MI_BUDDY_STATISTICS *Statistics);

#endif
