; The two ways _except_handler3 enters code of the function whose frame it
; handles: a filter or a __finally block is called with ebp set to that
; frame's (the registration + 0x10, where MSVC's EH3 layout puts it); an
; __except block is jumped to with that ebp and loads its own esp from the
; frame. cdecl (Funclet, FrameEbp).
%include "kernel/rtl/context.inc"
section .text

global CDECL(RtlpEh3CallFunclet)
global CDECL(RtlpEh3JumpToHandler)

CDECL(RtlpEh3CallFunclet):
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

; (Handler, FrameEbp, Context): the callee-saved registers come back as
; the exception found them. clang, unlike MSVC, does not save ebx, esi and
; edi in a function only because it has a __try: such a function left them
; alone, so the values at the fault are its caller's, which its epilogue
; must hand back.
CDECL(RtlpEh3JumpToHandler):
    mov ecx, [esp + 12]
    mov edi, [ecx + CX_EDI]
    mov esi, [ecx + CX_ESI]
    mov ebx, [ecx + CX_EBX]
    mov eax, [esp + 4]
    mov ebp, [esp + 8]
    jmp eax
