; InterlockedPushEntrySList and InterlockedPopEntrySList, the kernel's
; SLIST pair, in assembly as NT's x86 kernel has them: the 8-byte header
; (first entry; depth in the low word and sequence in the high word of
; the second dword) is replaced with one lock cmpxchg8b, retried when it
; changed in between. A push adds 0x10001 to the second dword (depth and
; sequence up by one), a pop subtracts 1 (depth down). Fastcall: the
; header in ecx, a push's entry in edx; the old first entry back in eax.
;
; The pop reads the first entry's link with interrupts off: on one
; processor nothing can pop and free that entry between the two reads
; (kernel/ex/slist.c says the same of the C version the host tests build).
; A processor without cmpxchg8b (a 486) does the whole change with
; interrupts off instead.

KF_CMPXCHG8B equ 0x100

extern KeFeatureBits
global InterlockedPushEntrySList
global InterlockedPopEntrySList

section .text

InterlockedPushEntrySList:
    test dword [KeFeatureBits], KF_CMPXCHG8B
    jz .without_cmpxchg8b
    push ebx
    push esi
    mov esi, ecx
    mov ebx, edx
    mov eax, [esi]
    mov edx, [esi + 4]
.retry:
    mov [ebx], eax              ; the entry links to the first one
    lea ecx, [edx + 0x10001]
    lock cmpxchg8b [esi]        ; unchanged: ecx:ebx in; else edx:eax anew
    jnz .retry
    pop esi
    pop ebx
    ret
.without_cmpxchg8b:
    pushfd
    cli
    mov eax, [ecx]
    mov [edx], eax
    mov [ecx], edx
    add dword [ecx + 4], 0x10001
    popfd
    ret

InterlockedPopEntrySList:
    test dword [KeFeatureBits], KF_CMPXCHG8B
    jz .without_cmpxchg8b
    push ebx
    push esi
    mov esi, ecx
    pushfd
    cli
    mov eax, [esi]
    mov edx, [esi + 4]
.retry:
    test eax, eax
    jz .done                    ; empty: NULL
    mov ebx, [eax]              ; the second entry becomes the first
    lea ecx, [edx - 1]
    lock cmpxchg8b [esi]
    jnz .retry
.done:
    popfd
    pop esi
    pop ebx
    ret
.without_cmpxchg8b:
    pushfd
    cli
    mov eax, [ecx]
    test eax, eax
    jz .empty
    mov edx, [eax]
    mov [ecx], edx
    sub dword [ecx + 4], 1
.empty:
    popfd
    ret
