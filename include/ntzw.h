/*
 * The object manager's system services as kernel code calls them: Zw*
 * runs the service with PreviousMode KernelMode (no access checks on
 * handles, as on NT); Nt* runs it with the calling thread's PreviousMode,
 * which the system-call path will set to UserMode. NT's prototypes.
 * Included by ntddk.h.
 */
#ifndef NTZW_H
#define NTZW_H

#include "ntob.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DUPLICATE_CLOSE_SOURCE 0x00000001
#define DUPLICATE_SAME_ACCESS 0x00000002
#define DUPLICATE_SAME_ATTRIBUTES 0x00000004

typedef enum _OBJECT_INFORMATION_CLASS {
    ObjectBasicInformation = 0,
    ObjectNameInformation = 1,
    ObjectTypeInformation = 2,
    ObjectTypesInformation = 3,
    ObjectHandleFlagInformation = 4,
} OBJECT_INFORMATION_CLASS;

/* NT's layout: 56 bytes. */
typedef struct _OBJECT_BASIC_INFORMATION {
    ULONG Attributes; /* the handle's, and OBJ_PERMANENT */
    ACCESS_MASK GrantedAccess;
    ULONG HandleCount;
    ULONG PointerCount;
    ULONG PagedPoolCharge;
    ULONG NonPagedPoolCharge;
    ULONG Reserved[3];
    ULONG NameInfoSize;
    ULONG TypeInfoSize;
    ULONG SecurityDescriptorSize;
    LARGE_INTEGER CreationTime;
} OBJECT_BASIC_INFORMATION, *POBJECT_BASIC_INFORMATION;

/* The full path follows the structure; Name.Buffer points at it. */
typedef struct _OBJECT_NAME_INFORMATION {
    UNICODE_STRING Name;
} OBJECT_NAME_INFORMATION, *POBJECT_NAME_INFORMATION;

typedef struct _OBJECT_HANDLE_FLAG_INFORMATION {
    BOOLEAN Inherit;
    BOOLEAN ProtectFromClose;
} OBJECT_HANDLE_FLAG_INFORMATION, *POBJECT_HANDLE_FLAG_INFORMATION;

/* STATUS_INVALID_HANDLE when Handle is not open; a handle protected from
 * close stays, STATUS_HANDLE_NOT_CLOSABLE. */
NTSTATUS NTAPI NtClose(HANDLE Handle);
NTSTATUS NTAPI ZwClose(HANDLE Handle);
/* Source and target processes are process handles with PROCESS_DUP_HANDLE. */
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle,
                                 HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess,
                                 ULONG HandleAttributes, ULONG Options);
NTSTATUS NTAPI ZwDuplicateObject(HANDLE SourceProcessHandle,
                                 HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess,
                                 ULONG HandleAttributes, ULONG Options);
/* ObjectBasicInformation, ObjectNameInformation (and setting
 * ObjectHandleFlagInformation through ZwSetInformationObject). */
NTSTATUS NTAPI NtQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS ObjectInformationClass,
                             PVOID ObjectInformation,
                             ULONG ObjectInformationLength,
                             PULONG ReturnLength);
NTSTATUS NTAPI ZwQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS ObjectInformationClass,
                             PVOID ObjectInformation,
                             ULONG ObjectInformationLength,
                             PULONG ReturnLength);
NTSTATUS NTAPI NtSetInformationObject(
    HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
    PVOID ObjectInformation, ULONG ObjectInformationLength);
NTSTATUS NTAPI ZwSetInformationObject(
    HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
    PVOID ObjectInformation, ULONG ObjectInformationLength);
NTSTATUS NTAPI NtMakeTemporaryObject(HANDLE Handle);
NTSTATUS NTAPI ZwMakeTemporaryObject(HANDLE Handle);

/* Directories and symbolic links. */
NTSTATUS NTAPI NtCreateDirectoryObject(PHANDLE DirectoryHandle,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwCreateDirectoryObject(PHANDLE DirectoryHandle,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtOpenDirectoryObject(PHANDLE DirectoryHandle,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenDirectoryObject(PHANDLE DirectoryHandle,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtCreateSymbolicLinkObject(PHANDLE LinkHandle,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget);
NTSTATUS NTAPI ZwCreateSymbolicLinkObject(PHANDLE LinkHandle,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_ATTRIBUTES ObjectAttributes,
                                          PUNICODE_STRING LinkTarget);
NTSTATUS NTAPI NtOpenSymbolicLinkObject(PHANDLE LinkHandle,
                                        ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenSymbolicLinkObject(PHANDLE LinkHandle,
                                        ACCESS_MASK DesiredAccess,
                                        POBJECT_ATTRIBUTES ObjectAttributes);
/* The target into LinkTarget's buffer; STATUS_BUFFER_TOO_SMALL and the
 * length needed in *ReturnedLength when it does not fit. */
NTSTATUS NTAPI NtQuerySymbolicLinkObject(HANDLE LinkHandle,
                                         PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength);
NTSTATUS NTAPI ZwQuerySymbolicLinkObject(HANDLE LinkHandle,
                                         PUNICODE_STRING LinkTarget,
                                         PULONG ReturnedLength);

/* Events. */
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState);
NTSTATUS NTAPI ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState);
NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI ZwSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI ZwResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtPulseEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI ZwPulseEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtClearEvent(HANDLE EventHandle);
NTSTATUS NTAPI ZwClearEvent(HANDLE EventHandle);

/* Semaphores. */
NTSTATUS NTAPI NtCreateSemaphore(PHANDLE SemaphoreHandle,
                                 ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 LONG InitialCount, LONG MaximumCount);
NTSTATUS NTAPI ZwCreateSemaphore(PHANDLE SemaphoreHandle,
                                 ACCESS_MASK DesiredAccess,
                                 POBJECT_ATTRIBUTES ObjectAttributes,
                                 LONG InitialCount, LONG MaximumCount);
NTSTATUS NTAPI NtOpenSemaphore(PHANDLE SemaphoreHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenSemaphore(PHANDLE SemaphoreHandle,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount);
NTSTATUS NTAPI ZwReleaseSemaphore(HANDLE SemaphoreHandle, LONG ReleaseCount,
                                  PLONG PreviousCount);

/* Mutants. */
NTSTATUS NTAPI NtCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              BOOLEAN InitialOwner);
NTSTATUS NTAPI ZwCreateMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              BOOLEAN InitialOwner);
NTSTATUS NTAPI NtOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwOpenMutant(PHANDLE MutantHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes);
/* STATUS_MUTANT_NOT_OWNED when the caller does not own it. */
NTSTATUS NTAPI NtReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount);
NTSTATUS NTAPI ZwReleaseMutant(HANDLE MutantHandle, PLONG PreviousCount);

/* Waits on handles: each needs SYNCHRONIZE. Timeout as KeWait*'s. */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout);
NTSTATUS NTAPI ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
                                        WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout);
NTSTATUS NTAPI ZwWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
                                        WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout);

/* KeDelayExecutionThread in the caller's PreviousMode: STATUS_SUCCESS
 * when the interval has passed, STATUS_ALERTED or STATUS_USER_APC when an
 * alertable delay ended early. A NULL interval is STATUS_INVALID_PARAMETER. */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable,
                                PLARGE_INTEGER DelayInterval);

/* The calling thread's PreviousMode: KernelMode in system threads. */
KPROCESSOR_MODE NTAPI ExGetPreviousMode(VOID);

/* Timers (type "Timer", kernel/ex/timer.c). A routine given to NtSetTimer
 * runs in ring 3 as a user APC to the thread that set it, with the
 * system time of the expiry. */
typedef VOID(NTAPI *PTIMER_APC_ROUTINE)(PVOID TimerContext, ULONG TimerLowValue,
                                        LONG TimerHighValue);
typedef enum _TIMER_INFORMATION_CLASS {
    TimerBasicInformation
} TIMER_INFORMATION_CLASS;
typedef struct _TIMER_BASIC_INFORMATION {
    LARGE_INTEGER RemainingTime; /* 100 ns units until it expires */
    BOOLEAN TimerState;          /* signalled */
} TIMER_BASIC_INFORMATION, *PTIMER_BASIC_INFORMATION;

extern DECLSPEC_IMPORT POBJECT_TYPE *ExTimerObjectType;
NTSTATUS NTAPI NtCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType);
NTSTATUS NTAPI NtOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime,
                          PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period,
                          PBOOLEAN PreviousState);
NTSTATUS NTAPI NtCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState);
NTSTATUS NTAPI NtQueryTimer(HANDLE TimerHandle,
                            TIMER_INFORMATION_CLASS TimerInformationClass,
                            PVOID TimerInformation,
                            ULONG TimerInformationLength, PULONG ReturnLength);
NTSTATUS NTAPI ZwCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType);
NTSTATUS NTAPI ZwOpenTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime,
                          PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period,
                          PBOOLEAN PreviousState);
NTSTATUS NTAPI ZwCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState);

#ifdef __cplusplus
}
#endif

#endif
