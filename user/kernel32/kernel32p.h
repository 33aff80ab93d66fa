/* kernel32's private helpers, shared by its files. */
#ifndef USER_KERNEL32P_H
#define USER_KERNEL32P_H

#include "ntdll.h"
#include "windows.h"

/* Where named objects live, as NT's kernel32 puts them. */
#define BASE_NAMED_OBJECTS L"\\BaseNamedObjects\\"
#define BASE_NAMED_OBJECTS_CHARS 18
/* A name's longest, the directory and the terminator included. */
#define BASE_OBJECT_NAME_CHARS (BASE_NAMED_OBJECTS_CHARS + MAX_PATH + 1)

/* error.c: the Win32 error of an NTSTATUS becomes the last error. */
VOID BaseSetLastNTError(NTSTATUS Status);

/* object_name.c: OBJECT_ATTRIBUTES for \BaseNamedObjects\Name (no name:
 * an unnamed object), OBJ_INHERIT from the security attributes. NULL
 * with the last error set when the name is too long. */
POBJECT_ATTRIBUTES BaseFormatObjectAttributes(
    POBJECT_ATTRIBUTES Attributes, PUNICODE_STRING NameString,
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS], LPSECURITY_ATTRIBUTES Security,
    LPCWSTR Name, ULONG ExtraAttributes);
/* Opens the object lpName names in \BaseNamedObjects with Open (NtOpenEvent,
 * NtOpenSection, ...): its handle, or NULL with the last error set (a NULL
 * name is ERROR_INVALID_PARAMETER), as every Open* of Win32 does. */
HANDLE BaseOpenNamedObject(NTSTATUS(NTAPI *Open)(PHANDLE, ACCESS_MASK,
                                                 POBJECT_ATTRIBUTES),
                           DWORD dwDesiredAccess, BOOL bInheritHandle,
                           LPCWSTR lpName);
/* An ANSI name as UTF-16 (each byte one character, Latin-1); NULL stays
 * NULL. FALSE with ERROR_FILENAME_EXCED_RANGE when it does not fit. */
BOOL BaseAnsiNameToUnicode(LPCSTR Name, WCHAR Buffer[MAX_PATH + 1],
                           LPCWSTR *Result);

/* wait.c: an NT timeout (relative, 100 ns units) for a Win32 one; NULL
 * for INFINITE. */
PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER TimeOut, DWORD Milliseconds);

/* file_options.c: NtCreateFile's arguments for CreateFile's; FALSE for a
 * disposition Win32 does not have. */
typedef struct _BASE_CREATE_FILE {
    ACCESS_MASK DesiredAccess;
    ULONG ObjectAttributes; /* OBJ_ flags */
    ULONG FileAttributes;
    ULONG CreateDisposition;
    ULONG CreateOptions;
} BASE_CREATE_FILE, *PBASE_CREATE_FILE;
BOOL BasepCreateFileParameters(DWORD dwDesiredAccess,
                               DWORD dwCreationDisposition,
                               DWORD dwFlagsAndAttributes,
                               PBASE_CREATE_FILE Create);

/* io_completion.c: the event an OVERLAPPED names (its low bit, "no
 * completion port", cleared), the APC context NT's kernel32 passes with
 * it, and the APC routine that calls a ReadFileEx/WriteFileEx routine. */
HANDLE BasepOverlappedEvent(LPOVERLAPPED lpOverlapped);
PVOID BasepOverlappedApcContext(LPOVERLAPPED lpOverlapped);
VOID NTAPI BasepIoCompletion(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                             ULONG Reserved);
/* The byte offset an OVERLAPPED gives. */
PLARGE_INTEGER BasepOverlappedOffset(PLARGE_INTEGER Offset,
                                     LPOVERLAPPED lpOverlapped);
/* overlapped.c: a request without an OVERLAPPED: if it is still pending (the
 * file was opened for overlapped I/O), waits for the file and gives its status.
 */
NTSTATUS BasepWaitForSynchronousIo(HANDLE hFile, NTSTATUS Status,
                                   PIO_STATUS_BLOCK IoStatus);

/* console.c: NT's console handles have their low two bits set. */
#define BASE_IS_CONSOLE_HANDLE(Handle)                                         \
    ((((ULONG_PTR)(Handle)) & 0x10000003) == 3)

#endif
