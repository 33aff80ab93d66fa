; __chkstk (also _alloca_probe): clang calls it with eax = the bytes a
; frame of more than a page needs. It touches every page from the current
; one down to the new stack top, in order, so each access lands on the
; stack's guard page (or below it, committed) and the stack grows a page
; at a time; then it moves esp down by eax and returns, as MSVC's does.
section .text

global __chkstk
global __alloca_probe

PAGE_SIZE equ 0x1000

__chkstk:
__alloca_probe:
    push ecx
    lea ecx, [esp + 8]              ; esp as the caller had it before the call
    sub ecx, eax
    sbb eax, eax                    ; wrapped below 0: clamp the top to 0
    not eax
    and ecx, eax
    mov eax, esp
    and eax, -PAGE_SIZE
.probe:
    cmp ecx, eax
    jae .done
    sub eax, PAGE_SIZE
    test [eax], eax
    jmp .probe
.done:
    mov eax, ecx
    pop ecx
    xchg eax, esp                   ; esp = the new top, eax -> return address
    mov eax, [eax]
    push eax
    ret
