; An EH3 frame as clang (and MSVC) lay out __try for _except_handler3
; (kernel/rtl/rtlp_seh.h), for tests/kernel/seh_eh3.c:
;
;     LONG KtEh3Guarded(VOID (*Routine)(VOID))      cdecl
;     {
;         __try {                                   level 0
;             __try { Routine(); }                  level 1
;             __finally { KtEh3FinallyAt = ++KtEh3Step; }
;         } __except (KtEh3FilterCode = GetExceptionCode(), KtEh3FilterResult) {
;             KtEh3ExceptAt = ++KtEh3Step; return 1;
;         }
;         return 0;
;     }
;
; The registration is at ebp-16, so the ebp _except_handler3 gives the
; filter, the __finally and the __except block (registration + 16) is the
; function's own.

extern _except_handler3

global KtEh3Guarded
global KtEh3FilterResult
global KtEh3FilterCode
global KtEh3Step
global KtEh3FinallyAt
global KtEh3ExceptAt

TRY_LEVEL       equ -4              ; registration + 12
POINTERS        equ -20             ; registration - 4: EXCEPTION_POINTERS *
SAVED_ESP       equ -24             ; registration - 8

section .data
KtEh3FilterResult:  dd 0
KtEh3FilterCode:    dd 0
KtEh3Step:          dd 0
KtEh3FinallyAt:     dd 0
KtEh3ExceptAt:      dd 0

section .rodata
align 4
scope_table:
    dd -1, eh3_filter, eh3_except   ; level 0: __except, enclosed by none
    dd 0, 0, eh3_finally            ; level 1: __finally, inside level 0

section .text

KtEh3Guarded:
    push ebp
    mov ebp, esp
    push dword -1                   ; try level: none yet
    push dword scope_table
    push dword _except_handler3
    push dword [fs:0]
    mov [fs:0], esp                 ; registration at ebp-16
    sub esp, 8                      ; exception pointers, saved esp
    push ebx
    push esi
    push edi
    mov [ebp + SAVED_ESP], esp
    mov dword [ebp + TRY_LEVEL], 1
    call [ebp + 8]
    mov dword [ebp + TRY_LEVEL], 0  ; leaving the __try of the __finally
    call eh3_finally
    mov dword [ebp + TRY_LEVEL], -1
    xor eax, eax
.leave:
    pop edi
    pop esi
    pop ebx
    mov ecx, [ebp - 16]
    mov [fs:0], ecx
    mov esp, ebp
    pop ebp
    ret

; Called with the function's ebp; returns the filter's verdict.
eh3_filter:
    mov eax, [ebp + POINTERS]
    mov eax, [eax]                  ; ExceptionRecord
    mov eax, [eax]                  ; ExceptionCode
    mov [KtEh3FilterCode], eax
    mov eax, [KtEh3FilterResult]
    ret

; Called with the function's ebp, on a normal exit and by unwinds.
eh3_finally:
    inc dword [KtEh3Step]
    mov eax, [KtEh3Step]
    mov [KtEh3FinallyAt], eax
    ret

; Jumped to with the function's ebp (the try level is already the
; enclosing one); the stack comes back from the frame.
eh3_except:
    mov esp, [ebp + SAVED_ESP]
    inc dword [KtEh3Step]
    mov eax, [KtEh3Step]
    mov [KtEh3ExceptAt], eax
    mov eax, 1
    jmp KtEh3Guarded.leave
