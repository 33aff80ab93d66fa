/*
 * Events and waits through kernel32: manual and auto reset, names in
 * \BaseNamedObjects shared between handles, access masks checked on every
 * use, WaitForMultipleObjects, Sleep and the tick count.
 */
#include "usertests.h"

void manual_and_auto_reset_events(void)
{
    HANDLE Manual = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE Auto = CreateEventA(NULL, FALSE, TRUE, NULL);

    CHECK(Manual != NULL && Auto != NULL);
    CHECK_EQ(WaitForSingleObject(Manual, 0), WAIT_TIMEOUT);
    CHECK(SetEvent(Manual));
    CHECK_EQ(WaitForSingleObject(Manual, 0), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(Manual, 0), WAIT_OBJECT_0); /* stays set */
    CHECK(ResetEvent(Manual));
    CHECK_EQ(WaitForSingleObject(Manual, 10), WAIT_TIMEOUT);
    /* An auto-reset event lets one wait through, then is clear. */
    CHECK_EQ(WaitForSingleObject(Auto, 0), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(Auto, 0), WAIT_TIMEOUT);
    CHECK(CloseHandle(Manual));
    CHECK(CloseHandle(Auto));
}

void named_events_are_shared(void)
{
    HANDLE First, Second, Opened;

    SetLastError(1234);
    First = CreateEventA(NULL, TRUE, FALSE, "usertests-shared");
    CHECK(First != NULL);
    CHECK_EQ(GetLastError(), ERROR_SUCCESS);
    Second = CreateEventW(NULL, TRUE, FALSE, L"usertests-shared");
    CHECK(Second != NULL && Second != First);
    CHECK_EQ(GetLastError(), ERROR_ALREADY_EXISTS);
    Opened = OpenEventA(EVENT_ALL_ACCESS, FALSE, "usertests-shared");
    CHECK(Opened != NULL);
    CHECK(SetEvent(Second));
    CHECK_EQ(WaitForSingleObject(First, 0), WAIT_OBJECT_0);
    CHECK_EQ(WaitForSingleObject(Opened, 0), WAIT_OBJECT_0);
    CHECK(CloseHandle(First));
    CHECK(CloseHandle(Second));
    CHECK(CloseHandle(Opened));
    /* The last handle gone, so is the name. */
    CHECK(OpenEventA(SYNCHRONIZE, FALSE, "usertests-shared") == NULL);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK(OpenEventA(SYNCHRONIZE, FALSE, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}

void event_access_masks_are_enforced(void)
{
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, "usertests-access");
    HANDLE WaitOnly, ModifyOnly;

    CHECK(Event != NULL);
    WaitOnly = OpenEventA(SYNCHRONIZE, FALSE, "usertests-access");
    ModifyOnly = OpenEventA(EVENT_MODIFY_STATE, FALSE, "usertests-access");
    CHECK(WaitOnly != NULL && ModifyOnly != NULL);
    CHECK(!SetEvent(WaitOnly));
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED);
    CHECK_EQ(WaitForSingleObject(Event, 0), WAIT_TIMEOUT); /* unchanged */
    CHECK(SetEvent(ModifyOnly));
    CHECK_EQ(WaitForSingleObject(ModifyOnly, 0), WAIT_FAILED);
    CHECK_EQ(GetLastError(), ERROR_ACCESS_DENIED);
    CHECK_EQ(WaitForSingleObject(WaitOnly, 0), WAIT_OBJECT_0);
    CHECK(CloseHandle(WaitOnly));
    CHECK(CloseHandle(ModifyOnly));
    CHECK(CloseHandle(Event));
    CHECK(!CloseHandle(Event));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}

void wait_for_multiple_any_and_all(void)
{
    HANDLE Events[2];

    Events[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
    Events[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
    CHECK(Events[0] != NULL && Events[1] != NULL);
    CHECK_EQ(WaitForMultipleObjects(2, Events, FALSE, 0), WAIT_TIMEOUT);
    CHECK(SetEvent(Events[1]));
    CHECK_EQ(WaitForMultipleObjects(2, Events, FALSE, 0), WAIT_OBJECT_0 + 1);
    CHECK_EQ(WaitForMultipleObjects(2, Events, TRUE, 0), WAIT_TIMEOUT);
    CHECK(SetEvent(Events[0]));
    CHECK_EQ(WaitForMultipleObjects(2, Events, TRUE, 0), WAIT_OBJECT_0);
    CHECK_EQ(WaitForMultipleObjects(0, Events, FALSE, 0), WAIT_FAILED);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ(WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, Events, FALSE, 0),
             WAIT_FAILED);
    CHECK(CloseHandle(Events[0]));
    CHECK(CloseHandle(Events[1]));
}

void sleep_and_tick_count(void)
{
    DWORD Before = GetTickCount(), After;

    Sleep(50);
    After = GetTickCount();
    /* At least the sleep, give or take a clock tick. */
    CHECK(After - Before >= 40);
    CHECK(After - Before < 5000);
    CHECK_EQ(SleepEx(0, FALSE), 0);
}

static volatile LONG timer_calls;
static volatile ULONG timer_context;

static VOID NTAPI on_timer(PVOID Context, ULONG TimerLowValue,
                           LONG TimerHighValue)
{
    (void)TimerLowValue;
    (void)TimerHighValue;
    timer_context = (ULONG)(ULONG_PTR)Context;
    timer_calls++;
}

/* A timer's routine is a user APC to the thread that set the timer: it
 * runs once that thread waits alertably, which the wait ends with
 * STATUS_USER_APC; a wait that is not alertable sleeps through it. */
void timer_routine_runs_in_an_alertable_wait(void)
{
    LARGE_INTEGER Due = {.QuadPart = -10LL * 1000 * 10};         /* 10 ms */
    LARGE_INTEGER Nap = {.QuadPart = -10LL * 1000 * 100};        /* 100 ms */
    LARGE_INTEGER Long = {.QuadPart = -10LL * 1000 * 1000 * 10}; /* 10 s */
    HANDLE Timer;

    timer_calls = 0;
    CHECK_EQ(NtCreateTimer(&Timer, TIMER_ALL_ACCESS, NULL, NotificationTimer),
             STATUS_SUCCESS);
    CHECK_EQ(NtSetTimer(Timer, &Due, on_timer, (PVOID)0x7133, FALSE, 0, NULL),
             STATUS_SUCCESS);
    CHECK_EQ(NtDelayExecution(FALSE, &Nap), STATUS_SUCCESS);
    CHECK_EQ(timer_calls, 0);
    CHECK_EQ(NtDelayExecution(TRUE, &Long), STATUS_USER_APC);
    CHECK_EQ(timer_calls, 1);
    CHECK_EQ(timer_context, 0x7133);
    CHECK(CloseHandle(Timer));
}
