/*
 * kernel32's file API, its pure parts on the host: Win32 path names as NT
 * names (ntdll's dos_path.c, what CreateFile opens), CreateFile's
 * arguments as NtCreateFile's (kernel32's file_options.c), and the
 * OVERLAPPED as the I/O manager's status block and ReadFileEx's APC
 * (io_completion.c), as NT's kernel32 does them.
 */
#include <uchar.h>

#include "host_test.h"
#include "kernel32p.h"

static char converted[600];

/* The NT name for Path in ASCII, or the status as "status %x". */
static const char *nt_name(const char16_t *Path, ULONG Chars)
{
    WCHAR Buffer[300];
    ULONG Length = 12345, Index;
    NTSTATUS Status;

    memset(Buffer, 0xEE, sizeof(Buffer));
    Status = RtlpDosPathNameToNtPathName(Path, Buffer, Chars, &Length);
    if (!NT_SUCCESS(Status)) {
        snprintf(converted, sizeof(converted), "status %x length %u",
                 (unsigned)Status, (unsigned)Length);
        return converted;
    }
    for (Index = 0; Index < Length; Index++)
        converted[Index] = Buffer[Index] < 0x80 ? (char)Buffer[Index] : '#';
    converted[Index] = 0;
    if (Buffer[Length] != 0)
        return "not terminated";
    if (Chars < 300 && Buffer[Chars] != 0xEEEE)
        return "wrote past the buffer";
    return converted;
}

#define NT_NAME(Path) nt_name(u##Path, 300)

static void device_paths_become_the_dos_devices_directory(void)
{
    CHECK_STR(NT_NAME("\\\\.\\NtMiniIoctl"), "\\??\\NtMiniIoctl");
    CHECK_STR(NT_NAME("\\\\.\\Foo"), "\\??\\Foo");
    CHECK_STR(NT_NAME("//./Foo"), "\\??\\Foo");
    CHECK_STR(NT_NAME("\\\\.\\COM1"), "\\??\\COM1");
    CHECK_STR(NT_NAME("\\\\.\\C:"), "\\??\\C:");
    CHECK_STR(NT_NAME("\\\\.\\PhysicalDrive0\\"), "\\??\\PhysicalDrive0\\");
    /* \\?\ passes the rest untouched: no '/' conversion, no dots. */
    CHECK_STR(NT_NAME("\\\\?\\C:\\a/b\\..\\c"), "\\??\\C:\\a/b\\..\\c");
    CHECK_STR(NT_NAME("\\\\?\\Foo"), "\\??\\Foo");
}

static void drive_unc_and_relative_paths(void)
{
    CHECK_STR(NT_NAME("C:\\dir\\file.txt"), "\\??\\C:\\dir\\file.txt");
    CHECK_STR(NT_NAME("C:/dir/file.txt"), "\\??\\C:\\dir\\file.txt");
    CHECK_STR(NT_NAME("C:\\"), "\\??\\C:\\");
    CHECK_STR(NT_NAME("C:"), "\\??\\C:\\");
    CHECK_STR(NT_NAME("C:file"), "\\??\\C:\\file");
    CHECK_STR(NT_NAME("C:\\dir\\"), "\\??\\C:\\dir\\");
    CHECK_STR(NT_NAME("\\\\server\\share\\x"), "\\??\\UNC\\server\\share\\x");
    CHECK_STR(NT_NAME("//server/share"), "\\??\\UNC\\server\\share");
    CHECK_STR(NT_NAME("NtMiniIoctl"), "\\??\\NtMiniIoctl");
    CHECK_STR(NT_NAME("\\Foo\\Bar"), "\\??\\Foo\\Bar");
    CHECK_STR(NT_NAME("a\\\\b//c"), "\\??\\a\\b\\c");
}

/* "." goes, ".." takes back one component, never the root, nor a UNC
 * name's server and share. */
static void dots_are_resolved_as_get_full_path_name_does(void)
{
    CHECK_STR(NT_NAME("C:\\a\\.\\b\\..\\c"), "\\??\\C:\\a\\c");
    CHECK_STR(NT_NAME("C:\\..\\..\\x"), "\\??\\C:\\x");
    CHECK_STR(NT_NAME("C:\\a\\..\\"), "\\??\\C:\\");
    CHECK_STR(NT_NAME("C:\\a\\b\\..\\..\\.."), "\\??\\C:\\");
    CHECK_STR(NT_NAME("\\\\server\\share\\..\\..\\x"),
              "\\??\\UNC\\server\\share\\x");
    CHECK_STR(NT_NAME("\\\\.\\Foo\\..\\Bar"), "\\??\\Bar");
    CHECK_STR(NT_NAME("\\\\.\\Foo\\."), "\\??\\Foo");
    CHECK_STR(NT_NAME("..\\a\\.."), "\\??\\");
    CHECK_STR(NT_NAME("C:\\a..\\.b\\..."), "\\??\\C:\\a..\\.b\\...");
}

static void empty_and_too_long_names_are_refused(void)
{
    char16_t Long[290];
    ULONG Length = 7;
    WCHAR Small[8];
    int Index;

    CHECK_STR(NT_NAME(""), "status c0000033 length 0");
    CHECK_EQ(RtlpDosPathNameToNtPathName(NULL, Small, 8, &Length),
             STATUS_OBJECT_NAME_INVALID);
    CHECK_EQ(Length, 0);
    /* \??\Foo is 7 characters: it needs 8 with the terminator. */
    CHECK_STR(nt_name(u"\\\\.\\Foo", 8), "\\??\\Foo");
    CHECK_STR(nt_name(u"\\\\.\\Foo", 7), "status c0000106 length 0");
    CHECK_STR(nt_name(u"\\\\.\\Foo", 0), "status c0000106 length 0");
    /* The name must fit as written until ".." takes a component back. */
    CHECK_STR(nt_name(u"\\\\.\\Foo\\a\\..", 9), "status c0000106 length 0");
    CHECK_STR(nt_name(u"\\\\.\\Foo\\a\\..", 10), "\\??\\Foo");
    for (Index = 0; Index < 289; Index++)
        Long[Index] = 'x';
    Long[289] = 0;
    CHECK_STR(nt_name(Long, 293), "status c0000106 length 0");
    CHECK_EQ(strlen(nt_name(Long, 294)), 293);
}

static void dispositions_map_to_nt_ones(void)
{
    static const struct {
        DWORD Win32;
        ULONG Nt;
    } Map[] = {{CREATE_NEW, FILE_CREATE},
               {CREATE_ALWAYS, FILE_OVERWRITE_IF},
               {OPEN_EXISTING, FILE_OPEN},
               {OPEN_ALWAYS, FILE_OPEN_IF},
               {TRUNCATE_EXISTING, FILE_OVERWRITE}};
    BASE_CREATE_FILE Create;
    unsigned Index;

    for (Index = 0; Index < ARRAYSIZE(Map); Index++) {
        CHECK(BasepCreateFileParameters(GENERIC_READ, Map[Index].Win32, 0,
                                        &Create));
        CHECK_EQ(Create.CreateDisposition, Map[Index].Nt);
    }
    CHECK(!BasepCreateFileParameters(GENERIC_READ, 0, 0, &Create));
    CHECK(!BasepCreateFileParameters(GENERIC_READ, 6, 0, &Create));
}

static void flags_become_create_options_and_access(void)
{
    BASE_CREATE_FILE Create;

    CHECK(BasepCreateFileParameters(GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING,
                                    FILE_ATTRIBUTE_NORMAL, &Create));
    CHECK_EQ(Create.DesiredAccess,
             GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE | FILE_READ_ATTRIBUTES);
    CHECK_EQ(Create.CreateOptions,
             FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    CHECK_EQ(Create.FileAttributes, FILE_ATTRIBUTE_NORMAL);
    CHECK_EQ(Create.ObjectAttributes, OBJ_CASE_INSENSITIVE);

    /* Overlapped: the I/O manager does not wait for the caller. */
    CHECK(BasepCreateFileParameters(0, OPEN_EXISTING, FILE_FLAG_OVERLAPPED,
                                    &Create));
    CHECK_EQ(Create.CreateOptions, FILE_NON_DIRECTORY_FILE);
    CHECK_EQ(Create.DesiredAccess, SYNCHRONIZE | FILE_READ_ATTRIBUTES);

    CHECK(BasepCreateFileParameters(
        GENERIC_WRITE, CREATE_ALWAYS,
        FILE_FLAG_WRITE_THROUGH | FILE_FLAG_NO_BUFFERING |
            FILE_FLAG_SEQUENTIAL_SCAN | FILE_FLAG_RANDOM_ACCESS |
            FILE_FLAG_DELETE_ON_CLOSE | FILE_FLAG_OPEN_REPARSE_POINT |
            FILE_FLAG_OPEN_NO_RECALL | FILE_FLAG_POSIX_SEMANTICS |
            FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_DIRECTORY,
        &Create));
    CHECK_EQ(Create.CreateOptions,
             FILE_WRITE_THROUGH | FILE_NO_INTERMEDIATE_BUFFERING |
                 FILE_SEQUENTIAL_ONLY | FILE_RANDOM_ACCESS |
                 FILE_DELETE_ON_CLOSE | FILE_OPEN_REPARSE_POINT |
                 FILE_OPEN_NO_RECALL | FILE_SYNCHRONOUS_IO_NONALERT |
                 FILE_NON_DIRECTORY_FILE);
    CHECK_EQ(Create.DesiredAccess,
             GENERIC_WRITE | SYNCHRONIZE | FILE_READ_ATTRIBUTES | DELETE);
    /* The directory bit is never passed; the flag bits are not attributes. */
    CHECK_EQ(Create.FileAttributes, FILE_ATTRIBUTE_HIDDEN);
    CHECK_EQ(Create.ObjectAttributes, 0);

    /* Backup semantics may open a directory. */
    CHECK(BasepCreateFileParameters(GENERIC_READ, OPEN_EXISTING,
                                    FILE_FLAG_BACKUP_SEMANTICS, &Create));
    CHECK_EQ(Create.CreateOptions,
             FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT);
}

static void overlapped_fields_for_the_services(void)
{
    OVERLAPPED Overlapped;
    LARGE_INTEGER Offset;

    memset(&Overlapped, 0, sizeof(Overlapped));
    Overlapped.hEvent = (HANDLE)(ULONG_PTR)0x1234;
    CHECK(BasepOverlappedEvent(&Overlapped) == (HANDLE)(ULONG_PTR)0x1234);
    CHECK(BasepOverlappedApcContext(&Overlapped) == &Overlapped);
    /* The low bit: no completion port, and not part of the handle. */
    Overlapped.hEvent = (HANDLE)(ULONG_PTR)0x1235;
    CHECK(BasepOverlappedEvent(&Overlapped) == (HANDLE)(ULONG_PTR)0x1234);
    CHECK(BasepOverlappedApcContext(&Overlapped) == NULL);
    Overlapped.hEvent = NULL;
    CHECK(BasepOverlappedEvent(&Overlapped) == NULL);
    CHECK(BasepOverlappedApcContext(&Overlapped) == &Overlapped);
    Overlapped.Offset = 0x89ABCDEF;
    Overlapped.OffsetHigh = 0x01234567;
    CHECK(BasepOverlappedOffset(&Offset, &Overlapped) == &Offset);
    CHECK_EQ(Offset.QuadPart, 0x0123456789ABCDEFULL);
    /* The service writes its status block over Internal and InternalHigh. */
    ((PIO_STATUS_BLOCK)&Overlapped.Internal)->Status = STATUS_CANCELLED;
    ((PIO_STATUS_BLOCK)&Overlapped.Internal)->Information = 99;
    CHECK_EQ((NTSTATUS)Overlapped.Internal, STATUS_CANCELLED);
    CHECK_EQ(Overlapped.InternalHigh, 99);
}

static DWORD completed_error, completed_bytes;
static LPOVERLAPPED completed_overlapped;
static int completions;

static VOID WINAPI record_completion(DWORD dwErrorCode,
                                     DWORD dwNumberOfBytesTransfered,
                                     LPOVERLAPPED lpOverlapped)
{
    completed_error = dwErrorCode;
    completed_bytes = dwNumberOfBytesTransfered;
    completed_overlapped = lpOverlapped;
    completions++;
}

/* ReadFileEx's APC: the routine gets the Win32 error (0 for a success or
 * a warning), the bytes (none after an error) and the OVERLAPPED. */
static void io_completion_calls_the_routine(void)
{
    OVERLAPPED Overlapped;
    PIO_STATUS_BLOCK Block = (PIO_STATUS_BLOCK)&Overlapped.Internal;

    memset(&Overlapped, 0, sizeof(Overlapped));
    completions = 0;
    Block->Status = STATUS_SUCCESS;
    Block->Information = 77;
    BasepIoCompletion((PVOID)record_completion, Block, 0);
    CHECK_EQ(completions, 1);
    CHECK_EQ(completed_error, 0);
    CHECK_EQ(completed_bytes, 77);
    CHECK(completed_overlapped == &Overlapped);
    Block->Status = STATUS_BUFFER_OVERFLOW;
    Block->Information = 5;
    BasepIoCompletion((PVOID)record_completion, Block, 0);
    CHECK_EQ(completed_error, 0);
    CHECK_EQ(completed_bytes, 5);
    Block->Status = STATUS_CANCELLED;
    Block->Information = 5;
    BasepIoCompletion((PVOID)record_completion, Block, 0);
    CHECK_EQ(completions, 3);
    CHECK_EQ(completed_error, ERROR_OPERATION_ABORTED);
    CHECK_EQ(completed_bytes, 0);
    CHECK(completed_overlapped == &Overlapped);
}

int main(void)
{
    RUN(device_paths_become_the_dos_devices_directory);
    RUN(drive_unc_and_relative_paths);
    RUN(dots_are_resolved_as_get_full_path_name_does);
    RUN(empty_and_too_long_names_are_refused);
    RUN(dispositions_map_to_nt_ones);
    RUN(flags_become_create_options_and_access);
    RUN(overlapped_fields_for_the_services);
    RUN(io_completion_calls_the_routine);
    HOST_TEST_EXIT();
}
