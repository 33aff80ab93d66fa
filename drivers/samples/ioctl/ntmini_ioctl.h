/*
 * The contract between the sample IOCTL driver (ioctl.c) and its user
 * programs: the device's name and control codes. Drivers include it after
 * ntddk.h, programs after windows.h and winioctl.h; both get CTL_CODE from
 * devioctl.h.
 *
 * For each method m, IOCTL_NTMINI_REVERSE(m) writes the first
 * Count = min(input, output) input bytes, reversed, to the output and
 * completes with Information = Count; nothing else of the output changes.
 *
 * FSCTL_NTMINI_REVERSE(m) does the same as a file-system control code
 * (device type FILE_DEVICE_FILE_SYSTEM), which kernel32's DeviceIoControl
 * sends through NtFsControlFile: the driver sees it as
 * IRP_MJ_FILE_SYSTEM_CONTROL, with the buffers placed by the same four
 * methods, and refuses it as IRP_MJ_DEVICE_CONTROL.
 *
 * The inverted call: IOCTL_NTMINI_WAIT pends until data arrives, and
 * IOCTL_NTMINI_SEND hands its input (up to NTMINI_MESSAGE_SIZE bytes) to
 * the oldest waiting request, completing it. A program keeps a few WAITs
 * outstanding, overlapped, and each completion is a message.
 */
#ifndef NTMINI_IOCTL_H
#define NTMINI_IOCTL_H

#define NTMINI_DEVICE_NAME L"\\Device\\NtMiniIoctl"
#define NTMINI_LINK_NAME L"\\??\\NtMiniIoctl"
#define NTMINI_USER_NAME "\\\\.\\NtMiniIoctl"

#define NTMINI_FUNCTION_BASE 0x800
#define IOCTL_NTMINI_REVERSE(Method)                                           \
    CTL_CODE(FILE_DEVICE_UNKNOWN, NTMINI_FUNCTION_BASE + (Method), (Method),   \
             FILE_ANY_ACCESS)
#define FSCTL_NTMINI_REVERSE(Method)                                           \
    CTL_CODE(FILE_DEVICE_FILE_SYSTEM, NTMINI_FUNCTION_BASE + (Method),         \
             (Method), FILE_ANY_ACCESS)
#define IOCTL_NTMINI_WAIT                                                      \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_NTMINI_SEND                                                      \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define NTMINI_MESSAGE_SIZE 64

#endif
