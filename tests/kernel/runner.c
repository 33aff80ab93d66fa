/*
 * The in-kernel test runner: walks the .ktests section that KTEST entries
 * land in, runs the selection, prints the tally, and leaves QEMU with a
 * status the runner in tools/ reads.
 */
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "kernel/sections.h"

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

VOID KtSkip(KTEST_CONTEXT *Context, PCSTR Format, ...)
{
    va_list Arguments;

    if (Context->Failed || Context->Skipped)
        return;
    Context->Skipped = TRUE;
    if (Context->Quiet)
        return;
    DbgPrint("SKIP %s: ", Context->Name);
    va_start(Arguments, Format);
    KiConsolePrintV(Format, Arguments);
    va_end(Arguments);
    DbgPrint("\n");
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

static ULONG word_length(PCSTR Word)
{
    ULONG Length = 0;

    while (Word[Length] != '\0' && Word[Length] != ',')
        Length++;
    return Length;
}

/* The next word of a comma-separated list, or NULL after the last. */
static PCSTR next_word(PCSTR Word)
{
    Word += word_length(Word);
    return *Word == ',' ? Word + 1 : NULL;
}

static const KTEST *find_test(PCSTR Word, ULONG Length)
{
    const KTEST *Test;

    for (Test = __ktests_start; Test < __ktests_end; Test++) {
        if (name_equals(Test->Name, Word, Length))
            return Test;
    }
    return NULL;
}

/*
 * Every word of the selection is checked before anything runs: a name no
 * test has, and a crash test (it stops the machine, so it runs alone, at
 * boot, with crash=), is a failure that names it. Returns the failures.
 */
static ULONG check_selection(PCSTR Selection)
{
    PCSTR Word;
    ULONG Failed = 0;

    for (Word = Selection; Word != NULL; Word = next_word(Word)) {
        ULONG Length = word_length(Word);
        const KTEST *Test = find_test(Word, Length);

        if (name_equals("all", Word, Length))
            continue;
        if (Test == NULL) {
            DbgPrint("FAIL selection: no test named '%.*s'\n", (int)Length,
                     Word);
            Failed++;
        } else if (Test->Kind == KTEST_KIND_CRASH) {
            DbgPrint("FAIL selection: %s is a crash test, which stops the "
                     "machine; it runs alone, at boot, with crash=%s\n",
                     Test->Name, Test->Name);
            Failed++;
        }
    }
    return Failed;
}

/* "all" selects every normal test; a name selects its test, unless that
 * is a crash test. External tests run only when named. */
static BOOLEAN is_selected(const KTEST *Test, PCSTR Selection)
{
    PCSTR Word;

    if (Test->Kind == KTEST_KIND_CRASH)
        return FALSE;
    for (Word = Selection; Word != NULL; Word = next_word(Word)) {
        ULONG Length = word_length(Word);

        if (name_equals(Test->Name, Word, Length) ||
            (Test->Kind == KTEST_KIND_NORMAL &&
             name_equals("all", Word, Length)))
            return TRUE;
    }
    return FALSE;
}

VOID KtTouchKernelPageablePages(VOID)
{
    PCHAR Page;

    for (Page = __page_start; Page < __pagedata_end; Page += PAGE_SIZE)
        (void)*(volatile CHAR *)Page;
}

ULONG KtRunTestSelection(PCSTR Selection, PULONG Passed)
{
    const KTEST *Test;
    ULONG Failed, Skipped = 0;

    *Passed = 0;
    DbgPrint("Running kernel tests: %s\n", Selection);
    Failed = check_selection(Selection);
    for (Test = __ktests_start; Test < __ktests_end; Test++) {
        KTEST_CONTEXT Context = {Test->Name, FALSE, FALSE, 0, FALSE};

        if (!is_selected(Test, Selection))
            continue;
        KtTouchKernelPageablePages();
        Test->Routine(&Context);
        if (Context.Failed) {
            Failed++; /* KtFail printed the FAIL line */
        } else if (Context.Skipped) {
            Skipped++; /* KtSkip printed the SKIP line */
        } else {
            DbgPrint("PASS %s\n", Test->Name);
            (*Passed)++;
        }
    }
    /* The tally line stays what the runners in tools/ parse. */
    if (Skipped != 0)
        DbgPrint("%lu skipped\n", Skipped);
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
        KTEST_CONTEXT Context = {Test->Name, FALSE, FALSE, 0, FALSE};

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
