; KfRaiseIrql and KfLowerIrql, the hot pair of kernel/ke/irql.c, in assembly
; as NT's HAL has them. Fastcall: the new IRQL in cl, the old one back in
; al. On the lazy (PIC) path a raise is a load, a compare and a store; a
; lower adds one look at KPCR.IRR for anything pending above the new
; level. Everything else is in C: the eager controller (APIC TPR), the
; delivery of pending work, and the checked build's stops, which are
; called from a frame so that the backtrace names the caller.

KPCR_IRQL equ 0x24
KPCR_IRR equ 0x28

extern HalpEagerIrql
extern KiRaiseIrqlEagerly
extern KiLowerIrqlEagerly
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
    cmp byte [HalpEagerIrql], 0
    jne .eager
    mov [fs:KPCR_IRQL], cl
    ret
.eager:
    movzx edx, cl               ; KiRaiseIrqlEagerly(old, new)
    mov ecx, eax
    jmp KiRaiseIrqlEagerly
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
    cmp byte [HalpEagerIrql], 0
    jne .eager
    ret
.deliver:
    movzx ecx, cl
    jmp KiDeliverPendingInterrupts
.eager:
    movzx ecx, cl
    jmp KiLowerIrqlEagerly
%if DBG
.violation:
    push ebp
    mov ebp, esp
    call KiIrqlLowerViolation   ; does not return
%endif
