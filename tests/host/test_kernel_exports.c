/* The kernel export tables' lookups (mm/kernel_exports.c) on tables
 * made here: DLL names without case, routine names exact, binary search
 * at every position and between, the sortedness check. */
#include "host_test.h"
#include "kernel/exports.h"

static const MI_EXPORT ntoskrnl[] = {
    {"DbgPrint", 0x1000},         {"ExAllocatePoolWithTag", 0x1010},
    {"IoCreateDevice", 0x1020},   {"IofCompleteRequest", 0x1030},
    {"KeSetEvent", 0x1040},       {"PsProcessType", 0x1050},
    {"_except_handler3", 0x1060}, {"memcpy", 0x1070},
};
static const MI_EXPORT hal[] = {{"KfRaiseIrql", 0x2000}};
static const MI_EXPORT unsorted[] = {{"b", 1}, {"a", 2}};
static const MI_EXPORT twice[] = {{"a", 1}, {"a", 2}};

static const MI_EXPORT_TABLE tables[] = {
    {"ntoskrnl.exe", ntoskrnl, sizeof(ntoskrnl) / sizeof(ntoskrnl[0])},
    {"hal.dll", hal, 1},
};

static void dll_names_match_without_case(void)
{
    CHECK(MiFindExportTable(tables, 2, "ntoskrnl.exe") == &tables[0]);
    CHECK(MiFindExportTable(tables, 2, "NTOSKRNL.EXE") == &tables[0]);
    CHECK(MiFindExportTable(tables, 2, "Hal.Dll") == &tables[1]);
    CHECK(MiFindExportTable(tables, 2, "ntoskrnl") == NULL);
    CHECK(MiFindExportTable(tables, 2, "ntoskrnl.exe2") == NULL);
    CHECK(MiFindExportTable(tables, 2, "") == NULL);
    CHECK(MiFindExportTable(tables, 2, NULL) == NULL);
    CHECK(MiFindExportTable(tables, 1, "hal.dll") == NULL);
}

static void every_name_is_found_and_nothing_between(void)
{
    ULONG Index;

    for (Index = 0; Index < tables[0].Count; Index++)
        CHECK_EQ(MiFindExport(&tables[0], ntoskrnl[Index].Name),
                 ntoskrnl[Index].Address);
    CHECK_EQ(MiFindExport(&tables[1], "KfRaiseIrql"), 0x2000);
    /* Before, between and after the names; case counts; prefixes and
     * longer names are other names. */
    CHECK_EQ(MiFindExport(&tables[0], "A"), 0);
    CHECK_EQ(MiFindExport(&tables[0], "IoCreateDeviceX"), 0);
    CHECK_EQ(MiFindExport(&tables[0], "IoCreate"), 0);
    CHECK_EQ(MiFindExport(&tables[0], "kesetevent"), 0);
    CHECK_EQ(MiFindExport(&tables[0], "zzz"), 0);
    CHECK_EQ(MiFindExport(&tables[0], ""), 0);
    CHECK_EQ(MiFindExport(&tables[0], NULL), 0);
    CHECK_EQ(MiFindExport(&tables[1], "KeSetEvent"), 0);
}

static void sortedness_is_checked(void)
{
    const MI_EXPORT_TABLE Unsorted = {"x.sys", unsorted, 2};
    const MI_EXPORT_TABLE Twice = {"x.sys", twice, 2};
    const MI_EXPORT_TABLE Empty = {"x.sys", hal, 0};

    CHECK(MiIsExportTableSorted(&tables[0]));
    CHECK(MiIsExportTableSorted(&tables[1]));
    CHECK(MiIsExportTableSorted(&Empty));
    CHECK(!MiIsExportTableSorted(&Unsorted));
    CHECK(!MiIsExportTableSorted(&Twice));
    CHECK_EQ(MiFindExport(&Empty, "KfRaiseIrql"), 0);
}

int main(void)
{
    RUN(dll_names_match_without_case);
    RUN(every_name_is_found_and_nothing_between);
    RUN(sortedness_is_checked);
    HOST_TEST_EXIT();
}
