/*
 * A driver built into the kernel tests (kt_io_driver.c): the I/O
 * manager's tests talk to it as a program talks to a loaded driver.
 */
#ifndef TESTS_KERNEL_KT_IO_DRIVER_H
#define TESTS_KERNEL_KT_IO_DRIVER_H

#include "ntddk.h"

#define KT_IO_DEVICE u"\\Device\\KtIo"
#define KT_IO_LINK u"\\??\\KtIo"

/* Reverses the input into the output; Information = min(in, out). */
#define KT_IOCTL_REVERSE(Method)                                               \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800 + (Method), (Method), FILE_ANY_ACCESS)
/* Pends until cancelled. */
#define KT_IOCTL_PEND                                                          \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* The same with its output locked in an MDL (METHOD_OUT_DIRECT). */
#define KT_IOCTL_PEND_DIRECT                                                   \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
/* Pends, then a timer's DPC completes it with KT_LATER_INFORMATION. */
#define KT_IOCTL_COMPLETE_LATER                                                \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define KT_LATER_INFORMATION 7

typedef struct _KT_IO_STATE {
    volatile LONG Creates, Cleanups, Closes, Reads, Writes, Cancels;
    volatile LONG Unloads;
    volatile ULONG LaterDone;   /* the DPC completed its IRP */
    KIRQL LaterIrql;            /* the IRQL it completed at */
    ULONG WrittenSum;           /* of the bytes of the last write */
    LARGE_INTEGER LastOffset;   /* Parameters.Read.ByteOffset, last transfer */
    WCHAR CreateName[32];       /* the last create's FileObject->FileName */
    USHORT CreateNameLength;    /* its bytes (0xFFFF: longer than kept) */
    PFILE_OBJECT CreateRelated; /* and its RelatedFileObject */
    UCHAR ControlMajor, ControlMinor; /* the last control request's */
    PIRP Pending;                     /* the one IRP KT_IOCTL_PEND holds */
    PIRP Later;
    KTIMER Timer;
    KDPC Dpc;
    PDEVICE_OBJECT Device;
    PDRIVER_OBJECT Driver;
} KT_IO_STATE;

extern KT_IO_STATE KtIo;

/* Creates \Driver\KtIo with its device and link; FALSE when it fails. */
BOOLEAN KtIoLoad(VOID);
/* Unloads it through the I/O manager (at once, or after the last close). */
VOID KtIoUnload(VOID);
/* A kernel handle to the device Name (any: \??\KtIo, \??\CON, ...)
 * opened for reading and writing with Options. */
NTSTATUS KtIoOpen(PCWSTR Name, ULONG Options, PHANDLE Handle);

#endif
