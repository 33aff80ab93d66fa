/*
 * What the virtual-memory services share (mm/virtual_*.c): the target
 * process referenced, attached and locked, and the caller's arguments
 * captured and written back through a probe when they come from user
 * mode.
 */
#ifndef KERNEL_VM_SERVICE_H
#define KERNEL_VM_SERVICE_H

#include "kernel/mm.h"
#include "kernel/process.h"

/* NT x86: ZeroBits above 21 leave no room (STATUS_INVALID_PARAMETER_3). */
#define MI_MAXIMUM_ZERO_BITS 21
/* The highest address a reservation may reach: the last 64 KiB of the
 * user half is KUSER_SHARED_DATA's (NT's MM_HIGHEST_VAD_ADDRESS). */
#define MM_HIGHEST_VAD_ADDRESS (MM_HIGHEST_USER_ADDRESS - 0x10000UL)
#define MI_ALLOCATION_GRANULARITY 0x10000UL
#define MI_ALLOCATION_PAGES (MI_ALLOCATION_GRANULARITY >> PAGE_SHIFT)

typedef struct _MI_VM_TARGET {
    PEPROCESS Process;
    BOOLEAN Referenced; /* by handle: dereference at the end */
    KAPC_STATE ApcState;
} MI_VM_TARGET, *PMI_VM_TARGET;

/* The process behind ProcessHandle (NtCurrentProcess() or a handle with
 * DesiredAccess), attached to and with its AddressCreationLock held; the
 * handle's status otherwise. */
NTSTATUS MiAttachVmTarget(HANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                          KPROCESSOR_MODE PreviousMode, PMI_VM_TARGET Target);
VOID MiDetachVmTarget(PMI_VM_TARGET Target);

/* Reads a ULONG-sized argument at Pointer; from user mode the location
 * must be user memory, aligned and writable (the result goes back there),
 * else STATUS_ACCESS_VIOLATION or STATUS_DATATYPE_MISALIGNMENT. */
NTSTATUS MiCaptureArgument(PVOID Pointer, KPROCESSOR_MODE PreviousMode,
                           PULONG_PTR Value);
/* Writes Length bytes to the caller's Destination (user memory, aligned
 * to Alignment, when PreviousMode is UserMode). */
NTSTATUS MiReturnToCaller(PVOID Destination, const VOID *Source, SIZE_T Length,
                          ULONG Alignment, KPROCESSOR_MODE PreviousMode);
/* The same checks alone, before anything is done. */
NTSTATUS MiProbeCallerBuffer(PVOID Destination, SIZE_T Length, ULONG Alignment,
                             KPROCESSOR_MODE PreviousMode);

#endif
