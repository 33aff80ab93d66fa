/*
 * I/O control codes, as the WDK's devioctl.h defines them: shared by
 * drivers (through wdm.h) and user programs (through winioctl.h), so that
 * both sides compute the same code for a request.
 *
 *   31      16 15   14 13        2 1   0
 *   DeviceType Access  Function    Method
 */
#ifndef DEVIOCTL_H
#define DEVIOCTL_H

#define DEVICE_TYPE ULONG

#define FILE_DEVICE_BEEP 0x00000001
#define FILE_DEVICE_CD_ROM 0x00000002
#define FILE_DEVICE_CONTROLLER 0x00000004
#define FILE_DEVICE_DISK 0x00000007
#define FILE_DEVICE_FILE_SYSTEM 0x00000009
#define FILE_DEVICE_KEYBOARD 0x0000000b
#define FILE_DEVICE_MOUSE 0x0000000f
#define FILE_DEVICE_NULL 0x00000015
#define FILE_DEVICE_PARALLEL_PORT 0x00000016
#define FILE_DEVICE_PRINTER 0x00000018
#define FILE_DEVICE_SCREEN 0x0000001c
#define FILE_DEVICE_SERIAL_PORT 0x0000001b
#define FILE_DEVICE_SOUND 0x0000001d
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_VIDEO 0x00000023
#define FILE_DEVICE_BUS_EXTENDER 0x0000002a
#define FILE_DEVICE_CONSOLE 0x00000050

#define CTL_CODE(DeviceType, Function, Method, Access)                         \
    (((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#define DEVICE_TYPE_FROM_CTL_CODE(CtlCode) (((ULONG)(CtlCode)&0xffff0000) >> 16)
#define METHOD_FROM_CTL_CODE(CtlCode) ((ULONG)((CtlCode)&3))

/* Where the I/O manager puts a request's buffers (docs/io.md). */
#define METHOD_BUFFERED 0
#define METHOD_IN_DIRECT 1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER 3
#define METHOD_DIRECT_TO_HARDWARE METHOD_IN_DIRECT
#define METHOD_DIRECT_FROM_HARDWARE METHOD_OUT_DIRECT

/* The access the caller's handle must carry for the code to be sent. */
#define FILE_ANY_ACCESS 0
#define FILE_SPECIAL_ACCESS (FILE_ANY_ACCESS)
#define FILE_READ_ACCESS (0x0001)
#define FILE_WRITE_ACCESS (0x0002)

#endif
