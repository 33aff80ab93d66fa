/*
 * Driver Verifier (mm/verifier.c, docs/verifier.md): the drivers named by
 * verifier=NAME[,NAME...] have their pool imports bound to the
 * verifier's routines, which check each call and remember each block,
 * and their IRQL and lock imports to those of
 * include/kernel/verifier_locks.h.
 */
#ifndef KERNEL_VERIFIER_H
#define KERNEL_VERIFIER_H

#include "kernel/sysldr.h"

/* NT's verifier flag bits (verifier_flags=HEX). */
#define DRIVER_VERIFIER_SPECIAL_POOLING 0x0001
#define DRIVER_VERIFIER_FORCE_IRQL_CHECKING 0x0002
#define DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES 0x0004
#define DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS 0x0008
#define DRIVER_VERIFIER_IO_CHECKING 0x0010
#define DRIVER_VERIFIER_DEADLOCK_DETECTION 0x0020
/* The default when only names are given: special pool and pool tracking
 * (I/O verification, 0x10, and the low-resources simulation, 0x4, are
 * asked for by verifier_flags=). */
#define VF_DEFAULT_FLAGS                                                       \
    (DRIVER_VERIFIER_SPECIAL_POOLING | DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS)

#define VF_MAXIMUM_DRIVERS 8
#define VF_NAME_LENGTH 32

/* One verified driver name, loaded or not, with its counters. */
typedef struct _VF_DRIVER_INFORMATION {
    CHAR Name[VF_NAME_LENGTH];
    BOOLEAN Loaded;
    ULONG Loads;
    ULONG Allocations;
    ULONG Frees;
    ULONG Outstanding;
    ULONG PeakOutstanding;
    SIZE_T OutstandingBytes;
} VF_DRIVER_INFORMATION;

/* One live block of a verified driver. */
typedef struct _VF_ALLOCATION_INFORMATION {
    PVOID Va;
    SIZE_T Size;
    ULONG Tag;
    POOL_TYPE PoolType;
    PVOID Caller; /* the return address in the driver */
} VF_ALLOCATION_INFORMATION;

/* At boot (kernel/main.c), as NT's reads the registry: the names, the
 * flags and the low-resources simulation's options (its seed printed). */
VOID MiInitializeDriverVerifierList(VOID);
/* Adds (or removes) a driver name to verify from its next load on:
 * STATUS_INSUFFICIENT_RESOURCES when the list is full,
 * STATUS_NAME_TOO_LONG, STATUS_OBJECT_NAME_NOT_FOUND on removing a name
 * not listed, STATUS_IMAGE_ALREADY_LOADED on removing a loaded driver. */
NTSTATUS VfAddDriver(PCSTR Name);
NTSTATUS VfRemoveDriver(PCSTR Name);
ULONG VfGetFlags(VOID);
/* New flags from the next load on (`verifier /flags HEX`);
 * STATUS_IMAGE_ALREADY_LOADED while a verified driver is loaded. */
NTSTATUS VfSetFlags(ULONG Flags);
/* The names in order: FALSE past the last. */
BOOLEAN VfQueryDriver(ULONG Index, VF_DRIVER_INFORMATION *Information);
/* Copies up to Count of the driver Name's live blocks, oldest first, into
 * Buffer; returns how many it has (0 for a name not listed). */
ULONG VfQueryAllocations(PCSTR Name, VF_ALLOCATION_INFORMATION *Buffer,
                         ULONG Count);

/* An import a verified image binds to the verifier's routine instead:
 * each part of the verifier keeps a table of them (pool here, IRQL and
 * locks, I/O, low resources). ViFindThunk: Name's routine in Table, or
 * Otherwise. */
typedef struct _VI_THUNK {
    PCSTR Name;
    PVOID Routine;
} VI_THUNK;
ULONG_PTR ViFindThunk(const VI_THUNK *Table, ULONG Count, PCSTR Name,
                      ULONG_PTR Otherwise);

/* The loader's hooks (mm/sysldr_bind.c, mm/sysldr.c), with the module
 * list held exclusive. The routine a verified image's import of Name
 * binds to: the verifier's, or Address. */
ULONG_PTR VfRedirectImport(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name,
                           ULONG_PTR Address);
/* The image goes: with pool outstanding, 0xC4 / 0x62. */
VOID VfUnloadImage(PKLDR_DATA_TABLE_ENTRY Entry);

#endif
