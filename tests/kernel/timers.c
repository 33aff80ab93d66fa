/*
 * Timer objects: waitable, queried, cancelled, and calling a routine on
 * each expiry through an APC to the thread that set them; nothing stays
 * behind once their handles close.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "tests/kernel/kt_ring3.h"

static volatile LONG expiries;
static volatile ULONGLONG last_expiry;

static VOID NTAPI count_expiry(PVOID Context, ULONG TimerLowValue,
                               LONG TimerHighValue)
{
    if (Context == (PVOID)0x7133)
        __atomic_add_fetch(&expiries, 1, __ATOMIC_RELAXED);
    last_expiry = ((ULONGLONG)(ULONG)TimerHighValue << 32) | TimerLowValue;
}

static VOID sleep_ms(LONG Milliseconds)
{
    LARGE_INTEGER Interval = {.QuadPart = -10LL * 1000 * Milliseconds};

    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
}

KTEST(timer_objects_wait_query_cancel_and_call_back)
{
    LARGE_INTEGER Soon = {.QuadPart = -10LL * 1000 * 20};          /* 20 ms */
    LARGE_INTEGER Later = {.QuadPart = -10LL * 1000 * 1000 * 60};  /* 60 s */
    LARGE_INTEGER Timeout = {.QuadPart = -10LL * 1000 * 1000 * 5}; /* 5 s */
    LARGE_INTEGER Started, Ended;
    OBJECT_ATTRIBUTES Attributes;
    TIMER_BASIC_INFORMATION Info;
    HANDLE Timer = NULL;
    BOOLEAN State = TRUE;
    SIZE_T Bytes = KtUserPoolBytes();
    LONG Timers = (*ExTimerObjectType)->TotalNumberOfObjects;
    KT_CLEANUP_SECTION;

    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(
        ZwCreateTimer(&Timer, TIMER_ALL_ACCESS, &Attributes, NotificationTimer),
        STATUS_SUCCESS);
    /* Set far away: not signalled, time remaining; cancelled: it was not. */
    KT_ASSERT_EQ(ZwSetTimer(Timer, &Later, NULL, NULL, FALSE, 0, &State),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(State, FALSE);
    KT_ASSERT_EQ(
        NtQueryTimer(Timer, TimerBasicInformation, &Info, sizeof(Info), NULL),
        STATUS_SUCCESS);
    KT_ASSERT(!Info.TimerState && Info.RemainingTime.QuadPart > 0);
    KT_ASSERT_EQ(ZwCancelTimer(Timer, &State), STATUS_SUCCESS);
    KT_ASSERT_EQ(State, FALSE);
    /* Set soon: a wait on it ends, and it reads signalled. */
    KT_ASSERT_EQ(ZwSetTimer(Timer, &Soon, NULL, NULL, FALSE, 0, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Timer, FALSE, &Timeout), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        NtQueryTimer(Timer, TimerBasicInformation, &Info, sizeof(Info), NULL),
        STATUS_SUCCESS);
    KT_ASSERT(Info.TimerState && Info.RemainingTime.QuadPart == 0);
    KT_ASSERT_EQ(NtQueryTimer(Timer, TimerBasicInformation, &Info, 1, NULL),
                 STATUS_INFO_LENGTH_MISMATCH);
    /* Periodic with a routine: it runs on each expiry, with the expiry's
     * system time. */
    expiries = 0;
    last_expiry = 0;
    KeQuerySystemTime(&Started);
    KT_ASSERT_EQ(
        ZwSetTimer(Timer, &Soon, count_expiry, (PVOID)0x7133, FALSE, 10, NULL),
        STATUS_SUCCESS);
    sleep_ms(150);
    KT_ASSERT_EQ(ZwCancelTimer(Timer, NULL), STATUS_SUCCESS);
    KT_ASSERT_MSG(expiries >= 3, "%ld expiries in 150 ms", expiries);
    KeQuerySystemTime(&Ended);
    KT_ASSERT_MSG(last_expiry > (ULONGLONG)Started.QuadPart &&
                      last_expiry <= (ULONGLONG)Ended.QuadPart,
                  "routine given %llu, set at %lld, cancelled at %lld",
                  last_expiry, Started.QuadPart, Ended.QuadPart);
    KT_CLEANUP;
    if (Timer != NULL)
        ZwClose(Timer);
    KT_ASSERT_EQ((*ExTimerObjectType)->TotalNumberOfObjects, Timers);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
