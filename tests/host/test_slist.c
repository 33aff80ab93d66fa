/*
 * The SLIST routines (kernel/ex/slist.c) over the host's snapshot and
 * exchange: order, depth and sequence, flush, and the retry when another
 * operation slips in between a routine's snapshot and its exchange,
 * including the ABA case the sequence number is for.
 */
#include "host_test.h"
#include "tests/host/slist_host.h"

VOID RtlFailFast(ULONG Code)
{
    printf("unexpected fail-fast %lu\n", (unsigned long)Code);
    abort();
}

static SLIST_HEADER list;
static SLIST_ENTRY entries[8];

static void fresh_list(ULONG Count)
{
    ULONG Index;

    InitializeSListHead(&list);
    for (Index = 0; Index < Count; Index++)
        InterlockedPushEntrySList(&list, &entries[Index]);
    ExpHostSListExchangesFailed = 0;
}

static void push_and_pop_are_last_in_first_out(void)
{
    PSLIST_ENTRY Entry;
    ULONG Index;

    InitializeSListHead(&list);
    CHECK_EQ(ExQueryDepthSList(&list), 0);
    CHECK(InterlockedPopEntrySList(&list) == NULL);
    CHECK(InterlockedPushEntrySList(&list, &entries[0]) == NULL);
    CHECK(InterlockedPushEntrySList(&list, &entries[1]) == &entries[0]);
    CHECK(ExInterlockedPushEntrySList(&list, &entries[2], NULL) == &entries[1]);
    CHECK_EQ(ExQueryDepthSList(&list), 3);
    for (Index = 3; Index-- > 0;) {
        Entry = ExInterlockedPopEntrySList(&list, NULL);
        CHECK(Entry == &entries[Index]);
        CHECK_EQ(ExQueryDepthSList(&list), Index);
    }
    CHECK(InterlockedPopEntrySList(&list) == NULL);
    CHECK_EQ(ExQueryDepthSList(&list), 0);
}

static void every_push_changes_the_sequence(void)
{
    USHORT Before;

    fresh_list(0);
    Before = list.Sequence;
    InterlockedPushEntrySList(&list, &entries[0]);
    CHECK_EQ(list.Sequence, (USHORT)(Before + 1));
    InterlockedPopEntrySList(&list);
    InterlockedPushEntrySList(&list, &entries[0]);
    CHECK_EQ(list.Sequence, (USHORT)(Before + 2));
    /* Same first entry, same depth as after the first push: only the
     * sequence tells the two headers apart. */
    CHECK(list.Next.Next == &entries[0]);
    CHECK_EQ(list.Depth, 1);
}

static void sequence_and_depth_wrap_around(void)
{
    fresh_list(0);
    list.Sequence = 0xFFFF;
    InterlockedPushEntrySList(&list, &entries[0]);
    CHECK_EQ(list.Sequence, 0);
    CHECK_EQ(list.Depth, 1);
}

static void flush_takes_the_whole_chain(void)
{
    PSLIST_ENTRY Chain;
    USHORT Sequence;

    fresh_list(0);
    CHECK(InterlockedFlushSList(&list) == NULL);
    fresh_list(3);
    Sequence = list.Sequence;
    Chain = ExInterlockedFlushSList(&list);
    CHECK(Chain == &entries[2]);
    CHECK(Chain->Next == &entries[1]);
    CHECK(Chain->Next->Next == &entries[0]);
    CHECK(Chain->Next->Next->Next == NULL);
    CHECK(list.Next.Next == NULL);
    CHECK_EQ(ExQueryDepthSList(&list), 0);
    CHECK_EQ(list.Sequence, Sequence);
}

/* Interference: what another thread or an interrupt might do. */
static void push_one(PSLIST_HEADER ListHead)
{
    InterlockedPushEntrySList(ListHead, &entries[7]);
}

static void push_retries_when_the_header_changed(void)
{
    fresh_list(2);
    ExpHostSListInterference = push_one;
    CHECK(InterlockedPushEntrySList(&list, &entries[5]) == &entries[7]);
    CHECK_EQ(ExpHostSListExchangesFailed, 1);
    CHECK_EQ(ExQueryDepthSList(&list), 4);
    CHECK(InterlockedPopEntrySList(&list) == &entries[5]);
    CHECK(InterlockedPopEntrySList(&list) == &entries[7]);
    CHECK(InterlockedPopEntrySList(&list) == &entries[1]);
}

/* Pops the first two entries, pushes another and the first back: the
 * header shows the same first entry and depth as before. */
static void pop_two_push_two(PSLIST_HEADER ListHead)
{
    PSLIST_ENTRY First = InterlockedPopEntrySList(ListHead);

    InterlockedPopEntrySList(ListHead);
    InterlockedPushEntrySList(ListHead, &entries[6]);
    InterlockedPushEntrySList(ListHead, First);
}

/* The ABA case: the pop read entry 2 first and entry 1 second; by its
 * exchange entry 1 is gone (held by whoever popped it) and entry 2 is
 * first again. Without the sequence the pop would make the missing entry
 * 1 the list's first. */
static void pop_is_safe_from_aba(void)
{
    fresh_list(3); /* 2 -> 1 -> 0 */
    ExpHostSListInterference = pop_two_push_two;
    CHECK(InterlockedPopEntrySList(&list) == &entries[2]);
    CHECK_EQ(ExpHostSListExchangesFailed, 1);
    CHECK_EQ(ExQueryDepthSList(&list), 2);
    CHECK(InterlockedPopEntrySList(&list) == &entries[6]);
    CHECK(InterlockedPopEntrySList(&list) == &entries[0]);
    CHECK(InterlockedPopEntrySList(&list) == NULL);
}

static void pop_all(PSLIST_HEADER ListHead)
{
    while (InterlockedPopEntrySList(ListHead) != NULL)
        ;
}

static void pop_finds_the_list_emptied_meanwhile(void)
{
    fresh_list(2);
    ExpHostSListInterference = pop_all;
    CHECK(InterlockedPopEntrySList(&list) == NULL);
    CHECK_EQ(ExpHostSListExchangesFailed, 1);
    CHECK_EQ(ExQueryDepthSList(&list), 0);
}

static void flush_retries_when_the_header_changed(void)
{
    PSLIST_ENTRY Chain;

    fresh_list(1);
    ExpHostSListInterference = push_one;
    Chain = InterlockedFlushSList(&list);
    CHECK(Chain == &entries[7]);
    CHECK(Chain->Next == &entries[0]);
    CHECK_EQ(ExpHostSListExchangesFailed, 1);
    CHECK_EQ(ExQueryDepthSList(&list), 0);
}

int main(void)
{
    RUN(push_and_pop_are_last_in_first_out);
    RUN(every_push_changes_the_sequence);
    RUN(sequence_and_depth_wrap_around);
    RUN(flush_takes_the_whole_chain);
    RUN(push_retries_when_the_header_changed);
    RUN(pop_is_safe_from_aba);
    RUN(pop_finds_the_list_emptied_meanwhile);
    RUN(flush_retries_when_the_header_changed);
    HOST_TEST_EXIT();
}
