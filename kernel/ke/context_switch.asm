; The context switch: the one place a kernel stack is exchanged for
; another. KiSwitchKernelStack(PVOID *OldStack, PVOID NewStack), fastcall
; (ecx, edx), saves what a C caller expects to survive a call (ebx, esi,
; edi, ebp), EFLAGS (so each thread gets its own interrupt flag back) and
; the exception list at fs:[0] (each thread has its own chain of SEH
; frames) on the old stack, stores the stack pointer, and pops the same
; from the new stack. scheduler.c does the rest (PCR, TSS, CR3).
;
; A new thread's stack is built by thread.c to look like one that
; switched away: the same six words, then KiThreadStartup as the return
; address.

KPCR_EXCEPTION_LIST equ 0x00

global KiSwitchKernelStack

section .text

KiSwitchKernelStack:
    pushfd
    cli                         ; no interrupt sees a half-switched stack
    push ebp
    push ebx
    push esi
    push edi
    push dword [fs:KPCR_EXCEPTION_LIST]
    mov [ecx], esp
    mov esp, edx
    pop dword [fs:KPCR_EXCEPTION_LIST]
    pop edi
    pop esi
    pop ebx
    pop ebp
    popfd
    ret
