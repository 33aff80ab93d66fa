/*
 * The I/O manager's start: its three object types (Device, Driver, File)
 * and the IRP lookaside lists. The rest of kernel/io/ is the request
 * paths; docs/io.md tells the story.
 */
#include "kernel/io.h"
#include "kernel/object.h"

POBJECT_TYPE IopDeviceObjectType;
POBJECT_TYPE IopDriverObjectType;
POBJECT_TYPE IopFileObjectType;
POBJECT_TYPE *IoDeviceObjectType = &IopDeviceObjectType;
POBJECT_TYPE *IoDriverObjectType = &IopDriverObjectType;
POBJECT_TYPE *IoFileObjectType = &IopFileObjectType;

KSPIN_LOCK IopDatabaseLock;
IOP_COUNTERS IopCounters;

VOID IopCloseFile(PVOID Object, ULONG SystemHandleCount);
VOID IopDeleteFile(PVOID Object);
VOID IopDeleteDriver(PVOID Object);
VOID IopDeleteDevice(PVOID Object);
VOID IopInitializeIrpLookasides(VOID);
VOID IopCreateConsoleDrivers(VOID);
VOID IopCreateDiskDrivers(VOID);
VOID IopCreateAhciDriver(VOID);
VOID IopInitializeCloseReserve(VOID);
VOID IopInitializeTimers(VOID);

static VOID create_type(PCWSTR Name, OB_DELETE_METHOD Delete,
                        OB_CLOSE_METHOD Close, ULONG WaitObjectOffset,
                        POBJECT_TYPE *Type)
{
    OBJECT_TYPE_INITIALIZER Initializer = {0};
    UNICODE_STRING TypeName;

    RtlInitUnicodeString(&TypeName, Name);
    Initializer.Length = sizeof(Initializer);
    Initializer.UseDefaultObject = WaitObjectOffset == 0;
    Initializer.GenericMapping.GenericRead = FILE_GENERIC_READ;
    Initializer.GenericMapping.GenericWrite = FILE_GENERIC_WRITE;
    Initializer.GenericMapping.GenericExecute = FILE_GENERIC_EXECUTE;
    Initializer.GenericMapping.GenericAll = FILE_ALL_ACCESS;
    Initializer.ValidAccessMask = FILE_ALL_ACCESS;
    Initializer.PoolType = NonPagedPool;
    Initializer.DeleteProcedure = Delete;
    Initializer.CloseProcedure = Close;
    Initializer.WaitObjectOffset = WaitObjectOffset;
    if (!NT_SUCCESS(ObCreateObjectType(&TypeName, &Initializer, NULL, Type)))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, 0, 0, 0, 0);
}

VOID IoInitSystem(VOID)
{
    KeInitializeSpinLock(&IopDatabaseLock);
    create_type(u"Device", IopDeleteDevice, NULL, 0, &IopDeviceObjectType);
    create_type(u"Driver", IopDeleteDriver, NULL, 0, &IopDriverObjectType);
    /* A wait on a file handle waits on its Event: the one a synchronous
     * request signals when it completes. */
    create_type(u"File", IopDeleteFile, IopCloseFile,
                FIELD_OFFSET(FILE_OBJECT, Event), &IopFileObjectType);
    IopInitializeIrpLookasides();
    IopInitializeCloseReserve();
    IopInitializeTimers();
    IopCreateConsoleDrivers();
    IopCreateDiskDrivers(); /* drivers/ata.c: the IDE disks */
    IopCreateAhciDriver();  /* drivers/ahci.c: SATA, numbered after them */
}
