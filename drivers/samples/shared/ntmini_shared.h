/*
 * The contract of the sample shared-memory driver (shared.c): a program
 * opens \\.\NtMiniShared and sends IOCTL_SHARED_MAP with a handle to an
 * event of its own; the driver maps one page into the program, returns
 * its address, and every 10 ms a timer's DPC increments the page's first
 * ULONG and sets the program's event. The driver also pulses a named
 * notification event, NTMINI_SHARED_EVENT, every tick. IOCTL_SHARED_PEEK
 * returns the ULONG at the offset its input names, as the driver sees it
 * through its own mapping. Closing the handle unmaps the page.
 */
#ifndef NTMINI_SHARED_H
#define NTMINI_SHARED_H

#define NTMINI_SHARED_DEVICE_NAME L"\\Device\\NtMiniShared"
#define NTMINI_SHARED_LINK_NAME L"\\??\\NtMiniShared"
#define NTMINI_SHARED_USER_NAME "\\\\.\\NtMiniShared"
#define NTMINI_SHARED_EVENT_KERNEL L"\\BaseNamedObjects\\NtMiniSharedTick"
#define NTMINI_SHARED_EVENT_USER L"NtMiniSharedTick"

#define IOCTL_SHARED_MAP                                                       \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SHARED_PEEK                                                      \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_ANY_ACCESS)

#endif
