/*
 * The driver's view of the kernel: the DDK-style public header. Driver code
 * includes this one file, as it includes ntddk.h under the WDK: wdm.h (the
 * WDM core) and the routines the WDK keeps out of it.
 */
#ifndef _NTDDK_
#define _NTDDK_
#define NTDDK_H

#include "wdm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TRUE when a read of VirtualAddress would not fault. */
BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress);
/* The physical address behind a mapped virtual one; 0 when unmapped. */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress);
/* A routine or variable ntoskrnl.exe or hal.dll exports, by name; NULL
 * when neither does. */
PVOID NTAPI MmGetSystemRoutineAddress(PUNICODE_STRING SystemRoutineName);

#ifdef __cplusplus
}
#endif

#endif
