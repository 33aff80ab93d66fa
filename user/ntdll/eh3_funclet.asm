; The two ways _except_handler3 enters code of the function whose frame it
; handles: a filter or a __finally block is called with ebp set to that
; frame's (the registration + 0x10, where MSVC's EH3 layout puts it); an
; __except block is jumped to with that ebp and loads its own esp from the
; frame. cdecl (Funclet, FrameEbp).
section .text

global _RtlpEh3CallFunclet
global _RtlpEh3JumpToHandler

_RtlpEh3CallFunclet:
    push ebp
    push ebx
    push esi
    push edi
    mov eax, [esp + 20]
    mov ebp, [esp + 24]
    call eax
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

_RtlpEh3JumpToHandler:
    mov eax, [esp + 4]
    mov ebp, [esp + 8]
    jmp eax
