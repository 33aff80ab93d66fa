; ExAcquireFastMutex and ExReleaseFastMutex, the uncontended pair, in
; assembly as NT's x86 HAL has them. Fastcall: the FAST_MUTEX in ecx. The
; raise to APC_LEVEL is KfRaiseIrql's lazy path inlined (a load, the
; checked build's compare, a store); the count is one locked decrement or
; increment; the release ends in KfLowerIrql. Only contention leaves for C
; (kernel/ex/fast_mutex.c), from a frame so that backtraces of a waiting
; thread name the caller.

KPCR_IRQL equ 0x24
KPCR_CURRENT_THREAD equ 0x124
APC_LEVEL equ 1
FM_COUNT equ 0x00          ; FAST_MUTEX's offsets (include/ntexsync.h)
FM_OWNER equ 0x04
FM_OLD_IRQL equ 0x1C

extern KfLowerIrql
extern ExpWaitForFastMutex
extern ExpWakeFastMutexWaiter
extern KiIrqlRaiseViolation
global ExAcquireFastMutex
global ExReleaseFastMutex

section .text

ExAcquireFastMutex:
    movzx eax, byte [fs:KPCR_IRQL]
%if DBG
    cmp al, APC_LEVEL
    ja .violation               ; a raise to APC_LEVEL from above it
%endif
    mov byte [fs:KPCR_IRQL], APC_LEVEL
    lock dec dword [ecx + FM_COUNT]
    jnz .contended              ; was not 1: owned, wait for the hand-over
.owned:
    mov edx, [fs:KPCR_CURRENT_THREAD]
    mov [ecx + FM_OWNER], edx
    mov [ecx + FM_OLD_IRQL], eax
    ret
.contended:
    push ebp
    mov ebp, esp
    push eax
    push ecx
    call ExpWaitForFastMutex    ; ecx: the mutex; returns owning it
    pop ecx
    pop eax
    pop ebp
    jmp .owned
%if DBG
.violation:
    push ebp
    mov ebp, esp
    mov cl, APC_LEVEL
    call KiIrqlRaiseViolation   ; does not return
%endif

ExReleaseFastMutex:
    mov dword [ecx + FM_OWNER], 0
    mov eax, [ecx + FM_OLD_IRQL] ; before the count: a new owner rewrites it
    lock inc dword [ecx + FM_COUNT]
    jle .waiters                ; still <= 0: someone waits for it
.lower:
    mov ecx, eax
    jmp KfLowerIrql
.waiters:
    push ebp
    mov ebp, esp
    push eax
    call ExpWakeFastMutexWaiter ; ecx: the mutex
    pop eax
    pop ebp
    jmp .lower
