/*
 * The file API's ring-3 half where it needs no device: CreateFile's
 * refusals before any service, WriteFile and ReadFile on the console's
 * handles, GetOverlappedResult reading a finished OVERLAPPED, ntdll's
 * path names from the process heap, and the runtime's MSVC printf forms
 * and strsafe.h as programs build them (wchar_t 16 bits wide). devtest
 * checks the rest against a driver.
 */
#include <strsafe.h>

#include "usertests.h"

void create_file_refuses_before_the_kernel(void)
{
    char Long[MAX_PATH + 2];

    SetLastError(0);
    CHECK(CreateFileA("\\\\.\\X", GENERIC_READ, 0, NULL, 0, 0, NULL) ==
          INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CreateFileA("\\\\.\\X", GENERIC_READ, 0, NULL, TRUNCATE_EXISTING + 1,
                      0, NULL) == INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CreateFileA("", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
          INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_PATH_NOT_FOUND);
    CHECK(CreateFileW(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
          INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_PATH_NOT_FOUND);
    memset(Long, 'a', sizeof(Long) - 1);
    Long[sizeof(Long) - 1] = 0;
    CHECK(CreateFileA(Long, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
          INVALID_HANDLE_VALUE);
    CHECK_EQ(GetLastError(), ERROR_FILENAME_EXCED_RANGE);
}

void console_handles_write_and_refuse_reads(void)
{
    static const char Text[] = "(WriteFile on the console)\n";
    HANDLE Output = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD Done = 12345;
    char Buffer[4];

    CHECK(WriteFile(Output, Text, sizeof(Text) - 1, &Done, NULL));
    CHECK_EQ(Done, sizeof(Text) - 1);
    Done = 12345;
    CHECK(!ReadFile(GetStdHandle(STD_INPUT_HANDLE), Buffer, 4, &Done, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK_EQ(Done, 0);
}

/* The kernel's own devices, opened by name: text to \\.\CON and COM1
 * through IRPs; the keyboard takes no writes. */
void console_devices_open_by_name(void)
{
    static const char Text[] = "(WriteFile on \\\\.\\CON)\n";
    HANDLE Console, Keyboard;
    DWORD Done = 0;

    Console = CreateFileA("\\\\.\\CON", GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                          0, NULL);
    CHECK(Console != INVALID_HANDLE_VALUE);
    CHECK(WriteFile(Console, Text, sizeof(Text) - 1, &Done, NULL));
    CHECK_EQ(Done, sizeof(Text) - 1);
    CHECK(CloseHandle(Console));
    Keyboard =
        CreateFileA("\\\\.\\KeyboardClass0", GENERIC_READ | GENERIC_WRITE, 0,
                    NULL, OPEN_EXISTING, 0, NULL);
    CHECK(Keyboard != INVALID_HANDLE_VALUE);
    CHECK(!WriteFile(Keyboard, Text, 1, &Done, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_FUNCTION);
    CHECK(CloseHandle(Keyboard));
}

void overlapped_results_are_read_from_the_overlapped(void)
{
    OVERLAPPED Overlapped;
    HANDLE Event = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD Bytes = 0;

    CHECK(Event != NULL);
    memset(&Overlapped, 0, sizeof(Overlapped));
    Overlapped.Internal = (ULONG_PTR)STATUS_SUCCESS;
    Overlapped.InternalHigh = 5;
    CHECK(HasOverlappedIoCompleted(&Overlapped));
    CHECK(GetOverlappedResult(NULL, &Overlapped, &Bytes, FALSE));
    CHECK_EQ(Bytes, 5);
    /* A warning still moved bytes; an error reports its own. */
    Overlapped.Internal = (ULONG_PTR)STATUS_BUFFER_OVERFLOW;
    Overlapped.InternalHigh = 3;
    CHECK(!GetOverlappedResult(NULL, &Overlapped, &Bytes, TRUE));
    CHECK_EQ(GetLastError(), ERROR_MORE_DATA);
    CHECK_EQ(Bytes, 3);
    Overlapped.Internal = (ULONG_PTR)STATUS_CANCELLED;
    Overlapped.InternalHigh = 0;
    CHECK(!GetOverlappedResult(NULL, &Overlapped, &Bytes, FALSE));
    CHECK_EQ(GetLastError(), ERROR_OPERATION_ABORTED);
    /* Still pending: without waiting, ERROR_IO_INCOMPLETE. */
    Overlapped.Internal = (ULONG_PTR)STATUS_PENDING;
    Overlapped.hEvent = Event;
    CHECK(!HasOverlappedIoCompleted(&Overlapped));
    CHECK(!GetOverlappedResult(NULL, &Overlapped, &Bytes, FALSE));
    CHECK_EQ(GetLastError(), ERROR_IO_INCOMPLETE);
    /* Waiting on a tagged event handle (the low bit dropped) that a bad
     * handle would make fail. */
    Overlapped.hEvent = (HANDLE)((ULONG_PTR)Event | 1);
    CHECK(SetEvent(Event));
    Overlapped.InternalHigh = 9;
    CHECK(GetOverlappedResult(NULL, &Overlapped, &Bytes, TRUE));
    CHECK_EQ(Bytes, 9);
    Overlapped.hEvent = (HANDLE)(ULONG_PTR)0x7FF0;
    CHECK(!GetOverlappedResult(NULL, &Overlapped, &Bytes, TRUE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK(CloseHandle(Event));
}

void dos_path_names_become_nt_names(void)
{
    UNICODE_STRING Name;
    RTL_RELATIVE_NAME_U Relative;
    PWSTR FilePart = NULL;

    memset(&Relative, 0xCC, sizeof(Relative));
    CHECK(RtlDosPathNameToNtPathName_U(L"\\\\.\\NtMiniIoctl", &Name, &FilePart,
                                       &Relative));
    CHECK_EQ(Name.Length, 15 * sizeof(WCHAR));
    CHECK_EQ(Name.MaximumLength, 16 * sizeof(WCHAR));
    CHECK(memcmp(Name.Buffer, L"\\??\\NtMiniIoctl", 16 * sizeof(WCHAR)) == 0);
    CHECK(FilePart == Name.Buffer + 4);
    CHECK(Relative.RelativeName.Buffer == NULL &&
          Relative.ContainingDirectory == NULL);
    RtlFreeUnicodeString(&Name);
    CHECK(Name.Buffer == NULL && Name.Length == 0);
    CHECK(RtlDosPathNameToNtPathName_U(L"//srv/share/dir/", &Name, &FilePart,
                                       NULL));
    CHECK(memcmp(Name.Buffer, L"\\??\\UNC\\srv\\share\\dir\\",
                 23 * sizeof(WCHAR)) == 0);
    CHECK(FilePart == NULL);
    RtlFreeUnicodeString(&Name);
    CHECK(!RtlDosPathNameToNtPathName_U(L"", &Name, NULL, NULL));
}

void msvc_printf_and_strsafe(void)
{
    char Narrow[16];
    wchar_t Wide[16];

    CHECK_EQ(sizeof(wchar_t), 2);
    CHECK_EQ(_snprintf(Narrow, sizeof(Narrow), "%I64x|%Iu|%ws", 0x123456789ULL,
                       (size_t)-1, L"w"),
             -1);
    /* 22 characters do not fit: 16 written, no terminator. */
    CHECK(memcmp(Narrow, "123456789|429496", 16) == 0);
    CHECK_EQ(_snprintf(Narrow, sizeof(Narrow), "%I32d|%Ix|%hs", -1,
                       (size_t)0xABC, "n"),
             8);
    CHECK(strcmp(Narrow, "-1|abc|n") == 0);
    CHECK_EQ(StringCchPrintfW(Wide, 16, L"%s=%S|%I64u", L"k", "v", 7ULL), S_OK);
    CHECK(memcmp(Wide, L"k=v|7", 6 * sizeof(wchar_t)) == 0);
    CHECK_EQ(StringCchPrintfA(Narrow, 4, "%d", 12345),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(strcmp(Narrow, "123") == 0);
    CHECK_EQ(StringCbCopyA(Narrow, sizeof(Narrow), "copied"), S_OK);
    CHECK_EQ(StringCchCatA(Narrow, sizeof(Narrow), "+cat"), S_OK);
    CHECK(strcmp(Narrow, "copied+cat") == 0);
}
