; RtlUnwind(TargetFrame, TargetIp, ExceptionRecord, ReturnValue): calls the
; handler of every frame above TargetFrame with EXCEPTION_UNWINDING (all of
; them, EXCEPTION_EXIT_UNWIND, when TargetFrame is NULL) and unlinks it.
; Then it continues at TargetIp with eax = ReturnValue and the caller's
; other registers, as NT's ends with NtContinue; without a TargetIp it
; returns.
%include "kernel/rtl/context.inc"
section .text

extern STDCALL(RtlCaptureContext, 4)
extern STDCALL(RtlpUnwindFrames, 12)

global STDCALL(RtlUnwind, 16)

STDCALL(RtlUnwind, 16):
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    sub esp, CONTEXT_SIZE
    push esp
    call STDCALL(RtlCaptureContext, 4)
    mov eax, [ebp]                  ; the handlers see the caller's state
    mov [esp + CX_EBP], eax
    mov eax, [ebp + 4]
    mov [esp + CX_EIP], eax
    lea eax, [ebp + 24]
    mov [esp + CX_ESP], eax
    mov eax, esp
    push eax
    push dword [ebp + 16]
    push dword [ebp + 8]
    call STDCALL(RtlpUnwindFrames, 12)
    lea esp, [ebp - 12]
    pop edi
    pop esi
    pop ebx
    mov eax, [ebp + 20]
    mov ecx, [ebp + 12]
    pop ebp
    test ecx, ecx
    jz .return
    add esp, 20                     ; as if returned, arguments popped
    jmp ecx
.return:
    ret 16
