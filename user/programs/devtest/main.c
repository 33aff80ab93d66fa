/*
 * devtest: the file and device API against the sample IOCTL driver
 * (devtest.h has the contract). Runs every test of DEV_TESTS in order, or
 * only those named on the command line; a name no test has counts as a
 * failure.
 */
#include "devtests.h"

typedef struct _DEV_TEST {
    const char *Name;
    void (*Run)(void);
} DEV_TEST;

#define TEST_ENTRY(Name) {#Name, Name},
static const DEV_TEST tests[] = {DEV_TESTS(TEST_ENTRY)};
#undef TEST_ENTRY
/* Tests that need more loaded than the IOCTL sample: by name only. */
static const DEV_TEST named_only[] = {
    {"filter_counts_what_passes", filter_counts_what_passes},
    {"refused_requests_never_reach_the_driver",
     refused_requests_never_reach_the_driver},
    {"hang_in_a_wait", hang_in_a_wait}};

static const DEV_TEST *find(const char *Name)
{
    int Index;

    for (Index = 0; Index < (int)ARRAYSIZE(tests); Index++)
        if (strcmp(Name, tests[Index].Name) == 0)
            return &tests[Index];
    for (Index = 0; Index < (int)ARRAYSIZE(named_only); Index++)
        if (strcmp(Name, named_only[Index].Name) == 0)
            return &named_only[Index];
    return NULL;
}

static const char *const method_names[] = {
    "METHOD_BUFFERED", "METHOD_IN_DIRECT", "METHOD_OUT_DIRECT",
    "METHOD_NEITHER"};
static char failure[256];
int dt_method = -1;

static const char *method_name(void)
{
    return dt_method >= 0 && dt_method < 4 ? method_names[dt_method] : "";
}

void dt_fail(const char *File, int Line, const char *Message)
{
    snprintf(failure, sizeof(failure), "%s%s%s (%s:%d)", method_name(),
             dt_method >= 0 ? ": " : "", Message, File, Line);
}

void dt_fail_eq(const char *File, int Line, const char *Expression,
                unsigned long long Actual, unsigned long long Expected)
{
    snprintf(failure, sizeof(failure),
             "%s%s%s is %#llx, expected %#llx (%s:%d)", method_name(),
             dt_method >= 0 ? ": " : "", Expression, Actual, Expected, File,
             Line);
}

static int run(const DEV_TEST *Test)
{
    failure[0] = 0;
    dt_method = -1;
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

    for (Index = 0; argc <= 1 && Index < (int)ARRAYSIZE(tests); Index++)
        run(&tests[Index]) ? Passed++ : Failed++;
    for (Arg = 1; Arg < argc; Arg++) {
        const DEV_TEST *Test = find(argv[Arg]);

        if (Test == NULL) {
            printf("FAIL %s: no such test\n", argv[Arg]);
            Failed++;
            continue;
        }
        run(Test) ? Passed++ : Failed++;
    }
    if (dt_device != NULL)
        CloseHandle(dt_device);
    printf("%d passed, %d failed\n", Passed, Failed);
    return Failed;
}
