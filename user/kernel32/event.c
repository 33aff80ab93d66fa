/*
 * Events: CreateEvent (opening the existing one of the same name, with
 * ERROR_ALREADY_EXISTS, as Win32 does), OpenEvent, SetEvent, ResetEvent.
 */
#include "kernel32p.h"

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes,
                           BOOL bManualReset, BOOL bInitialState,
                           LPCWSTR lpName)
{
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS];
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;
    NTSTATUS Status;

    if (BaseFormatObjectAttributes(&Attributes, &Name, Buffer,
                                   lpEventAttributes, lpName,
                                   OBJ_OPENIF) == NULL)
        return NULL;
    Status =
        NtCreateEvent(&Handle, EVENT_ALL_ACCESS, &Attributes,
                      bManualReset ? NotificationEvent : SynchronizationEvent,
                      (BOOLEAN)(bInitialState != FALSE));
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    SetLastError(Status == STATUS_OBJECT_NAME_EXISTS ? ERROR_ALREADY_EXISTS
                                                     : ERROR_SUCCESS);
    return Handle;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
                           BOOL bManualReset, BOOL bInitialState, LPCSTR lpName)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BaseAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return CreateEventW(lpEventAttributes, bManualReset, bInitialState, Name);
}

HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle,
                         LPCWSTR lpName)
{
    return BaseOpenNamedObject(NtOpenEvent, dwDesiredAccess, bInheritHandle,
                               lpName);
}

HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle,
                         LPCSTR lpName)
{
    WCHAR Buffer[MAX_PATH + 1];
    LPCWSTR Name;

    if (!BaseAnsiNameToUnicode(lpName, Buffer, &Name))
        return NULL;
    return OpenEventW(dwDesiredAccess, bInheritHandle, Name);
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    NTSTATUS Status = NtSetEvent(hEvent, NULL);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    NTSTATUS Status = NtResetEvent(hEvent, NULL);

    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return FALSE;
    }
    return TRUE;
}
