/*
 * ntdll.dll's interface for the user libraries and programs: the system
 * services (Nt*, and the same stubs as Zw*), the run-time library (Rtl*),
 * the heap and the exception routines, with NT's prototypes. The numbers
 * behind the services come from kernel/ps/services.tbl.
 */
#ifndef USER_NTDLL_H
#define USER_NTDLL_H

#include "ntexcept.h"
#include "winnt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;
typedef enum _SECTION_INHERIT { ViewShare = 1, ViewUnmap = 2 } SECTION_INHERIT;

typedef enum _MEMORY_INFORMATION_CLASS {
    MemoryBasicInformation = 0
} MEMORY_INFORMATION_CLASS;

typedef enum _PROCESSINFOCLASS { ProcessBasicInformation = 0 } PROCESSINFOCLASS;

typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    PPEB PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

typedef enum _THREADINFOCLASS { ThreadBasicInformation = 0 } THREADINFOCLASS;

/* NT's x86 layout, 28 bytes. */
typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS ExitStatus;
    PVOID TebBaseAddress;
    CLIENT_ID ClientId;
    ULONG_PTR AffinityMask;
    LONG Priority;
    LONG BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

typedef enum _OBJECT_INFORMATION_CLASS {
    ObjectBasicInformation = 0,
    ObjectNameInformation = 1
} OBJECT_INFORMATION_CLASS;

/* An x86 segment descriptor as NtSetLdtEntries takes it. */
typedef struct _LDT_ENTRY {
    USHORT LimitLow;
    USHORT BaseLow;
    struct {
        UCHAR BaseMid;
        UCHAR Flags1; /* type, S, DPL, P */
        UCHAR Flags2; /* limit 19:16, AVL, D/B, G */
        UCHAR BaseHi;
    } Bytes;
} LDT_ENTRY, *PLDT_ENTRY;

/* ANSI_STRING and STRING come from include/ntdef.h, as in the WDK. */

/* The I/O system services' records, as the WDK (wdm.h, ntifs.h) has them. */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* Runs as a user APC in the requesting thread when an I/O completes, if
 * the request named one (and the thread waits alertably). */
typedef VOID(NTAPI *PIO_APC_ROUTINE)(PVOID ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock,
                                     ULONG Reserved);

/* NtCreateFile's CreateDisposition. */
#define FILE_SUPERSEDE 0x00000000
#define FILE_OPEN 0x00000001
#define FILE_CREATE 0x00000002
#define FILE_OPEN_IF 0x00000003
#define FILE_OVERWRITE 0x00000004
#define FILE_OVERWRITE_IF 0x00000005
#define FILE_MAXIMUM_DISPOSITION 0x00000005

/* NtCreateFile's CreateOptions and NtOpenFile's OpenOptions. */
#define FILE_DIRECTORY_FILE 0x00000001
#define FILE_WRITE_THROUGH 0x00000002
#define FILE_SEQUENTIAL_ONLY 0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT 0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define FILE_NON_DIRECTORY_FILE 0x00000040
#define FILE_CREATE_TREE_CONNECTION 0x00000080
#define FILE_COMPLETE_IF_OPLOCKED 0x00000100
#define FILE_NO_EA_KNOWLEDGE 0x00000200
#define FILE_RANDOM_ACCESS 0x00000800
#define FILE_DELETE_ON_CLOSE 0x00001000
#define FILE_OPEN_BY_FILE_ID 0x00002000
#define FILE_OPEN_FOR_BACKUP_INTENT 0x00004000
#define FILE_NO_COMPRESSION 0x00008000
#define FILE_OPEN_REPARSE_POINT 0x00200000
#define FILE_OPEN_NO_RECALL 0x00400000

/* IO_STATUS_BLOCK.Information after NtCreateFile: what it did. */
#define FILE_SUPERSEDED 0x00000000
#define FILE_OPENED 0x00000001
#define FILE_CREATED 0x00000002
#define FILE_OVERWRITTEN 0x00000003
#define FILE_EXISTS 0x00000004
#define FILE_DOES_NOT_EXIST 0x00000005

/* The attributes NtCreateFile takes (ntifs.h). */
#define FILE_ATTRIBUTE_VALID_FLAGS 0x00007FB7

/* Services (kernel/ps/services.tbl). */
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG AllocationType, ULONG Protect);
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG FreeType);
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
                                      PSIZE_T RegionSize, ULONG NewProtect,
                                      PULONG OldProtect);
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
                                    MEMORY_INFORMATION_CLASS InformationClass,
                                    PVOID Information, SIZE_T Length,
                                    PSIZE_T ReturnLength);
NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection,
                               ULONG AllocationAttributes, HANDLE FileHandle);
NTSTATUS NTAPI NtOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle,
                                  PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset,
                                  PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition,
                                  ULONG AllocationType, ULONG Win32Protect);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);

NTSTATUS NTAPI NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              HANDLE ProcessHandle, PCLIENT_ID ClientId,
                              PCONTEXT ThreadContext, PINITIAL_TEB InitialTeb,
                              BOOLEAN CreateSuspended);
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle,
                               PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount);
NTSTATUS NTAPI NtTerminateProcess(HANDLE ProcessHandle, NTSTATUS ExitStatus);
NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle,
                                         PROCESSINFOCLASS InformationClass,
                                         PVOID Information, ULONG Length,
                                         PULONG ReturnLength);
NTSTATUS NTAPI NtQueryInformationThread(HANDLE ThreadHandle,
                                        THREADINFOCLASS InformationClass,
                                        PVOID Information, ULONG Length,
                                        PULONG ReturnLength);
NTSTATUS NTAPI NtYieldExecution(VOID);
typedef VOID(NTAPI *PTIMER_APC_ROUTINE)(PVOID TimerContext, ULONG TimerLowValue,
                                        LONG TimerHighValue);
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
NTSTATUS NTAPI NtCreateTimer(PHANDLE TimerHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             TIMER_TYPE TimerType);
NTSTATUS NTAPI NtSetTimer(HANDLE TimerHandle, PLARGE_INTEGER DueTime,
                          PTIMER_APC_ROUTINE TimerApcRoutine,
                          PVOID TimerContext, BOOLEAN ResumeTimer, LONG Period,
                          PBOOLEAN PreviousState);
NTSTATUS NTAPI NtCancelTimer(HANDLE TimerHandle, PBOOLEAN CurrentState);
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER Interval);
NTSTATUS NTAPI NtTestAlert(VOID);
NTSTATUS NTAPI NtContinue(PCONTEXT Context, BOOLEAN TestAlert);
NTSTATUS NTAPI NtRaiseException(PEXCEPTION_RECORD ExceptionRecord,
                                PCONTEXT Context, BOOLEAN FirstChance);
NTSTATUS NTAPI NtDisplayString(PUNICODE_STRING String);
NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER Counter,
                                         PLARGE_INTEGER Frequency);
NTSTATUS NTAPI NtSetLdtEntries(ULONG Selector1, LDT_ENTRY Entry1,
                               ULONG Selector2, LDT_ENTRY Entry2);

NTSTATUS NTAPI NtClose(HANDLE Handle);
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle,
                                 HANDLE SourceHandle,
                                 HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle,
                                 ACCESS_MASK DesiredAccess,
                                 ULONG HandleAttributes, ULONG Options);
NTSTATUS NTAPI NtQueryObject(HANDLE Handle,
                             OBJECT_INFORMATION_CLASS InformationClass,
                             PVOID Information, ULONG Length,
                             PULONG ReturnLength);
NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState);
NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtClearEvent(HANDLE EventHandle);
NTSTATUS NTAPI NtPulseEvent(HANDLE EventHandle, PLONG PreviousState);
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
                                     PLARGE_INTEGER Timeout);
NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
                                        WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout);

/* The I/O manager's services: files and devices (\??\Name opens what the
 * symbolic link Name in \?? names). On a synchronous file object (opened
 * with FILE_SYNCHRONOUS_IO_*) the service waits for the request; on
 * another, STATUS_PENDING means the IO_STATUS_BLOCK is written, Event set
 * and ApcRoutine queued to this thread when the request completes. */
NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition,
                            ULONG CreateOptions, PVOID EaBuffer,
                            ULONG EaLength);
NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes,
                          PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                          ULONG OpenOptions);
NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event,
                          PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTSTATUS NTAPI NtWriteFile(HANDLE FileHandle, HANDLE Event,
                           PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key);
NTSTATUS NTAPI NtDeviceIoControlFile(
    HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
    PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
    ULONG OutputBufferLength);
NTSTATUS NTAPI NtFsControlFile(HANDLE FileHandle, HANDLE Event,
                               PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                               PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG FsControlCode, PVOID InputBuffer,
                               ULONG InputBufferLength, PVOID OutputBuffer,
                               ULONG OutputBufferLength);
NTSTATUS NTAPI NtCancelIoFile(HANDLE FileHandle,
                              PIO_STATUS_BLOCK IoStatusBlock);

/* Strings. */
VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                PCWSTR SourceString);
VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString,
                             PCSTR SourceString);
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);

/* Win32 path names as NT object names (dos_path.c): \\.\X and \\?\X
 * become \??\X, C:\X becomes \??\C:\X and \\server\share\X becomes
 * \??\UNC\server\share\X; with no current directory, a relative name is
 * taken in \?? itself. '/' is a separator and "." and ".." are resolved,
 * except after \\?\, which passes the rest as it is. */
typedef struct _RTL_RELATIVE_NAME_U {
    UNICODE_STRING RelativeName;
    HANDLE ContainingDirectory;
    PVOID CurDirRef;
} RTL_RELATIVE_NAME_U, *PRTL_RELATIVE_NAME_U;
/* The NT name in a process-heap buffer (RtlFreeUnicodeString frees it);
 * FilePart, if asked, at its last component (NULL if it ends with a
 * separator); RelativeName, if given, is cleared (there is no current
 * directory to be relative to). FALSE for an empty or too long name. */
BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosFileName,
                                           PUNICODE_STRING NtFileName,
                                           PWSTR *FilePart,
                                           PRTL_RELATIVE_NAME_U RelativeName);
/* The same conversion into the caller's buffer of BufferChars characters
 * (the terminator included); *Length is the result's, in characters.
 * STATUS_OBJECT_NAME_INVALID for an empty name, STATUS_NAME_TOO_LONG when
 * it does not fit. */
NTSTATUS NTAPI RtlpDosPathNameToNtPathName(PCWSTR DosFileName, PWSTR Buffer,
                                           ULONG BufferChars, PULONG Length);

/* Memory (also exported as functions under these names). */
VOID NTAPI RtlMoveMemory(PVOID Destination, PCVOID Source, SIZE_T Length);
VOID NTAPI RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill);
VOID NTAPI RtlZeroMemory(PVOID Destination, SIZE_T Length);
SIZE_T NTAPI RtlCompareMemory(PCVOID Source1, PCVOID Source2, SIZE_T Length);

/* The Win32 error an NTSTATUS stands for (ERROR_MR_MID_NOT_FOUND if none). */
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status);

/* The heap. */
typedef struct _RTL_HEAP_PARAMETERS RTL_HEAP_PARAMETERS, *PRTL_HEAP_PARAMETERS;
PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize,
                          SIZE_T CommitSize, PVOID Lock,
                          PRTL_HEAP_PARAMETERS Parameters);
PVOID NTAPI RtlDestroyHeap(PVOID HeapHandle);
PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size);
BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress);
PVOID NTAPI RtlReAllocateHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress,
                              SIZE_T Size);
SIZE_T NTAPI RtlSizeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress);

/* Threads: a new thread of this or another process, with its own stack. */
typedef ULONG(NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID Parameter);
NTSTATUS NTAPI RtlCreateUserThread(HANDLE ProcessHandle,
                                   PVOID SecurityDescriptor,
                                   BOOLEAN CreateSuspended, ULONG StackZeroBits,
                                   SIZE_T StackReserve, SIZE_T StackCommit,
                                   PUSER_THREAD_START_ROUTINE StartAddress,
                                   PVOID Parameter, PHANDLE ThreadHandle,
                                   PCLIENT_ID ClientId);
/* A thread's stack: StackReserve reserved (1 MiB if 0), the top
 * StackCommit committed (a page if 0) with a PAGE_GUARD page below it, as
 * NtCreateThread's INITIAL_TEB describes it. */
NTSTATUS NTAPI RtlCreateUserStack(HANDLE ProcessHandle, SIZE_T StackReserve,
                                  SIZE_T StackCommit, ULONG StackZeroBits,
                                  PINITIAL_TEB InitialTeb);
VOID NTAPI RtlFreeUserStack(HANDLE ProcessHandle, PINITIAL_TEB InitialTeb);
/* A CONTEXT that starts at InitialPc on InitialSp with Parameter as the
 * routine's stdcall argument (written on the stack: this process only). */
NTSTATUS NTAPI RtlInitializeContext(HANDLE ProcessHandle, PCONTEXT Context,
                                    PVOID Parameter, PVOID InitialPc,
                                    PVOID InitialSp);

/* The loader's user half: the first routine of every process, entered
 * with esp at a zero return address and no arguments; never returns. */
DECLSPEC_NORETURN VOID NTAPI LdrInitializeThunk(VOID);
/* DLL_PROCESS_DETACH for the DLLs attached, in reverse order. */
VOID NTAPI LdrShutdownProcess(VOID);

#ifdef __cplusplus
}
#endif

#endif
