; Exception and interrupt entry. Every vector gets a stub that makes the
; stack look the same (a zero where the CPU pushes no error code, then the
; vector), saves the rest of the machine into a KTRAP_FRAME (trap.h) and
; calls KiTrapDispatch with its address.

%include "boot/layout.inc"

extern KiTrapDispatch
extern KiDoubleFault
extern KiExitToUserMode
global KiTrapStubs
global KiTrapCommon           ; named in backtraces by gdb as by the kernel
global KiDoubleFaultEntry
global KiSoftwareInterrupt

section .text

; Vectors for which the CPU pushes an error code itself.
%define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

STUB_SIZE equ 16
TF_SEGCS equ 0x40              ; KTRAP_FRAME.SegCs (kernel/trap.h)

align 16
KiTrapStubs:
%assign vector 0
%rep 256
    align STUB_SIZE, int3
    %if HAS_ERROR_CODE(vector) == 0
        push dword 0
    %endif
    push dword vector
    jmp near KiTrapCommon
%assign vector vector + 1
%endrep

KiTrapCommon:
    pushad
    push ds
    push es
    push fs
    push gs
    mov eax, cr2
    push eax
    mov ax, KGDT_R0_DATA
    mov ds, ax
    mov es, ax
    mov ax, KGDT_R0_PCR
    mov fs, ax
    cld
    push esp                    ; PKTRAP_FRAME
    call KiTrapDispatch
    test byte [esp + 4 + TF_SEGCS], 1
    jz .to_kernel
    call KiExitToUserMode       ; the same argument: user APCs first
.to_kernel:
    add esp, 8                  ; the argument and Cr2
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, 8                  ; vector and error code
    iretd

; The double-fault task gate lands here with a fresh TSS and stack: no
; frame was pushed, the faulting state is in the previous TSS.
KiDoubleFaultEntry:
    xor ebp, ebp
    push dword 0                ; a return address nobody uses
    jmp KiDoubleFault

; KiSoftwareInterrupt(ULONG Vector): executes INT Vector. INT takes only an
; immediate, so each vector has its own 4-byte "int n; ret" slot.
KiSoftwareInterrupt:
    mov eax, [esp + 4]
    and eax, 0xFF
    lea eax, [KiIntInstructions + eax * 4]
    jmp eax

align 4
KiIntInstructions:
%assign vector 0
%rep 256
    align 4, nop
    db 0xCD, vector             ; int vector (never the one-byte int3)
    ret
%assign vector vector + 1
%endrep
