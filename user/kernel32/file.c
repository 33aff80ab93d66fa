/*
 * CreateFile: a Win32 path as an NT name (ntdll's
 * RtlDosPathNameToNtPathName_U: \\.\Name is \??\Name, the device's
 * symbolic link), the arguments as NtCreateFile's (file_options.c), and
 * NT's last errors: ERROR_ALREADY_EXISTS when CREATE_ALWAYS or
 * OPEN_ALWAYS found the file, ERROR_FILE_EXISTS when CREATE_NEW did,
 * ERROR_PATH_NOT_FOUND for a name that is no path. There are no extended
 * attributes, so hTemplateFile has nothing to give and is not read.
 */
#include "kernel32p.h"

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
                          DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
    OBJECT_ATTRIBUTES Attributes;
    IO_STATUS_BLOCK IoStatus;
    BASE_CREATE_FILE Create;
    UNICODE_STRING NtName;
    HANDLE Handle;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(hTemplateFile);
    if (!BasepCreateFileParameters(dwDesiredAccess, dwCreationDisposition,
                                   dwFlagsAndAttributes, &Create)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!RtlDosPathNameToNtPathName_U(lpFileName, &NtName, NULL, NULL)) {
        SetLastError(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    if (lpSecurityAttributes != NULL && lpSecurityAttributes->bInheritHandle)
        Create.ObjectAttributes |= OBJ_INHERIT;
    InitializeObjectAttributes(
        &Attributes, &NtName, Create.ObjectAttributes, NULL,
        lpSecurityAttributes ? lpSecurityAttributes->lpSecurityDescriptor
                             : NULL);
    IoStatus.Status = STATUS_SUCCESS;
    IoStatus.Information = 0;
    Status =
        NtCreateFile(&Handle, Create.DesiredAccess, &Attributes, &IoStatus,
                     NULL, Create.FileAttributes, dwShareMode,
                     Create.CreateDisposition, Create.CreateOptions, NULL, 0);
    RtlFreeUnicodeString(&NtName);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        if (Status == STATUS_OBJECT_NAME_COLLISION)
            SetLastError(ERROR_FILE_EXISTS);
        return INVALID_HANDLE_VALUE;
    }
    if ((dwCreationDisposition == CREATE_ALWAYS &&
         IoStatus.Information == FILE_OVERWRITTEN) ||
        (dwCreationDisposition == OPEN_ALWAYS &&
         IoStatus.Information == FILE_OPENED))
        SetLastError(ERROR_ALREADY_EXISTS);
    else
        SetLastError(ERROR_SUCCESS);
    return Handle;
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
                          DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition,
                          DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BaseAnsiNameToUnicode(lpFileName, Buffer, &Name))
        return INVALID_HANDLE_VALUE;
    return CreateFileW(Name, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                       dwCreationDisposition, dwFlagsAndAttributes,
                       hTemplateFile);
}
