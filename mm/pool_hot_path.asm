; ExAllocatePoolWithTag and ExFreePoolWithTag, the pool's per-processor
; front (docs/pool.md), in assembly as NT's hot paths are: the pop or push
; of this processor's list, reached through fs, with interrupts excluded
; by pushfd/cli/popfd. kernel/pool_inline.h is the same code in C (the
; host's exports and the kernel's own call sites). Everything else jumps
; with the caller's arguments to the C slow halves in mm/pool.c, whose
; frame then names the caller in a backtrace; they check it all again.

KPCR_IRQL equ 0x24
KPCR_POOL_FRONT equ 0x244       ; KiPcr.PrcbData.PoolFront (kernel/pool_cpu.h)
LIST_HEAD equ 0                 ; MI_POOL_FRONT_LIST (kernel/pool_front.h)
LIST_ROOM equ 4
LIST_MAXIMUM_IRQL equ 6
LIST_MEMO_TAG equ 8
LIST_MEMO_FREES equ 16
LIST_TYPE_BYTE equ 7
BYTES_ROW_SHIFT equ 9           ; MI_POOL_FRONT_BYTES_ROW is 512
FRONT_BYTES equ 504             ; MI_POOL_FRONT_BYTES
SMALL_BYTES equ 4080            ; POOL_SMALL_BLOCK_MAXIMUM
KEY_SHIFT equ 9                 ; MI_POOL_FRONT_KEY_*
KEY_INDEX_SHIFT equ 7
KEY_BIAS equ 0x201 << 7
KEY_BITS equ 0x23F << 7
SIZE_BITS equ 0x01FFFFFF        ; MI_POOL_SIZE_BITS
PAGED_POOL equ 1

%define LIST(field) fs:edx + KPCR_POOL_FRONT + field

extern MiPoolFrontSlotOfBytes
extern MiPoolFrontSlotOfKey
extern ExpAllocatePoolWithTagSlow
extern ExpAllocatePoolSmall
extern ExpFreePoolWithTagSlow
extern ExpFreePoolWithTagChecked
extern ExpFreePoolWithTagSmall
global ExAllocatePoolWithTag
global ExFreePoolWithTag

section .text

; PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE, SIZE_T, ULONG Tag)
ExAllocatePoolWithTag:
    mov eax, [esp + 4]              ; PoolType
    mov edx, [esp + 8]              ; NumberOfBytes
    cmp eax, PAGED_POOL
    ja .slow
    cmp edx, FRONT_BYTES
    ja .small
    shl eax, BYTES_ROW_SHIFT
    add eax, edx
    mov edx, [MiPoolFrontSlotOfBytes + eax * 4] ; the list, from the front
    movzx eax, byte [fs:KPCR_IRQL]
    cmp al, [LIST(LIST_MAXIMUM_IRQL)]
    ja .slow                        ; the slow half stops the caller
    mov ecx, [esp + 12]             ; Tag: the memo's is never 0
    pushfd
    cli
    mov eax, [LIST(LIST_HEAD)]      ; the block's data
    test eax, eax
    jz .slow_flags
    cmp ecx, [LIST(LIST_MEMO_TAG)]
    jne .slow_flags
    push dword [eax]                ; the link
    pop dword [LIST(LIST_HEAD)]
    inc byte [LIST(LIST_ROOM)]      ; counts the allocation for the memo
    popfd
    mov [eax - 4], ecx              ; PoolTag
    mov cl, [LIST(LIST_TYPE_BYTE)]
    or [eax - 5], cl                ; in use, of this pool
    ret 12
.slow_flags:
    popfd
.slow:
    jmp ExpAllocatePoolWithTagSlow
.small:
    cmp edx, SMALL_BYTES
    ja .slow
    jmp ExpAllocatePoolSmall        ; the slab, as before the front

; VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag)
ExFreePoolWithTag:
    mov eax, [esp + 4]              ; P
    test eax, eax
    jns .checked                    ; a user address: never the front's
    test eax, 0xFFF
    jz .checked                     ; page aligned: a big block
    mov edx, [eax - 8]              ; the header's Ulong1
    shr edx, KEY_SHIFT
    sub edx, KEY_BIAS
    test edx, ~KEY_BITS
    jnz .small                      ; not a block the front holds
    shr edx, KEY_INDEX_SHIFT
    mov edx, [MiPoolFrontSlotOfKey + edx * 4]
    movzx ecx, byte [fs:KPCR_IRQL]
    cmp cl, [LIST(LIST_MAXIMUM_IRQL)]
    ja .slow                        ; the slow half stops the caller
    mov ecx, [esp + 8]              ; Tag
    cmp ecx, [eax - 4]
    jne .slow                       ; likewise
    pushfd
    cli
    cmp ecx, [LIST(LIST_MEMO_TAG)]
    jne .slow_flags
    cmp byte [LIST(LIST_ROOM)], 0
    je .slow_flags                  ; full (or no class: depth 0)
    and byte [eax - 5], 1           ; no type: free to everyone reading
    push dword [LIST(LIST_HEAD)]
    pop dword [eax]                 ; the link
    mov [LIST(LIST_HEAD)], eax
    dec byte [LIST(LIST_ROOM)]
    inc dword [LIST(LIST_MEMO_FREES)]
    popfd
    ret 8
.slow_flags:
    popfd
.slow:
    jmp ExpFreePoolWithTagSlow
.checked:
    jmp ExpFreePoolWithTagChecked
.small:
    jmp ExpFreePoolWithTagSmall     ; known not a big block
