; The two halves of a non-local jump, for SEH frames (seh.h, KI_JUMP_BUFFER).
; KiSetJump records where to resume; KiLongJump resumes there with a value
; and restores EFLAGS as it was, so the interrupt flag comes back too.

global KiSetJump
global KiLongJump

section .text

KiSetJump:
    mov edx, [esp + 4]
    mov [edx + 0], ebx
    mov [edx + 4], esi
    mov [edx + 8], edi
    mov [edx + 12], ebp
    lea ecx, [esp + 4]          ; the stack after our return
    mov [edx + 16], ecx
    mov ecx, [esp]              ; the return address
    mov [edx + 20], ecx
    pushfd
    pop ecx
    mov [edx + 24], ecx
    xor eax, eax
    ret

KiLongJump:
    mov edx, [esp + 4]
    mov eax, [esp + 8]
    test eax, eax
    jnz .nonzero
    inc eax                     ; setjmp's rule: never resume with 0
.nonzero:
    mov ebx, [edx + 0]
    mov esi, [edx + 4]
    mov edi, [edx + 8]
    mov ebp, [edx + 12]
    mov esp, [edx + 16]
    push dword [edx + 24]
    popfd
    jmp [edx + 20]
