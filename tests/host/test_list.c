/* LIST_ENTRY and SINGLE_LIST_ENTRY operations, and their corruption checks. */
#include "host_test.h"
#include "ntlist.h"

typedef struct _ITEM {
    int Value;
    LIST_ENTRY Link;
    SINGLE_LIST_ENTRY Next;
} ITEM;

static jmp_buf fail_fast_jump;
static int fail_fast_armed;
static ULONG fail_fast_code;

/* The kernel bug checks here; the test records the code and unwinds. */
void RtlFailFast(ULONG Code)
{
    fail_fast_code = Code;
    if (fail_fast_armed)
        longjmp(fail_fast_jump, 1);
    abort();
}

static int values(PLIST_ENTRY Head, int *Out)
{
    PLIST_ENTRY Entry;
    int Count = 0;

    for (Entry = Head->Flink; Entry != Head; Entry = Entry->Flink)
        Out[Count++] = CONTAINING_RECORD(Entry, ITEM, Link)->Value;
    return Count;
}

static void insert_and_remove_in_order(void)
{
    LIST_ENTRY Head;
    ITEM Items[4] = {{.Value = 1}, {.Value = 2}, {.Value = 3}, {.Value = 4}};
    int Out[4];

    InitializeListHead(&Head);
    CHECK(IsListEmpty(&Head));
    InsertTailList(&Head, &Items[1].Link);
    InsertHeadList(&Head, &Items[0].Link);
    InsertTailList(&Head, &Items[2].Link);
    InsertTailList(&Head, &Items[3].Link);
    CHECK_EQ(values(&Head, Out), 4);
    CHECK(Out[0] == 1 && Out[1] == 2 && Out[2] == 3 && Out[3] == 4);

    CHECK(RemoveHeadList(&Head) == &Items[0].Link);
    CHECK(RemoveTailList(&Head) == &Items[3].Link);
    CHECK(!RemoveEntryList(&Items[1].Link)); /* one left: not empty */
    CHECK(RemoveEntryList(&Items[2].Link));  /* now empty */
    CHECK(IsListEmpty(&Head));
    /* NT returns the head itself when removing from an empty list. */
    CHECK(RemoveHeadList(&Head) == &Head);
    CHECK(IsListEmpty(&Head));
}

static void append_tail_list_splices(void)
{
    LIST_ENTRY Head, Other;
    ITEM Items[4] = {{.Value = 1}, {.Value = 2}, {.Value = 3}, {.Value = 4}};
    int Out[4];

    InitializeListHead(&Head);
    InitializeListHead(&Other);
    InsertTailList(&Head, &Items[0].Link);
    InsertTailList(&Head, &Items[1].Link);
    InsertTailList(&Other, &Items[2].Link);
    InsertTailList(&Other, &Items[3].Link);
    /* As in the WDK: the appended list is its first entry, headless. */
    RemoveEntryList(&Other);
    AppendTailList(&Head, &Items[2].Link);
    CHECK_EQ(values(&Head, Out), 4);
    CHECK(Out[0] == 1 && Out[1] == 2 && Out[2] == 3 && Out[3] == 4);
    CHECK(Head.Blink == &Items[3].Link);
}

static void single_list_push_pop(void)
{
    SINGLE_LIST_ENTRY Head = {NULL};
    ITEM Items[2] = {{.Value = 1}, {.Value = 2}};

    CHECK(PopEntryList(&Head) == NULL);
    PushEntryList(&Head, &Items[0].Next);
    PushEntryList(&Head, &Items[1].Next);
    CHECK(CONTAINING_RECORD(PopEntryList(&Head), ITEM, Next)->Value == 2);
    CHECK(CONTAINING_RECORD(PopEntryList(&Head), ITEM, Next)->Value == 1);
    CHECK(PopEntryList(&Head) == NULL);
}

static void corrupt_links_fail_fast(void)
{
    LIST_ENTRY Head;
    ITEM Items[2] = {{.Value = 1}, {.Value = 2}};
    volatile int Reached = 0;

    InitializeListHead(&Head);
    InsertTailList(&Head, &Items[0].Link);
    InsertTailList(&Head, &Items[1].Link);
    Items[1].Link.Blink = &Items[1].Link; /* a stray write */
    fail_fast_code = 0;
    fail_fast_armed = 1;
    if (setjmp(fail_fast_jump) == 0) {
        RemoveEntryList(&Items[1].Link);
        Reached = 1;
    }
    fail_fast_armed = 0;
    CHECK(!Reached);
    CHECK_EQ(fail_fast_code, FAST_FAIL_CORRUPT_LIST_ENTRY);
    /* The list itself was not written through the bad link. */
    CHECK(Head.Blink == &Items[1].Link);
    CHECK(Items[0].Link.Flink == &Items[1].Link);
}

static void struct_layout_matches_wdk(void)
{
    CHECK_EQ(sizeof(LIST_ENTRY), 2 * sizeof(void *));
    CHECK_EQ(offsetof(LIST_ENTRY, Blink), sizeof(void *));
    CHECK_EQ(sizeof(ULONG), 4);
    CHECK_EQ(sizeof(KIRQL), 1);
    CHECK_EQ(sizeof(SIZE_T), sizeof(void *));
    CHECK_EQ(sizeof(KSPIN_LOCK), sizeof(void *));
    CHECK_EQ(sizeof(LARGE_INTEGER), 8);
    CHECK(NT_SUCCESS(0) && !NT_SUCCESS((NTSTATUS)0xC0000001));
}

int main(void)
{
    RUN(insert_and_remove_in_order);
    RUN(append_tail_list_splices);
    RUN(single_list_push_pop);
    RUN(corrupt_links_fail_fast);
    RUN(struct_layout_matches_wdk);
    HOST_TEST_EXIT();
}
