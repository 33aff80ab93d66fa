/*
 * The virtual-memory API of user address spaces, as the WDK (ntddk.h,
 * winnt.h) has it: page protections, allocation types, the query
 * structure and the Nt/Zw services. Included by ntddk.h.
 */
#ifndef NTMM_H
#define NTMM_H

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Page protections (winnt.h). x86 without PAE cannot refuse to execute a
 * readable page: each EXECUTE variant is enforced like its plain form,
 * and PAGE_EXECUTE alone can be read (docs/virtual-memory.md). */
#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400 /* no PAT here: mapped uncached */

/* Allocation types and states (winnt.h). */
#define MEM_COMMIT 0x00001000
#define MEM_RESERVE 0x00002000
#define MEM_DECOMMIT 0x00004000
#define MEM_RELEASE 0x00008000
#define MEM_FREE 0x00010000
#define MEM_PRIVATE 0x00020000
#define MEM_MAPPED 0x00040000
#define MEM_RESET 0x00080000
#define MEM_TOP_DOWN 0x00100000
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL 0x00400000
#define MEM_LARGE_PAGES 0x20000000
#define MEM_IMAGE 0x01000000

typedef enum _MEMORY_INFORMATION_CLASS {
    MemoryBasicInformation = 0,
} MEMORY_INFORMATION_CLASS;

/* NT's layout: 28 bytes on x86. */
typedef struct _MEMORY_BASIC_INFORMATION {
    PVOID BaseAddress;    /* the page queried, rounded down */
    PVOID AllocationBase; /* the reservation's base; NULL when free */
    ULONG AllocationProtect;
    SIZE_T RegionSize; /* pages from BaseAddress alike in state and
                          protection */
    ULONG State;       /* MEM_COMMIT, MEM_RESERVE or MEM_FREE */
    ULONG Protect;     /* 0 for reserved pages */
    ULONG Type;        /* MEM_PRIVATE; 0 when free */
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

/*
 * Reserves (64 KiB-aligned base, page-rounded end) and/or commits
 * (page-rounded) user address space of ProcessHandle's process. *BaseAddress
 * NULL lets the kernel pick, bottom-up or with MEM_TOP_DOWN from the top,
 * below 2^(32-ZeroBits). On success *BaseAddress and *RegionSize say what
 * was done. docs/virtual-memory.md lists every failure status.
 */
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG AllocationType, ULONG Protect);
NTSTATUS NTAPI ZwAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG AllocationType, ULONG Protect);
/* MEM_DECOMMIT keeps the reservation; MEM_RELEASE gives it back. */
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG FreeType);
NTSTATUS NTAPI ZwFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG FreeType);
/* Every page of the range must be committed (STATUS_NOT_COMMITTED);
 * *OldProtect is the first page's protection before. */
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T RegionSize, ULONG NewProtect,
                                      PULONG OldProtect);
NTSTATUS NTAPI ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T RegionSize, ULONG NewProtect,
                                      PULONG OldProtect);
NTSTATUS NTAPI NtQueryVirtualMemory(
    HANDLE ProcessHandle, PVOID BaseAddress,
    MEMORY_INFORMATION_CLASS MemoryInformationClass, PVOID MemoryInformation,
    SIZE_T MemoryInformationLength, PSIZE_T ReturnLength);
NTSTATUS NTAPI ZwQueryVirtualMemory(
    HANDLE ProcessHandle, PVOID BaseAddress,
    MEMORY_INFORMATION_CLASS MemoryInformationClass, PVOID MemoryInformation,
    SIZE_T MemoryInformationLength, PSIZE_T ReturnLength);

/* Sections (wdm.h): shared memory a process maps views of. Page-file
 * backed here (FileHandle NULL); image sections come from the loader. */
#define SECTION_QUERY 0x0001
#define SECTION_MAP_WRITE 0x0002
#define SECTION_MAP_READ 0x0004
#define SECTION_MAP_EXECUTE 0x0008
#define SECTION_EXTEND_SIZE 0x0010
#define SECTION_ALL_ACCESS 0x000F001FUL
#define SEC_IMAGE 0x01000000
#define SEC_RESERVE 0x04000000
#define SEC_COMMIT 0x08000000
#define SEC_NOCACHE 0x10000000

typedef enum _SECTION_INHERIT { ViewShare = 1, ViewUnmap = 2 } SECTION_INHERIT;

extern DECLSPEC_IMPORT struct _OBJECT_TYPE **MmSectionObjectType;

NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection,
                               ULONG AllocationAttributes, HANDLE FileHandle);
NTSTATUS NTAPI ZwCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection,
                               ULONG AllocationAttributes, HANDLE FileHandle);
NTSTATUS NTAPI NtOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle,
                                  PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset,
                                  PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition,
                                  ULONG AllocationType, ULONG Win32Protect);
NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle,
                                  PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset,
                                  PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition,
                                  ULONG AllocationType, ULONG Win32Protect);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);
NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);

/* A driver's pageable sections (docs/paging.md): the section holding the
 * address resident and locked until the handle is unlocked as often as it
 * was locked; every page but the headers pageable; back to what the
 * sections say. */
PVOID NTAPI MmLockPagableDataSection(PVOID AddressWithinSection);
#define MmLockPagableCodeSection(Address) MmLockPagableDataSection(Address)
VOID NTAPI MmLockPagableSectionByHandle(PVOID ImageSectionHandle);
VOID NTAPI MmUnlockPagableImageSection(PVOID ImageSectionHandle);
PVOID NTAPI MmPageEntireDriver(PVOID AddressWithinSection);
VOID NTAPI MmResetDriverPaging(PVOID AddressWithinSection);

#ifdef __cplusplus
}
#endif

#endif
