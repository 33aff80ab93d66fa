/*
 * Where things are, before the memory manager exists: the kernel runs at
 * 0x80000000 + its physical address, and boot/entry.asm maps the first
 * KI_EARLY_MAP_SIZE bytes of physical memory there (boot/layout.inc has
 * the same numbers for the assembly).
 */
#ifndef KERNEL_MEMORY_LAYOUT_H
#define KERNEL_MEMORY_LAYOUT_H

#define KI_KERNEL_VIRTUAL_BASE 0x80000000UL
#define KI_EARLY_MAP_SIZE (16UL * 1024 * 1024)
#define KI_PHYSICAL_TO_VIRTUAL(Physical)                                       \
    ((ULONG_PTR)(Physical) + KI_KERNEL_VIRTUAL_BASE)
#define KI_VIRTUAL_TO_PHYSICAL(Virtual)                                        \
    ((ULONG_PTR)(Virtual)-KI_KERNEL_VIRTUAL_BASE)

/* Kernel image bounds from linker.ld. */
extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[];

#endif
