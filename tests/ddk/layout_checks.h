/*
 * NT x86's sizes and offsets of the public structures, asserted at compile
 * time. Both compilers read this file: GCC as the kernel is built, and
 * clang in MSVC mode as a driver is built (tests/ddk/ddk.mk). The two
 * differ on one point: GCC's i386 ABI aligns a long long to 4 inside a
 * structure, MSVC's to 8, so a structure holding a LARGE_INTEGER or an
 * SLIST_HEADER lays out the same only where the headers make it so.
 */
#ifndef DDK_LAYOUT_CHECKS_H
#define DDK_LAYOUT_CHECKS_H

#include "ntddk.h"

#define NT_SIZE(type, size) C_ASSERT(sizeof(type) == (size))
#define NT_OFFSET(type, field, offset)                                         \
    C_ASSERT(FIELD_OFFSET(type, field) == (offset))

/* ntdef.h */
NT_SIZE(ULONG_PTR, 4);
NT_SIZE(SIZE_T, 4);
NT_SIZE(LONG, 4);
NT_SIZE(WCHAR, 2);
NT_SIZE(LARGE_INTEGER, 8);
NT_SIZE(UNICODE_STRING, 8);
NT_OFFSET(UNICODE_STRING, MaximumLength, 2);
NT_OFFSET(UNICODE_STRING, Buffer, 4);
NT_SIZE(ANSI_STRING, 8);
NT_OFFSET(ANSI_STRING, Buffer, 4);
NT_SIZE(CLIENT_ID, 8);
NT_SIZE(OBJECT_ATTRIBUTES, 0x18);
NT_OFFSET(OBJECT_ATTRIBUTES, RootDirectory, 4);
NT_OFFSET(OBJECT_ATTRIBUTES, ObjectName, 8);
NT_OFFSET(OBJECT_ATTRIBUTES, Attributes, 0xC);
NT_OFFSET(OBJECT_ATTRIBUTES, SecurityDescriptor, 0x10);
NT_OFFSET(OBJECT_ATTRIBUTES, SecurityQualityOfService, 0x14);

/* ntlist.h, ntslist.h */
NT_SIZE(LIST_ENTRY, 8);
NT_SIZE(SINGLE_LIST_ENTRY, 4);
NT_SIZE(SLIST_HEADER, 8);
NT_OFFSET(SLIST_HEADER, Depth, 4);
NT_OFFSET(SLIST_HEADER, Sequence, 6);

/* ntke.h, ntdisp.h */
NT_SIZE(KSPIN_LOCK, 4);
NT_SIZE(KSPIN_LOCK_QUEUE, 8);
NT_SIZE(KLOCK_QUEUE_HANDLE, 0xC);
NT_SIZE(DISPATCHER_HEADER, 0x10);
NT_OFFSET(DISPATCHER_HEADER, SignalState, 4);
NT_OFFSET(DISPATCHER_HEADER, WaitListHead, 8);
NT_SIZE(KEVENT, 0x10);
NT_SIZE(KSEMAPHORE, 0x14);
NT_OFFSET(KSEMAPHORE, Limit, 0x10);
NT_SIZE(KMUTANT, 0x20);
NT_OFFSET(KMUTANT, MutantListEntry, 0x10);
NT_OFFSET(KMUTANT, OwnerThread, 0x18);
NT_OFFSET(KMUTANT, Abandoned, 0x1C);
NT_OFFSET(KMUTANT, ApcDisable, 0x1D);
NT_SIZE(KTIMER, 0x28);
NT_OFFSET(KTIMER, DueTime, 0x10);
NT_OFFSET(KTIMER, TimerListEntry, 0x18);
NT_OFFSET(KTIMER, Dpc, 0x20);
NT_OFFSET(KTIMER, Period, 0x24);
NT_SIZE(KDPC, 0x20);
NT_OFFSET(KDPC, Importance, 1);
NT_OFFSET(KDPC, Number, 2);
NT_OFFSET(KDPC, DpcListEntry, 4);
NT_OFFSET(KDPC, DeferredRoutine, 0xC);
NT_OFFSET(KDPC, DeferredContext, 0x10);
NT_OFFSET(KDPC, SystemArgument1, 0x14);
NT_OFFSET(KDPC, SystemArgument2, 0x18);
NT_OFFSET(KDPC, DpcData, 0x1C);
NT_SIZE(KAPC, 0x30);
NT_OFFSET(KAPC, Thread, 8);
NT_OFFSET(KAPC, ApcListEntry, 0xC);
NT_OFFSET(KAPC, KernelRoutine, 0x14);
NT_OFFSET(KAPC, RundownRoutine, 0x18);
NT_OFFSET(KAPC, NormalRoutine, 0x1C);
NT_OFFSET(KAPC, NormalContext, 0x20);
NT_OFFSET(KAPC, SystemArgument1, 0x24);
NT_OFFSET(KAPC, SystemArgument2, 0x28);
NT_OFFSET(KAPC, ApcStateIndex, 0x2C);
NT_OFFSET(KAPC, ApcMode, 0x2D);
NT_OFFSET(KAPC, Inserted, 0x2E);
NT_SIZE(KAPC_STATE, 0x18);

/* ntexsync.h, ntex.h, ntworkitem.h */
NT_SIZE(FAST_MUTEX, 0x20);
NT_OFFSET(FAST_MUTEX, Owner, 4);
NT_OFFSET(FAST_MUTEX, Contention, 8);
NT_OFFSET(FAST_MUTEX, Event, 0xC);
NT_OFFSET(FAST_MUTEX, OldIrql, 0x1C);
NT_SIZE(OWNER_ENTRY, 8);
NT_SIZE(ERESOURCE, 0x38);
NT_OFFSET(ERESOURCE, OwnerTable, 8);
NT_OFFSET(ERESOURCE, ActiveCount, 0xC);
NT_OFFSET(ERESOURCE, Flag, 0xE);
NT_OFFSET(ERESOURCE, SharedWaiters, 0x10);
NT_OFFSET(ERESOURCE, ExclusiveWaiters, 0x14);
NT_OFFSET(ERESOURCE, OwnerThreads, 0x18);
NT_OFFSET(ERESOURCE, ContentionCount, 0x28);
NT_OFFSET(ERESOURCE, NumberOfSharedWaiters, 0x2C);
NT_OFFSET(ERESOURCE, NumberOfExclusiveWaiters, 0x2E);
NT_OFFSET(ERESOURCE, Address, 0x30);
NT_OFFSET(ERESOURCE, SpinLock, 0x34);
NT_SIZE(WORK_QUEUE_ITEM, 0x10);
NT_OFFSET(WORK_QUEUE_ITEM, WorkerRoutine, 8);
NT_OFFSET(WORK_QUEUE_ITEM, Parameter, 0xC);
NT_SIZE(GENERAL_LOOKASIDE, 0x48);
NT_OFFSET(GENERAL_LOOKASIDE, Depth, 8);
NT_OFFSET(GENERAL_LOOKASIDE, Type, 0x1C);
NT_OFFSET(GENERAL_LOOKASIDE, Allocate, 0x28);
NT_OFFSET(GENERAL_LOOKASIDE, Free, 0x2C);
NT_OFFSET(GENERAL_LOOKASIDE, ListEntry, 0x30);
/* XP's 0x48 and the obsolete lock, rounded to 8 as MSVC rounds a
 * structure with an 8-aligned member (later WDKs cache-align them, which
 * only makes a driver's copy larger). */
NT_SIZE(NPAGED_LOOKASIDE_LIST, 0x50);
NT_SIZE(PAGED_LOOKASIDE_LIST, 0x50);

/* ntrtl.h */
NT_SIZE(RTL_BITMAP, 8);
NT_SIZE(TIME_FIELDS, 0x10);

#endif
