; The system-service entries and the one way back to ring 3.
;
; Both entries build the same KTRAP_FRAME as an exception (kernel/trap.h),
; with vector 0x2E, so a service, an interrupt and a fault from user mode
; all leave through the same code: KiServiceExit pops the frame and
; returns with iretd, or with sysexit when the frame is still the one
; sysenter came in with (docs/user-mode.md).
;
;   int 0x2e   KiSystemService   eax = service number, edx -> arguments
;   sysenter   KiFastCallEntry   eax = service number, edx = the user esp
;                                at the sysenter (arguments at edx + 8)

%include "boot/layout.inc"

KGDT_R3_CODE        equ 0x1B
KGDT_R3_DATA        equ 0x23
KTSS_ESP0           equ 4
EFLAGS_RESERVED     equ 0x002
EFLAGS_TF           equ 0x100
EFLAGS_IF           equ 0x200
SERVICE_VECTOR      equ 0x2E
FROM_SYSENTER       equ 1           ; the ErrCode slot says which entry

; KTRAP_FRAME offsets (kernel/trap.h)
TF_ERRCODE          equ 0x38
TF_EIP              equ 0x3C
TF_EFLAGS           equ 0x44
TF_HARDWARE_ESP     equ 0x48

extern KiSystemServiceDispatch
extern KiSystemCallReturn
extern KiTss
global KiSystemService
global KiFastCallEntry
global KiFastCallEntryWithSingleStep
global KiServiceExit
global KiCallService
global KiSystemServiceCommon  ; named in backtraces by gdb as by the kernel

section .text

KiSystemService:
    push dword 0                ; ErrCode: came by int 0x2e
    push dword SERVICE_VECTOR
    jmp KiSystemServiceCommon

; sysenter: CS/SS are the kernel's and interrupts are off, but nothing
; else of ring 3's state is cleared: ds, es and fs are still the user's
; (perhaps null, or an LDT segment with any base), and EFLAGS keeps TF,
; NT, DF and AC. So:
; - esp is SYSENTER_ESP, the top of KiSysenterStack, a stack used only by
;   what can arrive before the first instruction has loaded the thread's
;   kernel stack from the TSS's Esp0: the single-step trap of a sysenter
;   run with TF set (the #DB frame), or an NMI. Either lands on that
;   stack, never on the TSS or anything else. KiTrapDispatch turns the
;   single step at KiFastCallEntry into a restart at
;   KiFastCallEntryWithSingleStep with TF clear in the kernel, as NT's
;   KiTrap01 does.
; - memory is read through ss (the kernel's flat data) until the common
;   code loads ds and es.
; - the user's flags are saved, then cleared to the bare reserved bit (NT
;   and DF, which could turn the kernel's iretd into a task return or its
;   string moves backwards, AC); a frame whose flags have TF leaves by
;   iretd, so the program gets its single step after the service, as
;   NT's slow exit path gives it.
KiFastCallEntryWithSingleStep:
    mov esp, [ss:KiTss + KTSS_ESP0]
    push dword KGDT_R3_DATA
    push edx
    pushfd
    or dword [esp], EFLAGS_TF   ; the user had it; the #DB cleared it
    jmp fast_call_frame

KiFastCallEntry:
    mov esp, [ss:KiTss + KTSS_ESP0]
    push dword KGDT_R3_DATA     ; the frame an int 0x2e would have pushed
    push edx
    pushfd
fast_call_frame:
    push dword EFLAGS_RESERVED
    popfd                       ; nothing of ring 3's flags in the kernel
    or dword [esp], EFLAGS_IF   ; sysenter cleared IF, the user had it on
    push dword KGDT_R3_CODE
    push dword [ss:KiSystemCallReturn]
    push dword FROM_SYSENTER
    push dword SERVICE_VECTOR

KiSystemServiceCommon:
    pushad
    push ds
    push es
    push fs
    push gs
    push dword 0                ; Cr2: none
    mov ax, KGDT_R0_DATA
    mov ds, ax
    mov es, ax
    mov ax, KGDT_R0_PCR
    mov fs, ax
    cld
    sti
    push esp                    ; PKTRAP_FRAME
    call KiSystemServiceDispatch
    add esp, 4
    ; falls into KiServiceExit with esp at the frame

; Pops a KTRAP_FRAME at esp and returns to what it describes. Interrupts
; are off from here (KiSystemServiceDispatch returns with them off, after
; its last look for user APCs).
KiServiceExit:
    cli
    cmp dword [esp + TF_ERRCODE], FROM_SYSENTER
    jne .iretd
    test dword [esp + TF_EFLAGS], EFLAGS_TF
    jz .sysexit                 ; single stepping: iretd sets TF in ring 3
.iretd:
    add esp, 4                  ; Cr2
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, 8                  ; vector and error code
    iretd
.sysexit:
    ; sysexit takes eip from edx and esp from ecx; both are volatile in
    ; a stdcall call, which is what the service was to its caller.
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popad
    mov edx, [esp + TF_EIP - 0x34]
    mov ecx, [esp + TF_HARDWARE_ESP - 0x34]
    add esp, TF_EIP - 0x34 + 8  ; to EFlags
    and dword [esp], ~EFLAGS_IF
    popfd
    sti                         ; takes effect after sysexit: no window
    sysexit

; NTSTATUS KiCallService(PVOID Routine, const ULONG *Arguments, ULONG Bytes)
; Calls a stdcall service with Bytes of arguments copied onto this stack.
KiCallService:
    push ebp
    mov ebp, esp
    push esi
    push edi
    mov ecx, [ebp + 16]
    sub esp, ecx
    mov esi, [ebp + 12]
    mov edi, esp
    shr ecx, 2
    rep movsd
    call [ebp + 8]              ; pops its own arguments
    lea esp, [ebp - 8]
    pop edi
    pop esi
    pop ebp
    ret
