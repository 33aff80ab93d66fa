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

/* The file and device API's statuses (kernel32's CreateFile, ReadFile,
 * WriteFile, DeviceIoControl, GetOverlappedResult, CancelIo). */
static void io_statuses_map_to_nt_win32_errors(void)
{
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_NAME_NOT_FOUND),
             ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_DEVICE_REQUEST),
             ERROR_INVALID_FUNCTION);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_PENDING), ERROR_IO_PENDING);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BUFFER_OVERFLOW), ERROR_MORE_DATA);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BUFFER_TOO_SMALL),
             ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_CANCELLED), ERROR_OPERATION_ABORTED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ACCESS_VIOLATION), ERROR_NOACCESS);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_END_OF_FILE), ERROR_HANDLE_EOF);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_SUCH_DEVICE),
             ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_SUCH_FILE), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_OBJECT_PATH_INVALID),
             ERROR_BAD_PATHNAME);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SHARING_VIOLATION),
             ERROR_SHARING_VIOLATION);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DELETE_PENDING), ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_FILE_IS_A_DIRECTORY),
             ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NOT_A_DIRECTORY), ERROR_DIRECTORY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_USER_BUFFER),
             ERROR_INVALID_USER_BUFFER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_IO_TIMEOUT), ERROR_SEM_TIMEOUT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DEVICE_NOT_READY), ERROR_NOT_READY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DEVICE_BUSY), ERROR_BUSY);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NOT_SUPPORTED), ERROR_NOT_SUPPORTED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DEVICE_DOES_NOT_EXIST),
             ERROR_DEV_NOT_EXIST);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_MORE_PROCESSING_REQUIRED),
             ERROR_MORE_DATA);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_DEVICE_STATE),
             ERROR_BAD_COMMAND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_IO_DEVICE_ERROR), ERROR_IO_DEVICE);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ILLEGAL_FUNCTION),
             ERROR_INVALID_FUNCTION);
}

/* The memory manager's, the LDT's, the loader's and the other statuses
 * the kernel's services return, as NT's table maps them (exception codes
 * map to themselves there). */
static void kernel_statuses_map_to_nt_win32_errors(void)
{
    CHECK_EQ(RtlNtStatusToDosError(STATUS_MAPPED_ALIGNMENT), 1132);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SECTION_PROTECTION),
             ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_UNABLE_TO_DELETE_SECTION),
             ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_UNABLE_TO_FREE_VM),
             ERROR_INVALID_PARAMETER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_VIEW_SIZE),
             ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_FILE_FOR_SECTION),
             ERROR_BAD_EXE_FORMAT);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_PROCESS_IS_TERMINATING),
             ERROR_ACCESS_DENIED);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_WORKING_SET_QUOTA), 1453);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SUSPEND_COUNT_EXCEEDED), 156);
    /* NT's values: 0xC0000118, 0xC0000119, 0xC000011A. */
    CHECK_EQ((ULONG)STATUS_INVALID_LDT_SIZE, 0xC0000118UL);
    CHECK_EQ((ULONG)STATUS_INVALID_LDT_OFFSET, 0xC0000119UL);
    CHECK_EQ((ULONG)STATUS_INVALID_LDT_DESCRIPTOR, 0xC000011AUL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_LDT_SIZE), 561);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_LDT_OFFSET), 563);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_LDT_DESCRIPTOR), 564);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DLL_NOT_FOUND), 126);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ENTRYPOINT_NOT_FOUND),
             ERROR_PROC_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_IMAGE_ALREADY_LOADED), 1056);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_CONTROL_C_EXIT), 572);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_ADDRESS), 59);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_BUFFER_SIZE),
             ERROR_INVALID_USER_BUFFER);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_TOO_MANY_NAMES), 68);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_EAS_NOT_SUPPORTED), 282);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_DEVICE_DATA_ERROR), ERROR_CRC);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INTEGER_OVERFLOW), 534);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NO_YIELD_PERFORMED), 721);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ILLEGAL_INSTRUCTION),
             ERROR_INVALID_FUNCTION);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_SINGLE_STEP), 0x80000004UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BREAKPOINT), 0x80000003UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_GUARD_PAGE_VIOLATION), 0x80000001UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_PRIVILEGED_INSTRUCTION),
             0xC0000096UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INTEGER_DIVIDE_BY_ZERO),
             0xC0000094UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_ARRAY_BOUNDS_EXCEEDED), 0xC000008CUL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_FLOAT_INVALID_OPERATION),
             0xC0000090UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_NONCONTINUABLE_EXCEPTION),
             0xC0000025UL);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_INVALID_DISPOSITION), 0xC0000026UL);
    /* No entry in NT's table. */
    CHECK_EQ(RtlNtStatusToDosError(STATUS_UNWIND), ERROR_MR_MID_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_BAD_STACK), ERROR_MR_MID_NOT_FOUND);
    CHECK_EQ(RtlNtStatusToDosError(STATUS_CANT_TERMINATE_SELF),
             ERROR_MR_MID_NOT_FOUND);
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
    RUN(io_statuses_map_to_nt_win32_errors);
    RUN(kernel_statuses_map_to_nt_win32_errors);
    RUN(win32_facility_and_unknown_statuses);
    HOST_TEST_EXIT();
}
