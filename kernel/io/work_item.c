/*
 * IO_WORKITEMs: an executive work item that keeps its device object (and
 * so the driver's image) referenced until the routine has run, which is
 * why drivers use these rather than ExQueueWorkItem.
 */
#include "kernel/io.h"

typedef struct _IO_WORKITEM {
    WORK_QUEUE_ITEM Item;
    PDEVICE_OBJECT DeviceObject;
    PIO_WORKITEM_ROUTINE Routine;
    PVOID Context;
} IO_WORKITEM;

static VOID NTAPI run_work_item(PVOID Parameter)
{
    PIO_WORKITEM WorkItem = Parameter;
    PDEVICE_OBJECT Device = WorkItem->DeviceObject;

    WorkItem->Routine(Device, WorkItem->Context);
    ObfDereferenceObject(Device);
}

PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PIO_WORKITEM WorkItem =
        ExAllocatePoolWithTag(NonPagedPool, sizeof(IO_WORKITEM), IO_WORK_TAG);

    if (WorkItem != NULL) {
        RtlZeroMemory(WorkItem, sizeof(*WorkItem));
        WorkItem->DeviceObject = DeviceObject;
    }
    return WorkItem;
}

VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    ExFreePoolWithTag(IoWorkItem, IO_WORK_TAG);
}

VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                           PIO_WORKITEM_ROUTINE WorkerRoutine,
                           WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    ObfReferenceObject(IoWorkItem->DeviceObject);
    IoWorkItem->Routine = WorkerRoutine;
    IoWorkItem->Context = Context;
    ExInitializeWorkItem(&IoWorkItem->Item, run_work_item, IoWorkItem);
    ExQueueWorkItem(&IoWorkItem->Item, QueueType);
}
