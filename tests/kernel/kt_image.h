/* Loading a test driver image as the loader's tests do (MmLoadSystemImage,
 * no DriverEntry) and finding its exports (tests/kernel/kt_image.c). */
#ifndef KT_IMAGE_H
#define KT_IMAGE_H

#include "kernel/sysldr.h"

#define KT_DRIVERS u"\\SystemRoot\\System32\\Drivers\\"

/* Path: a full path such as KT_DRIVERS u"loadtest.sys". *Entry is NULL
 * unless it loaded. */
NTSTATUS KtLoadImage(PCWSTR Path, PKLDR_DATA_TABLE_ENTRY *Entry);
PVOID KtImageExport(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name);
/* NtLoadDriver (or NtUnloadDriver) of the service Name (u"ioctl"), as
 * a program's loader does. */
NTSTATUS KtLoadDriverService(PCWSTR Name, BOOLEAN Unload);

struct _VF_DRIVER_INFORMATION;
/* Driver Verifier lists Name (loaded or not); its counters when
 * Information is not NULL. */
BOOLEAN KtVerifierQuery(PCSTR Name, struct _VF_DRIVER_INFORMATION *Information);

#endif
