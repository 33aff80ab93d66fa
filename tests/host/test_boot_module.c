/* Boot modules: the file name from a module's string, and the ranges
 * that cannot be a file. */
#include "host_test.h"
#include "kernel/multiboot.h"
#include "ntstatus.h"

/* The name parsed from String as ASCII, or "" when refused. */
static const char *name_of(PCSTR String)
{
    static char Text[KI_BOOT_FILE_NAME_MAX + 1];
    WCHAR Name[KI_BOOT_FILE_NAME_MAX];
    USHORT Length = 0xFFFF, Index;

    if (KiParseBootModuleName(String, Name, &Length) != STATUS_SUCCESS)
        return Length == 0 ? "" : "(refused, but with a length)";
    for (Index = 0; Index < Length / sizeof(WCHAR); Index++)
        Text[Index] = (char)Name[Index];
    Text[Index] = '\0';
    return Text;
}

static void the_name_is_the_first_words_last_component(void)
{
    CHECK_STR(name_of("hello.exe"), "hello.exe");
    CHECK_STR(name_of("/boot/hello.exe"), "hello.exe");
    CHECK_STR(name_of("build/user/ntdll.dll ntdll.dll"), "ntdll.dll");
    CHECK_STR(name_of("C:\\user\\kernel32.dll"), "kernel32.dll");
    CHECK_STR(name_of("a/b\\c/d.txt x/y.txt"), "d.txt");
    CHECK_STR(name_of("  \tleading.txt trailing words"), "leading.txt");
    CHECK_STR(name_of("build/test-logs/module.bin ktest-module"), "module.bin");
    /* Exactly the longest name. */
    CHECK_STR(
        name_of(
            "/x/"
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

static void absurd_names_are_refused(void)
{
    CHECK_STR(name_of(NULL), "");
    CHECK_STR(name_of(""), "");
    CHECK_STR(name_of("   "), "");
    CHECK_STR(name_of("/boot/"), "");
    CHECK_STR(name_of("dir\\ args"), "");
    CHECK_STR(name_of("."), "");
    CHECK_STR(name_of("/boot/.."), "");
    CHECK_STR(name_of("bad|name"), "");
    CHECK_STR(name_of("what?.exe"), "");
    CHECK_STR(name_of("c:hello"), "");
    CHECK_STR(name_of("caf\xc3\xa9.txt"), "");
    CHECK_STR(name_of("bell\a.txt"), "");
    CHECK_STR(name_of("/x/"
                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                      "aaaaaaaaa"),
              "");
    /* Dots inside a name are ordinary. */
    CHECK_STR(name_of("..hidden"), "..hidden");
}

static PCSTR check(ULONG Start, ULONG End)
{
    MULTIBOOT_MODULE Module = {Start, End, 0, 0};

    return KiCheckBootModule(&Module, 0x100000, 0x180000, 0x8000000);
}

static void malformed_ranges_are_refused(void)
{
    CHECK(check(0x200000, 0x200001) == NULL);
    CHECK(check(0x180000, 0x7FFFFFF) == NULL);
    CHECK(check(0x7FFF000, 0x8000000) == NULL);
    CHECK_STR(check(0x200000, 0x200000), "is empty");
    CHECK_STR(check(0x200000, 0x1FF000), "ends before it starts");
    CHECK_STR(check(0x9F000, 0xA0000),
              "lies in the first MiB (the firmware's)");
    CHECK_STR(check(0x17F000, 0x181000), "overlaps the kernel");
    CHECK_STR(check(0x100000, 0x100001), "overlaps the kernel");
    CHECK_STR(check(0x7FFF000, 0x8000001),
              "reaches past the memory the kernel maps");
    CHECK_STR(check(0xFFFFF000, 0xFFFFFFFF),
              "reaches past the memory the kernel maps");
}

int main(void)
{
    RUN(the_name_is_the_first_words_last_component);
    RUN(absurd_names_are_refused);
    RUN(malformed_ranges_are_refused);
    HOST_TEST_EXIT();
}
