/*
 * The names user mode opens devices by: \??\Name (what "\\.\Name" becomes
 * in kernel32) linked to the driver's \Device\Name, permanent until the
 * driver deletes the link.
 */
#include "kernel/io.h"

NTSTATUS NTAPI IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName,
                                    PUNICODE_STRING DeviceName)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    InitializeObjectAttributes(
        &Attributes, SymbolicLinkName,
        OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    Status = ZwCreateSymbolicLinkObject(&Handle, SYMBOLIC_LINK_ALL_ACCESS,
                                        &Attributes, DeviceName);
    if (NT_SUCCESS(Status))
        ZwClose(Handle);
    return Status;
}

NTSTATUS NTAPI IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Handle;
    NTSTATUS Status;

    InitializeObjectAttributes(&Attributes, SymbolicLinkName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    Status = ZwOpenSymbolicLinkObject(&Handle, DELETE, &Attributes);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ZwMakeTemporaryObject(Handle);
    ZwClose(Handle);
    return Status;
}
