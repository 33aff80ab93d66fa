; Calls one frame's handler with a registration of ntdll's own around the
; call, as NT does: an exception raised inside a handler then reaches the
; protector first, which reports the frame being handled (nested
; exception), and an unwind that runs into an unwind in progress is
; reported as a collided unwind, instead of running the same handlers
; again without end.
;   EXCEPTION_DISPOSITION RtlpExecuteHandlerForException / ForUnwind(
;       Record, EstablisherFrame, Context, DispatcherContext, Handler)
%include "kernel/rtl/context.inc"
section .text

global STDCALL(RtlpExecuteHandlerForException, 20)
global STDCALL(RtlpExecuteHandlerForUnwind, 20)

EXCEPTION_UNWIND            equ 6
EXCEPTION_CONTINUE_SEARCH   equ 1
EXCEPTION_NESTED            equ 2
EXCEPTION_COLLIDED_UNWIND   equ 3

STDCALL(RtlpExecuteHandlerForException, 20):
    mov edx, exception_protector
    jmp execute_handler

STDCALL(RtlpExecuteHandlerForUnwind, 20):
    mov edx, unwind_protector

execute_handler:
    push ebp
    mov ebp, esp
    push dword [ebp + 12]           ; the frame handled, for the protector
    push edx                        ; {Next, Handler, Frame} at esp
    push dword [fs:0]
    mov [fs:0], esp
    push dword [ebp + 20]
    push dword [ebp + 16]
    push dword [ebp + 12]
    push dword [ebp + 8]
    call [ebp + 24]                 ; cdecl: the arguments are ours to pop
    mov esp, [fs:0]
    pop dword [fs:0]
    mov esp, ebp
    pop ebp
    ret 20

; cdecl (Record, Registration, Context, DispatcherContext)
exception_protector:
    mov ecx, [esp + 4]
    mov eax, EXCEPTION_CONTINUE_SEARCH
    test dword [ecx + 4], EXCEPTION_UNWIND
    jnz .done
    mov ecx, [esp + 8]
    mov edx, [esp + 16]
    mov ecx, [ecx + 8]
    mov [edx], ecx
    mov eax, EXCEPTION_NESTED
.done:
    ret

unwind_protector:
    mov ecx, [esp + 4]
    mov eax, EXCEPTION_CONTINUE_SEARCH
    test dword [ecx + 4], EXCEPTION_UNWIND
    jz .done
    mov ecx, [esp + 8]
    mov edx, [esp + 16]
    mov ecx, [ecx + 8]
    mov [edx], ecx
    mov eax, EXCEPTION_COLLIDED_UNWIND
.done:
    ret
