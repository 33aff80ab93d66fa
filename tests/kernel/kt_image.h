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

#endif
