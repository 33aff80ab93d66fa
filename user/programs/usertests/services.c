/*
 * System services given bad pointers: each returns NT's status, as
 * ProbeForRead/ProbeForWrite and the services' try/except give it, and
 * changes nothing (a named object that failed to be created is not
 * there afterwards).
 */
#include "usertests.h"

static NTSTATUS create_named_event(PHANDLE Handle, POBJECT_ATTRIBUTES Given,
                                   PCWSTR Name)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING String;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, 0, NULL, NULL);
    return NtCreateEvent(Handle, EVENT_ALL_ACCESS, Given ? Given : &Attributes,
                         NotificationEvent, FALSE);
}

static BOOLEAN event_exists(PCWSTR Name)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING String;
    HANDLE Handle;

    RtlInitUnicodeString(&String, Name);
    InitializeObjectAttributes(&Attributes, &String, 0, NULL, NULL);
    if (!NT_SUCCESS(NtOpenEvent(&Handle, SYNCHRONIZE, &Attributes)))
        return FALSE;
    NtClose(Handle);
    return TRUE;
}

#define PROBE_NAME L"\\BaseNamedObjects\\usertests-probe"

void services_refuse_null_pointers(void)
{
    LARGE_INTEGER Zero = {{0, 0}};

    CHECK_EQ(create_named_event(NULL, NULL, PROBE_NAME),
             STATUS_ACCESS_VIOLATION);
    CHECK(!event_exists(PROBE_NAME));
    CHECK_EQ(NtDisplayString(NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryPerformanceCounter(NULL, NULL), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtWaitForMultipleObjects(1, NULL, WaitAny, FALSE, &Zero),
             STATUS_ACCESS_VIOLATION);
}

void services_refuse_kernel_pointers(void)
{
    HANDLE Handle;

    CHECK_EQ(create_named_event(KERNEL_ADDRESS, NULL, PROBE_NAME),
             STATUS_ACCESS_VIOLATION);
    CHECK(!event_exists(PROBE_NAME));
    CHECK_EQ(create_named_event(&Handle, KERNEL_ADDRESS, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtDisplayString((PUNICODE_STRING)0xC0000000),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryPerformanceCounter((PLARGE_INTEGER)0xFFFFF000, NULL),
             STATUS_ACCESS_VIOLATION);
}

/* Structures are probed for their alignment (OBJECT_ATTRIBUTES and a
 * LARGE_INTEGER for a ULONG's); a handle's location only for its range, as
 * NT's ProbeForWriteHandle does. */
void services_refuse_misaligned_pointers(void)
{
    ULONG Buffer[16];
    PHANDLE Misaligned = (PHANDLE)((PUCHAR)Buffer + 1);
    HANDLE Handle;
    POBJECT_ATTRIBUTES Attributes = (POBJECT_ATTRIBUTES)((PUCHAR)Buffer + 2);

    RtlZeroMemory(Buffer, sizeof(Buffer));
    CHECK_EQ(create_named_event(&Handle, Attributes, NULL),
             STATUS_DATATYPE_MISALIGNMENT);
    CHECK(!event_exists(PROBE_NAME));
    CHECK_EQ(NtQueryPerformanceCounter((PLARGE_INTEGER)Misaligned, NULL),
             STATUS_DATATYPE_MISALIGNMENT);
}

/* A page reserved but never committed, and one released again. */
void services_refuse_unmapped_pointers(void)
{
    PUCHAR Reserved = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_READWRITE);
    PUCHAR Released = VirtualAlloc(NULL, 0x10000, MEM_COMMIT, PAGE_READWRITE);

    CHECK(Reserved != NULL && Released != NULL);
    CHECK(VirtualFree(Released, 0, MEM_RELEASE));
    CHECK_EQ(create_named_event((PHANDLE)Reserved, NULL, PROBE_NAME),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(create_named_event((PHANDLE)Released, NULL, PROBE_NAME),
             STATUS_ACCESS_VIOLATION);
    CHECK(!event_exists(PROBE_NAME));
    CHECK_EQ(NtDisplayString((PUNICODE_STRING)Released),
             STATUS_ACCESS_VIOLATION);
    CHECK(VirtualFree(Reserved, 0, MEM_RELEASE));
}

/* Four bytes before the end of user space, read as a 24-byte structure,
 * reach into the kernel's half. */
void services_refuse_straddling_pointers(void)
{
    HANDLE Handle;

    CHECK_EQ(create_named_event(&Handle, STRADDLING_ADDRESS, NULL),
             STATUS_ACCESS_VIOLATION);
    CHECK_EQ(NtQueryPerformanceCounter(STRADDLING_ADDRESS, NULL),
             STATUS_ACCESS_VIOLATION);
}

/* A guard page the kernel touches for the caller: the service reports the
 * guard page as NT does, the guard is gone, and the same call then works. */
void services_report_guard_pages_once(void)
{
    PUCHAR Page =
        VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    LARGE_INTEGER *Counter = (LARGE_INTEGER *)Page;

    CHECK(Page != NULL);
    CHECK_EQ(NtQueryPerformanceCounter(Counter, NULL),
             STATUS_GUARD_PAGE_VIOLATION);
    CHECK_EQ(NtQueryPerformanceCounter(Counter, NULL), STATUS_SUCCESS);
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

void unknown_service_number_is_invalid(void)
{
    ULONG Arguments[4] = {0, 0, 0, 0};

    CHECK_EQ(raw_system_call(0x1000, Arguments), STATUS_INVALID_SYSTEM_SERVICE);
    CHECK_EQ(raw_system_call(0xFFFF, Arguments), STATUS_INVALID_SYSTEM_SERVICE);
    /* A valid number with the arguments in the kernel's half. */
    CHECK_EQ(raw_system_call(0, KERNEL_ADDRESS), STATUS_ACCESS_VIOLATION);
}

void invalid_handles_are_refused(void)
{
    HANDLE Event;

    CHECK_EQ(NtClose((HANDLE)0x12345678), STATUS_INVALID_HANDLE);
    CHECK_EQ(NtSetEvent((HANDLE)0x4, NULL), STATUS_INVALID_HANDLE);
    CHECK(NT_SUCCESS(NtCreateEvent(&Event, EVENT_ALL_ACCESS, NULL,
                                   NotificationEvent, FALSE)));
    CHECK_EQ(NtClose(Event), STATUS_SUCCESS);
    CHECK_EQ(NtClose(Event), STATUS_INVALID_HANDLE); /* closed once */
    /* A process handle is not an event. */
    CHECK_EQ(NtSetEvent(NtCurrentProcess(), NULL), STATUS_OBJECT_TYPE_MISMATCH);
}
