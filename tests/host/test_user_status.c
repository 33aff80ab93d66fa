/*
 * ntdll's RtlNtStatusToDosError (user/ntdll/status.c): the Win32 errors
 * kernel32's GetLastError reports for the statuses the kernel returns,
 * as NT maps them.
 */
#include "host_test.h"
#include "ntdll.h"
#include "winerror.h"

static void statuses_map_to_nt_win32_errors(void)
{
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SUCCESS), ERROR_SUCCESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_VIOLATION), ERROR_NOACCESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_HANDLE),
             ERROR_INVALID_HANDLE);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_PARAMETER),
             ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_MEMORY), ERROR_NOT_ENOUGH_MEMORY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_DENIED), ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_NOT_FOUND),
             ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_COLLISION),
             ERROR_ALREADY_EXISTS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_PATH_NOT_FOUND),
             ERROR_PATH_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_TYPE_MISMATCH),
             ERROR_INVALID_HANDLE);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_CONFLICTING_ADDRESSES),
             ERROR_INVALID_ADDRESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_FREE_VM_NOT_AT_BASE),
             ERROR_INVALID_ADDRESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_MEMORY_NOT_ALLOCATED),
             ERROR_INVALID_ADDRESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_PAGE_PROTECTION),
             ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_MUTANT_NOT_OWNED), ERROR_NOT_OWNER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SEMAPHORE_LIMIT_EXCEEDED),
             ERROR_TOO_MANY_POSTS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_TIMEOUT), ERROR_TIMEOUT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_SYSTEM_SERVICE),
             ERROR_INVALID_FUNCTION);
}

static void numbered_invalid_parameters_are_invalid_parameter(void)
{
    ULONG Status;

    for (Status = 0xC00000EF; Status <= 0xC00000FA; Status++)
        CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)Status),
                 ERROR_INVALID_PARAMETER);
}

/* FACILITY_NTWIN32 carries the Win32 error itself; anything unknown is
 * ERROR_MR_MID_NOT_FOUND, as on NT. */
static void win32_facility_and_unknown_statuses(void)
{
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xC0070005), 5);
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xC0071234), 0x1234);
    CHECK_EQ(RtlNtStatusToDosError((NTSTATUS)0xC0DEDEAD),
             ERROR_MR_MID_NOT_FOUND);
}

int main(void)
{
    RUN(statuses_map_to_nt_win32_errors);
    RUN(numbered_invalid_parameters_are_invalid_parameter);
    RUN(win32_facility_and_unknown_statuses);
    HOST_TEST_EXIT();
}
