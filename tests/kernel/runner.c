/*
 * The in-kernel test runner: walks the .ktests section that KTEST entries
 * land in, runs the selection, prints the tally, and leaves QEMU with a
 * status the runner in tools/ reads.
 */
#include "kernel/console.h"
#include "kernel/ktest.h"

extern const KTEST __ktests_start[], __ktests_end[];
BOOLEAN KtStartedByCommandLine;

VOID KtFail(KTEST_CONTEXT *Context, PCSTR File, ULONG Line, PCSTR Format, ...)
{
    va_list Arguments;

    /* The first failure is the one to read; checks after a failed test's
     * cleanup may fail in its wake. */
    if (Context->Failed)
        return;
    Context->Failed = TRUE;
    Context->Line = Line;
    if (Context->Quiet)
        return;
    DbgPrint("FAIL %s: ", Context->Name);
    va_start(Arguments, Format);
    KiConsolePrintV(Format, Arguments);
    va_end(Arguments);
    DbgPrint(" (%s:%lu)\n", File, Line);
}

/* Name equals the first Length characters of Word. */
static BOOLEAN name_equals(PCSTR Name, PCSTR Word, ULONG Length)
{
    ULONG Index;

    for (Index = 0; Index < Length; Index++) {
        if (Name[Index] != Word[Index])
            return FALSE;
    }
    return Name[Length] == '\0';
}

/* Selection: "all" or a comma-separated list of names. */
static BOOLEAN is_selected(const KTEST *Test, PCSTR Selection)
{
    if (strcmp(Selection, "all") == 0)
        return Test->Kind == KTEST_KIND_NORMAL;
    while (*Selection != '\0') {
        ULONG Length = 0;
        while (Selection[Length] != '\0' && Selection[Length] != ',')
            Length++;
        if (name_equals(Test->Name, Selection, Length))
            return TRUE;
        Selection += Length;
        if (*Selection == ',')
            Selection++;
    }
    return FALSE;
}

ULONG KtRunTestSelection(PCSTR Selection, PULONG Passed)
{
    const KTEST *Test;
    ULONG Failed = 0;

    *Passed = 0;
    DbgPrint("Running kernel tests: %s\n", Selection);
    for (Test = __ktests_start; Test < __ktests_end; Test++) {
        KTEST_CONTEXT Context = {Test->Name, FALSE, FALSE, 0};

        if (!is_selected(Test, Selection))
            continue;
        Test->Routine(&Context);
        if (Context.Failed) {
            Failed++; /* KtFail printed the FAIL line */
        } else {
            DbgPrint("PASS %s\n", Test->Name);
            (*Passed)++;
        }
    }
    if (*Passed + Failed == 0) {
        DbgPrint("FAIL selection: no test matches '%s'\n", Selection);
        Failed++;
    }
    DbgPrint("%lu passed, %lu failed\n", *Passed, Failed);
    return Failed;
}

VOID KtRunTests(PCSTR Selection)
{
    ULONG Passed, Failed;

    KtStartedByCommandLine = TRUE;
    Failed = KtRunTestSelection(Selection, &Passed);

    HaliQemuExit(Failed == 0 ? KI_EXIT_TESTS_PASSED : KI_EXIT_TESTS_FAILED);
}

VOID KtRunCrash(PCSTR Name)
{
    const KTEST *Test;

    for (Test = __ktests_start; Test < __ktests_end; Test++) {
        KTEST_CONTEXT Context = {Test->Name, FALSE, FALSE, 0};

        if (Test->Kind != KTEST_KIND_CRASH || strcmp(Test->Name, Name) != 0)
            continue;
        DbgPrint("CRASH %s\n", Test->Name);
        Test->Routine(&Context);
        DbgPrint("FAIL %s: returned instead of stopping the machine\n",
                 Test->Name);
        HaliQemuExit(KI_EXIT_TESTS_FAILED);
        return;
    }
    DbgPrint("FAIL crash: no crash test named '%s'\n", Name);
    HaliQemuExit(KI_EXIT_TESTS_FAILED);
}
