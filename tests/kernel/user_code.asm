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

; Single stepping into a system service: the service runs, and the
; program's single step comes after it, at the instruction past the
; return. Registers: ebx the service (NtClose, or a number past the
; table), ebp the status it must return, ecx nonzero: sysenter (the
; kernel returns to KtUserSingleStepReturn), else int 0x2e; edi flags set
; with TF (NT, DF, AC), esi NtTerminateProcess. The exception dispatcher
; (KtUserSingleStepEntry, when the test makes it known) exits with the
; exception's code when eax held the service's status, the flags came
; back and the step was reported past the nop; with none known the
; kernel ends the process with STATUS_SINGLE_STEP.
STATUS_INVALID_HANDLE         equ 0xC0000008
CONTEXT_EAX     equ 0xB0
CONTEXT_EFLAGS  equ 0xC0
RECORD_ADDRESS  equ 12
EFLAGS_TF       equ 0x100
SNIPPET SingleStep
    push dword 0x1234           ; NtClose's handle: no such handle
    push dword 0                ; sysenter: the stub's and its caller's
    push dword 0                ; return addresses below the arguments
    mov eax, ebx
    pushfd
    or dword [esp], EFLAGS_TF
    or [esp], edi
    test ecx, ecx
    jz .int
    mov edx, esp
    add edx, 4                  ; esp once popfd has run
    popfd
    sysenter                    ; traps at KiFastCallEntry's first line
.int:
    lea edx, [esp + 12]         ; int 0x2e: the arguments at edx
    popfd
    int 0x2e
global KtUserSingleStepReturn
KtUserSingleStepReturn:
    nop                         ; the single step traps after this
    EXIT_WITH 0xBAD0            ; no trap came
global KtUserSingleStepEntry
KtUserSingleStepEntry:          ; esp -> [&Record, &Context]
    mov eax, [esp]
    mov ecx, [esp + 4]
    cmp [ecx + CONTEXT_EAX], ebp
    jne .bad_status
    mov edx, [ecx + CONTEXT_EFLAGS]
    and edx, edi
    cmp edx, edi
    jne .bad_flags
    call .here
.here:
    pop edx
    sub edx, .here - KtUserSingleStepReturn - 1
    cmp [eax + RECORD_ADDRESS], edx
    jne .bad_address
    push dword [eax]            ; the exception's code
    jmp .exit
.bad_status:
    push dword 0xBAD1
    jmp .exit
.bad_flags:
    push dword 0xBAD2
    jmp .exit
.bad_address:
    push dword 0xBAD3
.exit:
    push dword -1
    mov edx, esp
    mov eax, esi
    cld
    int 0x2e
    jmp $
SNIPPET_END SingleStep

; iretd with NT set in ring 3 (popfd sets NT at any privilege): a task
; return through the TSS's empty back link, #TS. NT's kernel clears NT
; and restarts the iretd. Exits 0x7A5 once past it (esi as above).
EFLAGS_NT       equ 0x4000
SNIPPET NestedIret
    pushfd
    or dword [esp], EFLAGS_NT
    popfd
    pushfd                      ; iretd's frame: flags (NT too), cs, eip
    push cs
    call .iret                  ; pushes the address of .back
.back:
    EXIT_WITH 0x7A5
.iret:
    iretd
SNIPPET_END NestedIret

; sysenter with ds an LDT segment whose base is not zero: the entry must
; read nothing through the user's ds. Registers: ebx NtSetLdtEntries,
; edi:ebp the descriptor, esi NtTerminateProcess; the kernel returns to
; KtUserSysenterDsReturn. Exits 0x5D when the service came back right.
SNIPPET SysenterDs
    SET_LDT edi, ebp
    test eax, eax
    jz .load
    EXIT_WITH 0xBAD1
.load:
    mov ax, 0x0F
    mov ds, ax
    mov es, ax
    mov eax, NO_SUCH_SERVICE
    mov edx, esp
    sysenter
global KtUserSysenterDsReturn
KtUserSysenterDsReturn:
    cmp eax, STATUS_INVALID_SYSTEM_SERVICE
    je .done
    EXIT_WITH 0xBAD2
.done:
    EXIT_WITH 0x5D
SNIPPET_END SysenterDs

; Two processes, each with its own LDT, read through the same selector
; while they yield to each other: each sees its own segment. Registers:
; eax the value its segment holds at 0, ecx NtYieldExecution, edx the
; rounds, ebx NtSetLdtEntries, edi:ebp the descriptor, esi
; NtTerminateProcess. Exits 0x1D when every read saw the value.
SNIPPET LdtSwitch
    push eax                    ; [esp + 8] the value
    push ecx                    ; [esp + 4] NtYieldExecution
    push edx                    ; [esp] the rounds left
    SET_LDT edi, ebp
    test eax, eax
    jz .round
    EXIT_WITH 0xBAD1
.round:
    mov ax, 0x0F
    mov es, ax                  ; from the LDT loaded now
    mov eax, [es:0]
    cmp eax, [esp + 8]
    je .yield
    EXIT_WITH 0xBAD2
.yield:
    mov eax, [esp + 4]
    int 0x2e                    ; the other process runs
    mov eax, [es:0]             ; es as the kernel gave it back
    cmp eax, [esp + 8]
    je .next
    EXIT_WITH 0xBAD3
.next:
    dec dword [esp]
    jnz .round
    EXIT_WITH 0x1D
SNIPPET_END LdtSwitch

; More flags ring 3 may try. popfd asking for IOPL 3 is ignored at CPL 3,
; so cli still faults: STATUS_PRIVILEGED_INSTRUCTION.
EFLAGS_IOPL     equ 0x3000
EFLAGS_VM       equ 0x20000
SNIPPET IoplCli
    pushfd
    or dword [esp], EFLAGS_IOPL
    popfd
    cli
    jmp $
SNIPPET_END IoplCli
; iretd from ring 3 with VM set in the popped flags: only ring 0 enters
; virtual-8086 mode that way. A CPU ignores VM at CPL 3 and returns (exit
; 0x86, esi as above); QEMU refuses the iretd with #GP instead (the
; program's STATUS_ACCESS_VIOLATION). Neither enters V86 mode.
SNIPPET VmIret
    pushfd
    or dword [esp], EFLAGS_VM
    push cs
    call .iret
    EXIT_WITH 0x86
.iret:
    iretd
SNIPPET_END VmIret

; A thread that ends itself: NtTerminateThread (number in edi) on
; NtCurrentThread with eax. First, if ebx holds NtDelayExecution's
; number, it sleeps (forever, unless ended from outside; a wait that
; returns ends the thread with its status); if ecx is nonzero it asks
; NtTerminateThread(NULL) first, which NT refuses for the last thread
; (anything but STATUS_CANT_TERMINATE_SELF becomes the exit status).
STATUS_CANT_TERMINATE_SELF    equ 0xC00000DB
SNIPPET Threads
    mov esi, eax
    test ebx, ebx
    jz .ending
    push dword 0x80000000       ; relative, longer than any test
    push dword 0
    mov eax, esp
    push eax
    push dword 0                ; not alertable
    mov edx, esp
    mov eax, ebx
    int 0x2e
    mov esi, eax
.ending:
    test ecx, ecx
    jz .self
    push esi
    push dword 0                ; NULL
    mov edx, esp
    mov eax, edi
    int 0x2e
    cmp eax, STATUS_CANT_TERMINATE_SELF
    je .self
    mov esi, eax
.self:
    push esi
    push dword -2               ; NtCurrentThread()
    mov edx, esp
    mov eax, edi
    int 0x2e
    jmp $
SNIPPET_END Threads
