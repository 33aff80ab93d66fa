; Ring-3 code for the kernel's user-mode tests (tests/kernel/user_mode.c
; copies it into a test process and starts a thread at KtUserCode). It
; only moves relative to itself, and takes what it needs in registers:
;   ebx  NtTerminateProcess's service number
;   ecx  nonzero: try sysenter too (the CPU has it; the kernel returns to
;        KtUserSysexitReturn)
; It ends its process with 0x12345678 when every check held, else with
; the status the failing check saw.

STATUS_ACCESS_VIOLATION       equ 0xC0000005
STATUS_INVALID_SYSTEM_SERVICE equ 0xC000001C
NO_SUCH_SERVICE               equ 0xFFFF

global KtUserCode
global KtUserSysexitReturn
global KtUserCodeEnd

section .rodata
bits 32

KtUserCode:
    mov esi, ebx
    mov eax, NO_SUCH_SERVICE    ; int 0x2e with a number past the table
    mov edx, esp
    int 0x2e
    cmp eax, STATUS_INVALID_SYSTEM_SERVICE
    jne kt_user_bad
    test ecx, ecx
    jz kt_user_arguments
    mov eax, NO_SUCH_SERVICE    ; the same through sysenter
    mov edx, esp
    sysenter
KtUserSysexitReturn:
    cmp eax, STATUS_INVALID_SYSTEM_SERVICE
    jne kt_user_bad
kt_user_arguments:
    mov eax, esi                ; arguments in the kernel half
    mov edx, 0x80000000
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    mov eax, esi                ; arguments in the unmapped NULL guard
    mov edx, 0x00001000
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    mov eax, esi                ; arguments straddling the end of user space
    mov edx, 0x7FFEFFFC
    int 0x2e
    cmp eax, STATUS_ACCESS_VIOLATION
    jne kt_user_bad
    push dword 0x12345678
    jmp kt_user_exit
kt_user_bad:
    push eax
kt_user_exit:
    push dword -1               ; NtCurrentProcess()
    mov edx, esp
    mov eax, esi
    int 0x2e
    ud2                         ; NtTerminateProcess does not return
KtUserCodeEnd:

; Small programs that each end their process by what they do. The test
; copies one to the code page and reads the exit status.
%macro SNIPPET 1
global KtUser%1, KtUser%1End
KtUser%1:
%endmacro
%macro SNIPPET_END 1
KtUser%1End:
%endmacro

SNIPPET Cli                     ; privileged: STATUS_PRIVILEGED_INSTRUCTION
    cli
    jmp $
SNIPPET_END Cli
SNIPPET PortIn
    mov dx, 0x60
    in al, dx
    jmp $
SNIPPET_END PortIn
SNIPPET Hlt
    hlt
    jmp $
SNIPPET_END Hlt
SNIPPET Lgdt
    lgdt [esp]
    jmp $
SNIPPET_END Lgdt
SNIPPET NullWrite               ; STATUS_ACCESS_VIOLATION
    mov dword [0x10], 1
    jmp $
SNIPPET_END NullWrite
SNIPPET KernelRead
    mov eax, [0x80100000]
    jmp $
SNIPPET_END KernelRead
SNIPPET Ud2                     ; STATUS_ILLEGAL_INSTRUCTION
    ud2
SNIPPET_END Ud2
SNIPPET Fpu                     ; no FPU for ring 3 yet: likewise
    fld1
    jmp $
SNIPPET_END Fpu
SNIPPET Int3                    ; STATUS_BREAKPOINT
    int3
    jmp $
SNIPPET_END Int3
SNIPPET DivideByZero            ; STATUS_INTEGER_DIVIDE_BY_ZERO
    xor edx, edx
    xor eax, eax
    xor ecx, ecx
    div ecx
    jmp $
SNIPPET_END DivideByZero
SNIPPET KernelGate              ; int 0x80 has no ring-3 gate: #GP
    int 0x80
    jmp $
SNIPPET_END KernelGate
SNIPPET Spin                    ; ended from outside
    jmp $
SNIPPET_END Spin
SNIPPET Delay                   ; NtDelayExecution (number in ebx) forever
    push dword 0x80000000       ; the most negative LARGE_INTEGER:
    push dword 0                ; relative, and longer than any test
    mov eax, esp
    push eax
    push dword 0                ; not alertable
    mov edx, esp
    mov eax, ebx
    int 0x2e
    push eax                    ; a wait that returns: exit with its status
    push dword -1
    mov edx, esp
    mov eax, esi                ; NtTerminateProcess (number in esi)
    int 0x2e
    jmp $
SNIPPET_END Delay
SNIPPET ExitWithEax             ; a return address: exits with eax
    push eax
    push dword -1
    mov edx, esp
    mov eax, esi                ; NtTerminateProcess (number in esi)
    int 0x2e
    jmp $
SNIPPET_END ExitWithEax

; Exceptions and APCs through ring 3's own dispatchers. The test points
; the kernel's KiUserExceptionDispatcher / KiUserApcDispatcher at the
; entries below. Registers: ebx NtContinue, ebp NtRaiseException,
; esi NtTerminateProcess, edi nonzero: the exception handler resumes the
; program (else it declines: the second chance ends the process).
CONTEXT_EIP equ 0xB8
SNIPPET Exception
    mov dword [0x10], 1         ; 10 bytes: faults
    push dword 0x600DF00D       ; resumed here by the handler
    push dword -1
    mov edx, esp
    mov eax, esi
    int 0x2e
    jmp $
global KtUserExceptionEntry
KtUserExceptionEntry:           ; esp -> [&Record, &Context]
    mov eax, [esp]
    cmp dword [eax], STATUS_ACCESS_VIOLATION
    jne .decline
    test edi, edi
    jz .decline
    mov ecx, [esp + 4]
    add dword [ecx + CONTEXT_EIP], 10
    push dword 0                ; NtContinue(Context, FALSE)
    push ecx
    mov edx, esp
    mov eax, ebx
    int 0x2e
    jmp $
.decline:                       ; NtRaiseException(Record, Context, FALSE)
    push dword 0
    push dword [esp + 8]
    push dword [esp + 8]
    mov edx, esp
    mov eax, ebp
    int 0x2e
    jmp $
SNIPPET_END Exception

; Registers: ebx NtDelayExecution, ebp NtContinue, esi NtTerminateProcess,
; edi a writable cell the APC's NormalContext is stored in.
SNIPPET Alertable
    push dword 0x80000000       ; forever, alertable
    push dword 0
    mov eax, esp
    push eax
    push dword 1
    mov edx, esp
    mov eax, ebx
    int 0x2e                    ; STATUS_USER_APC once the APC ran
    cmp dword [edi], 0x5EED
    je .report
    mov eax, 0xBAD
.report:
    push eax
    push dword -1
    mov edx, esp
    mov eax, esi
    int 0x2e
    jmp $
global KtUserApcEntry
KtUserApcEntry:                 ; esp -> [Normal, Context, Arg1, Arg2, CONTEXT]
    mov eax, [esp + 4]
    mov [edi], eax
    lea ecx, [esp + 16]
    push dword 1                ; NtContinue(Context, TRUE)
    push ecx
    mov edx, esp
    mov eax, ebp
    int 0x2e
    jmp $
SNIPPET_END Alertable

; NtSetLdtEntries from ring 3. Registers: ebx NtSetLdtEntries, esi
; NtTerminateProcess, edi:ebp a ring-3 data descriptor whose first dword
; holds 0x01D7C0DE. Exits 0x0000001D when every check held, else 0xBAD_n.
%macro SET_LDT 2                ; selector 0x0F := %1:%2, nothing second
    push dword 0
    push dword 0
    push dword 0
    push %2
    push %1
    push dword 0x0F
    mov edx, esp
    mov eax, ebx
    int 0x2e
    add esp, 24
%endmacro
%macro EXIT_WITH 1
    push dword %1
    push dword -1
    mov edx, esp
    mov eax, esi
    int 0x2e
    jmp $
%endmacro
SNIPPET Ldt
    mov ecx, ebp
    and ecx, ~0x6000            ; the same at DPL 0: refused
    SET_LDT edi, ecx
    cmp eax, 0xC000011A         ; STATUS_INVALID_LDT_DESCRIPTOR
    je .ring3
    EXIT_WITH 0xBAD1
.ring3:
    SET_LDT edi, ebp
    test eax, eax
    jz .load
    EXIT_WITH 0xBAD2
.load:
    mov ax, 0x0F                ; index 1, TI, RPL 3
    mov es, ax
    mov eax, [es:0]
    cmp eax, 0x01D7C0DE
    je .empty
    EXIT_WITH 0xBAD3
.empty:                         ; emptied while es holds it: es becomes flat
    SET_LDT dword 0, dword 0
    mov eax, es
    cmp eax, 0x23
    je .done
    EXIT_WITH 0xBAD4
.done:
    EXIT_WITH 0x1D
SNIPPET_END Ldt

; The null service's cost, for `make bench`. Registers: ebx the service
; (NtTestAlert), ecx the count, edi where the time-stamp counter goes
; ([0] start, [8] after the int 0x2e loop, [16] after the sysenter loop),
; ebp nonzero: the sysenter loop too, esi NtTerminateProcess.
SNIPPET Bench
    push ecx
    rdtsc
    mov [edi], eax
    mov [edi + 4], edx
    mov ecx, [esp]
kt_bench_int:
    mov eax, ebx
    int 0x2e
    dec ecx
    jnz kt_bench_int
    rdtsc
    mov [edi + 8], eax
    mov [edi + 12], edx
    test ebp, ebp
    jz kt_bench_done
    mov ecx, [esp]
kt_bench_sysenter:
    push ecx
    mov eax, ebx
    mov edx, esp
    sysenter
global KtUserBenchSysexit
KtUserBenchSysexit:
    pop ecx
    dec ecx
    jnz kt_bench_sysenter
    rdtsc
    mov [edi + 16], eax
    mov [edi + 20], edx
kt_bench_done:
    EXIT_WITH 0
SNIPPET_END Bench

SNIPPET ExitNow                 ; a process that ends at once (esi as above)
    EXIT_WITH 0
SNIPPET_END ExitNow
