/*
 * What firmware leaves behind is not trusted: a memory map whose first
 * block is all mem_upper covers (OVMF's, split at 8 MiB), types this
 * kernel does not know, 8259s left unmasked, no UART at COM1.
 */
#include "drivers/ata.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/hal.h"
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/x86.h"

#define PIC1_DATA 0x21
#define PIC2_DATA 0xA1

static MI_MEMORY_MAP firmware_map;

/* Multiboot entries: size 20, 64-bit base and length, type. */
#define ENTRY(Base, Length, Type) 20, (Base), 0, (Length), 0, (Type)

KTEST(mm_the_map_wins_over_mem_upper_and_unknown_types_are_reserved)
{
    static ULONG Entries[] = {
        ENTRY(0x00000000, 0x0009F000, 1),  /* low memory */
        ENTRY(0x00100000, 0x00700000, 1),  /* 1-8 MiB: all mem_upper says */
        ENTRY(0x00800000, 0x00010000, 4),  /* ACPI NVS */
        ENTRY(0x00810000, 0x017F0000, 1),  /* up to 32 MiB */
        ENTRY(0x02000000, 0x00100000, 7),  /* persistent memory: unknown */
        ENTRY(0x02100000, 0x00100000, 20), /* a type no one has defined */
        ENTRY(0x02200000, 0x01E00000, 1),  /* up to 64 MiB */
    };
    KI_BOOT_INFORMATION Boot;

    RtlZeroMemory(&Boot, sizeof(Boot));
    Boot.WindowBase = KI_KERNEL_VIRTUAL_BASE;
    Boot.MemoryMap = (const UCHAR *)Entries;
    Boot.MemoryMapPhysical = KI_VIRTUAL_TO_PHYSICAL(Entries);
    Boot.MemoryMapLength = sizeof(Entries);
    Boot.HasMemorySizes = TRUE;
    Boot.MemLowerKb = 636;
    Boot.MemUpperKb = 7 * 1024;
    MiBuildMemoryMap(&firmware_map, &Boot);
    KT_ASSERT_EQ(MiHighestFreePage(&firmware_map), 0x4000); /* one past */
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x900), MiMemoryFree);
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x800), MiMemoryAcpiNvs);
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x2000), MiMemoryReserved);
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x20FF), MiMemoryReserved);
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x2100), MiMemoryReserved);
    KT_ASSERT_EQ(MiGetMemoryType(&firmware_map, 0x2200), MiMemoryFree);
}

/* The HAL masks every 8259 line it does not use, whatever the firmware
 * left (OVMF masks them all, SeaBIOS only some): with the APIC, all of
 * them; with the 8259s, every line nothing is connected to. The routine
 * boot runs is run again over an all-open mask. */
KTEST(hal_8259_lines_masked_whatever_the_firmware_left)
{
    ULONG Flags = save_and_disable_interrupts();
    UCHAR Master, Slave;

    if (HalpController == &HalpApic) {
        outb(PIC1_DATA, 0x00);
        outb(PIC2_DATA, 0x00);
        HalpRemapPic(PIC_PARKED_VECTOR_BASE);
    }
    Master = inb(PIC1_DATA);
    Slave = inb(PIC2_DATA);
    restore_interrupts(Flags);
    if (HalpController == &HalpApic) {
        KT_ASSERT_EQ(Master, 0xFF);
        KT_ASSERT_EQ(Slave, 0xFF);
    } else {
        /* Lines 3, 5-7, 9-11 and 13-15 have no device in this kernel,
         * but for 14 and 15 when a disk is on their IDE channel. */
        UCHAR Unused = 0xEE;
        ULONG Index;

        for (Index = 0; Index < AtapDiskCount; Index++)
            if (AtapGetDisk(Index)->Channel->Interrupt != NULL)
                Unused &= ~(1 << (AtapGetDisk(Index)->Channel->Irq - 8));
        KT_ASSERT_EQ(Master & 0xE8, 0xE8);
        KT_ASSERT_EQ(Slave & 0xEE, Unused);
        KT_ASSERT_EQ(Master & 0x04, 0); /* the cascade stays open */
    }
}

/* `-serial none` boots say expect_no_serial=1: the scratch register
 * probe must find no UART there, and everything else runs without it. */
KTEST(serial_presence_is_probed)
{
    BOOLEAN Expected =
        !KiGetBooleanOption(KiGetCommandLine(), "expect_no_serial");

    KT_ASSERT_EQ(HaliSerialPresent, Expected);
    KT_ASSERT_EQ(HaliSerialProbe(), Expected);
}
