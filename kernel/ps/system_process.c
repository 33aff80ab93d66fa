/*
 * The system process as an object. It exists from the first instruction
 * (mm/address_space.c makes it from the boot page directory), long before
 * there are object types; once there are, its header is filled in so
 * handles, waits and references treat it like any process. Its one
 * permanent reference never goes, so it is never deleted.
 */
#include "kernel/object.h"
#include "kernel/process.h"

VOID PspInitializeSystemProcessObject(VOID)
{
    PEPROCESS Process = PsInitialSystemProcess;
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Process);
    static const UCHAR Name[] = "System";
    KIRQL OldIrql;
    ULONG Index;

    Header->PointerCount = 1;
    Header->HandleCount = 0;
    Header->Type = PspProcessType;
    Header->Flags = OB_FLAG_KERNEL_OBJECT | OB_FLAG_PERMANENT;
    __atomic_add_fetch(&PspProcessType->TotalNumberOfObjects, 1,
                       __ATOMIC_RELAXED);
    Process->UniqueProcessId = (HANDLE)4; /* as NT's */
    Process->ExitStatus = STATUS_PENDING;
    for (Index = 0; Index < sizeof(Name); Index++)
        Process->ImageFileName[Index] = Name[Index];
    KeAcquireSpinLock(&PspActiveProcessLock, &OldIrql);
    InsertTailList(&PsActiveProcessHead, &Process->ActiveProcessLinks);
    KeReleaseSpinLock(&PspActiveProcessLock, OldIrql);
}
