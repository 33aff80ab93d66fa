/*
 * A driver translation unit that uses every macro and inline routine of
 * the public headers, built as a WDK driver is (clang in MSVC mode, C and
 * C++, free and checked): it must compile without a warning, pass the
 * layout checks, and reference only names NT's ntoskrnl.exe and hal.dll
 * export (tests/ddk/ddk.mk checks the object's undefined symbols). It is
 * never run; the kernel tests run the routines themselves.
 */
#include <ntddk.h>

#include <ctype.h>
#include <excpt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ntstrsafe.h>

#include "layout_checks.h"

DRIVER_UNLOAD SinkUnload;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH SinkIoctl;
IO_COMPLETION_ROUTINE SinkCompletion;
DRIVER_CANCEL SinkCancel;
IO_WORKITEM_ROUTINE SinkWorkItem;

KDEFERRED_ROUTINE SinkDpc;
KSTART_ROUTINE SinkThread;
WORKER_THREAD_ROUTINE SinkWork;
KSERVICE_ROUTINE SinkIsr;
ALLOCATE_FUNCTION SinkAllocate;
FREE_FUNCTION SinkFree;

C_ASSERT(INT_MAX == MAXLONG && CHAR_BIT == 8);

static KDPC Dpc;
static KTIMER Timer;
static KEVENT Event;
static KSEMAPHORE Semaphore;
static KMUTEX Mutex;
static FAST_MUTEX FastMutex;
static ERESOURCE Resource;
static KSPIN_LOCK Lock;
static LIST_ENTRY Queue;
static SLIST_HEADER Stack;
static WORK_QUEUE_ITEM WorkItem;
static LONG volatile Counter;
static PVOID volatile Slot;
static LONGLONG volatile Wide;

_Use_decl_annotations_ VOID NTAPI SinkDpc(PKDPC ThisDpc, PVOID Context,
                                          PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(ThisDpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    KeAcquireSpinLockAtDpcLevel(&Lock);
    KeReleaseSpinLockFromDpcLevel(&Lock);
}

_Use_decl_annotations_ VOID NTAPI SinkThread(PVOID StartContext)
{
    UNREFERENCED_PARAMETER(StartContext);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_ VOID NTAPI SinkWork(PVOID Parameter)
{
    PAGED_CODE();
    KeSetEvent((PKEVENT)Parameter, 0, FALSE);
}

_Use_decl_annotations_ BOOLEAN NTAPI SinkIsr(PKINTERRUPT Interrupt,
                                             PVOID ServiceContext)
{
    UNREFERENCED_PARAMETER(Interrupt);
    return KeInsertQueueDpc((PKDPC)ServiceContext, NULL, NULL);
}

static _IRQL_requires_max_(DISPATCH_LEVEL) VOID
    SinkLocks(_Inout_ PKSPIN_LOCK SpinLock)
{
    KIRQL OldIrql;
    KLOCK_QUEUE_HANDLE Handle;

    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
    KeLowerIrql(OldIrql);
    KeAcquireSpinLock(SpinLock, &OldIrql);
    KeReleaseSpinLock(SpinLock, OldIrql);
    KeAcquireInStackQueuedSpinLock(SpinLock, &Handle);
    KeReleaseInStackQueuedSpinLock(&Handle);
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        ExAcquireFastMutex(&FastMutex);
        ExReleaseFastMutex(&FastMutex);
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&Resource, TRUE);
        ExReleaseResourceLite(&Resource);
        KeLeaveCriticalRegion();
    }
}

_Use_decl_annotations_ PVOID NTAPI SinkAllocate(POOL_TYPE PoolType,
                                                SIZE_T NumberOfBytes, ULONG Tag)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

_Use_decl_annotations_ VOID NTAPI SinkFree(PVOID Buffer)
{
    ExFreePool(Buffer);
}

/* The driver's va_list handed to the kernel's _vsnprintf. */
static int SinkFormat(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Arguments;
    int Length;

    va_start(Arguments, Format);
    Length = _vsnprintf(Buffer, Count, Format, Arguments);
    va_end(Arguments);
    return Length;
}

static VOID SinkLookaside(VOID)
{
    static NPAGED_LOOKASIDE_LIST NonPaged;
    static PAGED_LOOKASIDE_LIST Paged;
    PVOID Entry;

    ExInitializeNPagedLookasideList(&NonPaged, NULL, NULL, 0, 64, 'kniS', 0);
    Entry = ExAllocateFromNPagedLookasideList(&NonPaged);
    if (Entry != NULL)
        ExFreeToNPagedLookasideList(&NonPaged, Entry);
    ExDeleteNPagedLookasideList(&NonPaged);
    ExInitializePagedLookasideList(&Paged, SinkAllocate, SinkFree, 0, 64,
                                   'kniS', 0);
    Entry = ExAllocateFromPagedLookasideList(&Paged);
    if (Entry != NULL)
        ExFreeToPagedLookasideList(&Paged, Entry);
    ExDeletePagedLookasideList(&Paged);
}

static LONG SinkInterlocked(VOID)
{
    LIST_ENTRY Entry;
    SLIST_ENTRY Item;
    LONG Sum;

    Sum = InterlockedIncrement(&Counter);
    Sum += InterlockedDecrement(&Counter);
    Sum += InterlockedExchange(&Counter, 5);
    Sum += InterlockedExchangeAdd(&Counter, 2);
    Sum += InterlockedCompareExchange(&Counter, 1, 7);
    Sum += InterlockedAnd(&Counter, 3);
    Sum += InterlockedOr(&Counter, 4);
    Sum += InterlockedXor(&Counter, 1);
    InterlockedExchangePointer(&Slot, &Entry);
    InterlockedCompareExchangePointer(&Slot, NULL, &Entry);
    Sum += (LONG)InterlockedCompareExchange64(&Wide, 1, 0);
    ExInterlockedInsertTailList(&Queue, &Entry, &Lock);
    ExInterlockedRemoveHeadList(&Queue, &Lock);
    InitializeSListHead(&Stack);
    InterlockedPushEntrySList(&Stack, &Item);
    InterlockedPopEntrySList(&Stack);
    InterlockedFlushSList(&Stack);
    return Sum + QueryDepthSList(&Stack);
}

static VOID SinkLists(VOID)
{
    static LIST_ENTRY First, Second;
    SINGLE_LIST_ENTRY Head, Single;

    InitializeListHead(&Queue);
    InsertTailList(&Queue, &First);
    InsertHeadList(&Queue, &Second);
    RemoveEntryList(&First);
    if (!IsListEmpty(&Queue))
        RemoveHeadList(&Queue);
    Head.Next = NULL;
    PushEntryList(&Head, &Single);
    PopEntryList(&Head);
}

static SIZE_T SinkMemory(PUCHAR Buffer, SIZE_T Length)
{
    UCHAR Copy[16];
    SIZE_T Same;

    RtlZeroMemory(Copy, sizeof(Copy));
    RtlFillMemory(Copy, sizeof(Copy), 0x5A);
    RtlCopyMemory(Copy, Buffer, Length < sizeof(Copy) ? Length : sizeof(Copy));
    RtlMoveMemory(Copy + 1, Copy, 8);
    RtlCopyBytes(Copy, Buffer, 1);
    RtlZeroBytes(Copy, 1);
    RtlFillBytes(Copy, 1, 2);
    RtlCopyMemory32(Copy, Buffer, 1);
    RtlFillMemoryUlong(Copy, sizeof(Copy), 0xDEADBEEF);
    Same = RtlCompareMemoryUlong(Copy, sizeof(Copy), 0xDEADBEEF);
    Same += RtlCompareMemory(Copy, Buffer, 4);
    if (RtlEqualMemory(Copy, Buffer, 4))
        Same++;
    RtlSecureZeroMemory(Copy, sizeof(Copy));
    return Same;
}

static NTSTATUS SinkStrings(VOID)
{
    static const UNICODE_STRING Constant =
        RTL_CONSTANT_STRING(L"\\Device\\Sink");
    DECLARE_CONST_UNICODE_STRING(Declared, L"Sink");
    DECLARE_UNICODE_STRING_SIZE(Sized, 32);
    UNICODE_STRING Name, Upper;
    ANSI_STRING Ansi;
    STRING Plain;
    ULONG Value;
    NTSTATUS Status;

    RtlInitUnicodeString(&Name, L"\\Device\\Sink");
    RtlCopyUnicodeString(&Sized, &Name);
    Status = RtlAppendUnicodeToString(&Sized, L"0");
    Status |= RtlAppendUnicodeStringToString(&Sized, &Declared);
    if (RtlCompareUnicodeString(&Name, &Constant, TRUE) != 0 ||
        !RtlEqualUnicodeString(&Name, &Constant, FALSE) ||
        !RtlPrefixUnicodeString(&Declared, &Name, TRUE))
        return STATUS_UNSUCCESSFUL;
    Status = RtlUpcaseUnicodeString(&Upper, &Name, TRUE);
    if (NT_SUCCESS(Status))
        RtlFreeUnicodeString(&Upper);
    Status = RtlUnicodeStringToAnsiString(&Ansi, &Name, TRUE);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = RtlAnsiStringToUnicodeString(&Upper, &Ansi, TRUE);
    RtlFreeAnsiString(&Ansi);
    if (NT_SUCCESS(Status))
        RtlFreeUnicodeString(&Upper);
    RtlInitAnsiString(&Ansi, "sink");
    RtlInitString(&Plain, "SINK");
    if (!RtlEqualString(&Ansi, &Plain, TRUE) ||
        RtlCompareString(&Ansi, &Plain, FALSE) == 0)
        return STATUS_UNSUCCESSFUL;
    Status = RtlIntegerToUnicodeString(42, 16, &Sized);
    Status |= RtlUnicodeStringToInteger(&Sized, 16, &Value);
    return RtlUpcaseUnicodeChar(L'a') == L'A' && RtlUpperChar('a') == 'A'
               ? Status
               : STATUS_UNSUCCESSFUL;
}

static int SinkCrt(PCSTR Text, PCWSTR Wide)
{
    char Narrow[32];
    wchar_t WideBuffer[32];
    int Total;

    Total = (int)strlen(Text) + strcmp(Text, "x") + strncmp(Text, "y", 1);
    strcpy(Narrow, "a");
    strncpy(Narrow, Text, 4);
    Narrow[4] = '\0';
    strcat(Narrow, "b");
    Total += strchr(Narrow, 'a') != NULL;
    Total += strrchr(Narrow, 'b') != NULL;
    Total += strstr(Narrow, "ab") != NULL;
    Total += _stricmp(Text, "X") + _strnicmp(Text, "y", 1);
    Total += (int)wcslen(Wide) + wcscmp(Wide, L"w") + wcsncmp(Wide, L"w", 1);
    wcscpy(WideBuffer, L"w");
    wcsncpy(WideBuffer, Wide, 2);
    WideBuffer[2] = 0;
    wcscat(WideBuffer, L"z");
    Total += wcschr(WideBuffer, L'z') != NULL;
    Total += _wcsicmp(Wide, L"W") + _wcsnicmp(Wide, L"w", 1);
    Total += _snprintf(Narrow, sizeof(Narrow), "%d %s %wZ", 1, Text, NULL);
    Total += sprintf(Narrow, "%x", 2);
    Total += SinkFormat(Narrow, sizeof(Narrow), "%I64u", (ULONGLONG)5);
    Total += NT_SUCCESS(RtlStringCbPrintfA(Narrow, sizeof(Narrow), "%s", Text));
    Total += NT_SUCCESS(RtlStringCchPrintfW(WideBuffer, 32, L"%d", 1));
    Total += NT_SUCCESS(RtlStringCchCopyA(Narrow, sizeof(Narrow), Text));
    Total += NT_SUCCESS(RtlStringCbCatW(WideBuffer, sizeof(WideBuffer), Wide));
    Total += _snwprintf(WideBuffer, 32, L"%s", Wide);
    Total += swprintf(WideBuffer, L"%d", 3);
    Total += toupper('a') + tolower('A') + isdigit('1') + isspace(' ');
    Total += atoi("12") + abs(-3) + (int)labs(-4L);
    Total += memchr(Text, 'x', 1) != NULL;
    return Total;
}

static NTSTATUS SinkExceptions(volatile PULONG Pointer)
{
    NTSTATUS Status = STATUS_SUCCESS;

    __try {
        ProbeForRead((PVOID)Pointer, sizeof(ULONG), sizeof(ULONG));
        *Pointer = 1;
    } __except (GetExceptionCode() == STATUS_ACCESS_VIOLATION
                    ? EXCEPTION_EXECUTE_HANDLER
                    : EXCEPTION_CONTINUE_SEARCH) {
        Status = GetExceptionCode();
    }
    return Status;
}

static NTSTATUS SinkObjects(VOID)
{
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER DueTime;
    HANDLE Thread;
    PVOID Block;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    KeInitializeSemaphore(&Semaphore, 0, 1);
    KeInitializeMutex(&Mutex, 0);
    KeInitializeTimer(&Timer);
    KeInitializeDpc(&Dpc, SinkDpc, NULL);
    KeInitializeSpinLock(&Lock);
    ExInitializeFastMutex(&FastMutex);
    ExInitializeResourceLite(&Resource);
    ExInitializeWorkItem(&WorkItem, SinkWork, &Event);
    ExQueueWorkItem(&WorkItem, DelayedWorkQueue);
    DueTime.QuadPart = -10000;
    KeSetTimer(&Timer, DueTime, &Dpc);
    KeCancelTimer(&Timer);
    KeReleaseSemaphore(&Semaphore, 0, 1, FALSE);
    KeWaitForSingleObject(&Mutex, Executive, KernelMode, FALSE, NULL);
    KeReleaseMutex(&Mutex, FALSE);
    KeClearEvent(&Event);
    KeResetEvent(&Event);
    KeDelayExecutionThread(KernelMode, FALSE, &DueTime);
    KeQuerySystemTime(&DueTime);
    KeQueryTickCount(&DueTime);
    KeStallExecutionProcessor(1);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = PsCreateSystemThread(&Thread, 0, &Attributes, NULL, NULL,
                                  SinkThread, NULL);
    if (NT_SUCCESS(Status)) {
        PVOID Object;

        if (NT_SUCCESS(ObReferenceObjectByHandle(Thread, 0, NULL, KernelMode,
                                                 &Object, NULL)))
            ObDereferenceObject(Object);
        ZwClose(Thread);
    }
    ObReferenceObject(PsGetCurrentThread());
    ObDereferenceObject(PsGetCurrentThread());
    if (PsGetCurrentProcess() == NULL || KeGetCurrentThread() == NULL ||
        PsGetCurrentProcessId() == NULL || PsGetCurrentThreadId() == NULL)
        return STATUS_UNSUCCESSFUL;
    Block = ExAllocatePool(NonPagedPool, 16);
    if (Block != NULL)
        ExFreePool(Block);
    Block = ExAllocatePoolWithTag(PagedPool, 16, 'kniS');
    if (Block == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    ASSERT(MmIsAddressValid(Block));
    KdPrint(
        ("sink: %p at %I64x\n", Block, MmGetPhysicalAddress(Block).QuadPart));
    ExFreePoolWithTag(Block, 'kniS');
    return Status;
}

/* The I/O manager's surface: stack locations, completion, cancellation,
 * devices, links, MDLs, work items, requests built for another driver. */
NTSTATUS SinkCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    return STATUS_CONTINUE_COMPLETION;
}

VOID SinkCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID SinkWorkItem(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
}

NTSTATUS SinkIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION Stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG Code = Stack->Parameters.DeviceIoControl.IoControlCode;
    PVOID Mapped;
    KIRQL Irql;

    if (METHOD_FROM_CTL_CODE(Code) == METHOD_OUT_DIRECT) {
        Mapped =
            MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (Mapped != NULL)
            RtlZeroMemory(Mapped, MmGetMdlByteCount(Irp->MdlAddress));
    }
    if (Code == CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED,
                         FILE_ANY_ACCESS)) {
        IoAcquireCancelSpinLock(&Irql);
        IoSetCancelRoutine(Irp, SinkCancel);
        IoReleaseCancelSpinLock(Irql);
        IoMarkIrpPending(Irp);
        return STATUS_PENDING;
    }
    if (DeviceObject->AttachedDevice != NULL) {
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, SinkCompletion, NULL, TRUE, TRUE, TRUE);
        return IoCallDriver(DeviceObject->AttachedDevice, Irp);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID SinkUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\??\\Sink");

    PAGED_CODE();
    IoDeleteSymbolicLink(&Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS SinkIo(PDRIVER_OBJECT DriverObject, PVOID Buffer)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"\\Device\\Sink");
    UNICODE_STRING Link = RTL_CONSTANT_STRING(L"\\??\\Sink");
    PDEVICE_OBJECT Device, Lower, Target;
    PFILE_OBJECT File;
    IO_STATUS_BLOCK Iosb;
    PIO_WORKITEM Item;
    KEVENT Event;
    NTSTATUS Status;
    PMDL Mdl;
    PIRP Irp;

    Status = IoCreateDevice(DriverObject, 16, &Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    Device->Flags |= DO_BUFFERED_IO;
    Device->Flags &= ~DO_DEVICE_INITIALIZING;
    IoCreateSymbolicLink(&Link, &Name);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SinkIoctl;
    DriverObject->DriverUnload = SinkUnload;
    if (NT_SUCCESS(
            IoGetDeviceObjectPointer(&Name, FILE_READ_DATA, &File, &Target))) {
        Lower = IoAttachDeviceToDeviceStack(Device, Target);
        if (Lower != NULL)
            IoDetachDevice(Lower);
        ObDereferenceObject(File);
    }
    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Irp = IoBuildDeviceIoControlRequest(
        CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS),
        Device, Buffer, 4, Buffer, 4, FALSE, &Event, &Iosb);
    if (Irp != NULL && IoCallDriver(Device, Irp) == STATUS_PENDING)
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
    Mdl = IoAllocateMdl(Buffer, PAGE_SIZE, FALSE, FALSE, NULL);
    if (Mdl != NULL) {
        __try {
            MmProbeAndLockPages(Mdl, KernelMode, IoWriteAccess);
            MmUnlockPages(Mdl);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        IoFreeMdl(Mdl);
    }
    Irp = IoAllocateIrp(Device->StackSize, FALSE);
    if (Irp != NULL) {
        IoSetNextIrpStackLocation(Irp);
        IoFreeIrp(Irp);
    }
    Item = IoAllocateWorkItem(Device);
    if (Item != NULL) {
        IoQueueWorkItem(Item, SinkWorkItem, DelayedWorkQueue, NULL);
        IoFreeWorkItem(Item);
    }
    ObReferenceObjectByHandle(NULL, 0, *IoFileObjectType, KernelMode,
                              (PVOID *)&File, NULL);
    return Status;
}

NTSTATUS SinkEntry(PVOID Argument)
{
    NTSTATUS Status;

    PAGED_CODE();
    SinkLists();
    SinkLookaside();
    SinkLocks(&Lock);
    if (SinkInterlocked() == 0 || SinkMemory((PUCHAR)Argument, 4) == 0)
        return STATUS_UNSUCCESSFUL;
    Status = SinkStrings();
    if (SinkCrt("x", L"w") == 0)
        Status = STATUS_UNSUCCESSFUL;
    if (NT_SUCCESS(Status))
        Status = SinkObjects();
    if (NT_SUCCESS(Status))
        Status = SinkExceptions((PULONG)Argument);
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(0xDEAD, (ULONG_PTR)Status, 0, 0, 0);
    return Status;
}
