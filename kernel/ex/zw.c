/*
 * The Zw* entry points: each runs its Nt* body with PreviousMode
 * KernelMode, as a call through NT's service dispatcher from kernel mode
 * does (handles are trusted, no probing).
 */
#include "kernel/object.h"

NTSTATUS NTAPI ZwClose(HANDLE Handle)
{
    return EXP_ZW_CALL(NtClose(Handle));
}

NTSTATUS NTAPI ZwDuplicateObject(HANDLE SourceProcessHandle,
                                 HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess,
                                 ULONG HandleAttributes, ULONG Options)
{
    return EXP_ZW_CALL(NtDuplicateObject(
        SourceProcessHandle, SourceHandle, TargetProcessHandle, TargetHandle,
        DesiredAccess, HandleAttributes, Options));
}

NTSTATUS NTAPI ZwQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS ObjectInformationClass,
                             PVOID ObjectInformation,
                             ULONG ObjectInformationLength, PULONG ReturnLength)
{
    return EXP_ZW_CALL(NtQueryObject(Handle, ObjectInformationClass,
                                     ObjectInformation, ObjectInformationLength,
                                     ReturnLength));
}

NTSTATUS NTAPI ZwSetInformationObject(
    HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
    PVOID ObjectInformation, ULONG ObjectInformationLength)
{
    return EXP_ZW_CALL(NtSetInformationObject(Handle, ObjectInformationClass,
                                              ObjectInformation,
                                              ObjectInformationLength));
}

NTSTATUS NTAPI ZwMakeTemporaryObject(HANDLE Handle)
{
    return EXP_ZW_CALL(NtMakeTemporaryObject(Handle));
}

NTSTATUS NTAPI ZwCreateDirectoryObject(PHANDLE DirectoryHandle,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(NtCreateDirectoryObject(DirectoryHandle, DesiredAccess,
                                               ObjectAttributes));
}

NTSTATUS NTAPI ZwOpenDirectoryObject(PHANDLE DirectoryHandle,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(NtOpenDirectoryObject(DirectoryHandle, DesiredAccess,
                                             ObjectAttributes));
}

NTSTATUS NTAPI ZwCreateSymbolicLinkObject(PHANDLE LinkHandle,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget)
{
    return EXP_ZW_CALL(NtCreateSymbolicLinkObject(
        LinkHandle, DesiredAccess, ObjectAttributes, LinkTarget));
}

NTSTATUS NTAPI ZwOpenSymbolicLinkObject(PHANDLE LinkHandle,
                                        ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenSymbolicLinkObject(LinkHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwQuerySymbolicLinkObject(HANDLE LinkHandle,
                                         PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength)
{
    return EXP_ZW_CALL(
        NtQuerySymbolicLinkObject(LinkHandle, LinkTarget, ReturnedLength));
}

NTSTATUS NTAPI ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState)
{
    return EXP_ZW_CALL(NtCreateEvent(
        EventHandle, DesiredAccess, ObjectAttributes, EventType, InitialState));
}

NTSTATUS NTAPI ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenEvent(EventHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return EXP_ZW_CALL(NtSetEvent(EventHandle, PreviousState));
}

NTSTATUS NTAPI ZwResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return EXP_ZW_CALL(NtResetEvent(EventHandle, PreviousState));
}

NTSTATUS NTAPI ZwPulseEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return EXP_ZW_CALL(NtPulseEvent(EventHandle, PreviousState));
}

NTSTATUS NTAPI ZwClearEvent(HANDLE EventHandle)
{
    return EXP_ZW_CALL(NtClearEvent(EventHandle));
}

NTSTATUS NTAPI ZwCreateSemaphore(PHANDLE SemaphoreHandle,
                                 ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 LONG InitialCount, LONG MaximumCount)
{
    return EXP_ZW_CALL(NtCreateSemaphore(SemaphoreHandle, DesiredAccess,
                                         ObjectAttributes, InitialCount,
                                         MaximumCount));
}

NTSTATUS NTAPI ZwOpenSemaphore(PHANDLE SemaphoreHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenSemaphore(SemaphoreHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount)
{
    return EXP_ZW_CALL(
        NtReleaseSemaphore(SemaphoreHandle, ReleaseCount, PreviousCount));
}

NTSTATUS NTAPI ZwCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              BOOLEAN InitialOwner)
{
    return EXP_ZW_CALL(NtCreateMutant(MutantHandle, DesiredAccess,
                                      ObjectAttributes, InitialOwner));
}

NTSTATUS NTAPI ZwOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenMutant(MutantHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount)
{
    return EXP_ZW_CALL(NtReleaseMutant(MutantHandle, PreviousCount));
}

NTSTATUS NTAPI ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout)
{
    return EXP_ZW_CALL(NtWaitForSingleObject(Handle, Alertable, Timeout));
}

NTSTATUS NTAPI ZwWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
                                        WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout)
{
    return EXP_ZW_CALL(
        NtWaitForMultipleObjects(Count, Handles, WaitType, Alertable, Timeout));
}
