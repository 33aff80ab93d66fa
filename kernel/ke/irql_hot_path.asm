; KfRaiseIrql and KfLowerIrql, the hot pair of kernel/ke/irql.c, in assembly
; as NT's HAL has them. Fastcall: the new IRQL in cl, the old one back in
; al. Both HALs are lazy: a raise is a load, the checked build's compare
; and a store; a lower adds one look at KPCR.IRR for anything pending
; above the new level. Everything else is in C: the delivery of pending
; work, and the checked build's stops, which are called from a frame so
; that the backtrace names the caller.

KPCR_IRQL equ 0x24
KPCR_IRR equ 0x28

extern KiDeliverPendingInterrupts
extern KiIrqlRaiseViolation
extern KiIrqlLowerViolation
global KfRaiseIrql
global KfLowerIrql

section .text

KfRaiseIrql:
    movzx eax, byte [fs:KPCR_IRQL]
%if DBG
    cmp cl, al
    jb .violation
%endif
    mov [fs:KPCR_IRQL], cl
    ret
%if DBG
.violation:
    push ebp
    mov ebp, esp
    call KiIrqlRaiseViolation   ; does not return
%endif

KfLowerIrql:
%if DBG
    cmp cl, [fs:KPCR_IRQL]
    ja .violation
%endif
    mov [fs:KPCR_IRQL], cl
    mov eax, [fs:KPCR_IRR]
    shr eax, cl                 ; two shifts: the level may be 31
    shr eax, 1
    jnz .deliver
    ret
.deliver:
    movzx ecx, cl
    jmp KiDeliverPendingInterrupts
%if DBG
.violation:
    push ebp
    mov ebp, esp
    call KiIrqlLowerViolation   ; does not return
%endif
