/*
 * vfio.sys's requests (tests/drivers/vfio/vfio.c): each IOCTL makes one
 * I/O mistake Driver Verifier's I/O checks catch (docs/verifier.md).
 */
#ifndef TESTS_DRIVERS_VFIO_H
#define TESTS_DRIVERS_VFIO_H

#define VFIO_DEVICE_NAME L"\\Device\\VfIo"

#define VFIO_IOCTL(Index)                                                      \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + (Index), METHOD_BUFFERED,            \
             FILE_ANY_ACCESS)
/* Completed, as it should be. */
#define VFIO_CORRECT VFIO_IOCTL(0)
/* Completed twice. */
#define VFIO_DOUBLE_COMPLETION VFIO_IOCTL(1)
/* STATUS_PENDING returned, the IRP not marked. */
#define VFIO_PENDING_UNMARKED VFIO_IOCTL(2)
/* Another status returned than the IRP's. */
#define VFIO_WRONG_STATUS VFIO_IOCTL(3)
/* Completed with STATUS_PENDING as its status. */
#define VFIO_COMPLETE_PENDING VFIO_IOCTL(4)
/* Completed with its cancel routine set. */
#define VFIO_CANCEL_ROUTINE_SET VFIO_IOCTL(5)
/* Completed at HIGH_LEVEL. */
#define VFIO_COMPLETE_HIGH_IRQL VFIO_IOCTL(6)
/* Returned at DISPATCH_LEVEL. */
#define VFIO_IRQL_CHANGED VFIO_IOCTL(7)
/* The IRP it was sent freed. */
#define VFIO_FREE_IRP VFIO_IOCTL(8)
/* Passed down through a completion routine that forgets the pending. */
#define VFIO_PENDING_NOT_PROPAGATED VFIO_IOCTL(9)
/* Neither completed, passed on nor pended. */
#define VFIO_NOT_HANDLED VFIO_IOCTL(10)
/* Kept, STATUS_PENDING returned, the IRP not marked... */
#define VFIO_HOLD_UNMARKED VFIO_IOCTL(11)
/* ...and completed by the next request. */
#define VFIO_COMPLETE_HELD VFIO_IOCTL(12)

/* Marked pending, completed, STATUS_SUCCESS returned. */
#define VFIO_MARKED_NOT_PENDING VFIO_IOCTL(13)
/* IoCallDriver given something that is not an IRP... */
#define VFIO_CALL_NOT_AN_IRP VFIO_IOCTL(14)
/* ...something that is not a device object... */
#define VFIO_CALL_BAD_DEVICE VFIO_IOCTL(15)
/* ...or called at HIGH_LEVEL. */
#define VFIO_CALL_HIGH_IRQL VFIO_IOCTL(16)
/* IoFreeIrp given something that is not an IRP. */
#define VFIO_FREE_NOT_AN_IRP VFIO_IOCTL(17)

/* Correct: passed down with a completion routine that takes the IRP
 * back and signals; completed once the lower device is done. */
#define VFIO_FORWARD_AND_WAIT VFIO_IOCTL(18)
/* Correct: passed down; the completion routine completes it again
 * upward, from inside the lower device's completion. */
#define VFIO_COMPLETE_IN_ROUTINE VFIO_IOCTL(19)

/* Passed down with its stack location copied whole, completion routine
 * and all. */
#define VFIO_COPIED_STACK VFIO_IOCTL(20)

/* VfIoAllocateEach's failure counters. */
#define VFIO_LOW_POOL 0
#define VFIO_LOW_MUST_SUCCEED 1
#define VFIO_LOW_IRP 2
#define VFIO_LOW_MDL 3
#define VFIO_LOW_WORK_ITEM 4
#define VFIO_LOW_PROBE 5
#define VFIO_LOW_MAP 6
#define VFIO_LOW_COUNT 7

#endif
