; KiContinueContext(const CONTEXT *Context), stdcall: resumes a kernel-mode
; context (an exception a handler continued, kernel/ke/exception.c, or a
; trap's): its integer registers, ebp, esp, eflags and eip. The registers
; are copied below our own stack first, then an iretd frame is written just
; under the target esp, so the CONTEXT may lie anywhere above our frame,
; even under that target.

%include "kernel/rtl/context.inc"
%include "boot/layout.inc"

global KiContinueContext

section .text

KiContinueContext:
    cli                             ; iretd brings the context's IF back
    mov ebx, [esp + 4]
    push dword [ebx + CX_EAX]
    push dword [ebx + CX_ECX]
    push dword [ebx + CX_EDX]
    push dword [ebx + CX_EBX]
    push dword [ebx + CX_ESI]
    push dword [ebx + CX_EDI]
    push dword [ebx + CX_EBP]
    mov ecx, [ebx + CX_ESP]
    sub ecx, 12                     ; eip, cs, eflags for a same-ring iretd
    mov eax, [ebx + CX_EIP]
    mov edx, [ebx + CX_EFLAGS]
    mov [ecx], eax
    mov dword [ecx + 4], KGDT_R0_CODE
    mov [ecx + 8], edx
    push ecx
    mov ebp, [esp + 4]
    mov edi, [esp + 8]
    mov esi, [esp + 12]
    mov ebx, [esp + 16]
    mov edx, [esp + 20]
    mov ecx, [esp + 24]
    mov eax, [esp + 28]
    mov esp, [esp]
    iretd
