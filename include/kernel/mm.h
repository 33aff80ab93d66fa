/*
 * The memory manager's kernel-internal interface: physical memory so far
 * (the cleaned memory map, the PFN database, the buddy allocator).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel/buddy.h"
#include "kernel/memory_map.h"
#include "kernel/multiboot.h"

/* Below 1 MiB frames, or a PFN database that does not fit, is too little
 * to run. */
#define MI_MINIMUM_FREE_PAGES 256

extern MI_MEMORY_MAP MiMemoryMap;
extern MI_BUDDY MiBuddy;
/* One past the highest frame the direct map at 0x80000000 covers. */
extern PFN_NUMBER MiDirectMapEndPage;
/* The buddy statistics right after boot, for tests and the shell. */
extern MI_BUDDY_STATISTICS MiBootStatistics;

/* Builds the memory map from the loader's information, reserves what is
 * in use, extends the direct map over low memory, builds the PFN database
 * and hands every usable frame to the buddy allocator. */
VOID MmInitializePhysicalMemory(const KI_BOOT_INFORMATION *Boot,
                                BOOLEAN CheckEveryOperation);

/* The loader's memory map (or, failing that, mem_lower/mem_upper) with
 * the first MiB, the kernel image and the loader's data reserved. With no
 * memory information at all: LOADER_BLOCK_MISMATCH (1, info address,
 * whether a malformed map was given). */
VOID MiBuildMemoryMap(MI_MEMORY_MAP *Map, const KI_BOOT_INFORMATION *Boot);

/* Maps physical [16 MiB, EndPage) at 0x80000000 + its address, with page
 * tables taken from Map (the boot tables already cover 0-16 MiB). */
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

VOID MiPrintMemoryMap(const MI_MEMORY_MAP *Map);
VOID MiPrintBuddyStatistics(const MI_BUDDY_STATISTICS *Statistics);

#endif
