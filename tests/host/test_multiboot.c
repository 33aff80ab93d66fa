/* Reading the loader's information without trusting it. */
#include "host_test.h"
#include "kernel/multiboot.h"

/* A fake physical memory: "physical" address = offset into it. */
static unsigned char memory[8192];

static MULTIBOOT_INFO *place_info(ULONG Physical)
{
    memset(memory, 0, sizeof(memory));
    return (MULTIBOOT_INFO *)&memory[Physical];
}

static void reads_sizes_and_strings(void)
{
    MULTIBOOT_INFO *Info = place_info(0x100);
    KI_BOOT_INFORMATION Boot;
    ULONG Problems;

    Info->Flags = MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE |
                  MULTIBOOT_INFO_BOOT_LOADER_NAME;
    Info->MemLower = 639;
    Info->MemUpper = 130048;
    Info->CmdLine = 0x400;
    Info->BootLoaderName = 0x500;
    strcpy((char *)&memory[0x400], "/boot/kernel.elf test=all");
    strcpy((char *)&memory[0x500], "GRUB 2.06");
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, 0);
    CHECK(Boot.HasMemorySizes);
    CHECK_EQ(Boot.MemLowerKb, 639);
    CHECK_EQ(Boot.MemUpperKb, 130048);
    CHECK_STR(Boot.CommandLine, "/boot/kernel.elf test=all");
    CHECK_STR(Boot.BootLoaderName, "GRUB 2.06");
}

static void flags_say_what_is_there(void)
{
    MULTIBOOT_INFO *Info = place_info(0x100);
    KI_BOOT_INFORMATION Boot;
    ULONG Problems;

    Info->Flags = 0;
    Info->CmdLine = 0x400; /* present but not flagged: ignored */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, 0);
    CHECK(!Boot.HasMemorySizes);
    CHECK(Boot.CommandLine == NULL);
}

static void out_of_reach_structures_are_reported(void)
{
    MULTIBOOT_INFO *Info;
    KI_BOOT_INFORMATION Boot;
    ULONG Problems;

    place_info(0);
    KiReadBootInformation(sizeof(memory) - 8, (ULONG_PTR)memory, sizeof(memory),
                          &Boot, &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_INFO);
    KiReadBootInformation(0, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_INFO);
    KiReadBootInformation(0xFFFFFFF0u, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_INFO);

    Info = place_info(0x100);
    Info->Flags = MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_BOOT_LOADER_NAME |
                  MULTIBOOT_INFO_MEMORY;
    Info->MemUpper = 1024;
    Info->CmdLine = 0x7FFFFFFF; /* far outside */
    Info->BootLoaderName = sizeof(memory) - 4;
    memset(&memory[sizeof(memory) - 4], 'x', 4); /* no terminator */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_CMDLINE | KI_BOOT_PROBLEM_LOADER_NAME);
    CHECK(Boot.CommandLine == NULL);
    CHECK(Boot.BootLoaderName == NULL);
    CHECK_EQ(Boot.MemUpperKb, 1024); /* what was good is kept */
}

int main(void)
{
    RUN(reads_sizes_and_strings);
    RUN(flags_say_what_is_there);
    RUN(out_of_reach_structures_are_reported);
    HOST_TEST_EXIT();
}
