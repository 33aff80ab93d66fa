/* CPU exceptions inside SEH_TRY come back as NT exceptions. */
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/seh.h"

typedef VOID (*FAULT_ROUTINE)(VOID);

static EXCEPTION_RECORD caught;

/* Runs Routine in a try block; the record it raised, or code 0. */
static NTSTATUS catch_fault(FAULT_ROUTINE Routine)
{
    volatile NTSTATUS Code = STATUS_SUCCESS;

    RtlZeroMemory(&caught, sizeof(caught));
    SEH_TRY
    {
        Routine();
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
        RtlCopyMemory(&caught, GetExceptionRecord(), sizeof(caught));
    }
    SEH_END;
    return Code;
}

static volatile ULONG zero;

/* Hides a constant address from the compiler, which rightly objects to
 * dereferencing one it can see. */
static volatile ULONG *at(ULONG_PTR Address)
{
    static volatile ULONG_PTR Opaque;

    Opaque = Address;
    return (volatile ULONG *)Opaque;
}

static VOID divide_by_zero(VOID)
{
    zero = divide(1, zero);
}
static VOID invalid_opcode(VOID)
{
    raise_invalid_opcode();
}
static VOID breakpoint(VOID)
{
    raise_breakpoint();
}
static VOID bad_selector(VOID)
{
    write_gs(0xFFF8);
}
static VOID read_null(VOID)
{
    zero = *at(0x10);
}
static VOID write_low(VOID)
{
    *at(0x2000) = 1;
}
static VOID raise_quota(VOID)
{
    ExRaiseStatus(STATUS_QUOTA_EXCEEDED);
}

KTEST(seh_divide_error)
{
    KT_ASSERT_EQ(catch_fault(divide_by_zero), STATUS_INTEGER_DIVIDE_BY_ZERO);
    KT_ASSERT(caught.ExceptionAddress != NULL);
}

KTEST(seh_invalid_opcode)
{
    KT_ASSERT_EQ(catch_fault(invalid_opcode), STATUS_ILLEGAL_INSTRUCTION);
    /* The address is the ud2 itself (0F 0B). */
    KT_ASSERT_EQ(*(const USHORT *)caught.ExceptionAddress, 0x0B0F);
}

KTEST(seh_breakpoint)
{
    KT_ASSERT_EQ(catch_fault(breakpoint), STATUS_BREAKPOINT);
    KT_ASSERT_EQ(*(const UCHAR *)caught.ExceptionAddress, 0xCC);
}

KTEST(seh_general_protection)
{
    USHORT Gs = read_gs();

    KT_ASSERT_EQ(catch_fault(bad_selector), STATUS_ACCESS_VIOLATION);
    write_gs(Gs);
    /* #GP's error code names the selector past the GDT's limit. */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0xFFF8);
}

KTEST(seh_page_fault_read)
{
    KT_ASSERT_EQ(catch_fault(read_null), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.NumberParameters, 2);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 0); /* read */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0x10);
}

KTEST(seh_page_fault_write)
{
    KT_ASSERT_EQ(catch_fault(write_low), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(caught.ExceptionInformation[0], 1); /* write */
    KT_ASSERT_EQ(caught.ExceptionInformation[1], 0x2000);
}

KTEST(seh_raise_status)
{
    KT_ASSERT_EQ(catch_fault(raise_quota), STATUS_QUOTA_EXCEEDED);
    KT_ASSERT(caught.ExceptionFlags & EXCEPTION_NONCONTINUABLE);
}

KTEST(seh_no_exception_runs_body_only)
{
    volatile ULONG Body = 0, Handler = 0;

    SEH_TRY
    {
        Body++;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Handler++;
    }
    SEH_END;
    KT_ASSERT_EQ(Body, 1);
    KT_ASSERT_EQ(Handler, 0);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* CONTINUE_SEARCH passes the exception outwards; the chain unwinds fully. */
KTEST(seh_nested_continue_search)
{
    volatile ULONG Inner = 0, Outer = 0;
    volatile NTSTATUS OuterCode = 0;

    SEH_TRY
    {
        SEH_TRY
        {
            ExRaiseStatus(STATUS_NO_MEMORY);
        }
        SEH_EXCEPT(GetExceptionCode() == STATUS_NO_MEMORY
                       ? EXCEPTION_CONTINUE_SEARCH
                       : EXCEPTION_EXECUTE_HANDLER)
        {
            Inner++;
        }
        SEH_END;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Outer++;
        OuterCode = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Inner, 0);
    KT_ASSERT_EQ(Outer, 1);
    KT_ASSERT_EQ(OuterCode, STATUS_NO_MEMORY);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}

/* A fault several calls deep unwinds to the frame that set up the try. */
static __attribute__((noinline)) ULONG recurse_then_fault(ULONG Depth)
{
    if (Depth == 0)
        return *at(0x4);
    return recurse_then_fault(Depth - 1) + Depth;
}

KTEST(seh_unwinds_deep_stack)
{
    volatile ULONG Before = 0x1234, After = 0;
    volatile NTSTATUS Code = 0;

    SEH_TRY
    {
        zero = recurse_then_fault(20);
        After = 1;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(After, 0); /* the body stopped at the fault */
    KT_ASSERT_EQ(Before, 0x1234);
    KT_ASSERT(KiSehHead() == EXCEPTION_CHAIN_END);
}
