; The first instructions at the kernel's linked address: boot/entry.asm
; jumps here with paging on, the low 16 MiB mapped at 0 and at 0x80000000,
; esi = the Multiboot magic and edi = the information's physical address.
; Here the kernel
;   1. takes the boot stack,
;   2. drops the identity mapping (the low half is the user's from now on),
;   3. calls KiSystemStartup(magic, info) on the boot stack.

%include "boot/layout.inc"

extern KiSystemStartup
extern KiBootStackTop
extern KiEarlyPageDirectory
global KiStartHigh

section .text
KiStartHigh:
    mov esp, KiBootStackTop
    xor ebp, ebp                        ; the backtrace stops here

    ; The low half is the user's from now on: drop the identity mapping.
    xor ecx, ecx
.drop_identity:
    mov dword [KiEarlyPageDirectory + ecx * 4], 0
    inc ecx
    cmp ecx, EARLY_TABLES
    jb .drop_identity
    mov eax, cr3
    mov cr3, eax                        ; flush the TLB

    ; Into C: KiSystemStartup(magic, info physical address).
    push edi
    push esi
    call KiSystemStartup
.halt:
    cli
    hlt
    jmp .halt

