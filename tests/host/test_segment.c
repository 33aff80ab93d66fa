/* Selector helpers and descriptor encoding, bit for bit (Intel SDM 3.4). */
#include "host_test.h"
#include "kernel/segment.h"

static void selectors(void)
{
    CHECK_EQ(KiMakeSelector(1, SELECTOR_TABLE_GDT, 0), 0x08);
    CHECK_EQ(KiMakeSelector(3, SELECTOR_TABLE_GDT, 3), 0x1B);
    CHECK_EQ(KiMakeSelector(2, SELECTOR_TABLE_LDT, 3), 0x17);
    CHECK_EQ(KiSelectorIndex(0x1B), 3);
    CHECK_EQ(KiSelectorTable(0x17), SELECTOR_TABLE_LDT);
    CHECK_EQ(KiSelectorRpl(0x1B), 3);
    /* NT's x86 GDT selectors. */
    CHECK_EQ(KGDT_R0_CODE, 0x08);
    CHECK_EQ(KGDT_R0_DATA, 0x10);
    CHECK_EQ(KGDT_R3_CODE, 0x18);
    CHECK_EQ(KGDT_R3_DATA, 0x20);
    CHECK_EQ(KGDT_TSS, 0x28);
    CHECK_EQ(KGDT_R0_PCR, 0x30);
    CHECK_EQ(KGDT_R3_TEB, 0x38);
    CHECK_EQ(KGDT_LDT, 0x48);
    CHECK_EQ(KGDT_DF_TSS, 0x50);
}

static void flat_code_descriptor_bytes(void)
{
    KGDTENTRY Entry;
    const unsigned char Expected[8] = {0xFF, 0xFF, 0, 0, 0, 0x9A, 0xCF, 0};

    CHECK_EQ(sizeof(KGDTENTRY), 8);
    CHECK(NT_SUCCESS(
        KiBuildDescriptor(0, 0xFFFFFFFF, SEGMENT_TYPE_CODE_READ, 0, &Entry)));
    CHECK(memcmp(&Entry, Expected, 8) == 0);
}

static void user_data_and_tss_bytes(void)
{
    KGDTENTRY Entry;
    const unsigned char Data[8] = {0xFF, 0xFF, 0, 0, 0, 0xF2, 0xCF, 0};
    const unsigned char Tss[8] = {0x67, 0, 0x78, 0x56, 0x34, 0x89, 0x00, 0x12};

    CHECK(NT_SUCCESS(
        KiBuildDescriptor(0, 0xFFFFFFFF, SEGMENT_TYPE_DATA_WRITE, 3, &Entry)));
    CHECK(memcmp(&Entry, Data, 8) == 0);
    CHECK(NT_SUCCESS(
        KiBuildDescriptor(0x12345678, 0x67, SEGMENT_TYPE_TSS, 0, &Entry)));
    CHECK(memcmp(&Entry, Tss, 8) == 0);
}

static void round_trip_byte_and_page_limits(void)
{
    KGDTENTRY Entry;

    CHECK(NT_SUCCESS(KiBuildDescriptor(0xC0DE1000, 0xFFFFF,
                                       SEGMENT_TYPE_DATA_READ, 2, &Entry)));
    CHECK_EQ(KiDescriptorBase(&Entry), 0xC0DE1000);
    CHECK_EQ(KiDescriptorLimit(&Entry), 0xFFFFF);
    CHECK_EQ(KiDescriptorType(&Entry), SEGMENT_TYPE_DATA_READ);
    CHECK_EQ(KiDescriptorDpl(&Entry), 2);
    CHECK(KiDescriptorPresent(&Entry));
    CHECK(NT_SUCCESS(
        KiBuildDescriptor(0, 0x1FFFFF, SEGMENT_TYPE_DATA_WRITE, 0, &Entry)));
    CHECK_EQ(KiDescriptorLimit(&Entry), 0x1FFFFF);
}

static void impossible_requests_are_refused(void)
{
    KGDTENTRY Entry = {0};

    /* Above 1 MiB the limit counts pages: it must end on a page. */
    CHECK_EQ(KiBuildDescriptor(0, 0x100000, SEGMENT_TYPE_DATA_WRITE, 0, &Entry),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(KiBuildDescriptor(0, 15, 0x20, 0, &Entry),
             STATUS_INVALID_PARAMETER);
    CHECK_EQ(KiBuildDescriptor(0, 15, SEGMENT_TYPE_DATA_WRITE, 4, &Entry),
             STATUS_INVALID_PARAMETER);
    CHECK(!KiDescriptorPresent(&Entry)); /* untouched */
}

/* A descriptor built as asked (KiBuildDescriptor checks nothing the
 * validator is about: it makes ring-0 and system ones too). */
static KGDTENTRY user_entry(ULONG Base, ULONG Limit, ULONG Type, ULONG Dpl)
{
    KGDTENTRY Entry = {0};

    if (!NT_SUCCESS(KiBuildDescriptor(Base, Limit, Type, Dpl, &Entry)))
        Entry.Access = 0xFF; /* shows up as a failure below */
    return Entry;
}

static void user_descriptors_stay_in_ring_3_and_the_user_half(void)
{
    KGDTENTRY Entry = {0};

    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_SUCCESS); /* free */
    Entry = user_entry(0x10000, 0xFFF, SEGMENT_TYPE_DATA_WRITE, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_SUCCESS);
    Entry = user_entry(0x400000, 0xFFF, SEGMENT_TYPE_CODE_READ, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_SUCCESS);
    /* The last byte of the user half, and one past it. */
    Entry = user_entry(0x7FFEF000, 0xFFF, SEGMENT_TYPE_DATA_READ, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_SUCCESS);
    Entry = user_entry(0x7FFEF000, 0x1000, SEGMENT_TYPE_DATA_READ, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    Entry = user_entry(0x80000000, 0xFFF, SEGMENT_TYPE_DATA_READ, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    Entry = user_entry(0x10000, 0xFFFFFFFF, SEGMENT_TYPE_DATA_WRITE, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    /* Ring 0, system types, conforming code, a 32-bit expand-down. */
    Entry = user_entry(0x10000, 0xFFF, SEGMENT_TYPE_DATA_WRITE, 0);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    Entry = user_entry(0x10000, 0xFFF, SEGMENT_TYPE_TSS, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    Entry = user_entry(0x10000, 0xFFF, SEGMENT_TYPE_CODE_READ | 0x04, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
    Entry = user_entry(0x10000, 0xFFF, SEGMENT_TYPE_DATA_WRITE_DOWN, 3);
    CHECK_EQ(KiValidateUserDescriptor(&Entry), STATUS_INVALID_LDT_DESCRIPTOR);
}

int main(void)
{
    RUN(selectors);
    RUN(flat_code_descriptor_bytes);
    RUN(user_data_and_tss_bytes);
    RUN(round_trip_byte_and_page_limits);
    RUN(impossible_requests_are_refused);
    RUN(user_descriptors_stay_in_ring_3_and_the_user_half);
    HOST_TEST_EXIT();
}
