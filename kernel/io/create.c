/*
 * Opening a device: NtCreateFile and NtOpenFile look the name up (through
 * \??\Name's link to \Device\Name), make a file object for this open and
 * send IRP_MJ_CREATE to the top of the device's stack; the driver's
 * answer decides whether the caller gets a handle. What the name has past
 * the device (\Device\Name\some\path) is the file object's FileName,
 * for the driver to interpret, as NT's parse procedure leaves it.
 */
#include "kernel/io.h"
#include "kernel/object.h"
#include "kernel/probe.h"

NTSTATUS IopCallDriverAndWait(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                              PIO_STATUS_BLOCK IoStatus);

static const GENERIC_MAPPING file_mapping = {
    FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE,
    FILE_ALL_ACCESS};

static NTSTATUS check_parameters(ULONG Disposition, ULONG Options,
                                 ACCESS_MASK Access)
{
    ULONG Sync = FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT;

    if (Disposition > FILE_MAXIMUM_DISPOSITION ||
        (Options & ~FILE_VALID_OPTION_FLAGS) || (Options & Sync) == Sync ||
        ((Options & Sync) && !(Access & SYNCHRONIZE)) ||
        ((Options & FILE_DIRECTORY_FILE) &&
         (Options & FILE_NON_DIRECTORY_FILE)))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* The device a name leads to, referenced, and the rest of the name after
 * it: the name of the file on the device (FileObject->FileName), as NT's
 * parse procedure hands the driver what the walk left ("\\some\\path";
 * nothing when the device itself is named). Relative to an open file
 * (Root a file handle, as NT's IopParseFile takes it): that file's
 * device, the whole name as the file's name, and the file, referenced, as
 * *Related. */
static NTSTATUS find_device(PCUNICODE_STRING Name, HANDLE Root,
                            ULONG Attributes, KPROCESSOR_MODE AccessMode,
                            PDEVICE_OBJECT *Device, PUNICODE_STRING FileName,
                            PFILE_OBJECT *Related)
{
    PVOID Found;
    NTSTATUS Status;

    *Related = NULL;
    FileName->Buffer = NULL;
    FileName->Length = FileName->MaximumLength = 0;
    if (Root != NULL) {
        Status =
            ObReferenceObjectByHandle(Root, 0, NULL, AccessMode, &Found, NULL);
        if (!NT_SUCCESS(Status))
            return Status;
        if (OBJECT_TO_OBJECT_HEADER(Found)->Type == IopFileObjectType) {
            PFILE_OBJECT File = Found;

            if (Name->Length != 0) {
                FileName->Buffer = ExAllocatePoolWithTag(
                    NonPagedPool, Name->Length, IO_NAME_TAG);
                if (FileName->Buffer == NULL) {
                    ObfDereferenceObject(File);
                    return STATUS_INSUFFICIENT_RESOURCES;
                }
                RtlCopyMemory(FileName->Buffer, Name->Buffer, Name->Length);
                FileName->Length = FileName->MaximumLength = Name->Length;
            }
            ObfReferenceObject(File->DeviceObject);
            *Device = File->DeviceObject;
            *Related = File;
            return STATUS_SUCCESS;
        }
        ObfDereferenceObject(Found); /* a directory: the walk takes it */
    }
    ObpAcquireNamespaceShared();
    Status = ObpLookupObjectNameRemaining(Root, Name, Attributes, AccessMode,
                                          &Found, IO_NAME_TAG, FileName);
    ObpReleaseNamespace();
    if (!NT_SUCCESS(Status))
        return Status;
    if (OBJECT_TO_OBJECT_HEADER(Found)->Type != IopDeviceObjectType) {
        if (FileName->Buffer != NULL)
            ExFreePoolWithTag(FileName->Buffer, IO_NAME_TAG);
        ObfDereferenceObject(Found);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Device = Found;
    return STATUS_SUCCESS;
}

/* Whether Device takes a new open now. */
static NTSTATUS check_device(PDEVICE_OBJECT Device)
{
    ULONG Flags = Device->DeviceObjectExtension->ExtensionFlags;

    if (Flags & DOE_DELETE_PENDING)
        return STATUS_DELETE_PENDING;
    if ((Flags & DOE_UNLOAD_PENDING) ||
        (Device->Flags & DO_DEVICE_INITIALIZING) ||
        (Device->DriverObject->Flags & DRVO_UNLOAD_INVOKED))
        return STATUS_NO_SUCH_DEVICE;
    if ((Device->Flags & DO_EXCLUSIVE) && Device->ReferenceCount != 0)
        return STATUS_ACCESS_DENIED;
    return STATUS_SUCCESS;
}

/* What find_device gave, when no file object takes it. */
static VOID release_name(PUNICODE_STRING FileName, PFILE_OBJECT Related)
{
    if (FileName->Buffer != NULL)
        ExFreePoolWithTag(FileName->Buffer, IO_NAME_TAG);
    if (Related != NULL)
        ObfDereferenceObject(Related);
}

static PFILE_OBJECT new_file_object(PDEVICE_OBJECT Device, ULONG Options,
                                    ACCESS_MASK Access, ULONG ShareAccess,
                                    ULONG HandleAttributes,
                                    KPROCESSOR_MODE AccessMode)
{
    OBJECT_ATTRIBUTES Attributes;
    PFILE_OBJECT File;

    InitializeObjectAttributes(&Attributes, NULL, HandleAttributes, NULL, NULL);
    /* The attributes are ours (kernel memory); the handle's table follows
     * the caller's mode and the attributes it was allowed. */
    if (!NT_SUCCESS(ObCreateObject(KernelMode, IopFileObjectType, &Attributes,
                                   AccessMode, NULL, sizeof(FILE_OBJECT), 0, 0,
                                   (PVOID *)&File)))
        return NULL;
    __atomic_add_fetch(&IopCounters.FileObjects, 1, __ATOMIC_RELAXED);
    File->Type = IO_TYPE_FILE;
    File->Size = sizeof(FILE_OBJECT);
    if (Options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        File->Flags |= FO_SYNCHRONOUS_IO;
    if (Options & FILE_SYNCHRONOUS_IO_ALERT)
        File->Flags |= FO_ALERTABLE_IO;
    if (Options & FILE_NO_INTERMEDIATE_BUFFERING)
        File->Flags |= FO_NO_INTERMEDIATE_BUFFERING;
    if (Options & FILE_WRITE_THROUGH)
        File->Flags |= FO_WRITE_THROUGH;
    if (Options & FILE_SEQUENTIAL_ONLY)
        File->Flags |= FO_SEQUENTIAL_ONLY;
    if (Options & FILE_RANDOM_ACCESS)
        File->Flags |= FO_RANDOM_ACCESS;
    File->ReadAccess = (Access & (FILE_READ_DATA | FILE_EXECUTE)) != 0;
    File->WriteAccess = (Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    File->DeleteAccess = (Access & DELETE) != 0;
    File->SharedRead = (ShareAccess & FILE_SHARE_READ) != 0;
    File->SharedWrite = (ShareAccess & FILE_SHARE_WRITE) != 0;
    File->SharedDelete = (ShareAccess & FILE_SHARE_DELETE) != 0;
    KeInitializeEvent(&File->Lock, SynchronizationEvent, FALSE);
    KeInitializeEvent(&File->Event, NotificationEvent, FALSE);
    KeInitializeSpinLock(&File->IrpListLock);
    InitializeListHead(&File->IrpList);
    File->DeviceObject = Device;
    return File;
}

/* IRP_MJ_CREATE to the top of the stack; the driver's status. */
static NTSTATUS send_create(PFILE_OBJECT File, ACCESS_MASK Access,
                            ULONG FileAttributes, ULONG ShareAccess,
                            ULONG Disposition, ULONG Options, ULONG Attributes,
                            KPROCESSOR_MODE AccessMode,
                            PIO_STATUS_BLOCK IoStatus)
{
    PDEVICE_OBJECT Top = IoGetRelatedDeviceObject(File);
    IO_SECURITY_CONTEXT Security;
    PIO_STACK_LOCATION Stack;
    PIRP Irp = IoAllocateIrp(Top->StackSize, FALSE);

    if (Irp == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    Security.SecurityQos = NULL;
    Security.AccessState = NULL;
    Security.DesiredAccess = Access;
    Security.FullCreateOptions = Options;
    Irp->Flags = IRP_CREATE_OPERATION;
    Irp->RequestorMode = AccessMode;
    Irp->Tail.Overlay.OriginalFileObject = File;
    Stack = IoGetNextIrpStackLocation(Irp);
    Stack->MajorFunction = IRP_MJ_CREATE;
    if (!(Attributes & OBJ_CASE_INSENSITIVE))
        Stack->Flags |= SL_CASE_SENSITIVE;
    Stack->Parameters.Create.SecurityContext = &Security;
    Stack->Parameters.Create.Options =
        (Disposition << 24) | (Options & FILE_VALID_OPTION_FLAGS);
    Stack->Parameters.Create.FileAttributes = (USHORT)FileAttributes;
    Stack->Parameters.Create.ShareAccess = (USHORT)ShareAccess;
    Stack->FileObject = File;
    IoStatus->Status = STATUS_PENDING;
    IoStatus->Information = 0;
    return IopCallDriverAndWait(Top, Irp, IoStatus);
}

NTSTATUS IopCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                       POBJECT_ATTRIBUTES ObjectAttributes,
                       PIO_STATUS_BLOCK IoStatusBlock, ULONG FileAttributes,
                       ULONG ShareAccess, ULONG Disposition, ULONG Options,
                       KPROCESSOR_MODE AccessMode)
{
    OBJECT_ATTRIBUTES Captured;
    UNICODE_STRING Name, FileName;
    IO_STATUS_BLOCK IoStatus;
    PDEVICE_OBJECT Device;
    PFILE_OBJECT File, Related = NULL;
    HANDLE Handle;
    NTSTATUS Status;

    if (AccessMode != KernelMode) {
        Status = ExpProbeHandleOut(FileHandle, AccessMode);
        if (NT_SUCCESS(Status))
            Status = ExpProbeForWrite(IoStatusBlock, sizeof(IO_STATUS_BLOCK),
                                      sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (DesiredAccess & MAXIMUM_ALLOWED)
        DesiredAccess = (DesiredAccess & ~MAXIMUM_ALLOWED) | FILE_ALL_ACCESS;
    RtlMapGenericMask(&DesiredAccess, &file_mapping);
    Status = check_parameters(Disposition, Options, DesiredAccess);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObjectAttributes == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Status = ObpCaptureObjectAttributes(ObjectAttributes, AccessMode, &Captured,
                                        &Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status =
        Captured.ObjectName == NULL
            ? STATUS_OBJECT_NAME_INVALID
            : find_device(&Name, Captured.RootDirectory, Captured.Attributes,
                          AccessMode, &Device, &FileName, &Related);
    ObpReleaseCapturedName(&Name);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = check_device(Device);
    if (!NT_SUCCESS(Status)) {
        release_name(&FileName, Related);
        ObfDereferenceObject(Device);
        return Status;
    }
    File = new_file_object(Device, Options, DesiredAccess, ShareAccess,
                           Captured.Attributes &
                               (AccessMode == KernelMode
                                    ? OBJ_INHERIT | OBJ_KERNEL_HANDLE
                                    : OBJ_INHERIT),
                           AccessMode);
    if (File == NULL) {
        release_name(&FileName, Related);
        ObfDereferenceObject(Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    /* The file object owns both from here (IopDeleteFile gives them
     * back). */
    File->FileName = FileName;
    File->RelatedFileObject = Related;
    /* The file object holds the device (and its count of opens) from
     * here; a failed create gives both back before the object goes. */
    __atomic_add_fetch(&Device->ReferenceCount, 1, __ATOMIC_RELAXED);
    Status = send_create(File, DesiredAccess, FileAttributes, ShareAccess,
                         Disposition, Options, Captured.Attributes, AccessMode,
                         &IoStatus);
    if (!NT_SUCCESS(Status)) {
        File->DeviceObject = NULL;
        __atomic_sub_fetch(&Device->ReferenceCount, 1, __ATOMIC_RELAXED);
        ObfDereferenceObject(File); /* never inserted: the creation ref */
        if (Device->ReferenceCount == 0)
            IopCheckUnloadDriver(Device->DriverObject);
        ObfDereferenceObject(Device);
        return Status;
    }
    File->Flags |= FO_HANDLE_CREATED;
    /* A failed insert drops the object, which sends IRP_MJ_CLOSE. */
    Status = ObInsertObject(File, NULL, DesiredAccess, 0, NULL, &Handle);
    if (!NT_SUCCESS(Status))
        return Status;
    if (AccessMode != KernelMode) {
        ExpWriteBack(FileHandle, &Handle, sizeof(Handle));
        ExpWriteBack(IoStatusBlock, &IoStatus, sizeof(IoStatus));
    } else {
        *FileHandle = Handle;
        *IoStatusBlock = IoStatus;
    }
    return IoStatus.Status;
}

NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition,
                            ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Size;
    NTSTATUS Status;

    /* Devices have no size, but a caller's bad pointer is refused as NT's
     * IoCreateFile refuses it (read, then ignored). */
    if (AllocationSize != NULL && Mode != KernelMode) {
        Status = ExpCaptureLargeInteger(AllocationSize, Mode, &Size);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    /* Extended attributes belong to file systems, which this kernel has
     * none of. */
    if (EaBuffer != NULL || EaLength != 0)
        return STATUS_EAS_NOT_SUPPORTED;
    return IopCreateFile(FileHandle, DesiredAccess, ObjectAttributes,
                         IoStatusBlock, FileAttributes, ShareAccess,
                         CreateDisposition, CreateOptions, Mode);
}

NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes,
                          PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                          ULONG OpenOptions)
{
    return IopCreateFile(FileHandle, DesiredAccess, ObjectAttributes,
                         IoStatusBlock, 0, ShareAccess, FILE_OPEN, OpenOptions,
                         ExGetPreviousMode());
}
