/*
 * devtest: the user side of the sample IOCTL driver's contract. The
 * driver includes an equivalent of this header; change the names and
 * codes here, in one place, if the driver's differ.
 *
 * The device is opened as \\.\NtMiniIoctl (\??\NtMiniIoctl, a symbolic
 * link the driver makes to its device). For each method m there is one
 * control code, CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800 + m, m,
 * FILE_ANY_ACCESS), and each does the same: with Count = min(input
 * length, output length), output byte i becomes input byte Count - 1 - i
 * for i < Count (the first Count input bytes, reversed), nothing else of
 * the output is written, and the request completes with STATUS_SUCCESS
 * and Information = Count. For METHOD_NEITHER the driver touches the
 * caller's buffers itself, so it probes them (ProbeForRead, ProbeForWrite)
 * under __try and completes with the exception's status, as the WDK's
 * samples do. Any other code completes with STATUS_INVALID_DEVICE_REQUEST.
 */
#ifndef DEVTEST_H
#define DEVTEST_H

#include "windows.h"
#include "winioctl.h"

/* The driver's side of the contract, in one place for both. */
#include "../../../drivers/samples/ioctl/ntmini_ioctl.h"

#define DEVTEST_DEVICE_NAME NTMINI_USER_NAME
#define DEVTEST_MISSING_DEVICE_NAME "\\\\.\\NtMiniNoSuchDevice"
#define DEVTEST_FUNCTION_BASE NTMINI_FUNCTION_BASE
#define IOCTL_NTMINI_BUFFERED IOCTL_NTMINI_REVERSE(METHOD_BUFFERED)
#define IOCTL_NTMINI_IN_DIRECT IOCTL_NTMINI_REVERSE(METHOD_IN_DIRECT)
#define IOCTL_NTMINI_OUT_DIRECT IOCTL_NTMINI_REVERSE(METHOD_OUT_DIRECT)
#define IOCTL_NTMINI_NEITHER IOCTL_NTMINI_REVERSE(METHOD_NEITHER)
/* The filter sample's own code (drivers/samples/filter/filter.c). */
#define IOCTL_NTMINI_FILTER_COUNT                                              \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* A code the driver does not know (function 0x8FF). */
#define IOCTL_NTMINI_UNKNOWN                                                   \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8FF, METHOD_BUFFERED, FILE_ANY_ACCESS)

#endif
