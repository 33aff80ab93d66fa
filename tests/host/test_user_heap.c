/*
 * ntdll's RtlHeap (user/ntdll/heap*.c) on the host, over a model of NT's
 * virtual-memory services built on mmap: reservations, commits inside
 * them and releases are counted, so a test sees what the heap takes from
 * the address space and what it gives back.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "host_test.h"
#include "ntdll.h"

/* The fake address space: each reservation and its committed pages. */
#define MAX_REGIONS 256
#define PAGE 4096UL

typedef struct _REGION {
    PUCHAR Base;
    SIZE_T Size;
    SIZE_T Committed; /* pages */
    unsigned char *PageCommitted;
} REGION;

static REGION regions[MAX_REGIONS];
static SIZE_T reserved_bytes, committed_bytes;
static ULONG allocate_calls, fail_after = 0xFFFFFFFF;
static TEB fake_teb;
static PEB fake_peb;

PTEB NtCurrentTeb(void)
{
    return &fake_teb;
}

DECLSPEC_NORETURN VOID RtlFailFast(ULONG Code)
{
    printf("RtlFailFast(%lu)\n", (unsigned long)Code);
    abort();
}

DECLSPEC_NORETURN VOID NTAPI RtlRaiseStatus(NTSTATUS Status)
{
    printf("RtlRaiseStatus(%#lx)\n", (unsigned long)Status);
    abort();
}

NTSTATUS NTAPI NtYieldExecution(VOID)
{
    return STATUS_SUCCESS;
}

static REGION *region_of(PVOID Address)
{
    ULONG Index;

    for (Index = 0; Index < MAX_REGIONS; Index++)
        if (regions[Index].Base != NULL &&
            (PUCHAR)Address >= regions[Index].Base &&
            (PUCHAR)Address < regions[Index].Base + regions[Index].Size)
            return &regions[Index];
    return NULL;
}

static void commit_pages(REGION *Region, PUCHAR Base, SIZE_T Size)
{
    SIZE_T First = (SIZE_T)(Base - Region->Base) / PAGE, Page;

    mprotect(Base, Size, PROT_READ | PROT_WRITE);
    for (Page = First; Page < First + Size / PAGE; Page++)
        if (!Region->PageCommitted[Page]) {
            Region->PageCommitted[Page] = 1;
            Region->Committed++;
            committed_bytes += PAGE;
        }
}

NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE Process, PVOID *BaseAddress,
                                       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
                                       ULONG Type, ULONG Protect)
{
    SIZE_T Size = (*RegionSize + PAGE - 1) & ~(PAGE - 1);
    REGION *Region;
    ULONG Index;

    (void)ZeroBits;
    if (Process != NtCurrentProcess() || Protect != PAGE_READWRITE || Size == 0)
        return STATUS_INVALID_PARAMETER;
    if (++allocate_calls > fail_after)
        return STATUS_NO_MEMORY;
    if (Type & MEM_RESERVE) {
        if (*BaseAddress != NULL)
            return STATUS_CONFLICTING_ADDRESSES;
        for (Index = 0; Index < MAX_REGIONS; Index++)
            if (regions[Index].Base == NULL)
                break;
        if (Index == MAX_REGIONS)
            return STATUS_NO_MEMORY;
        Region = &regions[Index];
        Region->Base =
            mmap(NULL, Size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (Region->Base == MAP_FAILED) {
            Region->Base = NULL;
            return STATUS_NO_MEMORY;
        }
        Region->Size = Size;
        Region->Committed = 0;
        Region->PageCommitted = calloc(Size / PAGE, 1);
        reserved_bytes += Size;
        if (Type & MEM_COMMIT)
            commit_pages(Region, Region->Base, Size);
        *BaseAddress = Region->Base;
        *RegionSize = Size;
        return STATUS_SUCCESS;
    }
    if (Type != MEM_COMMIT)
        return STATUS_INVALID_PARAMETER;
    Region = region_of(*BaseAddress);
    if (Region == NULL || ((ULONG_PTR)*BaseAddress & (PAGE - 1)) ||
        (PUCHAR)*BaseAddress + Size > Region->Base + Region->Size)
        return STATUS_CONFLICTING_ADDRESSES;
    commit_pages(Region, *BaseAddress, Size);
    *RegionSize = Size;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE Process, PVOID *BaseAddress,
                                   PSIZE_T RegionSize, ULONG Type)
{
    REGION *Region = region_of(*BaseAddress);
    SIZE_T First, Page;

    if (Process != NtCurrentProcess() || Region == NULL)
        return STATUS_MEMORY_NOT_ALLOCATED;
    if (Type == MEM_RELEASE) {
        if (*RegionSize != 0 || *BaseAddress != Region->Base)
            return STATUS_FREE_VM_NOT_AT_BASE;
        munmap(Region->Base, Region->Size);
        reserved_bytes -= Region->Size;
        committed_bytes -= Region->Committed * PAGE;
        free(Region->PageCommitted);
        memset(Region, 0, sizeof(*Region));
        return STATUS_SUCCESS;
    }
    if (Type != MEM_DECOMMIT || ((ULONG_PTR)*BaseAddress & (PAGE - 1)) ||
        (PUCHAR)*BaseAddress + *RegionSize > Region->Base + Region->Size)
        return STATUS_INVALID_PARAMETER;
    First = (SIZE_T)((PUCHAR)*BaseAddress - Region->Base) / PAGE;
    for (Page = First; Page < First + *RegionSize / PAGE; Page++)
        if (Region->PageCommitted[Page]) {
            Region->PageCommitted[Page] = 0;
            Region->Committed--;
            committed_bytes -= PAGE;
        }
    mprotect(*BaseAddress, *RegionSize, PROT_NONE);
    madvise(*BaseAddress, *RegionSize, MADV_DONTNEED);
    return STATUS_SUCCESS;
}

static ULONG region_count(void)
{
    ULONG Index, Count = 0;

    for (Index = 0; Index < MAX_REGIONS; Index++)
        Count += regions[Index].Base != NULL;
    return Count;
}

static void setup(void)
{
    fake_teb.ProcessEnvironmentBlock = &fake_peb;
    fake_peb.ProcessHeap = NULL;
    fail_after = 0xFFFFFFFF;
}

static void heap_gives_back_everything_it_reserved(void)
{
    PVOID Heap, Blocks[100];
    ULONG Index;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    CHECK_EQ(region_count(), 1);
    for (Index = 0; Index < 100; Index++) {
        Blocks[Index] = RtlAllocateHeap(Heap, 0, 1 + Index * 37);
        CHECK(Blocks[Index] != NULL);
    }
    for (Index = 0; Index < 100; Index += 2)
        CHECK(RtlFreeHeap(Heap, 0, Blocks[Index]));
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(region_count(), 0);
    CHECK_EQ(reserved_bytes, 0);
    CHECK_EQ(committed_bytes, 0);
}

static void blocks_are_aligned_sized_and_disjoint(void)
{
    PUCHAR Blocks[200];
    SIZE_T Sizes[200];
    PVOID Heap;
    ULONG Index, Byte;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    for (Index = 0; Index < 200; Index++) {
        Sizes[Index] = (Index * 7919) % 3000;
        Blocks[Index] = RtlAllocateHeap(Heap, 0, Sizes[Index]);
        CHECK(Blocks[Index] != NULL);
        CHECK_EQ((ULONG_PTR)Blocks[Index] & 7, 0);
        CHECK_EQ(RtlSizeHeap(Heap, 0, Blocks[Index]), Sizes[Index]);
        memset(Blocks[Index], (int)Index, Sizes[Index]);
    }
    for (Index = 0; Index < 200; Index++)
        for (Byte = 0; Byte < Sizes[Index]; Byte++)
            CHECK_MSG(Blocks[Index][Byte] == (UCHAR)Index,
                      "block %lu overwritten", (unsigned long)Index);
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

static void zero_memory_flag_clears_a_reused_block(void)
{
    PUCHAR Block, Again;
    PVOID Heap;
    ULONG Byte;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    Block = RtlAllocateHeap(Heap, 0, 200);
    CHECK(Block != NULL);
    memset(Block, 0xAA, 200);
    CHECK(RtlFreeHeap(Heap, 0, Block));
    Again = RtlAllocateHeap(Heap, HEAP_ZERO_MEMORY, 200);
    CHECK(Again == Block); /* the same block, from its free list */
    for (Byte = 0; Byte < 200; Byte++)
        CHECK_EQ(Again[Byte], 0);
    CHECK(RtlDestroyHeap(Heap) == NULL);
}

/* Three neighbours freed in any order become one block again: a request
 * for all their bytes is met at the first one's address. */
static void freed_neighbours_coalesce(void)
{
    PVOID Heap, A, B, C, Guard, Whole;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE | HEAP_NO_SERIALIZE, NULL, 0, 0, NULL,
                         NULL);
    CHECK(Heap != NULL);
    A = RtlAllocateHeap(Heap, 0, 96);
    B = RtlAllocateHeap(Heap, 0, 96);
    C = RtlAllocateHeap(Heap, 0, 96);
    Guard = RtlAllocateHeap(Heap, 0, 96);
    CHECK(A != NULL && B != NULL && C != NULL && Guard != NULL);
    CHECK((PUCHAR)B > (PUCHAR)A && (PUCHAR)C > (PUCHAR)B);
    CHECK(RtlFreeHeap(Heap, 0, A));
    CHECK(RtlFreeHeap(Heap, 0, C));
    CHECK(RtlFreeHeap(Heap, 0, B));
    Whole = RtlAllocateHeap(Heap, 0, (SIZE_T)((PUCHAR)C - (PUCHAR)A) + 96);
    CHECK(Whole == A);
    CHECK(RtlDestroyHeap(Heap) == NULL);
}

static void bad_pointers_are_refused(void)
{
    PUCHAR Block, Other;
    PVOID Heap;
    int Local;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    Block = RtlAllocateHeap(Heap, 0, 64);
    Other = RtlAllocateHeap(Heap, 0, 64);
    CHECK(Block != NULL && Other != NULL);
    CHECK(RtlFreeHeap(Heap, 0, Block));
    CHECK(!RtlFreeHeap(Heap, 0, Block)); /* twice */
    CHECK_EQ(RtlSizeHeap(Heap, 0, Block), (SIZE_T)-1);
    CHECK(RtlReAllocateHeap(Heap, 0, Block, 10) == NULL);
    CHECK(!RtlFreeHeap(Heap, 0, Other + 8));      /* inside a block */
    CHECK(!RtlFreeHeap(Heap, 0, Other + 1));      /* misaligned */
    CHECK(!RtlFreeHeap(Heap, 0, &Local));         /* not the heap's */
    CHECK(RtlFreeHeap(Heap, 0, NULL));            /* NULL: nothing to do */
    CHECK(RtlAllocateHeap(&Local, 0, 8) == NULL); /* not a heap */
    CHECK_EQ(RtlSizeHeap(Heap, 0, Other), 64);    /* Other survived */
    CHECK(RtlDestroyHeap(&Local) == (PVOID)&Local);
    /* The process heap lasts as long as the process. */
    fake_peb.ProcessHeap = Heap;
    CHECK(RtlDestroyHeap(Heap) == Heap);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Other), 64);
    fake_peb.ProcessHeap = NULL;
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

static void reallocation_keeps_contents(void)
{
    PUCHAR Block, Grown, Next, Moved;
    PVOID Heap;
    ULONG Byte;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    Block = RtlAllocateHeap(Heap, 0, 100);
    CHECK(Block != NULL);
    memset(Block, 0x5A, 100);
    /* The free space above it lets it grow where it is. */
    Grown = RtlReAllocateHeap(Heap, HEAP_ZERO_MEMORY, Block, 400);
    CHECK(Grown == Block);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Grown), 400);
    for (Byte = 0; Byte < 100; Byte++)
        CHECK_EQ(Grown[Byte], 0x5A);
    for (; Byte < 400; Byte++)
        CHECK_EQ(Grown[Byte], 0);
    /* A busy neighbour: in place only fails, a move keeps the bytes. */
    Next = RtlAllocateHeap(Heap, 0, 16);
    CHECK(Next != NULL);
    CHECK(RtlReAllocateHeap(Heap, HEAP_REALLOC_IN_PLACE_ONLY, Grown, 4000) ==
          NULL);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Grown), 400);
    Moved = RtlReAllocateHeap(Heap, 0, Grown, 4000);
    CHECK(Moved != NULL && Moved != Grown);
    for (Byte = 0; Byte < 100; Byte++)
        CHECK_EQ(Moved[Byte], 0x5A);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Grown), (SIZE_T)-1); /* the old is free */
    /* Shrinking stays in place. */
    CHECK(RtlReAllocateHeap(Heap, 0, Moved, 10) == Moved);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Moved), 10);
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

static void big_blocks_get_their_own_reservation(void)
{
    PVOID Heap, Big;
    ULONG Before;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    Before = region_count();
    Big = RtlAllocateHeap(Heap, HEAP_ZERO_MEMORY, 0x200000);
    CHECK(Big != NULL);
    CHECK_EQ(region_count(), Before + 1);
    CHECK_EQ(RtlSizeHeap(Heap, 0, Big), 0x200000);
    memset(Big, 1, 0x200000);
    CHECK(RtlFreeHeap(Heap, 0, Big));
    CHECK_EQ(region_count(), Before);
    /* Still listed at destruction: released with the heap. */
    CHECK(RtlAllocateHeap(Heap, 0, 0x100000) != NULL);
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(region_count(), 0);
}

/* A growable heap takes new segments when its reservation is full and
 * gives them back, and decommits a free tail, when emptied. */
static void segments_come_and_go(void)
{
    PVOID Heap, Blocks[64];
    SIZE_T Committed;
    ULONG Index;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0x10000, 0, NULL, NULL);
    CHECK(Heap != NULL);
    Committed = committed_bytes;
    for (Index = 0; Index < 64; Index++) {
        Blocks[Index] = RtlAllocateHeap(Heap, 0, 0x8000);
        CHECK(Blocks[Index] != NULL);
    }
    CHECK(region_count() > 1);
    for (Index = 0; Index < 64; Index++)
        CHECK(RtlFreeHeap(Heap, 0, Blocks[Index]));
    CHECK_EQ(region_count(), 1);
    CHECK(committed_bytes <= Committed + 0x10000);
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

static void fixed_heap_stays_inside_its_reservation(void)
{
    PVOID Heap;
    ULONG Count = 0;

    setup();
    Heap = RtlCreateHeap(0, NULL, 0x10000, 0, NULL, NULL);
    CHECK(Heap != NULL);
    while (RtlAllocateHeap(Heap, 0, 1000) != NULL)
        CHECK(++Count < 100);
    CHECK(Count > 40);
    CHECK_EQ(region_count(), 1);
    CHECK_EQ(reserved_bytes, 0x10000);
    CHECK(RtlAllocateHeap(Heap, 0, 0x100000) == NULL);
    CHECK(RtlDestroyHeap(Heap) == NULL);
}

static void failed_commit_leaves_the_heap_usable(void)
{
    PVOID Heap, Block;

    setup();
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    fail_after = allocate_calls; /* the next NtAllocateVirtualMemory fails */
    CHECK(RtlAllocateHeap(Heap, 0, 0x20000) == NULL);
    fail_after = 0xFFFFFFFF;
    Block = RtlAllocateHeap(Heap, 0, 0x20000);
    CHECK(Block != NULL);
    CHECK(RtlFreeHeap(Heap, 0, Block));
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

/* Random allocations, frees and reallocations; each live block keeps its
 * own byte pattern and size throughout. */
static void random_operations_keep_every_block(void)
{
    enum { SLOTS = 300, ROUNDS = 20000 };
    static PUCHAR Blocks[SLOTS];
    static SIZE_T Sizes[SLOTS];
    unsigned Seed = host_test_seed();
    PVOID Heap;
    ULONG Round, Slot;

    setup();
    srand(Seed);
    memset(Blocks, 0, sizeof(Blocks));
    Heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    CHECK(Heap != NULL);
    for (Round = 0; Round < ROUNDS; Round++) {
        SIZE_T Size = (rand() % 8 == 0) ? (SIZE_T)(rand() % 200000)
                                        : (SIZE_T)(rand() % 600);

        Slot = (ULONG)rand() % SLOTS;
        if (Blocks[Slot] != NULL) {
            CHECK_EQ(RtlSizeHeap(Heap, 0, Blocks[Slot]), Sizes[Slot]);
            if (Sizes[Slot] != 0)
                CHECK_MSG(Blocks[Slot][0] == (UCHAR)Slot &&
                              Blocks[Slot][Sizes[Slot] - 1] == (UCHAR)Slot,
                          "slot %lu damaged (seed %u)", (unsigned long)Slot,
                          Seed);
            if (rand() % 2) {
                PUCHAR New = RtlReAllocateHeap(Heap, 0, Blocks[Slot], Size);

                CHECK(New != NULL);
                Blocks[Slot] = New;
            } else {
                CHECK(RtlFreeHeap(Heap, 0, Blocks[Slot]));
                Blocks[Slot] = NULL;
                continue;
            }
        } else {
            Blocks[Slot] = RtlAllocateHeap(Heap, 0, Size);
            CHECK(Blocks[Slot] != NULL);
        }
        Sizes[Slot] = Size;
        memset(Blocks[Slot], (int)Slot, Size);
    }
    CHECK(RtlDestroyHeap(Heap) == NULL);
    CHECK_EQ(reserved_bytes, 0);
}

int main(void)
{
    RUN(heap_gives_back_everything_it_reserved);
    RUN(blocks_are_aligned_sized_and_disjoint);
    RUN(zero_memory_flag_clears_a_reused_block);
    RUN(freed_neighbours_coalesce);
    RUN(bad_pointers_are_refused);
    RUN(reallocation_keeps_contents);
    RUN(big_blocks_get_their_own_reservation);
    RUN(segments_come_and_go);
    RUN(fixed_heap_stays_inside_its_reservation);
    RUN(failed_commit_leaves_the_heap_usable);
    RUN(random_operations_keep_every_block);
    HOST_TEST_EXIT();
}
