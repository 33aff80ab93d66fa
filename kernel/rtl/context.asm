; RtlCaptureContext: the caller's registers as they will be when this call
; has returned (eip the return address, esp past the argument), so a
; CONTEXT captured here resumes right after the call.
%include "kernel/rtl/context.inc"
section .text

global STDCALL(RtlCaptureContext, 4)

STDCALL(RtlCaptureContext, 4):
    push ebx
    mov ebx, [esp + 8]              ; the CONTEXT
    mov [ebx + CX_EAX], eax
    mov [ebx + CX_ECX], ecx
    mov [ebx + CX_EDX], edx
    pop dword [ebx + CX_EBX]
    mov [ebx + CX_ESI], esi
    mov [ebx + CX_EDI], edi
    mov [ebx + CX_EBP], ebp
    mov eax, [esp]
    mov [ebx + CX_EIP], eax
    lea eax, [esp + 8]
    mov [ebx + CX_ESP], eax
    pushfd
    pop dword [ebx + CX_EFLAGS]
    xor eax, eax
    mov ax, cs
    mov [ebx + CX_CS], eax
    mov ax, ss
    mov [ebx + CX_SS], eax
    mov ax, ds
    mov [ebx + CX_DS], eax
    mov ax, es
    mov [ebx + CX_ES], eax
    mov ax, fs
    mov [ebx + CX_FS], eax
    mov ax, gs
    mov [ebx + CX_GS], eax
    mov dword [ebx + CX_FLAGS], CONTEXT_FULL
    mov eax, [ebx + CX_EAX]
    mov ebx, [ebx + CX_EBX]
    ret 4
