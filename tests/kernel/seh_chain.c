/*
 * NT's fs:[0] chain in the kernel: frames made by hand (a plain
 * EXCEPTION_REGISTRATION_RECORD with a C handler, as any NT code may link)
 * beside SEH_TRY's, traps and RtlRaiseException through RtlDispatchException,
 * and RtlUnwind's calls (clang's __try frames: seh_eh3.c).
 */
#include "kernel/ktest.h"
#include "kernel/rtl/rtlp_seh.h"
#include "kernel/seh.h"
#include "kernel/x86.h"
#include "kt_seh.h"

/* What the hand-made frames' handler saw, call by call. */
typedef struct _KT_CALL {
    ULONG Frame; /* its Id */
    NTSTATUS Code;
    ULONG Flags;
} KT_CALL;

static KT_CALL calls[8];
static ULONG call_count;

typedef struct _KT_FRAME {
    EXCEPTION_REGISTRATION_RECORD Registration;
    ULONG Id;
    EXCEPTION_DISPOSITION Answer; /* to a dispatch; an unwind: search */
    NTSTATUS AnswerFor;           /* ...for this code; others: search */
    ULONG SkipBytes;              /* added to Eip when it continues */
    ULONG SetEax;                 /* put in eax when it continues (if set) */
    NTSTATUS Raise;               /* raised from the handler (if set) */
} KT_FRAME;

static EXCEPTION_DISPOSITION __cdecl logging_handler(
    PEXCEPTION_RECORD Record, PEXCEPTION_REGISTRATION_RECORD Registration,
    PCONTEXT Context, PVOID DispatcherContext)
{
    KT_FRAME *Frame = CONTAINING_RECORD(Registration, KT_FRAME, Registration);

    UNREFERENCED_PARAMETER(DispatcherContext);
    if (call_count < ARRAYSIZE(calls)) {
        calls[call_count].Frame = Frame->Id;
        calls[call_count].Code = Record->ExceptionCode;
        calls[call_count].Flags = Record->ExceptionFlags;
    }
    call_count++;
    if ((Record->ExceptionFlags & EXCEPTION_UNWIND) ||
        Record->ExceptionCode != Frame->AnswerFor)
        return ExceptionContinueSearch;
    if (Frame->Raise != 0)
        ExRaiseStatus(Frame->Raise);
    if (Frame->Answer == ExceptionContinueExecution) {
        Context->Eip += Frame->SkipBytes;
        if (Frame->SetEax != 0)
            Context->Eax = Frame->SetEax;
    }
    return Frame->Answer;
}

static VOID link_frame(KT_FRAME *Frame, EXCEPTION_DISPOSITION Answer,
                       NTSTATUS AnswerFor)
{
    Frame->Id = 0;
    Frame->Answer = Answer;
    Frame->AnswerFor = AnswerFor;
    Frame->SkipBytes = 0;
    Frame->SetEax = 0;
    Frame->Raise = 0;
    Frame->Registration.Handler = logging_handler;
    Frame->Registration.Next = RtlpGetExceptionList();
    RtlpSetExceptionList(&Frame->Registration);
}

/* Unlinks Frame if it is still the head; TRUE when it was. */
static BOOLEAN unlink_frame(KT_FRAME *Frame)
{
    if (RtlpGetExceptionList() != &Frame->Registration)
        return FALSE;
    RtlpSetExceptionList(Frame->Registration.Next);
    return TRUE;
}

static VOID reset_log(VOID)
{
    RtlZeroMemory(calls, sizeof(calls));
    call_count = 0;
}

VOID KtRaiseContinuable(NTSTATUS Code)
{
    EXCEPTION_RECORD Record;

    RtlZeroMemory(&Record, sizeof(Record));
    Record.ExceptionCode = Code;
    Record.NumberParameters = 1;
    Record.ExceptionInformation[0] = 0x5EC;
    RtlRaiseException(&Record);
}

VOID KtRaiseTestStatus(VOID)
{
    KtRaiseContinuable(KT_STATUS_TEST);
}

/* RtlRaiseException's caller resumes when a handler continues, and the
 * handler saw the record with the raiser's address. */
KTEST(seh_raise_exception_continues)
{
    KT_CLEANUP_SECTION;
    KT_FRAME Frame;
    volatile ULONG After = 0;
    BOOLEAN Unlinked;

    reset_log();
    link_frame(&Frame, ExceptionContinueExecution, KT_STATUS_TEST);
    Frame.Id = 7;
    KtRaiseContinuable(KT_STATUS_TEST);
    After = 1;
    KT_CLEANUP;
    Unlinked = unlink_frame(&Frame);
    KT_ASSERT(Unlinked);
    KT_ASSERT_EQ(After, 1);
    KT_ASSERT_EQ(call_count, 1);
    KT_ASSERT_EQ(calls[0].Frame, 7);
    KT_ASSERT_EQ(calls[0].Code, KT_STATUS_TEST);
    KT_ASSERT_EQ(calls[0].Flags, 0);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* A trap's context comes back changed: the handler steps over the ud2 and
 * sets eax, and the code after it sees that eax. */
KTEST(seh_trap_continues_with_changed_context)
{
    KT_CLEANUP_SECTION;
    KT_FRAME Frame;
    ULONG Eax = 1;
    BOOLEAN Unlinked;

    reset_log();
    link_frame(&Frame, ExceptionContinueExecution, STATUS_ILLEGAL_INSTRUCTION);
    Frame.SkipBytes = 2; /* 0F 0B */
    Frame.SetEax = 0x600D;
    __asm__ volatile("movl $1, %%eax\n\tud2" : "=a"(Eax) : : "memory");
    KT_CLEANUP;
    Unlinked = unlink_frame(&Frame);
    KT_ASSERT(Unlinked);
    KT_ASSERT_EQ(Eax, 0x600D);
    KT_ASSERT_EQ(call_count, 1);
    KT_ASSERT_EQ(calls[0].Code, STATUS_ILLEGAL_INSTRUCTION);
}

/* A hand-made frame of a function called inside a try body (where a
 * frame newer than the try's must be: deeper on the stack), Body run in
 * it; the frame is unlinked when Body returns. */
static __attribute__((noinline)) VOID
in_frame(ULONG Id, EXCEPTION_DISPOSITION Answer, VOID (*Body)(VOID))
{
    KT_FRAME Frame;

    link_frame(&Frame, Answer, 0);
    Frame.Id = Id;
    Body();
    unlink_frame(&Frame);
}

VOID KtRaiseQuota(VOID)
{
    ExRaiseStatus(STATUS_QUOTA_EXCEEDED);
}
/* A low address the compiler cannot see, so it does not object. */
static volatile ULONG_PTR low_address = 0x4;
VOID KtFaultAtLowAddress(VOID)
{
    *(volatile ULONG *)low_address = 1;
}
static VOID fault_in_frame_2(VOID)
{
    in_frame(2, ExceptionContinueSearch, KtFaultAtLowAddress);
}

/* ExRaiseStatus's exception address is in its caller, as NT's. */
KTEST(seh_raise_status_address_is_the_callers)
{
    volatile ULONG_PTR Address = 0;

    SEH_TRY
    {
        KtRaiseQuota();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Address = (ULONG_PTR)GetExceptionAddress();
    }
    SEH_END;
    KT_ASSERT(Address > (ULONG_PTR)KtRaiseQuota &&
              Address < (ULONG_PTR)KtRaiseQuota + 32);
}

/* A hand-made frame inside SEH_TRY is asked first; CONTINUE_SEARCH passes
 * the exception to the SEH_TRY, whose catching unwinds the hand-made frame
 * (its handler called again with EXCEPTION_UNWINDING) and unlinks it. */
KTEST(seh_foreign_frame_inside_try_passes_on)
{
    volatile NTSTATUS Code = 0;

    reset_log();
    SEH_TRY
    {
        in_frame(1, ExceptionContinueSearch, KtRaiseQuota);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_QUOTA_EXCEEDED);
    KT_ASSERT_EQ(call_count, 2);
    KT_ASSERT(calls[0].Frame == 1 && calls[1].Frame == 1);
    KT_ASSERT_EQ(calls[0].Code, STATUS_QUOTA_EXCEEDED);
    KT_ASSERT_EQ(calls[0].Flags, EXCEPTION_NONCONTINUABLE);
    KT_ASSERT_EQ(calls[1].Code, STATUS_UNWIND);
    KT_ASSERT_EQ(calls[1].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* Two hand-made frames inside SEH_TRY: asked newest first, then unwound
 * newest first, each once. */
KTEST(seh_unwind_calls_inner_handlers_in_order)
{
    volatile NTSTATUS Code = 0;

    reset_log();
    SEH_TRY
    {
        in_frame(1, ExceptionContinueSearch, fault_in_frame_2);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(call_count, 4);
    KT_ASSERT(calls[0].Frame == 2 && calls[1].Frame == 1);
    KT_ASSERT(calls[2].Frame == 2 && calls[3].Frame == 1);
    KT_ASSERT_EQ(calls[0].Flags & EXCEPTION_UNWIND, 0);
    KT_ASSERT_EQ(calls[1].Flags & EXCEPTION_UNWIND, 0);
    KT_ASSERT_EQ(calls[2].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT_EQ(calls[3].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* Frame 2 raises STATUS_NO_MEMORY from its handler when asked about the
 * test code. */
static __attribute__((noinline)) VOID raise_test_in_raising_frame(VOID)
{
    KT_FRAME Frame;

    link_frame(&Frame, ExceptionContinueSearch, KT_STATUS_TEST);
    Frame.Id = 2;
    Frame.Raise = STATUS_NO_MEMORY;
    KtRaiseTestStatus();
    unlink_frame(&Frame);
}
static VOID nested_in_frame_1(VOID)
{
    in_frame(1, ExceptionContinueSearch, raise_test_in_raising_frame);
}

/* An exception raised inside a handler: the dispatcher's own frame around
 * the handler reports it as nested, so the frames from the one whose
 * handler raised to the dispatcher's see EXCEPTION_NESTED_CALL, and the
 * older ones see it plain; an SEH_TRY further out takes the new exception
 * and unwinds both frames. */
KTEST(seh_exception_inside_a_handler_is_nested)
{
    volatile NTSTATUS Code = 0;

    reset_log();
    SEH_TRY
    {
        nested_in_frame_1();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_NO_MEMORY);
    KT_ASSERT_EQ(call_count, 5);
    KT_ASSERT(calls[0].Frame == 2 && calls[0].Code == KT_STATUS_TEST);
    KT_ASSERT(calls[1].Frame == 2 && calls[1].Code == STATUS_NO_MEMORY);
    KT_ASSERT_EQ(calls[1].Flags,
                 EXCEPTION_NONCONTINUABLE | EXCEPTION_NESTED_CALL);
    KT_ASSERT(calls[2].Frame == 1 && calls[2].Code == STATUS_NO_MEMORY);
    KT_ASSERT_EQ(calls[2].Flags, EXCEPTION_NONCONTINUABLE);
    KT_ASSERT(calls[3].Frame == 2 && calls[4].Frame == 1);
    KT_ASSERT_EQ(calls[3].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* SEH_TRY inside a hand-made frame: the SEH_TRY catches what it is asked
 * to and the outer handler never hears of it; what the SEH_TRY passes on
 * reaches the outer handler, marked noncontinuable (its stack is gone). */
/* An SEH_TRY that passes the exception on, inside a hand-made frame that
 * would continue it. */
static __attribute__((noinline)) VOID pass_on_to_continuing_frame(VOID)
{
    KT_FRAME Frame;

    link_frame(&Frame, ExceptionContinueExecution, KT_STATUS_TEST);
    Frame.Id = 1;
    SEH_TRY
    {
        KtRaiseTestStatus();
    }
    SEH_EXCEPT(EXCEPTION_CONTINUE_SEARCH) {}
    SEH_END;
    unlink_frame(&Frame);
}

KTEST(seh_try_inside_foreign_frame)
{
    KT_CLEANUP_SECTION;
    KT_FRAME Frame;
    volatile ULONG Caught = 0;
    volatile ULONG After = 0;
    BOOLEAN Unlinked;

    /* The SEH_TRY catches what it is asked to; the frame outside it never
     * hears of it. */
    reset_log();
    link_frame(&Frame, ExceptionContinueSearch, 0);
    SEH_TRY
    {
        ExRaiseStatus(STATUS_NO_MEMORY);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Caught++;
    }
    SEH_END;
    KT_CLEANUP;
    Unlinked = unlink_frame(&Frame);
    KT_ASSERT(Unlinked);
    KT_ASSERT_EQ(Caught, 1);
    KT_ASSERT_EQ(call_count, 0);

    /* What an SEH_TRY passes on reaches the frame outside it marked
     * noncontinuable (the stack it was raised on is gone): the frame's
     * ExceptionContinueExecution makes the dispatcher raise
     * STATUS_NONCONTINUABLE_EXCEPTION, which an SEH_TRY further out
     * takes, unwinding the frame. */
    SEH_TRY
    {
        pass_on_to_continuing_frame();
        After = 1;
    }
    SEH_EXCEPT(GetExceptionCode() == STATUS_NONCONTINUABLE_EXCEPTION)
    {
        Caught += 100;
    }
    SEH_END;
    KT_ASSERT_EQ(Caught, 101);
    KT_ASSERT_EQ(After, 0);
    /* Asked with the passed-on record, asked again with the nested one,
     * then unwound. */
    KT_ASSERT_EQ(call_count, 3);
    KT_ASSERT_EQ(calls[0].Code, KT_STATUS_TEST);
    KT_ASSERT_EQ(calls[0].Flags, EXCEPTION_NONCONTINUABLE);
    KT_ASSERT_EQ(calls[1].Code, STATUS_NONCONTINUABLE_EXCEPTION);
    KT_ASSERT_EQ(calls[1].Flags, EXCEPTION_NONCONTINUABLE);
    KT_ASSERT_EQ(calls[2].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* GetExceptionInformation in SEH_TRY: the record and the context of the
 * fault (eip at the faulting instruction, the trap's esp above the frame's
 * resumption). */
KTEST(seh_get_exception_information)
{
    volatile ULONG Eip = 0, Esp = 0, Information = 0;
    volatile PVOID Address = NULL;

    SEH_TRY
    {
        raise_invalid_opcode();
    }
    SEH_EXCEPT(GetExceptionInformation()->ExceptionRecord->ExceptionCode ==
                       STATUS_ILLEGAL_INSTRUCTION
                   ? EXCEPTION_EXECUTE_HANDLER
                   : EXCEPTION_CONTINUE_SEARCH)
    {
        Eip = GetExceptionInformation()->ContextRecord->Eip;
        Esp = GetExceptionInformation()->ContextRecord->Esp;
        Address = GetExceptionInformation()->ExceptionRecord->ExceptionAddress;
        Information = GetExceptionInformation()->ContextRecord->SegCs;
    }
    SEH_END;
    KT_ASSERT(Eip != 0);
    KT_ASSERT_EQ(Eip, (ULONG)Address);
    KT_ASSERT_EQ(*(const USHORT *)Eip, 0x0B0F); /* ud2 */
    KT_ASSERT(Esp != 0 && Esp < (ULONG)__builtin_frame_address(0));
    KT_ASSERT_EQ(Information, 0x08);
}

/* RtlUnwind to a frame calls the handlers of the frames newer than it,
 * newest first, with EXCEPTION_UNWINDING, unlinks them and returns (no
 * TargetIp). Newer frames lie lower: [0] is the newest. */
KTEST(seh_rtl_unwind_to_target)
{
    KT_CLEANUP_SECTION;
    KT_FRAME Frames[3];
    BOOLEAN Unlinked;
    ULONG Index;

    reset_log();
    for (Index = 3; Index-- > 0;) {
        link_frame(&Frames[Index], ExceptionContinueSearch, 0);
        Frames[Index].Id = Index;
    }
    RtlUnwind(&Frames[2].Registration, NULL, NULL, NULL);
    KT_CLEANUP;
    Unlinked = unlink_frame(&Frames[2]);
    KT_ASSERT(Unlinked);
    KT_ASSERT_EQ(call_count, 2);
    KT_ASSERT(calls[0].Frame == 0 && calls[1].Frame == 1);
    KT_ASSERT_EQ(calls[0].Code, STATUS_UNWIND);
    KT_ASSERT_EQ(calls[0].Flags, EXCEPTION_UNWINDING);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* RtlUnwind with no target frame is an exit unwind: every frame on the
 * chain, with EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND, to its end. The
 * test's own caller's frames are set aside meanwhile. */
KTEST(seh_rtl_unwind_without_target_unwinds_all)
{
    PEXCEPTION_REGISTRATION_RECORD Saved = RtlpGetExceptionList();
    PEXCEPTION_REGISTRATION_RECORD After;
    KT_FRAME Frames[2];
    ULONG Index;

    reset_log();
    RtlpSetExceptionList(EXCEPTION_CHAIN_END);
    for (Index = 2; Index-- > 0;) {
        link_frame(&Frames[Index], ExceptionContinueSearch, 0);
        Frames[Index].Id = Index;
    }
    RtlUnwind(NULL, NULL, NULL, NULL);
    After = RtlpGetExceptionList();
    RtlpSetExceptionList(Saved);
    KT_ASSERT(After == EXCEPTION_CHAIN_END);
    KT_ASSERT_EQ(call_count, 2);
    KT_ASSERT(calls[0].Frame == 0 && calls[1].Frame == 1);
    KT_ASSERT_EQ(calls[0].Flags, EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND);
    KT_ASSERT_EQ(calls[1].Flags, EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND);
}

/* A frame outside the thread's stack: the dispatcher stops at it (NT's
 * EXCEPTION_STACK_INVALID) without calling its handler, and the exception
 * is unhandled: KMODE_EXCEPTION_NOT_HANDLED (0x1E) with its code. */
static KT_FRAME frame_outside_the_stack;

KTEST_CRASH(crash_seh_frame_outside_the_stack)
{
    link_frame(&frame_outside_the_stack, ExceptionContinueExecution,
               STATUS_INTEGER_DIVIDE_BY_ZERO);
    ExRaiseStatus(STATUS_INTEGER_DIVIDE_BY_ZERO);
}
