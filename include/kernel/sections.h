/*
 * Where a function or variable lives, in the spirit of NT's
 * `#pragma alloc_text(INIT, DriverEntry)` and `#pragma data_seg("PAGE")`:
 *
 *     ALLOC_TEXT(INIT) VOID MiBuildSomething(VOID) { ... }
 *     ALLOC_DATA(INITDATA) static ULONG boot_only_table[64];
 *
 * INIT and INITDATA are unmapped and their frames freed when the kernel
 * has started (MmFreeInitSections); PAGE and PAGEDATA are pageable code
 * and data from then on (mm/pageable_kernel.c): never run or touch them
 * at DISPATCH_LEVEL or above. linker.ld places them.
 * Only functions called from boot code may be INIT: a call afterwards
 * faults, by design.
 */
#ifndef KERNEL_SECTIONS_H
#define KERNEL_SECTIONS_H

#define ALLOC_TEXT(Section) __attribute__((section(#Section), noinline))
#define ALLOC_DATA(Section) __attribute__((section(#Section)))

/* Image bounds from linker.ld. */
extern char __text_start[], __rodata_end[];
extern char __page_start[], __page_end[], __pagedata_end[];
extern char __init_start[], __init_text_end[], __init_end[];
extern char __init_physical_start[];

#endif
