; Where the kernel sends a thread into user mode other than a return:
; an exception to dispatch and a user APC to deliver. Neither is called;
; each finds its arguments on the stack the kernel built.
section .text

extern _RtlpContinueOrRaise@12
extern _NtContinue@8
extern _RtlRaiseStatus@4

global _KiUserExceptionDispatcher
global _KiUserApcDispatcher

; esp -> [PEXCEPTION_RECORD, PCONTEXT], both copied onto the user stack by
; the kernel. The frames' handlers decide; then NtContinue resumes the
; context, or NtRaiseException(FirstChance = FALSE) gives the kernel the
; second chance. Neither returns unless it fails.
_KiUserExceptionDispatcher:
    mov ecx, [esp + 4]
    mov ebx, [esp]
    push 0                          ; the record's address stays as is
    push ecx
    push ebx
    call _RtlpContinueOrRaise@12

; esp -> [NormalRoutine, NormalContext, SystemArgument1, SystemArgument2,
; CONTEXT]: the routine is stdcall with three arguments, so it pops them
; and leaves esp at the CONTEXT; NtContinue(TestAlert = TRUE) resumes it
; and delivers the next APC if one is queued.
_KiUserApcDispatcher:
    lea edi, [esp + 16]
    pop eax
    call eax
    push 1
    push edi
    call _NtContinue@8
    push eax                        ; NtContinue failed: raise its status
    call _RtlRaiseStatus@4
