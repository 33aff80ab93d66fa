/*
 * The channel under load: threads write and read back regions of their
 * own at once, IRPs and paging requests mixed, so that requests queue,
 * overtake each other and complete from the DPC while others start.
 * Every byte must come back as written (kt_disk.h: a page-file disk
 * only; without a disk it skips).
 */
#include "kernel/ktest.h"
#include "kt_disk.h"
#include "kt_thread.h"

#define WORKERS 4
#define ROUNDS 12
#define REGION (16 * PAGE_SIZE) /* each worker's, after the scratch area */

typedef struct _KT_WORKER {
    KT_DISK *Disk;
    ULONG Index;
    PUCHAR Out, In;
    PMDL Mdl; /* of In, for the paging reads */
    volatile LONG Errors;
    NTSTATUS FirstError;
    ULONG FirstRound;
} KT_WORKER;

static VOID note(KT_WORKER *Worker, ULONG Round, NTSTATUS Status)
{
    if (Worker->Errors++ == 0) {
        Worker->FirstError = Status;
        Worker->FirstRound = Round;
    }
}

static NTSTATUS page_read(KT_WORKER *Worker, LONGLONG Offset)
{
    LARGE_INTEGER Where = {.QuadPart = Offset};
    IO_STATUS_BLOCK Iosb = {.Status = STATUS_PENDING};
    KEVENT Event;
    NTSTATUS Status;

    KeInitializeEvent(&Event, NotificationEvent, FALSE);
    Status = IoPageRead(Worker->Disk->FileObject, Worker->Mdl, &Where, &Event,
                        &Iosb);
    if (Status == STATUS_PENDING) {
        KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
        Status = Iosb.Status;
    }
    return Status;
}

static VOID NTAPI worker(PVOID Context)
{
    KT_WORKER *Worker = Context;
    LONGLONG Base =
        KT_SCRATCH_OFFSET + 64 * PAGE_SIZE + (LONGLONG)Worker->Index * REGION;
    ULONG Round;

    for (Round = 0; Round < ROUNDS; Round++) {
        /* A different size each round: 1 to 32 sectors. */
        ULONG Length = (1 + (Round * 7 + Worker->Index * 5) % 32) * KT_SECTOR;
        NTSTATUS Status;

        KtDiskFill(Worker->Out, REGION, Worker->Index * 31 + Round);
        Status = KtDiskTransfer(Worker->Disk->Device, IRP_MJ_WRITE, Worker->Out,
                                REGION, Base, NULL);
        if (!NT_SUCCESS(Status)) {
            note(Worker, Round, Status);
            continue;
        }
        RtlZeroMemory(Worker->In, REGION);
        Status = (Round & 1) ? page_read(Worker, Base)
                             : KtDiskTransfer(Worker->Disk->Device, IRP_MJ_READ,
                                              Worker->In, Length, Base, NULL);
        if (!NT_SUCCESS(Status))
            note(Worker, Round, Status);
        else if (RtlCompareMemory(Worker->In, Worker->Out,
                                  (Round & 1) ? REGION : Length) !=
                 ((Round & 1) ? REGION : Length))
            note(Worker, Round, STATUS_DEVICE_DATA_ERROR);
    }
}

KTEST(ata_concurrent_requests_keep_every_byte)
{
    KT_CLEANUP_SECTION;
    static KT_WORKER Workers[WORKERS];
    PKTHREAD Threads[WORKERS] = {NULL};
    KT_DISK Disk = {0};
    ULONG Index;

    RtlZeroMemory(Workers, sizeof(Workers));
    if (!KtDiskOpen(&Disk))
        KT_SKIP(KT_NO_DISK);
    if (!KtDiskWritable(&Disk))
        KT_SKIP(KT_NOT_WRITABLE);
    KT_ASSERT(Disk.Length >=
              KT_SCRATCH_OFFSET + 64 * PAGE_SIZE + WORKERS * REGION);
    for (Index = 0; Index < WORKERS; Index++) {
        KT_WORKER *Worker = &Workers[Index];

        Worker->Disk = &Disk;
        Worker->Index = Index;
        Worker->Out = ExAllocatePoolWithTag(NonPagedPool, REGION, KT_DISK_TAG);
        Worker->In = ExAllocatePoolWithTag(NonPagedPool, REGION, KT_DISK_TAG);
        KT_ASSERT(Worker->Out != NULL && Worker->In != NULL);
        Worker->Mdl = IoAllocateMdl(Worker->In, REGION, FALSE, FALSE, NULL);
        KT_ASSERT(Worker->Mdl != NULL);
        MmBuildMdlForNonPagedPool(Worker->Mdl);
    }
    for (Index = 0; Index < WORKERS; Index++) {
        Threads[Index] = KtStartThread(worker, &Workers[Index], 8);
        KT_ASSERT(Threads[Index] != NULL);
    }
    for (Index = 0; Index < WORKERS; Index++) {
        BOOLEAN Joined = KtJoinThread(Threads[Index]);

        Threads[Index] = NULL;
        KT_ASSERT_MSG(Joined, "worker %lu did not finish", Index);
    }
    for (Index = 0; Index < WORKERS; Index++)
        KT_ASSERT_MSG(Workers[Index].Errors == 0,
                      "worker %lu: %ld errors, the first %08lx in round %lu",
                      Index, Workers[Index].Errors,
                      (ULONG)Workers[Index].FirstError,
                      Workers[Index].FirstRound);
    KT_CLEANUP;
    for (Index = 0; Index < WORKERS; Index++)
        if (Threads[Index] != NULL)
            KtJoinThread(Threads[Index]);
    for (Index = 0; Index < WORKERS; Index++) {
        if (Workers[Index].Mdl != NULL)
            IoFreeMdl(Workers[Index].Mdl);
        if (Workers[Index].Out != NULL)
            ExFreePoolWithTag(Workers[Index].Out, KT_DISK_TAG);
        if (Workers[Index].In != NULL)
            ExFreePoolWithTag(Workers[Index].In, KT_DISK_TAG);
    }
    if (Disk.FileObject != NULL)
        ObDereferenceObject(Disk.FileObject);
}
