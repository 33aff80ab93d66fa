/*
 * Driver Verifier's pool tracking (include/kernel/verifier.h,
 * docs/verifier.md). As on NT, nothing in the pool changes: a verified
 * driver's imports of the pool routines are bound to the routines here
 * (VfRedirectImport), which check the call, place the block (on special
 * pool, mm/verifier_special_pool.c, when asked) and remember it (tag,
 * size, caller) in a record of their own. The driver is found by
 * the caller's address: only a verified image's IAT leads here.
 */
#include "kernel/verifier.h"
#include "kernel/cmdline.h"
#include "kernel/verifier_fault.h"
#include "kernel/verifier_io.h"
#include "kernel/verifier_locks.h"
#include "kernel/verifier_special_pool.h"
#include "ntrtl.h"

#define VERIFIER_TAG 'fVmM'

typedef struct _VI_ALLOCATION {
    LIST_ENTRY Links;
    PVOID Va;
    SIZE_T Size;
    ULONG Tag;
    POOL_TYPE PoolType;
    PVOID Caller;
} VI_ALLOCATION;

/* NT's MI_VERIFIER_DRIVER_ENTRY, reduced: 0xC4 / 0x62 passes its address. */
typedef struct _VI_DRIVER {
    BOOLEAN InUse;
    CHAR Name[VF_NAME_LENGTH];
    UNICODE_STRING BaseName; /* NT's 0x62 parameter 2 points here */
    WCHAR NameBuffer[VF_NAME_LENGTH];
    PKLDR_DATA_TABLE_ENTRY Entry; /* NULL while not loaded */
    LIST_ENTRY Allocations;
    ULONG Loads, AllocationCount, Frees, Outstanding, PeakOutstanding;
    SIZE_T OutstandingBytes;
} VI_DRIVER;

static VI_DRIVER drivers[VF_MAXIMUM_DRIVERS];
static KSPIN_LOCK verifier_lock;
static ULONG verifier_flags = VF_DEFAULT_FLAGS;
static BOOLEAN initialized;
volatile LONG ViIoVerifiedImages;

static BOOLEAN parse_hex(PCSTR Text, PULONG Value)
{
    ULONG Result = 0;

    if (Text[0] == '0' && (Text[1] == 'x' || Text[1] == 'X'))
        Text += 2;
    if (*Text == '\0')
        return FALSE;
    for (; *Text != '\0'; Text++) {
        CHAR Digit = RtlUpperChar(*Text);

        if (Digit >= '0' && Digit <= '9')
            Result = Result * 16 + (ULONG)(Digit - '0');
        else if (Digit >= 'A' && Digit <= 'F')
            Result = Result * 16 + (ULONG)(Digit - 'A' + 10);
        else
            return FALSE;
    }
    *Value = Result;
    return TRUE;
}

static BOOLEAN names_equal(PCSTR Left, PCSTR Right)
{
    for (; *Left != '\0' && *Right != '\0'; Left++, Right++)
        if (RtlUpperChar(*Left) != RtlUpperChar(*Right))
            return FALSE;
    return *Left == *Right;
}

static VI_DRIVER *find_name(PCSTR Name)
{
    ULONG Index;

    for (Index = 0; Index < VF_MAXIMUM_DRIVERS; Index++)
        if (drivers[Index].InUse && names_equal(drivers[Index].Name, Name))
            return &drivers[Index];
    return NULL;
}

static NTSTATUS add_name(PCSTR Name, ULONG Length)
{
    CHAR Copy[VF_NAME_LENGTH];
    ULONG Index;

    if (Length == 0)
        return STATUS_INVALID_PARAMETER;
    if (Length >= VF_NAME_LENGTH)
        return STATUS_NAME_TOO_LONG;
    RtlCopyMemory(Copy, Name, Length);
    Copy[Length] = '\0';
    if (find_name(Copy) != NULL)
        return STATUS_SUCCESS;
    for (Index = 0; Index < VF_MAXIMUM_DRIVERS; Index++) {
        VI_DRIVER *Driver = &drivers[Index];
        ULONG Char;

        if (Driver->InUse)
            continue;
        RtlZeroMemory(Driver, sizeof(*Driver));
        RtlCopyMemory(Driver->Name, Copy, Length + 1);
        for (Char = 0; Char < Length; Char++)
            Driver->NameBuffer[Char] = (WCHAR)(UCHAR)Copy[Char];
        Driver->BaseName.Buffer = Driver->NameBuffer;
        Driver->BaseName.Length = (USHORT)(Length * sizeof(WCHAR));
        Driver->BaseName.MaximumLength = sizeof(Driver->NameBuffer);
        InitializeListHead(&Driver->Allocations);
        Driver->InUse = TRUE;
        return STATUS_SUCCESS;
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

/* NT reads VerifyDrivers and VerifyDriverLevel from the registry at
 * boot; here the command line gives them, read on the first load. */
static VOID initialize(VOID)
{
    const KI_COMMAND_LINE *CommandLine = KiGetCommandLine();
    PCSTR Names, Flags;
    ULONG Value;

    if (initialized)
        return;
    initialized = TRUE;
    KeInitializeSpinLock(&verifier_lock);
    Names = KiGetOption(CommandLine, "verifier");
    Flags = KiGetOption(CommandLine, "verifier_flags");
    if (Flags != NULL && parse_hex(Flags, &Value))
        verifier_flags = Value;
    while (Names != NULL && *Names != '\0') {
        PCSTR End = Names;

        while (*End != '\0' && *End != ',')
            End++;
        if (!NT_SUCCESS(add_name(Names, (ULONG)(End - Names))))
            DbgPrint("verifier: %.*s not verified (bad or too many names)\n",
                     (int)(End - Names), Names);
        Names = *End == ',' ? End + 1 : End;
    }
    if (verifier_flags & DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES)
        ViInitializeFaultInjection();
}

VOID MiInitializeDriverVerifierList(VOID)
{
    initialize();
}

NTSTATUS VfAddDriver(PCSTR Name)
{
    initialize();
    return add_name(Name, (ULONG)strlen(Name));
}

NTSTATUS VfRemoveDriver(PCSTR Name)
{
    VI_DRIVER *Driver;

    initialize();
    Driver = find_name(Name);
    if (Driver == NULL)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (Driver->Entry != NULL)
        return STATUS_IMAGE_ALREADY_LOADED;
    Driver->InUse = FALSE;
    return STATUS_SUCCESS;
}

ULONG VfGetFlags(VOID)
{
    initialize();
    return verifier_flags;
}

NTSTATUS VfSetFlags(ULONG Flags)
{
    ULONG Index;

    initialize();
    /* A verified image's bindings and blocks follow the flags it loaded
     * with: they change only while none is loaded. */
    for (Index = 0; Index < VF_MAXIMUM_DRIVERS; Index++)
        if (drivers[Index].InUse && drivers[Index].Entry != NULL)
            return STATUS_IMAGE_ALREADY_LOADED;
    verifier_flags = Flags;
    return STATUS_SUCCESS;
}

BOOLEAN VfQueryDriver(ULONG Index, VF_DRIVER_INFORMATION *Information)
{
    ULONG Slot, Seen = 0;

    initialize();
    for (Slot = 0; Slot < VF_MAXIMUM_DRIVERS; Slot++) {
        VI_DRIVER *Driver = &drivers[Slot];
        KIRQL OldIrql;

        if (!Driver->InUse || Seen++ != Index)
            continue;
        KeAcquireSpinLock(&verifier_lock, &OldIrql);
        RtlCopyMemory(Information->Name, Driver->Name, VF_NAME_LENGTH);
        Information->Loaded = Driver->Entry != NULL;
        Information->Loads = Driver->Loads;
        Information->Allocations = Driver->AllocationCount;
        Information->Frees = Driver->Frees;
        Information->Outstanding = Driver->Outstanding;
        Information->PeakOutstanding = Driver->PeakOutstanding;
        Information->OutstandingBytes = Driver->OutstandingBytes;
        KeReleaseSpinLock(&verifier_lock, OldIrql);
        return TRUE;
    }
    return FALSE;
}

ULONG VfQueryAllocations(PCSTR Name, VF_ALLOCATION_INFORMATION *Buffer,
                         ULONG Count)
{
    VI_DRIVER *Driver;
    PLIST_ENTRY Link;
    KIRQL OldIrql;
    ULONG Total = 0;

    initialize();
    Driver = find_name(Name);
    if (Driver == NULL)
        return 0;
    KeAcquireSpinLock(&verifier_lock, &OldIrql);
    for (Link = Driver->Allocations.Flink; Link != &Driver->Allocations;
         Link = Link->Flink, Total++) {
        VI_ALLOCATION *Record = CONTAINING_RECORD(Link, VI_ALLOCATION, Links);

        if (Total >= Count)
            continue;
        Buffer[Total].Va = Record->Va;
        Buffer[Total].Size = Record->Size;
        Buffer[Total].Tag = Record->Tag;
        Buffer[Total].PoolType = Record->PoolType;
        Buffer[Total].Caller = Record->Caller;
    }
    KeReleaseSpinLock(&verifier_lock, OldIrql);
    return Total;
}

static VI_DRIVER *driver_of_entry(PKLDR_DATA_TABLE_ENTRY Entry)
{
    CHAR Name[VF_NAME_LENGTH];
    ULONG Index, Count = Entry->BaseDllName.Length / sizeof(WCHAR);

    if (Count >= VF_NAME_LENGTH)
        return NULL;
    for (Index = 0; Index < Count; Index++)
        Name[Index] = (CHAR)Entry->BaseDllName.Buffer[Index];
    Name[Count] = '\0';
    return find_name(Name);
}

/* The verified driver whose image holds Caller: the caller of a routine
 * here, which only verified images import. */
static VI_DRIVER *driver_of_caller(PVOID Caller)
{
    ULONG Index;

    for (Index = 0; Index < VF_MAXIMUM_DRIVERS; Index++) {
        PKLDR_DATA_TABLE_ENTRY Entry = drivers[Index].Entry;

        if (drivers[Index].InUse && Entry != NULL &&
            (ULONG_PTR)Caller - (ULONG_PTR)Entry->DllBase < Entry->SizeOfImage)
            return &drivers[Index];
    }
    return NULL;
}

PVOID ViVerifiedImage(PVOID Address)
{
    return driver_of_caller(Address);
}

/* NT's checks before an allocation (0xC4 subcodes 0x00-0x02). */
static VOID check_allocation(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    KIRQL Irql = KeGetCurrentIrql();

    if (NumberOfBytes == 0)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x00, Irql, PoolType,
                     NumberOfBytes);
    if ((PoolType & BASE_POOL_TYPE_MASK) == PagedPool && Irql > APC_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x01, Irql, PoolType,
                     NumberOfBytes);
    if (Irql > DISPATCH_LEVEL)
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x02, Irql, PoolType,
                     NumberOfBytes);
}

/* A tag must hold a letter or a digit, or no tool can name the block:
 * with pool tracking NT stops with BAD_POOL_CALLER 0x9D (the tag, the
 * pool type, the caller). */
static VOID check_tag(ULONG Tag, POOL_TYPE PoolType, PVOID Caller)
{
    ULONG Byte;

    if (!(verifier_flags & DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS))
        return;
    for (Byte = 0; Byte < 4; Byte++) {
        CHAR Char = (CHAR)(Tag >> (Byte * 8));

        if ((Char >= '0' && Char <= '9') || (Char >= 'A' && Char <= 'Z') ||
            (Char >= 'a' && Char <= 'z'))
            return;
    }
    KeBugCheckEx(BAD_POOL_CALLER, 0x9D, Tag, PoolType, (ULONG_PTR)Caller);
}

/* Remembers Va for the driver at Caller. Without a record (the pool is
 * short) the block is given back and the driver sees a failure, as NT's
 * verifier fails an allocation it cannot track. */
static PVOID track(PVOID Va, POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                   ULONG Tag, PVOID Caller)
{
    VI_DRIVER *Driver = driver_of_caller(Caller);
    VI_ALLOCATION *Record;
    KIRQL OldIrql;

    if (Va == NULL || Driver == NULL ||
        !(verifier_flags & DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS))
        return Va;
    Record = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Record), VERIFIER_TAG);
    if (Record == NULL) {
        if (ViIsSpecialPool(Va))
            ViFreeSpecialPool(Va);
        else
            ExFreePool(Va);
        return NULL;
    }
    Record->Va = Va;
    Record->Size = NumberOfBytes;
    Record->Tag = Tag;
    Record->PoolType = PoolType;
    Record->Caller = Caller;
    KeAcquireSpinLock(&verifier_lock, &OldIrql);
    InsertTailList(&Driver->Allocations, &Record->Links);
    Driver->AllocationCount++;
    Driver->OutstandingBytes += NumberOfBytes;
    if (++Driver->Outstanding > Driver->PeakOutstanding)
        Driver->PeakOutstanding = Driver->Outstanding;
    KeReleaseSpinLock(&verifier_lock, OldIrql);
    return Va;
}

/* Forgets Va, checking the free first: 0x10 for an address the driver
 * was not given (or already gave back: without special pool a double
 * free is an address no longer listed), 0x11/0x12 for the wrong IRQL. */
static VOID untrack(PVOID Va, PVOID Caller)
{
    VI_DRIVER *Driver = driver_of_caller(Caller);
    KIRQL Irql = KeGetCurrentIrql(), OldIrql;
    VI_ALLOCATION *Record = NULL;
    PLIST_ENTRY Link;

    if (Driver == NULL ||
        !(verifier_flags & DRIVER_VERIFIER_TRACK_POOL_ALLOCATIONS))
        return;
    KeAcquireSpinLock(&verifier_lock, &OldIrql);
    for (Link = Driver->Allocations.Flink; Link != &Driver->Allocations;
         Link = Link->Flink) {
        VI_ALLOCATION *Candidate =
            CONTAINING_RECORD(Link, VI_ALLOCATION, Links);

        if (Candidate->Va == Va) {
            Record = Candidate;
            break;
        }
    }
    if (Record == NULL) {
        KeReleaseSpinLock(&verifier_lock, OldIrql);
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x10, (ULONG_PTR)Va, 0,
                     0);
    }
    if ((Record->PoolType & BASE_POOL_TYPE_MASK) == PagedPool &&
        Irql > APC_LEVEL) {
        KeReleaseSpinLock(&verifier_lock, OldIrql);
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x11, Irql,
                     Record->PoolType, (ULONG_PTR)Va);
    }
    if (Irql > DISPATCH_LEVEL) {
        KeReleaseSpinLock(&verifier_lock, OldIrql);
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x12, Irql,
                     Record->PoolType, (ULONG_PTR)Va);
    }
    RemoveEntryList(&Record->Links);
    Driver->Frees++;
    Driver->Outstanding--;
    Driver->OutstandingBytes -= Record->Size;
    KeReleaseSpinLock(&verifier_lock, OldIrql);
    ExFreePoolWithTag(Record, VERIFIER_TAG);
}

/* The block a verified driver gets: on special pool when the flag asks
 * and the block fits a page (a quota block is charged by the pool, so it
 * comes from there), else from the pool as asked. */
typedef enum _VI_KIND { ViTagged, ViUntagged, ViQuotaTagged, ViQuota } VI_KIND;

static PVOID allocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                      VI_KIND Kind, PVOID Caller)
{
    PVOID Va = NULL;

    check_allocation(PoolType, NumberOfBytes);
    if (Kind == ViTagged || Kind == ViQuotaTagged)
        check_tag(Tag, PoolType, Caller);
    /* Low-resources simulation: a failure as the pool would give it. */
    if ((verifier_flags & DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES) &&
        driver_of_caller(Caller) != NULL && ViInjectPoolFailure(PoolType)) {
        if (PoolType & POOL_RAISE_IF_ALLOCATION_FAILURE)
            ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        return NULL;
    }
    if ((verifier_flags & DRIVER_VERIFIER_SPECIAL_POOLING) &&
        (Kind == ViTagged || Kind == ViUntagged) &&
        driver_of_caller(Caller) != NULL)
        Va = ViAllocateSpecialPool(NumberOfBytes);
    if (Va == NULL) {
        switch (Kind) {
        case ViTagged:
            Va = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
            break;
        case ViUntagged:
            Va = ExAllocatePool(PoolType, NumberOfBytes);
            break;
        case ViQuotaTagged:
            Va = ExAllocatePoolWithQuotaTag(PoolType, NumberOfBytes, Tag);
            break;
        case ViQuota:
            Va = ExAllocatePoolWithQuota(PoolType, NumberOfBytes);
            break;
        }
    }
    return track(Va, PoolType, NumberOfBytes, Tag, Caller);
}

/* NT's VerifierAllocatePoolWithTag and its siblings. */
static PVOID NTAPI VerifierAllocatePoolWithTag(POOL_TYPE PoolType,
                                               SIZE_T NumberOfBytes, ULONG Tag)
{
    return allocate(PoolType, NumberOfBytes, Tag, ViTagged,
                    __builtin_return_address(0));
}

static PVOID NTAPI VerifierAllocatePool(POOL_TYPE PoolType,
                                        SIZE_T NumberOfBytes)
{
    return allocate(PoolType, NumberOfBytes, 'enoN', ViUntagged,
                    __builtin_return_address(0));
}

static PVOID NTAPI VerifierAllocatePoolWithQuotaTag(POOL_TYPE PoolType,
                                                    SIZE_T NumberOfBytes,
                                                    ULONG Tag)
{
    return allocate(PoolType, NumberOfBytes, Tag, ViQuotaTagged,
                    __builtin_return_address(0));
}

static PVOID NTAPI VerifierAllocatePoolWithQuota(POOL_TYPE PoolType,
                                                 SIZE_T NumberOfBytes)
{
    return allocate(PoolType, NumberOfBytes, 'enoN', ViQuota,
                    __builtin_return_address(0));
}

static VOID NTAPI VerifierFreePoolWithTag(PVOID P, ULONG Tag)
{
    untrack(P, __builtin_return_address(0));
    ViDeadlockFreePool(P); /* the locks it held are forgotten */
    if (ViIsSpecialPool(P))
        ViFreeSpecialPool(P);
    else
        ExFreePoolWithTag(P, Tag);
}

static VOID NTAPI VerifierFreePool(PVOID P)
{
    untrack(P, __builtin_return_address(0));
    ViDeadlockFreePool(P);
    if (ViIsSpecialPool(P))
        ViFreeSpecialPool(P);
    else
        ExFreePool(P);
}

static const VI_THUNK thunks[] = {
    {"ExAllocatePoolWithTag", (PVOID)VerifierAllocatePoolWithTag},
    {"ExAllocatePool", (PVOID)VerifierAllocatePool},
    {"ExAllocatePoolWithQuotaTag", (PVOID)VerifierAllocatePoolWithQuotaTag},
    {"ExAllocatePoolWithQuota", (PVOID)VerifierAllocatePoolWithQuota},
    {"ExFreePoolWithTag", (PVOID)VerifierFreePoolWithTag},
    {"ExFreePool", (PVOID)VerifierFreePool},
};

ULONG_PTR ViFindThunk(const VI_THUNK *Table, ULONG Count, PCSTR Name,
                      ULONG_PTR Otherwise)
{
    ULONG Index;

    for (Index = 0; Index < Count; Index++)
        if (strcmp(Table[Index].Name, Name) == 0)
            return (ULONG_PTR)Table[Index].Routine;
    return Otherwise;
}

ULONG_PTR VfRedirectImport(PKLDR_DATA_TABLE_ENTRY Entry, PCSTR Name,
                           ULONG_PTR Address)
{
    VI_DRIVER *Driver;
    ULONG_PTR Routine;

    initialize();
    Driver = driver_of_entry(Entry);
    if (Driver == NULL)
        return Address;
    if (Driver->Entry != Entry) {
        /* The first import bound: the image is the driver's now. */
        Driver->Entry = Entry;
        Driver->Loads++;
        if (verifier_flags & DRIVER_VERIFIER_IO_CHECKING)
            __atomic_add_fetch(&ViIoVerifiedImages, 1, __ATOMIC_RELAXED);
        DbgPrint("verifier: %s is verified (flags %lx)\n", Driver->Name,
                 verifier_flags);
    }
    Routine = ViFindThunk(thunks, ARRAYSIZE(thunks), Name, 0);
    if (Routine != 0)
        return Routine;
    /* IRQL, spin locks, mutexes, resources: mm/verifier_irql.c. */
    Routine = ViRedirectLockImport(Name);
    if (Routine != 0)
        return Routine;
    if (verifier_flags & DRIVER_VERIFIER_IO_CHECKING)
        Address = ViRedirectIoImport(Name, Address);
    if (verifier_flags & DRIVER_VERIFIER_INJECT_ALLOCATION_FAILURES)
        Address = ViRedirectFaultImport(Name, Address);
    return Address;
}

VOID VfUnloadImage(PKLDR_DATA_TABLE_ENTRY Entry)
{
    ULONG Index;

    for (Index = 0; Index < VF_MAXIMUM_DRIVERS; Index++) {
        VI_DRIVER *Driver = &drivers[Index];

        if (!Driver->InUse || Driver->Entry != Entry)
            continue;
        ViDeadlockUnloadImage(Entry); /* its locks and theirs */
        if (Driver->Outstanding != 0)
            KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x62,
                         (ULONG_PTR)&Driver->BaseName, (ULONG_PTR)Driver,
                         Driver->Outstanding);
        if (verifier_flags & DRIVER_VERIFIER_IO_CHECKING)
            __atomic_sub_fetch(&ViIoVerifiedImages, 1, __ATOMIC_RELAXED);
        Driver->Entry = NULL;
    }
}
