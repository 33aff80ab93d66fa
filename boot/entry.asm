; The first instructions: a Multiboot (v1) loader jumps to _start in 32-bit
; protected mode, paging off, eax = magic, ebx = physical address of the
; Multiboot information. The kernel is linked at 0x80000000 + its load
; address (linker.ld), so before any C runs this code:
;   1. zeroes the BSS (the early page tables live there),
;   2. maps the first EARLY_MAP_SIZE bytes of physical memory twice, at 0
;      (so the next instruction still exists once paging is on) and at
;      0x80000000 (where the kernel is linked), leaving the page under the
;      boot stack unmapped as its guard,
;      and maps the INIT section (loaded after the BSS) where it is linked,
;      at KERNEL_INIT_BASE (linker.ld says why),
;   3. turns paging on and jumps to KiStartHigh (boot/start_high.asm) in
;      the high half, with magic and info in esi and edi.
; The high half's code is in a file of its own: NASM's DWARF describes
; one code section per file correctly, and gdb stumbles over a second.

%include "boot/layout.inc"

MULTIBOOT_MAGIC         equ 0x1BADB002
MULTIBOOT_PAGE_ALIGN    equ 1 << 0      ; modules on page boundaries
MULTIBOOT_MEMORY_INFO   equ 1 << 1      ; mem_lower/upper and the memory map
MULTIBOOT_VIDEO_MODE    equ 1 << 2      ; the video fields below are wanted
MULTIBOOT_FLAGS         equ MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_VIDEO_MODE
; The mode asked for: a linear framebuffer (type 0) of 1024x768 at 32 bits
; per pixel, a size every UEFI GOP and VBE BIOS offers. GRUB takes the
; nearest it has; its grub.cfg keeps VGA text under a BIOS (gfxpayload).
VIDEO_LINEAR            equ 0
VIDEO_WIDTH             equ 1024
VIDEO_HEIGHT            equ 768
VIDEO_DEPTH             equ 32

PAGE_SIZE               equ 4096
PTE_PRESENT             equ 1 << 0
PTE_WRITABLE            equ 1 << 1
KERNEL_PDE              equ KERNEL_VIRTUAL_BASE >> 22
BOOT_STACK_SIZE         equ 16384

%define PHYSICAL(x) ((x) - KERNEL_VIRTUAL_BASE)

extern KiStartHigh
extern __bss_start
extern __bss_end
extern __init_physical_start
extern __high_page_count
global _start
global KiBootStack
global KiBootStackTop
global KiEarlyPageDirectory
global KiEarlyInitTable

section .multiboot progbits alloc noexec nowrite align=4
align 4
    dd MULTIBOOT_MAGIC
    dd MULTIBOOT_FLAGS
    dd -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)
    dd 0, 0, 0, 0, 0                    ; addresses: unused (ELF, flag 16 clear)
    dd VIDEO_LINEAR, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_DEPTH

section .boot.text progbits alloc exec nowrite align=16
_start:
    cli
    cld
    mov esi, eax                        ; keep magic and info across the setup
    mov edi, ebx

    ; 1. Zero the BSS through its physical address.
    mov ebx, edi
    mov edi, PHYSICAL(__bss_start)
    mov ecx, PHYSICAL(__bss_end)
    sub ecx, edi
    shr ecx, 2
    xor eax, eax
    rep stosd
    mov edi, ebx

    ; 2. Page tables: entry i maps physical page i, present and writable.
    mov ebx, PHYSICAL(KiEarlyPageTables)
    xor ecx, ecx
.fill_tables:
    mov eax, ecx
    shl eax, 12
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [ebx + ecx * 4], eax
    inc ecx
    cmp ecx, EARLY_TABLES * 1024
    jb .fill_tables

    ; The guard page under the boot stack: an overflow faults there.
    mov eax, PHYSICAL(KiBootStackGuard)
    shr eax, 12
    mov dword [ebx + eax * 4], 0

    ; The directory: the same tables at PDE 0 and at PDE 0x200.
    mov edx, PHYSICAL(KiEarlyPageDirectory)
    xor ecx, ecx
.fill_directory:
    mov eax, ecx
    shl eax, 12
    add eax, ebx
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [edx + ecx * 4], eax
    mov [edx + ecx * 4 + KERNEL_PDE * 4], eax
    inc ecx
    cmp ecx, EARLY_TABLES
    jb .fill_directory

    ; The table of INIT and PAGE: their pages, in order, from where they
    ; were loaded.
    mov ebx, PHYSICAL(KiEarlyInitTable)
    xor ecx, ecx
    mov eax, __init_physical_start
    or eax, PTE_PRESENT | PTE_WRITABLE
.fill_init:
    cmp ecx, __high_page_count
    jae .init_mapped
    mov [ebx + ecx * 4], eax
    add eax, PAGE_SIZE
    inc ecx
    jmp .fill_init
.init_mapped:
    or ebx, PTE_PRESENT | PTE_WRITABLE
    mov [edx + (KERNEL_INIT_BASE >> 22) * 4], ebx

    ; 3. Paging on, then continue at the linked (high) address.
    mov cr3, edx
    mov eax, cr0
    or eax, 0x80000000                  ; CR0.PG
    mov cr0, eax
    mov eax, KiStartHigh
    jmp eax

section .bss
align PAGE_SIZE
KiEarlyPageDirectory:
    resb PAGE_SIZE
KiEarlyPageTables:
    resb EARLY_TABLES * PAGE_SIZE
KiEarlyInitTable:
    resb PAGE_SIZE
KiBootStackGuard:
    resb PAGE_SIZE
KiBootStack:
    resb BOOT_STACK_SIZE
KiBootStackTop:
