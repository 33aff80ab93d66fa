; One system service with ten arguments, by number: through int 0x2e, or
; through the stub KUSER_SHARED_DATA names (sysenter when the CPU has it),
; exactly as ntdll's stubs reach the kernel. (docs/user-mode.md)
;   NTSTATUS __cdecl FuzzService(ULONG Number, const ULONG *Arguments,
;                                ULONG Fast)
SYSTEM_CALL equ 0x7FFE0300
ARGUMENTS   equ 10

section .text
global _FuzzService

_FuzzService:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov esi, [ebp + 12]
    mov ecx, ARGUMENTS
.copy:
    push dword [esi + ecx * 4 - 4]
    loop .copy
    mov eax, [ebp + 8]
    cmp dword [ebp + 16], 0
    jne .fast
    mov edx, esp
    int 0x2e
    jmp .done
.fast:
    push dword 0                ; where a stub's caller's address would be
    call [SYSTEM_CALL]
.done:
    lea esp, [ebp - 12]
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
