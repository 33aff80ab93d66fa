/*
 * The driver's view of the kernel: the DDK-style public header. Driver code
 * includes this one file, as it includes ntddk.h under the WDK: wdm.h (the
 * WDM core) and the routines the WDK keeps out of it.
 */
#ifndef _NTDDK_
#define _NTDDK_
#define NTDDK_H

#include "wdm.h"
/* INTEGRATOR: ntio.h comes in through wdm.h. */

#ifdef __cplusplus
extern "C" {
#endif

/* TRUE when a read of VirtualAddress would not fault. */
BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress);
/* The physical address behind a mapped virtual one; 0 when unmapped. */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress);

#ifdef __cplusplus
}
#endif

#endif
