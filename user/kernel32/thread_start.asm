; BaseThreadStartThunk: where CreateThread's threads begin, as NT's do.
; The start context has the routine in eax and its parameter in ebx; a
; zero return address ends the frame chain for a debugger's backtrace.
section .text

extern _BaseThreadStart@8
global _BaseThreadStartThunk

_BaseThreadStartThunk:
    xor ebp, ebp
    push ebx
    push eax
    push 0
    jmp _BaseThreadStart@8
