/*
 * Driver objects: one per driver, named \Driver\Name, holding the
 * driver's dispatch table. A driver is created around its entry point
 * (DriverEntry), and unloaded through DriverUnload once no open file
 * references any of its devices; its image goes with the object's last
 * reference, which each of its devices holds until it is deleted.
 */
#include "kernel/io.h"
#include "kernel/object.h"

/* What the I/O manager keeps after the DDK's DRIVER_EXTENSION. */
typedef struct _IOP_DRIVER_EXTENSION {
    DRIVER_EXTENSION Public;
    BOOLEAN UnloadPending; /* asked to unload while devices were open */
    PVOID ImageModule;     /* the loaded image, NULL when built in */
    VOID (*ImageUnload)(PVOID ImageModule);
} IOP_DRIVER_EXTENSION, *PIOP_DRIVER_EXTENSION;

static PIOP_DRIVER_EXTENSION extension_of(PDRIVER_OBJECT Driver)
{
    return CONTAINING_RECORD(Driver->DriverExtension, IOP_DRIVER_EXTENSION,
                             Public);
}

NTSTATUS NTAPI IopInvalidDeviceRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

VOID IopDeleteDriver(PVOID Object)
{
    PDRIVER_OBJECT Driver = Object;
    PIOP_DRIVER_EXTENSION Extension = extension_of(Driver);

    if (Driver->DriverName.Buffer != NULL)
        ExFreePoolWithTag(Driver->DriverName.Buffer, IO_NAME_TAG);
    if (Extension->ImageModule != NULL && Extension->ImageUnload != NULL)
        Extension->ImageUnload(Extension->ImageModule);
}

/* Deletes what a driver that failed (or unloaded carelessly) left: its
 * devices would otherwise dispatch into an image about to go. */
static VOID delete_leftover_devices(PDRIVER_OBJECT Driver)
{
    while (Driver->DeviceObject != NULL) {
        DbgPrint("io: driver %p left device %p behind; deleting it\n", Driver,
                 Driver->DeviceObject);
        IoDeleteDevice(Driver->DeviceObject);
    }
}

NTSTATUS IopCreateDriverObject(PUNICODE_STRING DriverName,
                               PDRIVER_INITIALIZE Entry, PVOID ImageBase,
                               ULONG ImageSize, PVOID ImageModule,
                               VOID (*ImageUnload)(PVOID),
                               PUNICODE_STRING RegistryPath,
                               PDRIVER_OBJECT *DriverObject)
{
    OBJECT_ATTRIBUTES Attributes;
    PIOP_DRIVER_EXTENSION Extension;
    PDRIVER_OBJECT Driver;
    ULONG Index;
    NTSTATUS Status;

    InitializeObjectAttributes(
        &Attributes, DriverName,
        OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ObCreateObject(
        KernelMode, IopDriverObjectType, &Attributes, KernelMode, NULL,
        sizeof(DRIVER_OBJECT) + sizeof(IOP_DRIVER_EXTENSION), 0, 0,
        (PVOID *)&Driver);
    if (!NT_SUCCESS(Status)) {
        if (ImageUnload != NULL)
            ImageUnload(ImageModule);
        return Status;
    }
    Extension = (PIOP_DRIVER_EXTENSION)(Driver + 1);
    /* From here the image goes with the object, whatever happens. */
    Extension->ImageModule = ImageModule;
    Extension->ImageUnload = ImageUnload;
    Driver->Type = IO_TYPE_DRIVER;
    Driver->Size = sizeof(DRIVER_OBJECT);
    Driver->Flags =
        ImageModule != NULL ? DRVO_LEGACY_DRIVER : DRVO_BUILTIN_DRIVER;
    Driver->DriverStart = ImageBase;
    Driver->DriverSize = ImageSize;
    Driver->DriverSection = ImageModule;
    Driver->DriverInit = Entry;
    Driver->DriverExtension = &Extension->Public;
    Extension->Public.DriverObject = Driver;
    for (Index = 0; Index <= IRP_MJ_MAXIMUM_FUNCTION; Index++)
        Driver->MajorFunction[Index] = IopInvalidDeviceRequest;
    Driver->DriverName.Buffer =
        ExAllocatePoolWithTag(NonPagedPool, DriverName->Length, IO_NAME_TAG);
    if (Driver->DriverName.Buffer == NULL) {
        ObfDereferenceObject(Driver);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Driver->DriverName.Buffer, DriverName->Buffer,
                  DriverName->Length);
    Driver->DriverName.Length = Driver->DriverName.MaximumLength =
        DriverName->Length;
    Status = ObInsertObject(Driver, NULL, FILE_ALL_ACCESS, 0, (PVOID *)&Driver,
                            NULL);
    if (!NT_SUCCESS(Status))
        return Status; /* the insert dropped the object, and the name */
    Status = Entry(Driver, RegistryPath);
    if (!NT_SUCCESS(Status)) {
        delete_leftover_devices(Driver);
        ObMakeTemporaryObject(Driver);
        ObfDereferenceObject(Driver);
        return Status;
    }
    /* Devices made in DriverEntry are ready now, as NT marks them. */
    {
        PDEVICE_OBJECT Device;

        for (Device = Driver->DeviceObject; Device != NULL;
             Device = Device->NextDevice)
            Device->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    if (DriverObject != NULL)
        *DriverObject = Driver;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI IoCreateDriver(PUNICODE_STRING DriverName,
                              PDRIVER_INITIALIZE InitializationFunction)
{
    if (DriverName == NULL || DriverName->Length == 0)
        return STATUS_INVALID_PARAMETER;
    return IopCreateDriverObject(DriverName, InitializationFunction, NULL, 0,
                                 NULL, NULL, NULL, NULL);
}

VOID NTAPI IoDeleteDriver(PDRIVER_OBJECT DriverObject)
{
    delete_leftover_devices(DriverObject);
    ObMakeTemporaryObject(DriverObject);
    ObfDereferenceObject(DriverObject);
}

static BOOLEAN devices_in_use(PDRIVER_OBJECT Driver)
{
    PDEVICE_OBJECT Device;
    BOOLEAN InUse = FALSE;
    KIRQL OldIrql;

    KeAcquireSpinLock(&IopDatabaseLock, &OldIrql);
    for (Device = Driver->DeviceObject; Device != NULL;
         Device = Device->NextDevice) {
        Device->DeviceObjectExtension->ExtensionFlags |= DOE_UNLOAD_PENDING;
        if (Device->ReferenceCount != 0 || Device->AttachedDevice != NULL)
            InUse = TRUE;
    }
    KeReleaseSpinLock(&IopDatabaseLock, OldIrql);
    return InUse;
}

/* Calls DriverUnload once; the object (and image) go with the devices. */
static VOID unload_now(PDRIVER_OBJECT Driver)
{
    if (__atomic_fetch_or(&Driver->Flags, DRVO_UNLOAD_INVOKED,
                          __ATOMIC_ACQ_REL) &
        DRVO_UNLOAD_INVOKED)
        return;
    ObfReferenceObject(Driver);
    Driver->DriverUnload(Driver);
    delete_leftover_devices(Driver);
    ObMakeTemporaryObject(Driver);
    ObfDereferenceObject(Driver); /* the creation reference */
    ObfDereferenceObject(Driver); /* ours */
}

NTSTATUS IopUnloadDriver(PDRIVER_OBJECT Driver)
{
    PIOP_DRIVER_EXTENSION Extension = extension_of(Driver);

    if (Driver->DriverUnload == NULL)
        return STATUS_INVALID_DEVICE_REQUEST;
    if (Driver->Flags & DRVO_UNLOAD_INVOKED)
        return STATUS_SUCCESS;
    if (devices_in_use(Driver)) {
        /* The last close of one of its devices finishes the unload. */
        Extension->UnloadPending = TRUE;
        return STATUS_SUCCESS;
    }
    unload_now(Driver);
    return STATUS_SUCCESS;
}

VOID IopCheckUnloadDriver(PDRIVER_OBJECT DriverObject)
{
    if (DriverObject == NULL || !extension_of(DriverObject)->UnloadPending ||
        (DriverObject->Flags & DRVO_UNLOAD_INVOKED) ||
        devices_in_use(DriverObject))
        return;
    unload_now(DriverObject);
}
