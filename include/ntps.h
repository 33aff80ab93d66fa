/*
 * Processes and threads (Ps) as the WDK declares them for x86: system
 * threads and the current thread's and process's identities. Included by
 * ntddk.h.
 */
#ifndef NTPS_H
#define NTPS_H

#include "ntdisp.h"
#include "ntob.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef VOID NTAPI KSTART_ROUTINE(PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

/* A thread in the system process, running StartRoutine(StartContext) at
 * PASSIVE_LEVEL and priority 8; a kernel handle to it in *ThreadHandle
 * (close it with ZwClose). ProcessHandle must be NULL (the system
 * process). The thread ends when the routine returns or calls
 * PsTerminateSystemThread. */
NTSTATUS NTAPI PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes,
                                    HANDLE ProcessHandle, PCLIENT_ID ClientId,
                                    PKSTART_ROUTINE StartRoutine,
                                    PVOID StartContext);
/* Ends the calling system thread; STATUS_INVALID_PARAMETER from any
 * other thread. */
NTSTATUS NTAPI PsTerminateSystemThread(NTSTATUS ExitStatus);

struct _EPROCESS;
PETHREAD NTAPI PsGetCurrentThread(VOID);
HANDLE NTAPI PsGetCurrentThreadId(VOID);
HANDLE NTAPI PsGetCurrentProcessId(VOID);
HANDLE NTAPI PsGetThreadId(PETHREAD Thread);
BOOLEAN NTAPI PsIsSystemThread(PETHREAD Thread);
/* The thread's exit status; STATUS_PENDING while it runs. */
NTSTATUS NTAPI PsGetThreadExitStatus(PETHREAD Thread);
/* NT x86 exports both; the WDK makes the Ps name a macro over the Io one
 * for drivers, as here. */
struct _EPROCESS *NTAPI IoGetCurrentProcess(VOID);
#if defined(NT_DRIVER_BUILD)
#define PsGetCurrentProcess IoGetCurrentProcess
#else
struct _EPROCESS *NTAPI PsGetCurrentProcess(VOID);
#endif

/* NtQueryInformationProcess's classes (NT's numbers); this kernel answers
 * the basic one. */
typedef enum _PROCESSINFOCLASS {
    ProcessBasicInformation = 0,
    ProcessQuotaLimits = 1,
    ProcessIoCounters = 2,
    ProcessVmCounters = 3,
    ProcessTimes = 4,
    ProcessBasePriority = 5,
    ProcessRaisePriority = 6,
    ProcessDebugPort = 7,
    ProcessExceptionPort = 8,
    ProcessAccessToken = 9,
    ProcessLdtInformation = 10,
    ProcessLdtSize = 11,
    ProcessDefaultHardErrorMode = 12,
    ProcessIoPortHandlers = 13,
    ProcessPooledUsageAndLimits = 14,
    ProcessWorkingSetWatch = 15,
    ProcessUserModeIOPL = 16,
    ProcessEnableAlignmentFaultFixup = 17,
    ProcessPriorityClass = 18,
    ProcessWx86Information = 19,
    ProcessHandleCount = 20,
    ProcessAffinityMask = 21,
    ProcessPriorityBoost = 22,
    ProcessDeviceMap = 23,
    ProcessSessionInformation = 24,
    ProcessForegroundInformation = 25,
    ProcessWow64Information = 26,
    ProcessImageFileName = 27,
    MaxProcessInfoClass
} PROCESSINFOCLASS;

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    struct _PEB *PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority; /* KPRIORITY */
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

NTSTATUS NTAPI ZwQueryInformationProcess(
    HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
    PVOID ProcessInformation, ULONG ProcessInformationLength,
    PULONG ReturnLength);
/* NtQueryInformationThread's classes (NT's numbers); this kernel answers
 * the basic one. */
typedef enum _THREADINFOCLASS {
    ThreadBasicInformation = 0,
    ThreadTimes = 1,
    ThreadPriority = 2,
    ThreadBasePriority = 3,
    ThreadAffinityMask = 4,
    ThreadImpersonationToken = 5,
    ThreadDescriptorTableEntry = 6,
    ThreadEnableAlignmentFaultFixup = 7,
    ThreadEventPair = 8,
    ThreadQuerySetWin32StartAddress = 9,
    ThreadZeroTlsCell = 10,
    ThreadPerformanceCount = 11,
    ThreadAmILastThread = 12,
    ThreadIdealProcessor = 13,
    ThreadPriorityBoost = 14,
    ThreadSetTlsArrayAddress = 15,
    ThreadIsIoPending = 16,
    ThreadHideFromDebugger = 17,
    MaxThreadInfoClass
} THREADINFOCLASS;

/* NT's x86 layout, 28 bytes; ExitStatus is STATUS_PENDING while the
 * thread runs. */
typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    PVOID TebBaseAddress;
    CLIENT_ID ClientId;
    ULONG_PTR AffinityMask; /* KAFFINITY */
    LONG Priority;          /* KPRIORITY */
    LONG BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

NTSTATUS NTAPI ZwQueryInformationThread(HANDLE ThreadHandle,
                                        THREADINFOCLASS ThreadInformationClass,
                                        PVOID ThreadInformation,
                                        ULONG ThreadInformationLength,
                                        PULONG ReturnLength);
HANDLE NTAPI PsGetProcessId(struct _EPROCESS *Process);
/* The process's exit status; STATUS_PENDING while it runs. */
NTSTATUS NTAPI PsGetProcessExitStatus(struct _EPROCESS *Process);
/* The process with that id, referenced (ObDereferenceObject it);
 * STATUS_INVALID_CID when there is none. */
NTSTATUS NTAPI PsLookupProcessByProcessId(HANDLE ProcessId,
                                          struct _EPROCESS **Process);
/* The thread with that id, likewise. */
NTSTATUS NTAPI PsLookupThreadByThreadId(HANDLE ThreadId, PETHREAD *Thread);

#ifdef __cplusplus
}
#endif

#endif
