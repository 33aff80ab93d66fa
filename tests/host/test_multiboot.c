/* Reading the loader's information without trusting it. */
#include "host_test.h"
#include "kernel/multiboot.h"
#include "ntstatus.h"

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

static void put_entry(ULONG Offset, ULONG Size, ULONGLONG Base,
                      ULONGLONG Length, ULONG Type)
{
    MULTIBOOT_MEMORY_ENTRY Entry = {Size, Base, Length, Type};
    memcpy(&memory[Offset], &Entry, sizeof(Entry));
}

static void walks_the_memory_map_and_modules(void)
{
    MULTIBOOT_INFO *Info = place_info(0x100);
    MULTIBOOT_MODULE *Module = (MULTIBOOT_MODULE *)&memory[0x800];
    MULTIBOOT_MEMORY_ENTRY Entry;
    KI_BOOT_INFORMATION Boot;
    ULONG Problems, Offset = 0;

    Info->Flags = MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_MODS;
    Info->MmapAddr = 0x600;
    Info->MmapLength = 24 + 28 + 24;
    put_entry(0x600, 20, 0, 0x9FC00, MULTIBOOT_MEMORY_AVAILABLE);
    put_entry(0x600 + 24, 24, 0x100000000ULL, 0x1000, 7); /* odd size */
    put_entry(0x600 + 24 + 28, 20, 0x100000, 0x7EE0000, 1);
    Info->ModsAddr = 0x800;
    Info->ModsCount = 1;
    Module->ModStart = 0x200000;
    Module->ModEnd = 0x201234;
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, 0);
    CHECK_EQ(Boot.InfoPhysical, 0x100);
    CHECK_EQ(KiBootPhysical(&Boot, Boot.MemoryMap), 0x600);
    CHECK_EQ(Boot.ModuleCount, 1);
    CHECK_EQ(Boot.Modules[0].ModEnd, 0x201234);

    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry), STATUS_SUCCESS);
    CHECK_EQ(Entry.Length, 0x9FC00);
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry), STATUS_SUCCESS);
    CHECK_EQ(Entry.BaseAddress, 0x100000000ULL);
    CHECK_EQ(Entry.Type, 7);
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry), STATUS_SUCCESS);
    CHECK_EQ(Entry.BaseAddress, 0x100000);
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry),
             STATUS_NO_MORE_ENTRIES);
}

static void malformed_memory_maps_stop_the_walk(void)
{
    MULTIBOOT_INFO *Info = place_info(0x100);
    MULTIBOOT_MEMORY_ENTRY Entry;
    KI_BOOT_INFORMATION Boot;
    ULONG Problems, Offset = 0;

    Info->Flags = MULTIBOOT_INFO_MEM_MAP;
    Info->MmapAddr = 0x600;
    Info->MmapLength = 24 + 24 + 10;
    put_entry(0x600, 20, 0, 0x9FC00, 1);
    put_entry(0x600 + 24, 12, 0x100000, 0x100000, 1); /* too short */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry), STATUS_SUCCESS);
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(Offset, 24); /* not moved past the bad entry */

    put_entry(0x600 + 24, 20, 0x100000, 0x100000, 1);
    Info->MmapLength = 24 + 20; /* the second entry runs past the end */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    Offset = 24;
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry),
             STATUS_INVALID_PARAMETER);

    Info->MmapAddr = sizeof(memory) - 8; /* the map itself out of reach */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_MEMORY_MAP);
    CHECK(Boot.MemoryMap == NULL);
    Offset = 0;
    CHECK_EQ(KiNextMemoryMapEntry(&Boot, &Offset, &Entry),
             STATUS_NO_MORE_ENTRIES);

    Info->Flags = MULTIBOOT_INFO_MODS;
    Info->ModsAddr = 0x600;
    Info->ModsCount = 0x10000000; /* the size would wrap */
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), &Boot,
                          &Problems);
    CHECK_EQ(Problems, KI_BOOT_PROBLEM_MODULES);
    CHECK(Boot.Modules == NULL);
}

/* GRUB's answer to the header's graphics request: 1024x768, 32 bits,
 * red at bit 16, green at 8, blue at 0. */
static MULTIBOOT_INFO *framebuffer_info(void)
{
    MULTIBOOT_INFO *Info = place_info(0x100);

    Info->Flags = MULTIBOOT_INFO_FRAMEBUFFER;
    Info->FramebufferAddress = 0xFD000000;
    Info->FramebufferPitch = 4096;
    Info->FramebufferWidth = 1024;
    Info->FramebufferHeight = 768;
    Info->FramebufferBpp = 32;
    Info->FramebufferType = MULTIBOOT_FRAMEBUFFER_RGB;
    Info->RedPosition = 16;
    Info->RedMaskSize = 8;
    Info->GreenPosition = 8;
    Info->GreenMaskSize = 8;
    Info->BluePosition = 0;
    Info->BlueMaskSize = 8;
    return Info;
}

static KI_SCREEN_KIND screen_of(ULONG *Problems, KI_BOOT_INFORMATION *Boot)
{
    KiReadBootInformation(0x100, (ULONG_PTR)memory, sizeof(memory), Boot,
                          Problems);
    return Boot->Framebuffer.Kind;
}

static void framebuffer_is_taken_when_drawable(void)
{
    MULTIBOOT_INFO *Info = framebuffer_info();
    KI_BOOT_INFORMATION Boot;
    ULONG Problems;

    CHECK_EQ(offsetof(MULTIBOOT_INFO, FramebufferAddress), 88);
    CHECK_EQ(offsetof(MULTIBOOT_INFO, FramebufferType), 109);
    CHECK_EQ(offsetof(MULTIBOOT_INFO, RedPosition), 112); /* as GRUB */
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenFramebuffer);
    CHECK_EQ(Problems, 0);
    CHECK_EQ(Boot.Framebuffer.Physical, 0xFD000000);
    CHECK_EQ(Boot.Framebuffer.Pitch, 4096);
    CHECK_EQ(Boot.Framebuffer.Width, 1024);
    CHECK_EQ(Boot.Framebuffer.Height, 768);
    CHECK_EQ(Boot.Framebuffer.BytesPerPixel, 4);
    CHECK_EQ(Boot.Framebuffer.RedPosition, 16);
    CHECK_EQ(Boot.Framebuffer.GreenSize, 8);

    /* 24 bits, BGR order, padded lines. */
    Info->FramebufferBpp = 24;
    Info->FramebufferPitch = 2400;
    Info->FramebufferWidth = 800;
    Info->FramebufferHeight = 600;
    Info->RedPosition = 0;
    Info->BluePosition = 16;
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenFramebuffer);
    CHECK_EQ(Boot.Framebuffer.BytesPerPixel, 3);
    CHECK_EQ(Boot.Framebuffer.BluePosition, 16);

    /* Ending exactly at 4 GiB is still reachable. */
    Info->FramebufferAddress = 0x100000000ULL - 2400 * 600;
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenFramebuffer);
}

static void text_mode_or_no_information_keeps_vga_text(void)
{
    MULTIBOOT_INFO *Info = framebuffer_info();
    KI_BOOT_INFORMATION Boot;
    ULONG Problems;

    Info->FramebufferType = MULTIBOOT_FRAMEBUFFER_EGA_TEXT;
    Info->FramebufferAddress = 0xB8000;
    Info->FramebufferWidth = 80;
    Info->FramebufferHeight = 25;
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenVgaText);
    CHECK_EQ(Problems, 0);

    /* The fields are there but the flag is not: they mean nothing. */
    Info = framebuffer_info();
    Info->Flags = 0;
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenVgaText);
    CHECK_EQ(Problems, 0);
}

/* Each of these is a graphics mode the console cannot draw on: reported,
 * and neither it nor VGA text (which is gone) is used. */
static void undrawable_framebuffers_are_reported(void)
{
    static const struct {
        const char *What;
        ULONG Field, Value;
    } Cases[] = {
        {"indexed colour", 109, MULTIBOOT_FRAMEBUFFER_INDEXED},
        {"unknown type", 109, 7},
        {"16 bits per pixel", 108, 16},
        {"8 bits per pixel", 108, 8},
        {"zero width", 100, 0},
        {"zero height", 104, 0},
        {"width past the limit", 100, 8193},
        {"pitch shorter than a line", 96, 4095},
        {"address 0", 88, 0},
        {"above 4 GiB", 92, 1},
        {"red mask of 9 bits", 113, 9},
        {"green mask of 0 bits", 115, 0},
        {"blue past the pixel", 116, 30},
    };
    KI_BOOT_INFORMATION Boot;
    ULONG Problems, Index;

    for (Index = 0; Index < ARRAYSIZE(Cases); Index++) {
        MULTIBOOT_INFO *Info = framebuffer_info();
        unsigned char *Field = (unsigned char *)Info + Cases[Index].Field;

        if (Cases[Index].Field >= 108)
            *Field = (unsigned char)Cases[Index].Value;
        else
            memcpy(Field, &Cases[Index].Value, sizeof(ULONG));
        CHECK_MSG(screen_of(&Problems, &Boot) == KiScreenNone,
                  "%s: taken as screen kind %d", Cases[Index].What,
                  Boot.Framebuffer.Kind);
        CHECK_MSG(Problems == KI_BOOT_PROBLEM_FRAMEBUFFER, "%s: problems %x",
                  Cases[Index].What, (unsigned)Problems);
    }

    /* A framebuffer that runs past 4 GiB. */
    framebuffer_info()->FramebufferAddress = 0xFFF00000;
    CHECK_EQ(screen_of(&Problems, &Boot), KiScreenNone);
}

int main(void)
{
    RUN(reads_sizes_and_strings);
    RUN(flags_say_what_is_there);
    RUN(out_of_reach_structures_are_reported);
    RUN(walks_the_memory_map_and_modules);
    RUN(malformed_memory_maps_stop_the_walk);
    RUN(framebuffer_is_taken_when_drawable);
    RUN(text_mode_or_no_information_keeps_vga_text);
    RUN(undrawable_framebuffers_are_reported);
    HOST_TEST_EXIT();
}
