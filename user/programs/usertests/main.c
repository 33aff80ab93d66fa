/*
 * The runner: every test of USER_TESTS in order, or only those named on
 * the command line; a name no test has counts as a failure.
 */
#include "usertests.h"

typedef struct _USER_TEST {
    const char *Name;
    void (*Run)(void);
} USER_TEST;

#define TEST_ENTRY(Name) {#Name, Name},
static const USER_TEST tests[] = {USER_TESTS(TEST_ENTRY)};
#undef TEST_ENTRY

static char failure[256];
int usertests_in_main;

void ut_fail(const char *File, int Line, const char *Message)
{
    snprintf(failure, sizeof(failure), "%s (%s:%d)", Message, File, Line);
}

void ut_fail_eq(const char *File, int Line, const char *Expression,
                unsigned long long Actual, unsigned long long Expected)
{
    snprintf(failure, sizeof(failure), "%s is %#llx, expected %#llx (%s:%d)",
             Expression, Actual, Expected, File, Line);
}

static int run(const USER_TEST *Test)
{
    failure[0] = 0;
    Test->Run();
    if (failure[0] != 0) {
        printf("FAIL %s: %s\n", Test->Name, failure);
        return 0;
    }
    printf("PASS %s\n", Test->Name);
    return 1;
}

int main(int argc, char **argv)
{
    int Passed = 0, Failed = 0, Index, Arg;

    usertests_in_main = 1;
    for (Index = 0; argc <= 1 && Index < (int)ARRAYSIZE(tests); Index++)
        run(&tests[Index]) ? Passed++ : Failed++;
    for (Arg = 1; Arg < argc; Arg++) {
        for (Index = 0; Index < (int)ARRAYSIZE(tests); Index++)
            if (strcmp(argv[Arg], tests[Index].Name) == 0)
                break;
        if (Index == (int)ARRAYSIZE(tests)) {
            printf("FAIL %s: no such test\n", argv[Arg]);
            Failed++;
            continue;
        }
        run(&tests[Index]) ? Passed++ : Failed++;
    }
    printf("%d passed, %d failed\n", Passed, Failed);
    return Failed;
}
