/*
 * File mappings: sections. Without a file (INVALID_HANDLE_VALUE) the
 * section is backed by the page file and needs a size. The section's
 * access follows the page protection asked for; SEC_COMMIT is the default
 * for the SEC_ attributes carried in flProtect. A name already taken
 * opens that mapping, with ERROR_ALREADY_EXISTS.
 */
#include "kernel32p.h"

#define SEC_ATTRIBUTE_MASK (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT)

static ACCESS_MASK section_access(DWORD Protect)
{
    ACCESS_MASK Access =
        STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;

    if (Protect == PAGE_READWRITE || Protect == PAGE_EXECUTE_READWRITE)
        Access |= SECTION_MAP_WRITE;
    if (Protect == PAGE_EXECUTE_READ || Protect == PAGE_EXECUTE_READWRITE ||
        Protect == PAGE_EXECUTE_WRITECOPY)
        Access |= SECTION_MAP_EXECUTE;
    return Access;
}

HANDLE WINAPI CreateFileMappingW(HANDLE hFile,
                                 LPSECURITY_ATTRIBUTES lpAttributes,
                                 DWORD flProtect, DWORD dwMaximumSizeHigh,
                                 DWORD dwMaximumSizeLow, LPCWSTR lpName)
{
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS];
    DWORD SectionAttributes = flProtect & SEC_ATTRIBUTE_MASK;
    DWORD Protect = flProtect & ~SEC_ATTRIBUTE_MASK;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER MaximumSize;
    UNICODE_STRING Name;
    HANDLE Handle;
    NTSTATUS Status;

    if (SectionAttributes == 0)
        SectionAttributes = SEC_COMMIT;
    MaximumSize.LowPart = dwMaximumSizeLow;
    MaximumSize.HighPart = (LONG)dwMaximumSizeHigh;
    if (hFile == INVALID_HANDLE_VALUE) {
        if (MaximumSize.QuadPart == 0) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        hFile = NULL;
    }
    if (BaseFormatObjectAttributes(&Attributes, &Name, Buffer, lpAttributes,
                                   lpName, OBJ_OPENIF) == NULL)
        return NULL;
    Status = NtCreateSection(&Handle, section_access(Protect), &Attributes,
                             MaximumSize.QuadPart ? &MaximumSize : NULL,
                             Protect, SectionAttributes, hFile);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    SetLastError(Status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS
                                                     : ERROR_SUCCESS);
    return Handle;
}

HANDLE WINAPI CreateFileMappingA(HANDLE hFile,
                                 LPSECURITY_ATTRIBUTES lpAttributes,
                                 DWORD flProtect, DWORD dwMaximumSizeHigh,
                                 DWORD dwMaximumSizeLow, LPCSTR lpName)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BaseAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return CreateFileMappingW(hFile, lpAttributes, flProtect, dwMaximumSizeHigh,
                              dwMaximumSizeLow, Name);
}

HANDLE WINAPI OpenFileMappingW(DWORD dwDesiredAccess, BOOL bInheritHandle,
                               LPCWSTR lpName)
{
    /* A copy-on-write view only reads the section. */
    if (dwDesiredAccess == FILE_MAP_COPY)
        dwDesiredAccess = SECTION_MAP_READ;
    return BaseOpenNamedObject(NtOpenSection, dwDesiredAccess, bInheritHandle,
                               lpName);
}

HANDLE WINAPI OpenFileMappingA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                               LPCSTR lpName)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BaseAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return OpenFileMappingW(dwDesiredAccess, bInheritHandle, Name);
}

/* The page protection of a view from the FILE_MAP_ access asked for. */
static DWORD view_protection(DWORD Access)
{
    BOOL Execute = (Access & FILE_MAP_EXECUTE) != 0;

    Access &= ~FILE_MAP_EXECUTE;
    if (Access == FILE_MAP_COPY)
        return Execute ? PAGE_EXECUTE_WRITECOPY : PAGE_WRITECOPY;
    if (Access & FILE_MAP_WRITE)
        return Execute ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
    if (Access & FILE_MAP_READ)
        return Execute ? PAGE_EXECUTE_READ : PAGE_READONLY;
    return PAGE_NOACCESS;
}

LPVOID WINAPI MapViewOfFile(HANDLE hFileMappingObject, DWORD dwDesiredAccess,
                            DWORD dwFileOffsetHigh, DWORD dwFileOffsetLow,
                            SIZE_T dwNumberOfBytesToMap)
{
    DWORD Protect = view_protection(dwDesiredAccess);
    LARGE_INTEGER Offset;
    PVOID Base = NULL;
    SIZE_T ViewSize = dwNumberOfBytesToMap;
    NTSTATUS Status;

    if (Protect == PAGE_NOACCESS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    Offset.LowPart = dwFileOffsetLow;
    Offset.HighPart = (LONG)dwFileOffsetHigh;
    Status =
        NtMapViewOfSection(hFileMappingObject, NtCurrentProcess(), &Base, 0, 0,
                           &Offset, &ViewSize, ViewShare, 0, Protect);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Base;
}

BOOL WINAPI UnmapViewOfFile(LPCVOID lpBaseAddress)
{
    NTSTATUS Status =
        NtUnmapViewOfSection(NtCurrentProcess(), (PVOID)lpBaseAddress);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
