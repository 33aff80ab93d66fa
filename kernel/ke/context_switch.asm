; The context switch, in one routine as NT's SwapContext: the one place a
; kernel stack is exchanged for another. Every switch happens with the
; dispatcher lock held at SYNCH_LEVEL.
;
; KiSwapContext(Old, New), fastcall (ecx, edx), for the C routines that
; choose the next thread themselves (preemption, quantum end, yield);
; KiSwapThread(), fastcall, for a thread that stops being runnable (it
; waits or ends): it takes the standby thread, else the first of the
; highest ready queue, else the idle thread, and returns, once the thread
; runs again, its WaitStatus.
;
; Both push one switch frame: EFLAGS (so each thread gets its own
; interrupt flag back), the callee-saved registers and the exception list
; at fs:[0] (each thread has its own chain of SEH frames), then set the
; new thread's state, the PCR's stack bounds and current thread, the
; TSS's ring-0 stack and, only when the TEB or the process differs, the
; TEB descriptor, CR3 and the LDT (KiSwapProcessContext, scheduler.c).
; The switch frame is popped by the thread switched to, which returns
; where it once switched away. Saving the registers once, in the frame
; that is switched, is what one routine buys over a C scheduler calling
; a stack switch: about 25 instructions a switch.
;
; A new thread's stack is built by thread.c to look like one that
; switched away: the same six words, then KiThreadStartup as the return
; address. The offsets below are checked by scheduler.c.

KPCR_EXCEPTION_LIST     equ 0x00
KPCR_STACK_BASE         equ 0x04
KPCR_STACK_LIMIT        equ 0x08
KPCR_SELF               equ 0x1C
KPCR_TSS                equ 0x40
KPCR_CURRENT_THREAD     equ 0x124
KPCR_NEXT_THREAD        equ 0x128
KPCR_IDLE_THREAD        equ 0x12C
KPCR_READY_SUMMARY      equ 0x134
KPCR_READY_LIST_HEAD    equ 0x138
KPCR_CONTEXT_SWITCHES   equ 0x240
KTSS_ESP0               equ 0x04

KTHREAD_INITIAL_STACK   equ 0x18
KTHREAD_STACK_LIMIT     equ 0x1C
KTHREAD_KERNEL_STACK    equ 0x20
KTHREAD_STATE           equ 0x24
KTHREAD_WAIT_STATUS     equ 0x38
KTHREAD_WAIT_LIST_ENTRY equ 0xC8
KTHREAD_PROCESS         equ 0xE0    ; ApcState.Process: the space it runs in
KTHREAD_KERNEL_APC_PENDING equ 0xE5 ; ApcState.KernelApcPending
KTHREAD_CONTEXT_SWITCHES equ 0x120
KTHREAD_TEB             equ 0x134

THREAD_READY            equ 1
THREAD_RUNNING          equ 2
APC_LEVEL               equ 1
FAST_FAIL_CORRUPT_LIST_ENTRY equ 3

extern KiRequestSoftwareInterrupt
extern KiSwapProcessContext
extern RtlFailFast
global KiSwapContext
global KiSwapThread

section .text

%macro PUSH_SWITCH_FRAME 0
    pushfd
    push ebp
    push ebx
    push esi
    push edi
    push dword [fs:KPCR_EXCEPTION_LIST]
%endmacro

KiSwapContext:
    PUSH_SWITCH_FRAME
    mov esi, ecx                ; Old
    mov edi, edx                ; New
    mov ebx, [fs:KPCR_SELF]
    jmp switch_to

KiSwapThread:
    PUSH_SWITCH_FRAME
    mov ebx, [fs:KPCR_SELF]
    mov esi, [ebx + KPCR_CURRENT_THREAD]
    mov edi, [ebx + KPCR_NEXT_THREAD]
    test edi, edi
    jz .ready_queues
    mov dword [ebx + KPCR_NEXT_THREAD], 0
    jmp .picked
.ready_queues:
    ; KiTakeReadyThread (ready_queue.h) with RemoveHeadList's checks.
    mov eax, [ebx + KPCR_READY_SUMMARY]
    bsr ecx, eax
    jz .idle
    lea edx, [ebx + KPCR_READY_LIST_HEAD + ecx * 8]
    mov edi, [edx]              ; the first entry
    mov ebp, [edi]              ; the one after it
    cmp [edi + 4], edx
    jne .corrupt_list
    cmp [ebp + 4], edi
    jne .corrupt_list
    mov [edx], ebp
    mov [ebp + 4], edx
    cmp ebp, edx
    jne .queue_still_ready
    btr eax, ecx                ; the queue is empty now
    mov [ebx + KPCR_READY_SUMMARY], eax
.queue_still_ready:
    sub edi, KTHREAD_WAIT_LIST_ENTRY
.picked:
    cmp edi, esi
    jne switch_to
    ; Readied again before it switched away: it just runs on.
    mov byte [esi + KTHREAD_STATE], THREAD_RUNNING
    mov eax, [esi + KTHREAD_WAIT_STATUS]
    add esp, 4                  ; the exception list did not change
    jmp switch_to.pop_switch_frame
.idle:
    mov edi, [ebx + KPCR_IDLE_THREAD]
    jmp .picked
.corrupt_list:
    push dword [esp + 24]       ; a frame for the backtrace: the return
    push dword [esp + 20]       ; into the caller and the caller's ebp
    mov ebp, esp
    push FAST_FAIL_CORRUPT_LIST_ENTRY
    call RtlFailFast            ; does not return

; esi Old (the current thread), edi New, ebx the PCR; the switch frame
; is on Old's stack.
switch_to:
    cli                         ; no interrupt sees a half-switched thread
    cmp byte [esi + KTHREAD_STATE], THREAD_RUNNING
    jne .old_state_set
    mov byte [esi + KTHREAD_STATE], THREAD_READY ; the idle thread: no queue
.old_state_set:
    mov byte [edi + KTHREAD_STATE], THREAD_RUNNING
    inc dword [edi + KTHREAD_CONTEXT_SWITCHES]
    inc dword [ebx + KPCR_CONTEXT_SWITCHES]
    mov [ebx + KPCR_CURRENT_THREAD], edi
    mov eax, [edi + KTHREAD_INITIAL_STACK]
    mov ecx, [edi + KTHREAD_STACK_LIMIT]
    mov edx, [ebx + KPCR_TSS]
    mov [ebx + KPCR_STACK_BASE], eax
    mov [ebx + KPCR_STACK_LIMIT], ecx
    mov [edx + KTSS_ESP0], eax
    mov eax, [edi + KTHREAD_TEB]
    cmp eax, [esi + KTHREAD_TEB]
    jne .process_context
    mov eax, [edi + KTHREAD_PROCESS]
    cmp eax, [esi + KTHREAD_PROCESS]
    jne .process_context
.stack:
    mov [esi + KTHREAD_KERNEL_STACK], esp
    mov esp, [edi + KTHREAD_KERNEL_STACK]
    ; New again: its kernel APCs may have come while it was away.
    cmp byte [edi + KTHREAD_KERNEL_APC_PENDING], 0
    jne .apc_pending
.apc_asked:
    mov eax, [edi + KTHREAD_WAIT_STATUS]
    pop dword [fs:KPCR_EXCEPTION_LIST]
.pop_switch_frame:
    pop edi
    pop esi
    pop ebx
    pop ebp
    popfd
    ret
.process_context:
    mov ecx, esi
    mov edx, edi
    call KiSwapProcessContext
    jmp .stack
.apc_pending:
    mov cl, APC_LEVEL
    call KiRequestSoftwareInterrupt
    jmp .apc_asked
