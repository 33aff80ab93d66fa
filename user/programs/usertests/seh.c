/*
 * Structured exceptions in user mode: faults the kernel dispatches to
 * KiUserExceptionDispatcher reach the program's __except filters with
 * NT's codes; __finally blocks run when an exception unwinds through
 * them; RtlRaiseException's exceptions continue when a filter says so,
 * unless they are noncontinuable.
 */
#include "usertests.h"

static volatile int zero;

static LONG filter_code(NTSTATUS Code, volatile NTSTATUS *Seen)
{
    *Seen = Code;
    return EXCEPTION_EXECUTE_HANDLER;
}

void seh_catches_access_violation(void)
{
    volatile NTSTATUS Code = 0;
    volatile ULONG_PTR Address = 0, Write = 2;
    volatile int *Null = NULL;

    __try {
        *Null = 1;
    } __except (
        Address =
            GetExceptionInformation()->ExceptionRecord->ExceptionInformation[1],
        Write =
            GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
        filter_code(GetExceptionCode(), &Code)) {
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Address, 0);
    CHECK_EQ(Write, 1); /* parameter 0: 1 for a write */
    Code = 0;
    __try {
        (void)*(volatile int *)KERNEL_ADDRESS;
    } __except (filter_code(GetExceptionCode(), &Code)) {
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
}

void seh_catches_divide_error(void)
{
    volatile NTSTATUS Code = 0;
    volatile int Result = 0;

    __try {
        Result = 100 / zero;
    } __except (filter_code(GetExceptionCode(), &Code)) {
    }
    CHECK_EQ(Code, STATUS_INTEGER_DIVIDE_BY_ZERO);
    CHECK_EQ(Result, 0);
}

/* Out of line: clang 16 leaves the try level at -1 around an inline
 * __debugbreak (it takes int3 for an instruction that cannot fault), so
 * no handler of this frame would be asked; a call inside the __try is
 * covered. */
static __declspec(noinline) void breakpoint(void)
{
    __debugbreak();
}

void seh_catches_breakpoint(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        breakpoint();
    } __except (filter_code(GetExceptionCode(), &Code)) {
    }
    CHECK_EQ(Code, STATUS_BREAKPOINT);
}

/* Out of line for the same reason as breakpoint(). */
static __declspec(noinline) void privileged_cli(void)
{
    __asm__ __volatile__("cli");
}

static __declspec(noinline) void privileged_hlt(void)
{
    __asm__ __volatile__("hlt");
}

static __declspec(noinline) void privileged_port_read(void)
{
    __asm__ __volatile__("inb $0x60, %%al" ::: "eax");
}

void seh_catches_privileged_instructions(void)
{
    volatile NTSTATUS Cli = 0, Hlt = 0, Port = 0;

    __try {
        privileged_cli();
    } __except (filter_code(GetExceptionCode(), &Cli)) {
    }
    __try {
        privileged_hlt();
    } __except (filter_code(GetExceptionCode(), &Hlt)) {
    }
    __try {
        privileged_port_read();
    } __except (filter_code(GetExceptionCode(), &Port)) {
    }
    CHECK_EQ(Cli, STATUS_PRIVILEGED_INSTRUCTION);
    CHECK_EQ(Hlt, STATUS_PRIVILEGED_INSTRUCTION);
    CHECK_EQ(Port, STATUS_PRIVILEGED_INSTRUCTION);
}

static volatile int finally_order[4], finally_count;

static void fault_inside_finally(void)
{
    __try {
        __try {
            *(volatile int *)NULL = 0;
        } __finally {
            finally_order[finally_count++] = 1;
        }
    } __finally {
        finally_order[finally_count++] = AbnormalTermination() ? 2 : -2;
    }
}

void seh_finally_runs_on_unwind(void)
{
    volatile NTSTATUS Code = 0;
    volatile int Normal = 0;

    finally_count = 0;
    __try {
        fault_inside_finally();
    } __except (filter_code(GetExceptionCode(), &Code)) {
        finally_order[finally_count++] = 3;
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(finally_count, 3);
    /* Inner __finally, outer __finally (abnormally), then the handler. */
    CHECK_EQ(finally_order[0], 1);
    CHECK_EQ(finally_order[1], 2);
    CHECK_EQ(finally_order[2], 3);
    __try {
        Normal = 1;
    } __finally {
        Normal = AbnormalTermination() ? -1 : 2;
    }
    CHECK_EQ(Normal, 2);
}

void seh_raise_and_continue(void)
{
    EXCEPTION_RECORD Record;
    volatile NTSTATUS Code = 0;
    volatile ULONG_PTR Parameter = 0;
    volatile int After = 0;

    memset(&Record, 0, sizeof(Record));
    Record.ExceptionCode = (NTSTATUS)0xE0001234;
    Record.NumberParameters = 1;
    Record.ExceptionInformation[0] = 0xCAFE;
    __try {
        RtlRaiseException(&Record);
        After = 1; /* resumed here by EXCEPTION_CONTINUE_EXECUTION */
    } __except (
        Code = GetExceptionCode(),
        Parameter =
            GetExceptionInformation()->ExceptionRecord->ExceptionInformation[0],
        EXCEPTION_CONTINUE_EXECUTION) {
        After = -1;
    }
    CHECK_EQ(Code, (NTSTATUS)0xE0001234);
    CHECK_EQ(Parameter, 0xCAFE);
    CHECK_EQ(After, 1);
}

/* Continuing a noncontinuable exception raises
 * STATUS_NONCONTINUABLE_EXCEPTION, whose record points at the first. */
void seh_noncontinuable_cannot_continue(void)
{
    volatile NTSTATUS Outer = 0;
    volatile NTSTATUS Inner = 0;

    __try {
        __try {
            RtlRaiseStatus((NTSTATUS)0xE0004321);
        } __except (GetExceptionCode() == (NTSTATUS)0xE0004321
                        ? EXCEPTION_CONTINUE_EXECUTION
                        : EXCEPTION_CONTINUE_SEARCH) {
        }
    } __except (Outer = GetExceptionCode(),
                Inner =
                    GetExceptionInformation()->ExceptionRecord->ExceptionRecord
                        ? GetExceptionInformation()
                              ->ExceptionRecord->ExceptionRecord->ExceptionCode
                        : 0,
                EXCEPTION_EXECUTE_HANDLER) {
    }
    CHECK_EQ(Outer, STATUS_NONCONTINUABLE_EXCEPTION);
    CHECK_EQ(Inner, (NTSTATUS)0xE0004321);
}
