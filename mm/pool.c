/*
 * ExAllocatePoolWithTag and friends: the driver API over the slab caches
 * (mm/slab.c), the big-allocation table (mm/pool_big.c) and the tag
 * tracker (mm/pool_track.c). A block up to 4080 bytes is the data after
 * an 8-byte POOL_HEADER in a slab of its size class; a larger one is
 * whole pages. Blocks up to 512 bytes of the two plain types go through
 * this processor's front (mm/pool_front.c): a free checks the header's
 * type, the tag and the IRQL and pushes; the checks that need the slab
 * come when the front drains. Every other free checks the address, the
 * caller's IRQL, the header and its neighbour's before anything changes.
 */
#include "kernel/pool.h"
#include "kernel/pool_cpu.h"
#include "kernel/pool_inline.h"
#include "kernel/pool_pages.h"
#include "kernel/process.h"

MI_POOL MiPools[2];
ULONG MiPoolCacheLine = 64;

#define NONE_TAG 0x656e6f4e /* 'enoN': ExAllocatePool's, reads "None" */

/* The fast mutex keeps the IRQL to go back to itself; the spin lock's
 * travels through the caller. Paged pool's is out of line, so the
 * nonpaged pool's callers keep fewer registers busy. */
static DECLSPEC_NOINLINE KIRQL lock_paged(MI_POOL *Pool)
{
    MiPoolAcquireMutex(&Pool->Mutex);
    return (KIRQL)Pool->Mutex.OldIrql;
}

static DECLSPEC_NOINLINE VOID unlock_paged(MI_POOL *Pool)
{
    MiPoolReleaseMutex(&Pool->Mutex);
}

FORCEINLINE KIRQL lock_pool(MI_POOL *Pool)
{
    if (Pool->BaseType == PagedPool)
        return lock_paged(Pool);
    return MiPoolAcquireLock(&Pool->Lock, Pool->LockIrql);
}

FORCEINLINE VOID unlock_pool(MI_POOL *Pool, KIRQL OldIrql)
{
    if (Pool->BaseType == PagedPool)
        unlock_paged(Pool);
    else
        MiPoolReleaseLock(&Pool->Lock, OldIrql);
}

KIRQL MiLockPool(MI_POOL *Pool)
{
    return lock_pool(Pool);
}

VOID MiUnlockPool(MI_POOL *Pool, KIRQL OldIrql)
{
    unlock_pool(Pool, OldIrql);
}

static VOID name_class(PCHAR Name, PCSTR Prefix, ULONG Stride)
{
    CHAR Digits[8];
    ULONG Count = 0;

    while (*Prefix)
        *Name++ = *Prefix++;
    do
        Digits[Count++] = (CHAR)('0' + Stride % 10);
    while ((Stride /= 10) != 0);
    while (Count)
        *Name++ = Digits[--Count];
    *Name = 0;
}

/* Classes from the smallest block to MI_POOL_MAXIMUM_UNITS: steps of
 * Alignment, or of 1/MI_POOL_CLASSES_PER_DOUBLING of the size. */
static ULONG make_classes(MI_POOL *Pool, MI_SLAB_CACHE *Classes,
                          ULONG Alignment, PCSTR Prefix)
{
    ULONG Maximum =
        (MI_POOL_MAXIMUM_UNITS << POOL_BLOCK_SHIFT) & ~(Alignment - 1);
    ULONG Size = Alignment > 16 ? Alignment : 16;
    ULONG Count = 0;

    for (;;) {
        ULONG Step = Alignment, Power = 1;
        CHAR Name[16];

        while (Power * 2 <= Size)
            Power *= 2;
        if (Power / MI_POOL_CLASSES_PER_DOUBLING > Step)
            Step = Power / MI_POOL_CLASSES_PER_DOUBLING;
        name_class(Name, Prefix, Size);
        MiInitializeSlabCache(&Classes[Count], Pool, Name, Size, Alignment,
                              Alignment > 8 ? MI_POOL_INDEX_OTHER : 0);
        InsertTailList(&Pool->Caches, &Classes[Count].CacheLinks);
        Count++;
        if (Size == Maximum || Count == MI_POOL_MAXIMUM_CLASSES)
            return Count;
        Size = Size + Step > Maximum ? Maximum : Size + Step;
    }
}

VOID MiInitializePool(ULONG CacheLine)
{
    ULONG Base;

    MiPoolCacheLine = CacheLine;
    for (Base = 0; Base < 2; Base++) {
        MI_POOL *Pool = &MiPools[Base];
        ULONG Units, Class = 0;

        RtlZeroMemory(Pool, sizeof(*Pool));
        InitializeListHead(&Pool->Caches);
        Pool->BaseType = (UCHAR)Base;
        Pool->LockIrql = Base == NonPagedPool ? DISPATCH_LEVEL : APC_LEVEL;
        MiPoolInitializeMutex(&Pool->Mutex);
        Pool->MaximumIrql = Pool->LockIrql;
        Pool->ClassCount = make_classes(Pool, Pool->Classes, 8,
                                        Base == NonPagedPool ? "NP " : "PP ");
        Pool->AlignedClassCount =
            make_classes(Pool, Pool->AlignedClasses, CacheLine,
                         Base == NonPagedPool ? "NP line " : "PP line ");
        for (Units = 0; Units <= MI_POOL_MAXIMUM_UNITS; Units++) {
            while (Pool->Classes[Class].Stride < Units << POOL_BLOCK_SHIFT)
                Class++;
            Pool->ClassOfUnits[Units] = &Pool->Classes[Class];
        }
    }
    MiInitializePoolFront();
}

static DECLSPEC_NORETURN VOID bad_irql(ULONG Code, POOL_TYPE PoolType,
                                       ULONG_PTR What)
{
    KeBugCheckEx(BAD_POOL_CALLER, Code, MiPoolCurrentIrql(), PoolType, What);
}

/* A request that fails, whatever the reason (no memory, a bad size or
 * type, quota): counted in the pool and under its tag, as NT's tracker
 * counts failures per tag. A bad request at an IRQL above the pool lock's,
 * or without a tag, is counted in the pool alone. */
static VOID count_failure(MI_POOL *Pool, ULONG Tag)
{
    KIRQL OldIrql;

    if (Tag == 0 || MiPoolCurrentIrql() > Pool->LockIrql) {
        __atomic_fetch_add(&Pool->Failures, 1, __ATOMIC_RELAXED);
        return;
    }
    OldIrql = lock_pool(Pool);
    Pool->Failures++;
    MiPoolTrackerLookup(Pool, Tag)->Failures++;
    unlock_pool(Pool, OldIrql);
}

/* Low memory: reclaim, then one more try (the lock is not held). */
static PPOOL_HEADER retry_slab(MI_POOL *Pool, MI_SLAB_CACHE *Cache,
                               PKIRQL OldIrql)
{
    unlock_pool(Pool, *OldIrql);
    MiPoolReclaim();
    *OldIrql = lock_pool(Pool);
    return MiSlabPop(Cache);
}

static MI_POOL_TRACKER_ENTRY *remember_entry(MI_SLAB_CACHE *Cache, ULONG Tag)
{
    Cache->LastTag = Tag;
    Cache->LastEntry = MiPoolTrackerLookup(Cache->Pool, Tag);
    return Cache->LastEntry;
}

/* The tracker entry of Tag: the cache's last one, most of the time. */
FORCEINLINE MI_POOL_TRACKER_ENTRY *entry_of(MI_SLAB_CACHE *Cache, ULONG Tag)
{
    return Cache->LastTag == Tag ? Cache->LastEntry
                                 : remember_entry(Cache, Tag);
}

FORCEINLINE VOID track(MI_POOL *Pool, ULONG Tag, SIZE_T Bytes)
{
    MI_POOL_TRACKER_ENTRY *Entry = MiPoolTrackerLookup(Pool, Tag);

    Entry->Allocations++;
    Entry->Bytes += Bytes;
}

FORCEINLINE VOID untrack(MI_POOL *Pool, ULONG Tag, SIZE_T Bytes)
{
    MI_POOL_TRACKER_ENTRY *Entry = MiPoolTrackerLookup(Pool, Tag);

    Entry->Frees++;
    Entry->Bytes -= Bytes;
}

/* A block from Cache with the header's type (type + 1, quota bit) and
 * tag set; NULL when memory is out. */
FORCEINLINE PVOID allocate_block(MI_POOL *Pool, MI_SLAB_CACHE *Cache,
                                 ULONG HeaderType, ULONG Tag)
{
    KIRQL OldIrql = lock_pool(Pool);
    PPOOL_HEADER Header = MiSlabPop(Cache);
    MI_POOL_TRACKER_ENTRY *Entry;

    if (Header == NULL) {
        Header = retry_slab(Pool, Cache, &OldIrql);
        if (Header == NULL) {
            unlock_pool(Pool, OldIrql);
            return NULL;
        }
    }
    Header->Ulong1 |= HeaderType << MI_POOL_TYPE_SHIFT;
    Header->PoolTag = Tag;
    Entry = entry_of(Cache, Tag);
    Entry->Allocations++;
    Entry->Bytes += Cache->Stride;
    unlock_pool(Pool, OldIrql);
    return Header + 1;
}

static PVOID allocate_big(MI_POOL *Pool, ULONG Pages, ULONG Tag,
                          ULONG HeaderType, PEPROCESS Process)
{
    PVOID Va = MiPoolAllocatePages(Pool->BaseType, Pages);
    KIRQL OldIrql;

    if (Va == NULL) {
        MiPoolReclaim();
        Va = MiPoolAllocatePages(Pool->BaseType, Pages);
    }
    if (Va == NULL)
        return NULL;
    OldIrql = lock_pool(Pool);
    if (!MiPoolBigInsert(Pool, Va, Tag, Pages, HeaderType, Process)) {
        unlock_pool(Pool, OldIrql);
        MiPoolFreePages(Pool->BaseType, Va, Pages);
        return NULL;
    }
    *MiPoolPageWord(Va) = Pool->BaseType == NonPagedPool
                              ? MI_POOL_WORD_BIG_NONPAGED
                              : MI_POOL_WORD_BIG_PAGED;
    Pool->BigPages += Pages;
    if (Pool->SlabPages + Pool->BigPages > Pool->PeakPages)
        Pool->PeakPages = Pool->SlabPages + Pool->BigPages;
    track(Pool, Tag, (SIZE_T)Pages << PAGE_SHIFT);
    unlock_pool(Pool, OldIrql);
    return Va;
}

/* The cache-aligned class for Bytes, or NULL when it needs pages. */
static MI_SLAB_CACHE *aligned_class(MI_POOL *Pool, SIZE_T Bytes)
{
    ULONG Class;

    if (Bytes > POOL_SMALL_BLOCK_MAXIMUM)
        return NULL;
    for (Class = 0; Class < Pool->AlignedClassCount; Class++)
        if (Pool->AlignedClasses[Class].Stride >= Bytes + sizeof(POOL_HEADER))
            return &Pool->AlignedClasses[Class];
    return NULL;
}

static BOOLEAN must_succeed(ULONG Type)
{
    return Type == NonPagedPoolMustSucceed ||
           Type == NonPagedPoolCacheAlignedMustS;
}

/* Everything but the plain small case: cache-aligned, must-succeed, big,
 * quota, the flags, and bad requests. Every failure is counted. */
static DECLSPEC_NOINLINE PVOID allocate_general(POOL_TYPE PoolType,
                                                SIZE_T NumberOfBytes, ULONG Tag,
                                                BOOLEAN Quota, PVOID Caller)
{
    ULONG Type = PoolType & 7, Flags = PoolType & ~7UL;
    MI_POOL *Pool = &MiPools[Type & BASE_POOL_TYPE_MASK];
    ULONG HeaderType = (Type & BASE_POOL_TYPE_MASK) + 1;
    SIZE_T Bytes = NumberOfBytes, Charge;
    MI_SLAB_CACHE *Cache = NULL;
    PEPROCESS Process = NULL;
    PVOID Block;

    if (Type == DontUseThisType || Type >= MaxPoolType ||
        (Flags & ~(ULONG)(POOL_QUOTA_FAIL_INSTEAD_OF_RAISE |
                          POOL_RAISE_IF_ALLOCATION_FAILURE)) != 0) {
        count_failure(Pool, Tag);
        return NULL;
    }
    if (MiPoolCurrentIrql() > Pool->MaximumIrql)
        bad_irql(0x08, PoolType, NumberOfBytes);
    if (Tag == 0)
        KeBugCheckEx(BAD_POOL_CALLER, 0x9B, PoolType, NumberOfBytes,
                     (ULONG_PTR)Caller);
    if (Quota) {
        Process = PsGetCurrentProcess();
        HeaderType |= POOL_QUOTA_MASK;
        Bytes += sizeof(PVOID); /* the process, at the block's end */
    }
    if (Bytes < NumberOfBytes) { /* wrapped around */
        count_failure(Pool, Tag);
        return NULL;
    }
    if (Type & 4)
        Cache = aligned_class(Pool, Bytes);
    else if (Bytes <= POOL_SMALL_BLOCK_MAXIMUM)
        Cache = Pool->ClassOfUnits[(Bytes + 15) >> POOL_BLOCK_SHIFT];
    if (Cache == NULL && NumberOfBytes > (SIZE_T)~0UL - PAGE_SIZE) {
        count_failure(Pool, Tag);
        return NULL;
    }
    Charge = Cache != NULL ? Cache->Stride
                           : BYTES_TO_PAGES(NumberOfBytes) << PAGE_SHIFT;
    if (Quota) {
        NTSTATUS Status = PsChargeProcessPoolQuota(
            Process, (POOL_TYPE)(Type & BASE_POOL_TYPE_MASK), Charge);
        if (!NT_SUCCESS(Status)) {
            count_failure(Pool, Tag);
            if (Flags & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE)
                return NULL;
            ExRaiseStatus(Status);
        }
    }
    Block = Cache != NULL ? allocate_block(Pool, Cache, HeaderType, Tag)
                          : allocate_big(Pool, (ULONG)(Charge >> PAGE_SHIFT),
                                         Tag, HeaderType, Process);
    if (Block == NULL) {
        count_failure(Pool, Tag);
        if (Quota)
            PsReturnPoolQuota(Process, (POOL_TYPE)(Type & BASE_POOL_TYPE_MASK),
                              Charge);
        if (must_succeed(Type))
            KeBugCheckEx(MUST_SUCCEED_POOL_EMPTY, NumberOfBytes,
                         Pool->SlabPages + Pool->BigPages, Pool->Failures, 0);
        if ((Quota && !(Flags & POOL_QUOTA_FAIL_INSTEAD_OF_RAISE)) ||
            (Flags & POOL_RAISE_IF_ALLOCATION_FAILURE))
            ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
        return NULL;
    }
    if (Quota && Cache != NULL)
        *(PEPROCESS *)((PUCHAR)Block + Cache->Stride - sizeof(POOL_HEADER) -
                       sizeof(PVOID)) = Process;
    return Block;
}

/* The front's list was empty or its memo another tag's. Out of line, so
 * the fast path saves no registers. */
static DECLSPEC_NOINLINE PVOID allocate_front_slow(POOL_TYPE PoolType,
                                                   MI_POOL_FRONT_LIST *List,
                                                   ULONG Tag)
{
    MI_POOL *Pool = &MiPools[PoolType];
    PPOOL_HEADER Header = MiPoolFrontAllocateSlow(Pool, List, Tag);

    if (Header == NULL) {
        count_failure(Pool, Tag);
        return NULL;
    }
    ((PUCHAR)&Header->Ulong1)[3] |= List->TypeByte;
    Header->PoolTag = Tag;
    return Header + 1;
}

/* A plain request of 505 to 4080 bytes: the class's slab, under the lock
 * (kernel/pool_inline.h and the kernel's export come straight here). */
PVOID NTAPI ExpAllocatePoolSmall(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                 ULONG Tag)
{
    MI_POOL *Pool = &MiPools[PoolType];
    PVOID Block;

    if (Tag == 0)
        return allocate_general(PoolType, NumberOfBytes, Tag, FALSE,
                                __builtin_return_address(0));
    if (MiPoolCurrentIrql() > Pool->MaximumIrql)
        bad_irql(0x08, PoolType, NumberOfBytes);
    Block = allocate_block(
        Pool, Pool->ClassOfUnits[(NumberOfBytes + 15) >> POOL_BLOCK_SHIFT],
        PoolType + 1, Tag);
    if (Block == NULL)
        count_failure(Pool, Tag);
    return Block;
}

/* Everything the front's pop did not take (kernel/pool_inline.h; the
 * kernel's export jumps here, so the return address is the caller's). */
PVOID NTAPI ExpAllocatePoolWithTagSlow(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                       ULONG Tag)
{
    if ((ULONG)PoolType <= PagedPool && Tag != 0) {
        if (NumberOfBytes <= MI_POOL_FRONT_BYTES) {
            MI_POOL_FRONT_LIST *List =
                MiPoolFrontListOfRequest(PoolType, NumberOfBytes);

            if (MiPoolCurrentIrql() > List->MaximumIrql)
                bad_irql(0x08, PoolType, NumberOfBytes);
            return allocate_front_slow(PoolType, List, Tag);
        }
        if (NumberOfBytes <= POOL_SMALL_BLOCK_MAXIMUM)
            return ExpAllocatePoolSmall(PoolType, NumberOfBytes, Tag);
    }
    return allocate_general(PoolType, NumberOfBytes, Tag, FALSE,
                            __builtin_return_address(0));
}

#if !defined(__i386__)
/* The kernel's is mm/pool_hot_path.asm, the same pop. */
PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                  ULONG Tag)
{
    return MiPoolFrontAllocate(PoolType, NumberOfBytes, Tag);
}
#endif

PVOID NTAPI ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, NONE_TAG);
}

PVOID NTAPI ExAllocatePoolWithQuotaTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                       ULONG Tag)
{
    return allocate_general(PoolType, NumberOfBytes, Tag, TRUE,
                            __builtin_return_address(0));
}

PVOID NTAPI ExAllocatePoolWithQuota(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return allocate_general(PoolType, NumberOfBytes, NONE_TAG, TRUE,
                            __builtin_return_address(0));
}

/* The process a quota block charged, checked (BAD_POOL_CALLER 0x0D). */
static PEPROCESS quota_process(PVOID Block, ULONG Tag, PEPROCESS Process)
{
    if (Process == NULL || Process->Signature != PS_PROCESS_SIGNATURE)
        KeBugCheckEx(BAD_POOL_CALLER, 0x0D, (ULONG_PTR)Block, Tag,
                     (ULONG_PTR)Process);
    return Process;
}

static VOID free_big(PVOID P, ULONG Tag, BOOLEAN CheckTag)
{
    ULONG_PTR *Word = MiPoolPageWord(P);
    MI_POOL_BIG_ENTRY Big, *Entry;
    MI_POOL *Pool;
    KIRQL OldIrql;

    if (Word == NULL)
        MiPoolBadAddress(P);
    if (*Word != MI_POOL_WORD_BIG_NONPAGED && *Word != MI_POOL_WORD_BIG_PAGED)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    Pool = &MiPools[*Word - MI_POOL_WORD_BIG_NONPAGED];
    if (MiPoolCurrentIrql() > Pool->MaximumIrql)
        bad_irql(0x09, (POOL_TYPE)Pool->BaseType, (ULONG_PTR)P);
    OldIrql = lock_pool(Pool);
    Entry = MiPoolBigFind(Pool, P);
    if (Entry == NULL)
        KeBugCheckEx(BAD_POOL_CALLER, 0x44, (ULONG_PTR)P, 0, 0);
    if (CheckTag && Entry->Tag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0x0A, (ULONG_PTR)P, Entry->Tag, Tag);
    Big = *Entry;
    if (Big.PoolType & POOL_QUOTA_MASK)
        quota_process(P, Big.Tag, Big.QuotaProcess);
    MiPoolBigRemove(Pool, Entry);
    *Word = MI_POOL_WORD_NONE;
    Pool->BigPages -= Big.Pages;
    untrack(Pool, Big.Tag, (SIZE_T)Big.Pages << PAGE_SHIFT);
    unlock_pool(Pool, OldIrql);
    if (Big.PoolType & POOL_QUOTA_MASK)
        PsReturnPoolQuota(Big.QuotaProcess, (POOL_TYPE)Pool->BaseType,
                          (SIZE_T)Big.Pages << PAGE_SHIFT);
    MiPoolFreePages(Pool->BaseType, P, Big.Pages);
}

/* A header that is not the plain in-use one: a first slot, a quota
 * block, a block already free, or a corrupt header. Returns for the
 * first two. */
static VOID check_header(PPOOL_HEADER Header, MI_SLAB_CACHE *Cache, ULONG Index,
                         PVOID P)
{
    ULONG Ulong1 = Header->Ulong1;
    ULONG Sizes = Index != 0 ? Cache->SizeWord : Cache->FirstSizeWord;
    ULONG Type = Ulong1 >> MI_POOL_TYPE_SHIFT;
    ULONG Base = Cache->Pool->BaseType;

    if ((Ulong1 & MI_POOL_SIZE_BITS) != Sizes)
        KeBugCheckEx(BAD_POOL_HEADER, 0x07, Sizes, Ulong1, (ULONG_PTR)Header);
    if (Type == 0)
        KeBugCheckEx(BAD_POOL_CALLER, 0x07, 0, Ulong1, (ULONG_PTR)P);
    if (((Type - 1) & ~POOL_QUOTA_MASK) != Base)
        KeBugCheckEx(BAD_POOL_HEADER, 0x07,
                     Sizes | ((Base + 1) << MI_POOL_TYPE_SHIFT), Ulong1,
                     (ULONG_PTR)Header);
}

/* A quota block's charge back to its process (checked). Out of line, so
 * the usual free keeps fewer registers busy. */
static DECLSPEC_NOINLINE VOID return_quota(PVOID P, MI_SLAB_CACHE *Cache)
{
    PPOOL_HEADER Header = (PPOOL_HEADER)P - 1;
    PEPROCESS Process = quota_process(
        P, Header->PoolTag,
        *(PEPROCESS *)((PUCHAR)Header + Cache->Stride - sizeof(PVOID)));

    PsReturnPoolQuota(Process, (POOL_TYPE)Cache->Pool->BaseType, Cache->Stride);
}

/* Checks everything about a small block before it is freed: stops the
 * machine on a bad address, IRQL, header, tag or neighbour. MaybeBig is
 * FALSE where the caller found P not page-aligned (the front's test). */
FORCEINLINE VOID free_block(PVOID P, ULONG Tag, BOOLEAN CheckTag,
                            MI_SLAB_CACHE *Expected, BOOLEAN MaybeBig)
{
    PPOOL_HEADER Header = (PPOOL_HEADER)P - 1, Next;
    ULONG_PTR *Word;
    MI_SLAB *Slab;
    MI_SLAB_CACHE *Cache;
    MI_POOL *Pool;
    MI_POOL_TRACKER_ENTRY *Entry;
    ULONG_PTR Offset;
    ULONG Index, Ulong1;
    KIRQL OldIrql;

    if (MaybeBig && ((ULONG_PTR)P & (PAGE_SIZE - 1)) == 0) {
        free_big(P, Tag, CheckTag);
        return;
    }
    Word = MiPoolPageWord(Header);
    if (Word == NULL)
        MiPoolBadAddress(P);
    if (!MI_POOL_WORD_IS_SLAB(*Word))
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    Slab = (MI_SLAB *)*Word;
    Cache = Slab->Cache;
    Pool = Cache->Pool;
    if (MiPoolCurrentIrql() > Pool->MaximumIrql)
        bad_irql(0x09, (POOL_TYPE)Pool->BaseType, (ULONG_PTR)P);
    Offset = (PUCHAR)Header - Slab->FirstBlock;
    Index = (ULONG)(Offset / Cache->Stride);
    if (Offset % Cache->Stride != 0 || Index >= Cache->Capacity)
        KeBugCheckEx(BAD_POOL_CALLER, 0x46, (ULONG_PTR)P, 0, 0);
    Ulong1 = Header->Ulong1;
    /* One comparison for the usual block: in use, no quota, sizes right.
     * The rest is told apart in check_header. */
    if (Ulong1 != (Index != 0 ? Cache->InUseWord : Cache->FirstInUseWord))
        check_header(Header, Cache, Index, P);
    if (CheckTag && Header->PoolTag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0x0A, (ULONG_PTR)P, Header->PoolTag, Tag);
    Next = (PPOOL_HEADER)((PUCHAR)Header + Cache->Stride);
    if (Index + 1 < Cache->Capacity &&
        (Next->Ulong1 & MI_POOL_SIZE_BITS) != Cache->SizeWord)
        KeBugCheckEx(BAD_POOL_HEADER, 0x05, (ULONG_PTR)Header, Next->Ulong1,
                     (ULONG_PTR)Next);
    if (Expected != NULL && Cache != Expected)
        KeBugCheckEx(BAD_POOL_CALLER, MI_POOL_CALLER_WRONG_CACHE, (ULONG_PTR)P,
                     (ULONG_PTR)Cache, (ULONG_PTR)Expected);
    if (Ulong1 & (POOL_QUOTA_MASK << MI_POOL_TYPE_SHIFT))
        return_quota(P, Cache);
    OldIrql = lock_pool(Pool);
    Header->Ulong1 = Ulong1 & MI_POOL_SIZE_BITS;
    Entry = entry_of(Cache, Header->PoolTag);
    Entry->Frees++;
    Entry->Bytes -= Cache->Stride;
    MiSlabPush(Slab, Header);
    unlock_pool(Pool, OldIrql);
}

/* The front's list of a block the fast path could not push, after the
 * IRQL and tag checks it makes; NULL for a block the front never holds. */
static MI_POOL_FRONT_LIST *front_list_checked(PVOID P, ULONG Tag,
                                              BOOLEAN CheckTag)
{
    PPOOL_HEADER Header = (PPOOL_HEADER)P - 1;
    MI_POOL_FRONT_LIST *List;

    if (!MiPoolFrontTakes(P))
        return NULL;
    List = MiPoolFrontListOfBlock(P);
    if (MiPoolCurrentIrql() > List->MaximumIrql)
        bad_irql(0x09, (POOL_TYPE)((Header->Ulong1 >> MI_POOL_TYPE_SHIFT) - 1),
                 (ULONG_PTR)P);
    if (CheckTag && Header->PoolTag != Tag)
        KeBugCheckEx(BAD_POOL_CALLER, 0x0A, (ULONG_PTR)P, Header->PoolTag, Tag);
    return List;
}

/* The front's drain or memo, or the whole checked free. */
static VOID free_slow(PVOID P, ULONG Tag, BOOLEAN CheckTag)
{
    MI_POOL_FRONT_LIST *List = front_list_checked(P, Tag, CheckTag);

    if (List != NULL &&
        MiPoolFrontFreeSlow(
            &MiPools[(((PPOOL_HEADER)P - 1)->Ulong1 >> MI_POOL_TYPE_SHIFT) - 1],
            List, (PPOOL_HEADER)P - 1))
        return;
    free_block(P, Tag, CheckTag, NULL, TRUE);
}

/* The slow halves of kernel/pool_inline.h's frees (the kernel's
 * ExFreePoolWithTag jumps to the first two). */
VOID NTAPI ExpFreePoolWithTagSlow(PVOID P, ULONG Tag)
{
    free_slow(P, Tag, TRUE);
}

VOID NTAPI ExpFreePoolWithTagChecked(PVOID P, ULONG Tag)
{
    free_block(P, Tag, TRUE, NULL, TRUE);
}

VOID NTAPI ExpFreePoolWithTagSmall(PVOID P, ULONG Tag)
{
    free_block(P, Tag, TRUE, NULL, FALSE);
}

VOID NTAPI ExpFreePoolSlow(PVOID P)
{
    free_slow(P, 0, FALSE);
}

VOID NTAPI ExpFreePoolChecked(PVOID P)
{
    free_block(P, 0, FALSE, NULL, TRUE);
}

VOID NTAPI ExpFreePoolSmall(PVOID P)
{
    free_block(P, 0, FALSE, NULL, FALSE);
}

#if !defined(__i386__)
/* The kernel's is mm/pool_hot_path.asm, the same push. */
VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    ExpFreePoolWithTagInline(P, Tag);
}
#endif

VOID NTAPI ExFreePool(PVOID P)
{
    ExpFreePoolInline(P);
}

SIZE_T NTAPI ExQueryPoolBlockSize(PVOID PoolBlock, PBOOLEAN QuotaCharged)
{
    MI_POOL_BLOCK_INFO Info;

    if (!MiQueryPoolBlock(PoolBlock, &Info) || Info.Block != PoolBlock ||
        !Info.InUse)
        MiPoolBadAddress(PoolBlock);
    if (QuotaCharged != NULL)
        *QuotaCharged = Info.QuotaCharged;
    return Info.Size;
}

/* Object caches: a cache of one size in the pool's books. */
MI_SLAB_CACHE *MiCreateObjectCache(PCSTR Name, POOL_TYPE PoolType, SIZE_T Size,
                                   ULONG Tag)
{
    ULONG Alignment = (PoolType & 4) ? MiPoolCacheLine : 8;
    MI_POOL *Pool = &MiPools[PoolType & BASE_POOL_TYPE_MASK];
    MI_SLAB_CACHE *Cache;
    SIZE_T Stride;
    KIRQL OldIrql;

    if (Size > POOL_SMALL_BLOCK_MAXIMUM || Tag == 0 || (PoolType & ~5UL) != 0)
        return NULL;
    Stride = (Size + sizeof(POOL_HEADER) + Alignment - 1) & ~(Alignment - 1);
    if (Stride < 16)
        Stride = 16;
    if (Stride > (MI_POOL_MAXIMUM_UNITS << POOL_BLOCK_SHIFT))
        return NULL;
    Cache = ExAllocatePoolWithTag(NonPagedPool, sizeof(*Cache), 'hcaC');
    if (Cache == NULL)
        return NULL;
    MiInitializeSlabCache(Cache, Pool, Name, (ULONG)Stride, Alignment,
                          MI_POOL_INDEX_OTHER);
    Cache->ObjectCache = TRUE;
    Cache->Tag = Tag;
    OldIrql = lock_pool(Pool);
    InsertTailList(&Pool->Caches, &Cache->CacheLinks);
    unlock_pool(Pool, OldIrql);
    return Cache;
}

VOID MiDeleteObjectCache(MI_SLAB_CACHE *Cache)
{
    MI_POOL *Pool = Cache->Pool;
    KIRQL OldIrql = lock_pool(Pool);

    if (Cache->InUse != 0)
        KeBugCheckEx(BAD_POOL_CALLER, MI_POOL_CALLER_CACHE_IN_USE,
                     (ULONG_PTR)Cache, Cache->InUse, 0);
    MiSlabReleaseEmptyLocked(Cache);
    RemoveEntryList(&Cache->CacheLinks);
    unlock_pool(Pool, OldIrql);
    ExFreePoolWithTag(Cache, 'hcaC');
}

PVOID MiAllocateFromCache(MI_SLAB_CACHE *Cache)
{
    MI_POOL *Pool = Cache->Pool;
    PVOID Block;

    if (MiPoolCurrentIrql() > Pool->MaximumIrql)
        bad_irql(0x08, (POOL_TYPE)Pool->BaseType, Cache->Stride);
    Block = allocate_block(Pool, Cache, Pool->BaseType + 1, Cache->Tag);
    if (Block == NULL)
        count_failure(Pool, Cache->Tag);
    return Block;
}

VOID MiFreeToCache(MI_SLAB_CACHE *Cache, PVOID Block)
{
    free_block(Block, Cache->Tag, TRUE, Cache, TRUE);
}
