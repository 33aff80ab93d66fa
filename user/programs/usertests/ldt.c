/*
 * NtSetLdtEntries: a process installs a data descriptor of its own in its
 * LDT and reads memory through the selector (TI = 1, RPL 3); a system or
 * gate descriptor, or one of DPL below 3, is refused.
 */
#include "usertests.h"

#define LDT_SELECTOR(Index) (((Index) << 3) | 0x4 | 0x3)

static LDT_ENTRY data_descriptor(ULONG Base, ULONG Limit, UCHAR Dpl)
{
    LDT_ENTRY Entry;

    Entry.LimitLow = (USHORT)Limit;
    Entry.BaseLow = (USHORT)Base;
    Entry.Bytes.BaseMid = (UCHAR)(Base >> 16);
    Entry.Bytes.Flags1 = (UCHAR)(0x80 | (Dpl << 5) | 0x10 | 0x2); /* P, S, RW */
    Entry.Bytes.Flags2 = (UCHAR)(0x40 | ((Limit >> 16) & 0xF));   /* 32-bit */
    Entry.Bytes.BaseHi = (UCHAR)(Base >> 24);
    return Entry;
}

static ULONG read_through(USHORT Selector, ULONG Offset)
{
    ULONG Value;

    __asm__ __volatile__("push %%gs\n\t"
                         "movw %w1, %%gs\n\t"
                         "movl %%gs:(%2), %0\n\t"
                         "pop %%gs"
                         : "=r"(Value)
                         : "r"(Selector), "r"(Offset)
                         : "memory");
    return Value;
}

void ldt_selector_reads_through_its_base(void)
{
    static ULONG Data[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
    LDT_ENTRY Entry = data_descriptor((ULONG)(ULONG_PTR)Data, 15, 3);
    LDT_ENTRY None;

    memset(&None, 0, sizeof(None));
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(1), Entry, 0, None), STATUS_SUCCESS);
    CHECK_EQ(read_through(LDT_SELECTOR(1), 8), 0x33333333);
    CHECK_EQ(read_through(LDT_SELECTOR(1), 0), 0x11111111);
}

/* What NT's NtSetLdtEntries refuses, each with its status; a refused
 * pair sets neither entry. */
void ldt_refuses_system_descriptors(void)
{
    static ULONG Data[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
    LDT_ENTRY Good = data_descriptor((ULONG)(ULONG_PTR)Data, 15, 3);
    LDT_ENTRY Entry, None;

    memset(&None, 0, sizeof(None));
    /* DPL 0. */
    Entry = data_descriptor((ULONG)(ULONG_PTR)Data, 15, 0);
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(2), Entry, 0, None),
             STATUS_INVALID_LDT_DESCRIPTOR);
    /* A call gate (S clear, type 0xC). */
    Entry = data_descriptor((ULONG)(ULONG_PTR)Data, 15, 3);
    Entry.Bytes.Flags1 = (UCHAR)(0x80 | (3 << 5) | 0xC);
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(2), Entry, 0, None),
             STATUS_INVALID_LDT_DESCRIPTOR);
    /* Conforming code. */
    Entry = data_descriptor((ULONG)(ULONG_PTR)Data, 15, 3);
    Entry.Bytes.Flags1 = (UCHAR)(0x80 | (3 << 5) | 0x1E);
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(2), Entry, 0, None),
             STATUS_INVALID_LDT_DESCRIPTOR);
    /* A base and limit reaching into the kernel's half. */
    Entry = data_descriptor(0x7FFF0000, 0x20000, 3);
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(2), Entry, 0, None),
             STATUS_INVALID_LDT_DESCRIPTOR);
    /* A selector past 16 bits. */
    CHECK_EQ(NtSetLdtEntries(0x10000 | LDT_SELECTOR(2), Good, 0, None),
             STATUS_INVALID_LDT_DESCRIPTOR);
    /* The second bad: the first good one is not set either. */
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(3), Good, LDT_SELECTOR(4), Entry),
             STATUS_INVALID_LDT_DESCRIPTOR);
    CHECK_EQ(NtSetLdtEntries(LDT_SELECTOR(4), Good, 0, None), STATUS_SUCCESS);
    CHECK_EQ(read_through(LDT_SELECTOR(4), 4), 0x22222222);
    /* Index 0 is "no entry" (TI and RPL say nothing): nothing is set. */
    CHECK_EQ(NtSetLdtEntries(0x7, Entry, 0, None), STATUS_SUCCESS);
    /* The highest index a 16-bit selector names. */
    CHECK_EQ(NtSetLdtEntries(0xFFFF, Good, 0, None), STATUS_SUCCESS);
    CHECK_EQ(read_through(0xFFFF, 8), 0x33333333);
}
