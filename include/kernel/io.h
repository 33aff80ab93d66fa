/*
 * The I/O manager's internals (kernel/io/): object types, the IRP paths
 * every request shares, and what the rest of the kernel calls into it
 * for. docs/io.md tells the story.
 */
#ifndef KERNEL_IO_H
#define KERNEL_IO_H

#include "ntddk.h"

#define IO_DEVICE_TAG 'vDoI' /* "IoDv": device objects' extras */
#define IO_BUFFER_TAG 'fBoI' /* "IoBf": system buffers of requests */
#define IO_IRP_TAG 'prI '    /* " Irp": IRPs, as NT tags them */
#define IO_NAME_TAG 'mNoI'   /* "IoNm": names the I/O manager keeps */
#define IO_WORK_TAG 'kWoI'   /* "IoWk": IO_WORKITEMs */

/* DEVOBJ_EXTENSION.ExtensionFlags, NT's values. */
#define DOE_UNLOAD_PENDING 0x00000001
#define DOE_DELETE_PENDING 0x00000002
#define DOE_REMOVE_PENDING 0x00000004
#define DOE_REMOVE_PROCESSED 0x00000008
#define DOE_START_PENDING 0x00000010

/* IRPs with this many stack locations or fewer come from lookaside lists
 * (NT keeps one list for single-location IRPs and one for larger). */
#define IOP_LARGE_IRP_STACK_LOCATIONS 8

extern POBJECT_TYPE IopDeviceObjectType;
extern POBJECT_TYPE IopDriverObjectType;
extern POBJECT_TYPE IopFileObjectType;

/* Every device's stack is changed under it (attach, detach, delete). */
extern KSPIN_LOCK IopDatabaseLock;

VOID IoInitSystem(VOID);

/* IRPs queued by a thread, for cancellation at its exit. */
VOID IopQueueThreadIrp(PIRP Irp);
VOID IopDequeueThreadIrp(PIRP Irp);
VOID IoCancelThreadIo(PETHREAD Thread);
/* Cancels the IRPs of FileObject the current process's threads issued and
 * waits for them (NtCancelIoFile, the last handle's close). */
VOID IopCancelFileIo(PFILE_OBJECT FileObject, BOOLEAN AllThreads);

/* The APC-time half of completion, in the requesting Thread (NULL when
 * there is none left to tell). */
VOID IopCompleteRequest(PIRP Irp, PFILE_OBJECT FileObject, PETHREAD Thread);

/* A read or write on a synchronous file object succeeded: its position
 * moves on by the bytes moved (kernel/io/read_write.c). */
VOID IopUpdateFilePosition(PIRP Irp, PFILE_OBJECT FileObject);

/* Sends Irp to the top of FileObject's device stack for a service: queues
 * it on the thread, serialises synchronous file objects, waits for them,
 * returns the status the caller sees. */
NTSTATUS IopSynchronousServiceTail(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                   PFILE_OBJECT FileObject);

/* A service's IRP for FileObject: allocated for the stack, thread and file
 * filled in; NULL when pool is short. */
PIRP IopAllocateServiceIrp(PDEVICE_OBJECT DeviceObject, PFILE_OBJECT FileObject,
                           UCHAR MajorFunction);
/* What an IRP being built took (buffers, MDLs, a service's event and
 * file-object references), given back with the IRP when building failed. */
VOID IopFreeIrpAndBuffers(PIRP Irp);

/* A service's request on a file object begins (the lock of a synchronous
 * one taken; on failure the file object and event are given back) and,
 * when building its IRP fails, is abandoned. */
NTSTATUS IopBeginFileRequest(PFILE_OBJECT FileObject, PKEVENT Event);
VOID IopAbortFileRequest(PFILE_OBJECT FileObject, PKEVENT Event);

/* Locking a synchronous file object for one request at a time. */
NTSTATUS IopAcquireFileObjectLock(PFILE_OBJECT FileObject,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable);
VOID IopReleaseFileObjectLock(PFILE_OBJECT FileObject);

/* The handle's file object and event, referenced, for a read, write or
 * control service; the status when either is wrong. */
NTSTATUS IopReferenceFileAndEvent(HANDLE FileHandle, ACCESS_MASK Access,
                                  HANDLE Event, PFILE_OBJECT *FileObject,
                                  PKEVENT *EventObject);

/* Opens a device for a service or IoGetDeviceObjectPointer. */
NTSTATUS IopCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes,
                       PIO_STATUS_BLOCK IoStatusBlock, ULONG FileAttributes,
                       ULONG ShareAccess, ULONG Disposition, ULONG Options,
                       KPROCESSOR_MODE AccessMode);

/* A device was dereferenced by a file object going away: unload its driver
 * when that was the last thing holding an unload back. */
VOID IopCheckUnloadDriver(PDRIVER_OBJECT DriverObject);

/* The default dispatch routine: STATUS_INVALID_DEVICE_REQUEST. */
NTSTATUS NTAPI IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp);

/* Drivers built into the kernel (and the tests') go through the same path
 * as loaded ones, without an image. */
/* A driver object around Entry, which is called; an image's module and
 * the routine that unloads it when the object goes (NULL when built in).
 * On failure everything it made is undone (devices it left included). */
NTSTATUS IopCreateDriverObject(PUNICODE_STRING DriverName,
                               PDRIVER_INITIALIZE Entry, PVOID ImageBase,
                               ULONG ImageSize, PVOID ImageModule,
                               VOID (*ImageUnload)(PVOID),
                               PUNICODE_STRING RegistryPath,
                               PDRIVER_OBJECT *DriverObject);
/* DriverUnload now, or when the last open of its devices closes. */
NTSTATUS IopUnloadDriver(PDRIVER_OBJECT Driver);
/* NtLoadDriver's and NtUnloadDriver's work, for a captured service key
 * (\Registry\Machine\System\CurrentControlSet\Services\NAME). */
NTSTATUS IopLoadDriver(PCUNICODE_STRING ServiceKey);
NTSTATUS IopUnloadDriverByName(PCUNICODE_STRING ServiceKey);

/* Counters the shell and tests read. */
typedef struct _IOP_COUNTERS {
    volatile LONG IrpsAllocated; /* live IRPs */
    volatile LONG FileObjects;   /* live file objects */
} IOP_COUNTERS;
extern IOP_COUNTERS IopCounters;

/* The MDLs an IRP carries: their pages unlocked when it completes, the
 * MDLs freed when the requester has been told. */
VOID IopUnlockIrpMdls(PIRP Irp);
VOID IopFreeIrpMdls(PIRP Irp);
/* Direct I/O: Buffer described by an MDL on Irp, its pages probed for the
 * requester's mode and locked (for writing when the device writes into
 * it); the probe's status when the buffer is bad, with nothing left. */
/* Where a request's buffers go, for the requester's mode (Irp's
 * RequestorMode, its next stack location filled): a read or write by the
 * device's flags, a control request by its method (docs/io.md). The
 * caller frees what was set up when this fails (IopFreeIrpAndBuffers). */
NTSTATUS IopSetUpTransfer(PIRP Irp, PDEVICE_OBJECT Device, BOOLEAN Read,
                          PVOID Buffer, ULONG Length);
NTSTATUS IopSetUpControlBuffers(PIRP Irp, ULONG Method, PVOID Input,
                                ULONG InputLength, PVOID Output,
                                ULONG OutputLength);
NTSTATUS IopLockUserBuffer(PIRP Irp, PVOID Buffer, ULONG Length,
                           BOOLEAN DeviceWrites);
#endif
