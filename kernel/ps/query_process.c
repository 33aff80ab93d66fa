/*
 * NtQueryInformationProcess: what a program may ask about a process, in
 * NT's structures. The basic information is what this kernel keeps.
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/process.h"

NTSTATUS NTAPI NtQueryInformationProcess(
    HANDLE ProcessHandle, PROCESSINFOCLASS ProcessInformationClass,
    PVOID ProcessInformation, ULONG ProcessInformationLength,
    PULONG ReturnLength)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    PROCESS_BASIC_INFORMATION Basic;
    PEPROCESS Process;
    NTSTATUS Status = STATUS_SUCCESS;
    ULONG Length = sizeof(Basic);

    if (ProcessInformationClass != ProcessBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ProcessInformationLength != sizeof(Basic))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (Mode == UserMode) {
        Status = ExpProbeForWrite(ProcessInformation, ProcessInformationLength,
                                  sizeof(ULONG));
        if (NT_SUCCESS(Status) && ReturnLength != NULL)
            Status =
                ExpProbeForWrite(ReturnLength, sizeof(ULONG), sizeof(ULONG));
        if (!NT_SUCCESS(Status))
            return Status;
    }
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
    ExpWriteBack(ProcessInformation, &Basic, sizeof(Basic));
    if (ReturnLength != NULL)
        ExpWriteBack(ReturnLength, &Length, sizeof(Length));
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
