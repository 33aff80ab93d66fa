/* What the boot path hands the rest of the kernel. */
#include "kernel/cmdline.h"
#include "kernel/format.h"
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/multiboot.h"
#include "kernel/seh.h"
#include "kernel/symbols.h"
#include "kernel/x86.h"

VOID KiSystemStartup(ULONG Magic, ULONG InfoPhysical);

KTEST(command_line_reached_kernel)
{
    /* Every option the loader passed is the kernel's, with its value (the
     * runner boots with test=..., the shell without it). */
    static KI_COMMAND_LINE Again;
    const KI_COMMAND_LINE *Line = KiGetCommandLine();
    PCSTR Raw = KiGetBootInformation()->CommandLine;
    ULONG Index;

    KT_ASSERT(Raw != NULL);
    KiParseCommandLine(Raw, &Again);
    KT_ASSERT_EQ(Line->Count, Again.Count);
    KT_ASSERT_EQ(Line->ProblemCount, Again.ProblemCount);
    for (Index = 0; Index < Again.Count; Index++) {
        PCSTR Value = KiGetOption(Line, Again.Options[Index].Name);
        KT_ASSERT_MSG(Value != NULL &&
                          strcmp(Value, Again.Options[Index].Value) == 0,
                      "option %s", Again.Options[Index].Name);
    }
    if (KtStartedByCommandLine)
        KT_ASSERT(KiGetOption(Line, "test") != NULL);
}

KTEST(running_in_high_half)
{
    ULONG Here = (ULONG) && label;
label:
    KT_ASSERT(Here >= KI_KERNEL_VIRTUAL_BASE);
    KT_ASSERT(read_esp() >= KI_KERNEL_VIRTUAL_BASE);
    KT_ASSERT(read_cr0() & CR0_PG);
    KT_ASSERT((ULONG)__kernel_start == 0x80100000);
}

KTEST(identity_map_dropped)
{
    /* Low virtual addresses fault; the same memory is reachable high. */
    volatile NTSTATUS Code = 0;
    const ULONG Physical = KI_VIRTUAL_TO_PHYSICAL((ULONG)__text_start);

    SEH_TRY
    {
        (void)*(volatile UCHAR *)Physical;
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Code = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Code, STATUS_ACCESS_VIOLATION);
}

KTEST(symbol_table_names_functions)
{
    ULONG_PTR Offset = 0;
    PCSTR Name = KiLookupSymbol((ULONG_PTR)KiSystemStartup + 3, &Offset);

    KT_ASSERT(Name != NULL);
    KT_ASSERT_MSG(RtlCompareMemory(Name, "KiSystemStartup", 16) == 16,
                  "found %s", Name);
    KT_ASSERT_EQ(Offset, 3);
    KT_ASSERT_EQ(KiLookupAddress("KiSystemStartup"), (ULONG)KiSystemStartup);
    KT_ASSERT(KiLookupSymbol(0x1000, &Offset) == NULL);
}

KTEST(formatted_print_in_kernel)
{
    CHAR Buffer[64];

    KiFormatString(Buffer, sizeof(Buffer), "%08lx|%-4s|%d|%p", 0xBEEFUL, "ab",
                   -12, (PVOID)0x80100000);
    KT_ASSERT_MSG(
        RtlCompareMemory(Buffer, "0000beef|ab  |-12|0x80100000", 29) == 29,
        "got '%s'", Buffer);
}

KTEST(rtl_exports_are_overlap_safe)
{
    CHAR Buffer[16] = "abcdefgh";

    /* NT's exported RtlCopyMemory moves overlapping bytes correctly. */
    (RtlCopyMemory)(Buffer + 2, Buffer, 6);
    KT_ASSERT(RtlCompareMemory(Buffer, "ababcdef", 8) == 8);
    RtlCopyMemory(Buffer, Buffer + 2, 6); /* the macro, through memcpy */
    KT_ASSERT(RtlCompareMemory(Buffer, "abcdefef", 8) == 8);
    (RtlZeroMemory)(NULL, 0); /* zero length never touches the pointer */
    (RtlFillMemory)(Buffer, 3, 'z');
    KT_ASSERT(RtlCompareMemory(Buffer, "zzzdefef", 8) == 8);
}
