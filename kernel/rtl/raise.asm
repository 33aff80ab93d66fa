; RtlRaiseException: the caller's context as at the return from this call,
; the record's address set to that return address, then the same dispatch
; the kernel's KiUserExceptionDispatcher gets. A handler that continues
; resumes the caller as if this call had returned.
%include "kernel/rtl/context.inc"
section .text

extern STDCALL(RtlCaptureContext, 4)
extern STDCALL(RtlpContinueOrRaise, 12)

global STDCALL(RtlRaiseException, 4)

STDCALL(RtlRaiseException, 4):
    push ebp
    mov ebp, esp
    sub esp, CONTEXT_SIZE
    push esp
    call STDCALL(RtlCaptureContext, 4)
    mov eax, [ebp]                  ; the caller's ebp, eip and esp
    mov [esp + CX_EBP], eax
    mov eax, [ebp + 4]
    mov [esp + CX_EIP], eax
    lea eax, [ebp + 12]
    mov [esp + CX_ESP], eax
    mov eax, esp
    push 1                          ; the record's address: that eip
    push eax
    push dword [ebp + 8]
    call STDCALL(RtlpContinueOrRaise, 12)
