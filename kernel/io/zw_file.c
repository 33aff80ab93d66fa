/*
 * The file services' Zw* entry points, for drivers and the kernel: the
 * Nt* body with PreviousMode KernelMode (no probing, kernel handles).
 */
#include "kernel/io.h"
#include "kernel/object.h"

NTSTATUS NTAPI ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition,
                            ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength)
{
    return EXP_ZW_CALL(
        NtCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock,
                     AllocationSize, FileAttributes, ShareAccess,
                     CreateDisposition, CreateOptions, EaBuffer, EaLength));
}

NTSTATUS NTAPI ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes,
                          PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                          ULONG OpenOptions)
{
    return EXP_ZW_CALL(NtOpenFile(FileHandle, DesiredAccess, ObjectAttributes,
                                  IoStatusBlock, ShareAccess, OpenOptions));
}

NTSTATUS NTAPI ZwReadFile(HANDLE FileHandle, HANDLE Event,
                          PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return EXP_ZW_CALL(NtReadFile(FileHandle, Event, ApcRoutine, ApcContext,
                                  IoStatusBlock, Buffer, Length, ByteOffset,
                                  Key));
}

NTSTATUS NTAPI ZwWriteFile(HANDLE FileHandle, HANDLE Event,
                           PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return EXP_ZW_CALL(NtWriteFile(FileHandle, Event, ApcRoutine, ApcContext,
                                   IoStatusBlock, Buffer, Length, ByteOffset,
                                   Key));
}

NTSTATUS NTAPI ZwDeviceIoControlFile(
    HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine,
    PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode,
    PVOID InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer,
    ULONG OutputBufferLength)
{
    return EXP_ZW_CALL(NtDeviceIoControlFile(
        FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, IoControlCode,
        InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength));
}

NTSTATUS NTAPI ZwFsControlFile(HANDLE FileHandle, HANDLE Event,
                               PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                               PIO_STATUS_BLOCK IoStatusBlock,
                               ULONG FsControlCode, PVOID InputBuffer,
                               ULONG InputBufferLength, PVOID OutputBuffer,
                               ULONG OutputBufferLength)
{
    return EXP_ZW_CALL(NtFsControlFile(
        FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, FsControlCode,
        InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength));
}

NTSTATUS NTAPI ZwLoadDriver(PUNICODE_STRING DriverServiceName)
{
    return EXP_ZW_CALL(NtLoadDriver(DriverServiceName));
}

NTSTATUS NTAPI ZwUnloadDriver(PUNICODE_STRING DriverServiceName)
{
    return EXP_ZW_CALL(NtUnloadDriver(DriverServiceName));
}
