/*
 * ProbeForRead and ProbeForWrite with the DDK's semantics, run in a test
 * process's address space: alignment first, then the range, then (for
 * writing) each page touched.
 */
#include "kernel/probe.h"
#include "kernel/ktest.h"
#include "kernel/seh.h"
#include "kt_user.h"

#define RW_PAGE ((PUCHAR)0x00500000)
#define RO_PAGE ((PUCHAR)0x00501000)

static NTSTATUS probe(BOOLEAN Write, ULONG_PTR Address, SIZE_T Length,
                      ULONG Alignment)
{
    volatile NTSTATUS Status = STATUS_SUCCESS;

    SEH_TRY
    {
        if (Write)
            ProbeForWrite((PVOID)Address, Length, Alignment);
        else
            ProbeForRead((PVOID)Address, Length, Alignment);
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    return Status;
}

KTEST(probe_for_read_and_write_follow_the_ddk)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    ULONG_PTR Rw = (ULONG_PTR)RW_PAGE, Ro = (ULONG_PTR)RO_PAGE;
    ULONG Write;

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KtAttachProcess(&Process);
    KT_ASSERT_EQ(KtMapUserPage(RW_PAGE, PAGE_READWRITE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtMapUserPage(RO_PAGE, PAGE_READONLY), STATUS_SUCCESS);
    RW_PAGE[PAGE_SIZE - 1] = 0x5A;
    for (Write = 0; Write < 2; Write++) {
        /* Length 0: nothing is checked, not even the alignment. */
        KT_ASSERT_EQ(probe(Write, 0x80000001, 0, 4), STATUS_SUCCESS);
        KT_ASSERT_EQ(probe(Write, 0xFFFFFFFF, 0, 1), STATUS_SUCCESS);
        /* Misalignment, before the range is looked at. */
        KT_ASSERT_EQ(probe(Write, Rw + 2, 4, 4), STATUS_DATATYPE_MISALIGNMENT);
        KT_ASSERT_EQ(probe(Write, Rw + 8, 16, 16),
                     STATUS_DATATYPE_MISALIGNMENT);
        KT_ASSERT_EQ(probe(Write, 0x80000001, 4, 2),
                     STATUS_DATATYPE_MISALIGNMENT);
        KT_ASSERT_EQ(probe(Write, Rw + 1, 4, 1), STATUS_SUCCESS);
        /* The kernel half, the guard, a range reaching past the user
         * probe address or wrapping. */
        KT_ASSERT_EQ(probe(Write, 0x80000000, 4, 4), STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(probe(Write, 0x7FFF0000, 1, 1), STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(probe(Write, 0x7FFFFFF0, 32, 4), STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(probe(Write, 0x7FFEFFFF, 2, 1), STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(probe(Write, Rw, 0xFFFFFFFF, 1), STATUS_ACCESS_VIOLATION);
        KT_ASSERT_EQ(probe(Write, Rw, 4, 4), STATUS_SUCCESS);
        KT_ASSERT_EQ(probe(Write, Rw, PAGE_SIZE, 8), STATUS_SUCCESS);
    }
    /* Reading checks the range only: it ends exactly at the probe
     * address, or is unmapped or NULL, and the reader faults later. */
    KT_ASSERT_EQ(probe(FALSE, 0x7FFEFFFC, 4, 4), STATUS_SUCCESS);
    KT_ASSERT_EQ(probe(FALSE, 0x10000000, 4, 4), STATUS_SUCCESS);
    KT_ASSERT_EQ(probe(FALSE, 0, 4, 4), STATUS_SUCCESS);
    KT_ASSERT_EQ(probe(FALSE, Ro, 8, 4), STATUS_SUCCESS);
    /* Writing touches every page: unmapped, NULL, read-only pages fault
     * at the probe, and the page before a read-only one keeps its bytes. */
    KT_ASSERT_EQ(probe(TRUE, 0x10000000, 4, 4), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe(TRUE, 0, 4, 4), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe(TRUE, Ro, 8, 4), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(probe(TRUE, Rw + PAGE_SIZE - 4, 8, 4),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(RW_PAGE[PAGE_SIZE - 1], 0x5A);
    KT_ASSERT_EQ(probe(TRUE, 0x7FFEFFFC, 4, 4), STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

/* NT's one-value probes check the range only (x86 reads a misaligned
 * value without complaint), and the write probe touches the location. */
KTEST(probe_single_values_check_the_range_only)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    volatile NTSTATUS Status;
    LARGE_INTEGER Value = {.QuadPart = 0};
    PLARGE_INTEGER User = (PLARGE_INTEGER)(RW_PAGE + 3);

    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KtAttachProcess(&Process);
    KT_ASSERT_EQ(KtMapUserPage(RW_PAGE, PAGE_READWRITE), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtMapUserPage(RO_PAGE, PAGE_READONLY), STATUS_SUCCESS);
    User->QuadPart = 0x123456789LL;
    KT_ASSERT_EQ(ExpCaptureLargeInteger(User, UserMode, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value.QuadPart, 0x123456789LL);
    KT_ASSERT_EQ(
        ExpCaptureLargeInteger((PLARGE_INTEGER)0x7FFEFFFC, UserMode, &Value),
        STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(
        ExpCaptureLargeInteger((PLARGE_INTEGER)0x80000000, UserMode, &Value),
        STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ExpProbeHandleOut((PHANDLE)(RW_PAGE + 1), UserMode),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExpProbeHandleOut((PHANDLE)RO_PAGE, UserMode),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ExpProbeHandleOut((PHANDLE)0x7FFFFFFE, UserMode),
                 STATUS_ACCESS_VIOLATION);
    Status = STATUS_SUCCESS;
    SEH_TRY
    {
        ProbeForWriteHandle((PHANDLE)0x7FFEFFFE); /* straddles the guard */
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Status, STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}
