/*
 * Memory descriptor lists as the WDK declares them (wdm.h): an MDL
 * describes a virtual buffer by the physical frames behind it, in an array
 * of PFN_NUMBERs right after the header. NT x86's layout, to the byte, so
 * a driver built against another DDK's header reads the same fields
 * (docs/virtual-memory.md, "MDLs").
 */
#ifndef NTMDL_H
#define NTMDL_H

#include "ntdef.h"
#include "ntdisp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _MEMORY_CACHING_TYPE {
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
    MmHardwareCoherentCached,
    MmNonCachedUnordered,
    MmUSWCCached,
    MmMaximumCacheType,
} MEMORY_CACHING_TYPE;
#define MmFrameBufferCached MmWriteCombined

struct _EPROCESS;
struct _IRP;

typedef struct _MDL {
    struct _MDL *Next;
    CSHORT Size; /* bytes: the header and its PFN array */
    CSHORT MdlFlags;
    struct _EPROCESS *Process; /* whose user range it describes, or NULL */
    PVOID MappedSystemVa;
    PVOID StartVa; /* page-aligned */
    ULONG ByteCount;
    ULONG ByteOffset;
} MDL, *PMDL;

#if defined(__i386__) /* NT's x86 offsets (the host's pointers are wider) */
_Static_assert(offsetof(MDL, Next) == 0x00, "MDL.Next");
_Static_assert(offsetof(MDL, Size) == 0x04, "MDL.Size");
_Static_assert(offsetof(MDL, MdlFlags) == 0x06, "MDL.MdlFlags");
_Static_assert(offsetof(MDL, Process) == 0x08, "MDL.Process");
_Static_assert(offsetof(MDL, MappedSystemVa) == 0x0C, "MDL.MappedSystemVa");
_Static_assert(offsetof(MDL, StartVa) == 0x10, "MDL.StartVa");
_Static_assert(offsetof(MDL, ByteCount) == 0x14, "MDL.ByteCount");
_Static_assert(offsetof(MDL, ByteOffset) == 0x18, "MDL.ByteOffset");
_Static_assert(sizeof(MDL) == 0x1C, "NT x86's MDL is 28 bytes");
#endif

#define MDL_MAPPED_TO_SYSTEM_VA 0x0001
#define MDL_PAGES_LOCKED 0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE 0x0008
#define MDL_PARTIAL 0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED 0x0020
#define MDL_IO_PAGE_READ 0x0040
#define MDL_WRITE_OPERATION 0x0080
#define MDL_PARENT_MAPPED_SYSTEM_VA 0x0100
#define MDL_LOCKED_PAGE_TABLES 0x0100
#define MDL_FREE_EXTRA_PTES 0x0200
#define MDL_DESCRIBES_AWE 0x0400
#define MDL_IO_SPACE 0x0800
#define MDL_NETWORK_HEADER 0x1000
#define MDL_MAPPING_CAN_FAIL 0x2000
#define MDL_PAGE_CONTENTS_INVARIANT 0x4000
#define MDL_ALLOCATED_MUST_SUCCEED 0x4000
#define MDL_INTERNAL 0x8000
/* The WDK's list also names MDL_SYSTEM_VA, which no WDK defines. */
#define MDL_MAPPING_FLAGS                                                      \
    (MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED |                              \
     MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL_HAS_BEEN_MAPPED |               \
     MDL_PARENT_MAPPED_SYSTEM_VA | MDL_IO_SPACE)

typedef enum _LOCK_OPERATION {
    IoReadAccess = 0,
    IoWriteAccess = 1,
    IoModifyAccess = 2,
} LOCK_OPERATION;

typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority = 0,
    NormalPagePriority = 16,
    HighPagePriority = 32,
} MM_PAGE_PRIORITY;
/* Or'd into a mapping's priority (Windows 8 on). */
#define MdlMappingNoWrite 0x80000000UL
#define MdlMappingNoExecute 0x40000000UL

/* MmAllocatePagesForMdlEx's Flags. */
#define MM_DONT_ZERO_ALLOCATION 0x00000001
#define MM_ALLOCATE_FROM_LOCAL_NODE_ONLY 0x00000002
#define MM_ALLOCATE_FULLY_REQUIRED 0x00000004
#define MM_ALLOCATE_NO_WAIT 0x00000008
#define MM_ALLOCATE_PREFER_CONTIGUOUS 0x00000010
#define MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS 0x00000020

#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)                               \
    ((ULONG)((((ULONG_PTR)(Va) & (PAGE_SIZE - 1)) + (Size) +                   \
              (PAGE_SIZE - 1)) >>                                              \
             PAGE_SHIFT))
#define COMPUTE_PAGES_SPANNED(Va, Size) ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)

#define MmGetMdlPfnArray(Mdl) ((PPFN_NUMBER)((Mdl) + 1))
#define MmGetMdlVirtualAddress(Mdl)                                            \
    ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl) ((Mdl)->ByteOffset)
#define MmGetMdlBaseVa(Mdl) ((Mdl)->StartVa)

#define MmInitializeMdl(MemoryDescriptorList, BaseVa, Length)                  \
    {                                                                          \
        (MemoryDescriptorList)->Next = (PMDL)NULL;                             \
        (MemoryDescriptorList)->Size =                                         \
            (CSHORT)(sizeof(MDL) +                                             \
                     (sizeof(PFN_NUMBER) *                                     \
                      ADDRESS_AND_SIZE_TO_SPAN_PAGES((BaseVa), (Length))));    \
        (MemoryDescriptorList)->MdlFlags = 0;                                  \
        (MemoryDescriptorList)->StartVa = (PVOID)PAGE_ALIGN((BaseVa));         \
        (MemoryDescriptorList)->ByteOffset = BYTE_OFFSET((BaseVa));            \
        (MemoryDescriptorList)->ByteCount = (ULONG)(Length);                   \
    }

/* The buffer's system address: the one it has, or a new mapping (NULL
 * when none can be had). */
#define MmGetSystemAddressForMdlSafe(Mdl, Priority)                            \
    (((Mdl)->MdlFlags &                                                        \
      (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))                 \
         ? ((Mdl)->MappedSystemVa)                                             \
         : (MmMapLockedPagesSpecifyCache((Mdl), KernelMode, MmCached, NULL,    \
                                         FALSE, (Priority))))

/* A partial MDL's own mapping goes before the MDL describes another
 * range. */
#define MmPrepareMdlForReuse(Mdl)                                              \
    if (((Mdl)->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED) != 0) {                \
        ASSERT(((Mdl)->MdlFlags & MDL_PARTIAL) != 0);                          \
        MmUnmapLockedPages((Mdl)->MappedSystemVa, (Mdl));                      \
    } else if (((Mdl)->MdlFlags & MDL_PARTIAL) == 0) {                         \
        ASSERT(((Mdl)->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) == 0);              \
    }

/* The largest buffer IoAllocateMdl describes, as Windows 2000, XP and
 * Server 2003 document it for x86. In effect the MDL's Size must fit its
 * 16 bits: at most 16376 pages, a little under this figure. */
#define MM_MAXIMUM_MDL_BYTE_COUNT                                              \
    (PAGE_SIZE * (65535 - sizeof(MDL)) / sizeof(ULONG_PTR))

/* An MDL from nonpaged pool for [VirtualAddress, + Length), chained to
 * Irp's MdlAddress (SecondaryBuffer FALSE) or at the end of its chain
 * (TRUE) when Irp is given; NULL above the limit or without memory. */
PMDL NTAPI IoAllocateMdl(PVOID VirtualAddress, ULONG Length,
                         BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                         struct _IRP *Irp);
VOID NTAPI IoFreeMdl(PMDL Mdl);
/* TargetMdl describes [VirtualAddress, + Length) of SourceMdl's buffer
 * (Length 0: to its end) with SourceMdl's frames. */
VOID NTAPI IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl,
                             PVOID VirtualAddress, ULONG Length);
SIZE_T NTAPI MmSizeOfMdl(PVOID Base, SIZE_T Length);

/* Makes every page resident and accessible as Operation asks, holds its
 * frame and fills the PFN array; raises STATUS_ACCESS_VIOLATION (or
 * STATUS_NO_MEMORY) with nothing held when a page cannot be had. */
VOID NTAPI MmProbeAndLockPages(PMDL MemoryDescriptorList,
                               KPROCESSOR_MODE AccessMode,
                               LOCK_OPERATION Operation);
VOID NTAPI MmUnlockPages(PMDL MemoryDescriptorList);
VOID NTAPI MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList);

PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList,
                                         KPROCESSOR_MODE AccessMode,
                                         MEMORY_CACHING_TYPE CacheType,
                                         PVOID RequestedAddress,
                                         ULONG BugCheckOnFailure,
                                         ULONG Priority);
PVOID NTAPI MmMapLockedPages(PMDL MemoryDescriptorList,
                             KPROCESSOR_MODE AccessMode);
VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList);

PMDL NTAPI MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                 PHYSICAL_ADDRESS HighAddress,
                                 PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes);
PMDL NTAPI MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress,
                                   PHYSICAL_ADDRESS HighAddress,
                                   PHYSICAL_ADDRESS SkipBytes,
                                   SIZE_T TotalBytes,
                                   MEMORY_CACHING_TYPE CacheType, ULONG Flags);
VOID NTAPI MmFreePagesFromMdl(PMDL MemoryDescriptorList);

#ifdef __cplusplus
}
#endif

#endif
