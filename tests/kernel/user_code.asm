; Ring-3 code for the kernel's user-mode tests (tests/kernel/user_mode.c
; copies it into a test process and starts a thread at KtUserCode). It
; only moves relative to itself, and takes what it needs in registers:
;   ebx  NtTerminateProcess's service number
;   ecx  nonzero: try sysenter too (the CPU has it; the kernel returns to
;        KtUserSysexitReturn)
; It ends its process with 0x12345678 when every check held, else with
; the status the failing check saw.

STATUS_ACCESS_VIOLATION       equ 0xC0000005
STATUS_INVALID_SYSTEM_SERVICE equ 0xC000001C
NO_SUCH_SERVICE               equ 0xFFFF

global KtUserCode
global KtUserSysexitReturn
global KtUserCodeEnd

section .rodata
bits 32

KtUserCode:
    mov esi, ebx
    mov eax, NO_SUCH_SERVICE    ; int 0x2e with a number past the table
    mov edx, esp
    int 0x2e
    cmp eax, STATUS_INVALID_SYSTEM_SERVICE
    jne kt_user_bad
    test ecx, ecx
    jz kt_user_arguments
    mov eax, NO_SUCH_SERVICE    ; the same through sysenter
    mov edx, esp
    sysenter
KtUserSysexitReturn:
    cmp eax, STATUS_INVALID_SYSTEM_SERVICE
    jne kt_user_bad
kt_user_arguments:
    mov eax, esi                ; arguments in the kernel half
    mov edx, 0x80000000
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    mov eax, esi                ; arguments in the unmapped NULL guard
    mov edx, 0x00001000
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    mov eax, esi                ; arguments straddling the end of user space
    mov edx, 0x7FFEFFFC
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    push dword 0x12345678
    jmp kt_user_exit
kt_user_bad:
    push eax
kt_user_exit:
    push dword -1               ; NtCurrentProcess()
    mov edx, esp
    mov eax, esi
    int 0x2e
    ud2                         ; NtTerminateProcess does not return
KtUserCodeEnd:
