/*
 * The devices the kernel already had, as drivers user programs reach
 * through IRPs: \Device\Console (text to the screen and the serial line;
 * typed characters back), \Device\KeyboardClass0 (typed characters) and
 * \Device\Serial0 (the serial line alone), each with a \??\ link (CON,
 * KeyboardClass0, COM1). Reads share one input queue: the keyboard and
 * the serial line feed it together.
 */
#include "kernel/console.h"
#include "kernel/io.h"

NTSTATUS IopReadConsoleInput(PIRP Irp);

typedef struct _CONSOLE_DEVICE {
    VOID (*Write)(CHAR Character); /* NULL: the device takes no writes */
} CONSOLE_DEVICE;

static NTSTATUS finish(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI open_close(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    return finish(Irp, STATUS_SUCCESS,
                  IoGetCurrentIrpStackLocation(Irp)->MajorFunction ==
                          IRP_MJ_CREATE
                      ? FILE_OPENED
                      : 0);
}

static NTSTATUS NTAPI read(PDEVICE_OBJECT Device, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Device);
    return IopReadConsoleInput(Irp);
}

static NTSTATUS NTAPI write(PDEVICE_OBJECT Device, PIRP Irp)
{
    CONSOLE_DEVICE *Console = Device->DeviceExtension;
    ULONG Length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Write.Length;
    PCHAR Text = Irp->AssociatedIrp.SystemBuffer;
    ULONG Index;

    if (Console->Write == NULL)
        return finish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    for (Index = 0; Index < Length; Index++)
        Console->Write(Text[Index]);
    return finish(Irp, STATUS_SUCCESS, Length);
}

static NTSTATUS add_device(PDRIVER_OBJECT Driver, PCWSTR Name, PCWSTR Link,
                           DEVICE_TYPE Type, VOID (*Write)(CHAR))
{
    UNICODE_STRING DeviceName, LinkName;
    PDEVICE_OBJECT Device;
    NTSTATUS Status;

    RtlInitUnicodeString(&DeviceName, Name);
    RtlInitUnicodeString(&LinkName, Link);
    Status = IoCreateDevice(Driver, sizeof(CONSOLE_DEVICE), &DeviceName, Type,
                            0, FALSE, &Device);
    if (!NT_SUCCESS(Status))
        return Status;
    ((CONSOLE_DEVICE *)Device->DeviceExtension)->Write = Write;
    Device->Flags |= DO_BUFFERED_IO;
    Status = IoCreateSymbolicLink(&LinkName, &DeviceName);
    if (!NT_SUCCESS(Status))
        IoDeleteDevice(Device);
    return Status;
}

static VOID set_dispatch(PDRIVER_OBJECT Driver)
{
    Driver->MajorFunction[IRP_MJ_CREATE] = open_close;
    Driver->MajorFunction[IRP_MJ_CLEANUP] = open_close;
    Driver->MajorFunction[IRP_MJ_CLOSE] = open_close;
    Driver->MajorFunction[IRP_MJ_READ] = read;
    Driver->MajorFunction[IRP_MJ_WRITE] = write;
}

static NTSTATUS NTAPI console_entry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    UNREFERENCED_PARAMETER(Path);
    set_dispatch(Driver);
    return add_device(Driver, u"\\Device\\Console", u"\\??\\CON",
                      FILE_DEVICE_CONSOLE, KiConsolePutChar);
}

static NTSTATUS NTAPI keyboard_entry(PDRIVER_OBJECT Driver,
                                     PUNICODE_STRING Path)
{
    UNREFERENCED_PARAMETER(Path);
    set_dispatch(Driver);
    return add_device(Driver, u"\\Device\\KeyboardClass0",
                      u"\\??\\KeyboardClass0", FILE_DEVICE_KEYBOARD, NULL);
}

static NTSTATUS NTAPI serial_entry(PDRIVER_OBJECT Driver, PUNICODE_STRING Path)
{
    UNREFERENCED_PARAMETER(Path);
    set_dispatch(Driver);
    return add_device(Driver, u"\\Device\\Serial0", u"\\??\\COM1",
                      FILE_DEVICE_SERIAL_PORT, HaliSerialPutChar);
}

VOID IopCreateConsoleDrivers(VOID)
{
    static const struct {
        PCWSTR Name;
        PDRIVER_INITIALIZE Entry;
    } Drivers[] = {{u"\\Driver\\Console", console_entry},
                   {u"\\Driver\\Kbdclass", keyboard_entry},
                   {u"\\Driver\\Serial", serial_entry}};
    ULONG Index;

    for (Index = 0; Index < sizeof(Drivers) / sizeof(Drivers[0]); Index++) {
        UNICODE_STRING Name;
        NTSTATUS Status;

        RtlInitUnicodeString(&Name, Drivers[Index].Name);
        Status = IoCreateDriver(&Name, Drivers[Index].Entry);
        if (!NT_SUCCESS(Status))
            DbgPrint("io: %s did not start: %08lx\n",
                     Index == 0   ? "console"
                     : Index == 1 ? "keyboard"
                                  : "serial",
                     (ULONG)Status);
    }
}
