/*
 * A task's LDT: TI=1 selectors reach its descriptors, and the CPU holds
 * them to their limits. QEMU's TCG does not check data-segment limits on
 * ordinary loads and stores (real CPUs and Bochs do), but it does check a
 * code segment's limit on a far jump and the LDT's own limit on a selector
 * load, so those carry the #GP half of the test here.
 */
#include "kernel/gdt.h"
#include "kernel/ktest.h"
#include "kernel/seh.h"

#define LDT_DATA 1
#define LDT_CODE 2
#define LDT_ENTRIES 4

static KGDTENTRY entries[LDT_ENTRIES];
static UCHAR window[64];
/* Where a far jump would land if the limit were ignored: ud2, so such a
 * CPU shows up as STATUS_ILLEGAL_INSTRUCTION rather than running astray. */
static UCHAR landing[32] = {[16] = 0x0F, [17] = 0x0B};

static NTSTATUS catch_gp(USHORT Selector, ULONG Offset, BOOLEAN Jump,
                         PULONG ErrorCode)
{
    USHORT SavedGs = read_gs();
    volatile NTSTATUS Code = STATUS_SUCCESS;

    SEH_TRY
    {
        if (Jump) {
            far_jump(Offset, Selector);
        } else {
            write_gs(Selector);
        }
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
        *ErrorCode = GetExceptionRecord()->ExceptionInformation[1];
    }
    SEH_END;
    write_gs(SavedGs);
    return Code;
}

KTEST(ldt_segments_and_limits)
{
    KT_CLEANUP_SECTION;
    KLDT Ldt;
    USHORT Data = KiMakeSelector(LDT_DATA, SELECTOR_TABLE_LDT, 0);
    USHORT Code = KiMakeSelector(LDT_CODE, SELECTOR_TABLE_LDT, 0);
    USHORT PastTable = KiMakeSelector(LDT_ENTRIES, SELECTOR_TABLE_LDT, 0);
    USHORT SavedGs = read_gs();
    ULONG ErrorCode = 0;
    UCHAR First, Last;
    ULONG Index;

    for (Index = 0; Index < sizeof(window); Index++)
        window[Index] = (UCHAR)(Index * 3);
    KT_ASSERT(NT_SUCCESS(KeLdtInitialize(&Ldt, entries, LDT_ENTRIES)));
    /* 16 bytes of data from window[8]; 16 bytes of code at landing. */
    KT_ASSERT(NT_SUCCESS(KeLdtSetEntry(&Ldt, LDT_DATA, (ULONG)&window[8], 15,
                                       SEGMENT_TYPE_DATA_WRITE, 0)));
    KT_ASSERT(NT_SUCCESS(KeLdtSetEntry(&Ldt, LDT_CODE, (ULONG)landing, 15,
                                       SEGMENT_TYPE_CODE_READ, 0)));
    /* Entry 0 is the null slot; system descriptors are not for LDTs. */
    KT_ASSERT(
        !NT_SUCCESS(KeLdtSetEntry(&Ldt, 0, 0, 15, SEGMENT_TYPE_DATA_WRITE, 0)));
    KT_ASSERT(!NT_SUCCESS(KeLdtSetEntry(&Ldt, 3, 0, 15, SEGMENT_TYPE_TSS, 0)));
    KeLdtLoad(&Ldt);
    KT_ASSERT_EQ(store_ldt_register(), KGDT_LDT);

    /* The base applies and the CPU holds the limit we asked for. */
    KT_ASSERT_EQ(segment_limit(Data), 15);
    KT_ASSERT_EQ(segment_limit(Code), 15);
    write_gs(Data);
    First = read_gs_uchar(0);
    Last = read_gs_uchar(15);
    write_gs(SavedGs);
    KT_ASSERT_EQ(First, window[8]);
    KT_ASSERT_EQ(Last, window[23]);

    /* Past the code segment's limit: #GP before the jump happens. */
    KT_ASSERT_EQ(catch_gp(Code, 16, TRUE, &ErrorCode), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ErrorCode, 0);
    /* Past the LDT's own limit: #GP naming the selector. */
    KT_ASSERT_EQ(catch_gp(PastTable, 0, FALSE, &ErrorCode),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ErrorCode & 0xFFFC, PastTable);
    KT_CLEANUP;
    write_gs(SavedGs);
    KeLdtUnload();
    KT_ASSERT_EQ(store_ldt_register(), 0);
}
