/*
 * NtQueryInformationProcess: what a program may ask about a process, in
 * NT's structures. The basic information is what this kernel keeps.
 * The buffer checks and the copy out serve NtQueryInformationThread too.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"

NTSTATUS PspCheckQueryBuffers(BOOLEAN KnownClass, PVOID Buffer, ULONG Length,
                              ULONG Needed, PULONG ReturnLength,
                              KPROCESSOR_MODE Mode)
{
    NTSTATUS Status;

    if (!KnownClass)
        return STATUS_INVALID_INFO_CLASS;
    if (Length != Needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (Mode != UserMode)
        return STATUS_SUCCESS;
    Status = ExpProbeForWrite(Buffer, Length, sizeof(ULONG));
    if (NT_SUCCESS(Status) && ReturnLength != NULL)
        Status = ExpProbeForWrite(ReturnLength, sizeof(ULONG), sizeof(ULONG));
    return Status;
}

VOID PspReturnQuery(PVOID Buffer, const VOID *Answer, ULONG Size,
                    PULONG ReturnLength)
{
    ExpWriteBack(Buffer, Answer, Size);
    if (ReturnLength != NULL)
        ExpWriteBack(ReturnLength, &Size, sizeof(Size));
}

NTSTATUS NTAPI NtQueryInformationProcess(
    HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
    PVOID ProcessInformation, ULONG ProcessInformationLength,
    PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PROCESS_BASIC_INFORMATION Basic;
    PEPROCESS Process;
    NTSTATUS Status;

    Status = PspCheckQueryBuffers(
        ProcessInformationClass == ProcessBasicInformation, ProcessInformation,
        ProcessInformationLength, sizeof(Basic), ReturnLength, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObReferenceObjectByHandle(ProcessHandle, PROCESS_QUERY_INFORMATION,
                                       PspProcessType, Mode, (PVOID *)&Process,
                                       NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    Basic.ExitStatus = Process->ExitStatus;
    Basic.PebBaseAddress = Process->Peb;
    Basic.AffinityMask = 1;
    Basic.BasePriority = Process->Pcb.BasePriority;
    Basic.UniqueProcessId = (ULONG_PTR)Process->UniqueProcessId;
    Basic.InheritedFromUniqueProcessId =
        (ULONG_PTR)Process->InheritedFromUniqueProcessId;
    ObfDereferenceObject(Process);
    PspReturnQuery(ProcessInformation, &Basic, sizeof(Basic), ReturnLength);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwQueryInformationProcess(
    HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
    PVOID ProcessInformation, ULONG ProcessInformationLength,
    PULONG ReturnLength)
{
    return EXP_ZW_CALL(NtQueryInformationProcess(
        ProcessHandle, ProcessInformationClass, ProcessInformation,
        ProcessInformationLength, ReturnLength));
}
