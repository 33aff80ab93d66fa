/*
 * The virtual-memory API against NT's documented rules: reservations in
 * 64 KiB units, commits in pages, zero-filled commits, decommit keeping
 * the reservation, release needing the base and size zero, protections
 * and PAGE_GUARD, and MEMORY_BASIC_INFORMATION as NT fills it.
 */
#include "usertests.h"

#define PAGE 0x1000
#define GRANULARITY 0x10000

/* What reading or writing Address raises (0: nothing). */
static NTSTATUS touch(volatile UCHAR *Address, BOOLEAN Write)
{
    NTSTATUS Code = 0;

    __try {
        if (Write)
            *Address = 1;
        else
            (void)*Address;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    return Code;
}

void reservation_rounds_to_granularity(void)
{
    MEMORY_BASIC_INFORMATION Info;
    PVOID Base = (PVOID)0x10123456;
    SIZE_T Size = 1;
    PUCHAR Region;

    /* A base rounds down to 64 KiB, the size up to whole pages. */
    CHECK_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                     MEM_RESERVE, PAGE_READWRITE),
             STATUS_SUCCESS);
    CHECK_EQ((ULONG_PTR)Base, 0x10120000);
    CHECK_EQ(Size, 0x4000); /* 0x10123456 + 1 reaches the 4th page */
    CHECK_EQ(VirtualQuery(Base, &Info, sizeof(Info)), sizeof(Info));
    CHECK(Info.BaseAddress == Base && Info.AllocationBase == Base);
    CHECK_EQ(Info.RegionSize, 0x4000);
    CHECK_EQ(Info.State, MEM_RESERVE);
    CHECK_EQ(Info.Protect, 0);
    CHECK_EQ(Info.AllocationProtect, PAGE_READWRITE);
    CHECK_EQ(Info.Type, MEM_PRIVATE);
    Size = 0;
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE),
             STATUS_SUCCESS);

    Region = VirtualAlloc(NULL, 1, MEM_RESERVE, PAGE_READWRITE);
    CHECK(Region != NULL);
    CHECK_EQ((ULONG_PTR)Region % GRANULARITY, 0);
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
}

void commit_is_zeroed_and_reserve_is_not_accessible(void)
{
    PUCHAR Region = VirtualAlloc(NULL, 4 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION Info;
    ULONG Index;

    CHECK(Region != NULL);
    CHECK_EQ(touch(Region + PAGE, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK(VirtualAlloc(Region + PAGE + 10, 1, MEM_COMMIT, PAGE_READWRITE) ==
          Region + PAGE);
    for (Index = 0; Index < PAGE; Index++)
        CHECK_EQ(Region[PAGE + Index], 0);
    CHECK_EQ(touch(Region + PAGE, TRUE), 0);
    CHECK_EQ(touch(Region, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(touch(Region + 2 * PAGE, FALSE), STATUS_ACCESS_VIOLATION);
    /* Three regions now: reserved, committed, reserved. */
    CHECK_EQ(VirtualQuery(Region + PAGE, &Info, sizeof(Info)), sizeof(Info));
    CHECK(Info.BaseAddress == Region + PAGE && Info.AllocationBase == Region);
    CHECK_EQ(Info.RegionSize, PAGE);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Info.Protect, PAGE_READWRITE);
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
}

void decommit_keeps_the_reservation(void)
{
    PUCHAR Region =
        VirtualAlloc(NULL, 2 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION Info;

    CHECK(Region != NULL);
    Region[0] = 7;
    CHECK(VirtualFree(Region, PAGE, MEM_DECOMMIT));
    CHECK_EQ(touch(Region, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(VirtualQuery(Region, &Info, sizeof(Info)), sizeof(Info));
    CHECK_EQ(Info.State, MEM_RESERVE);
    CHECK(Info.AllocationBase == Region);
    /* Committed again, it is zero again. */
    CHECK(VirtualAlloc(Region, PAGE, MEM_COMMIT, PAGE_READWRITE) == Region);
    CHECK_EQ(Region[0], 0);
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
}

void release_needs_the_base_and_size_zero(void)
{
    PUCHAR Region = VirtualAlloc(NULL, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION Info;
    PVOID Base = Region + PAGE;
    SIZE_T Size = 0;

    CHECK(Region != NULL);
    CHECK_EQ(NtFreeVirtualMemory(NtCurrentProcess(), &Base, &Size, MEM_RELEASE),
             STATUS_FREE_VM_NOT_AT_BASE);
    CHECK(!VirtualFree(Region, PAGE, MEM_RELEASE));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ(touch(Region + PAGE, TRUE), 0); /* nothing was freed */
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
    CHECK_EQ(VirtualQuery(Region, &Info, sizeof(Info)), sizeof(Info));
    CHECK_EQ(Info.State, MEM_FREE);
    CHECK(!VirtualFree(Region, 0, MEM_RELEASE)); /* twice */
    CHECK_EQ(GetLastError(), ERROR_INVALID_ADDRESS);
}

void protection_changes_take_effect(void)
{
    PUCHAR Page = VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION Info;
    DWORD Old = 0;

    CHECK(Page != NULL);
    Page[0] = 1;
    CHECK(VirtualProtect(Page, PAGE, PAGE_READONLY, &Old));
    CHECK_EQ(Old, PAGE_READWRITE);
    CHECK_EQ(touch(Page, FALSE), 0);
    CHECK_EQ(touch(Page, TRUE), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(Page[0], 1);
    CHECK(VirtualProtect(Page, PAGE, PAGE_NOACCESS, &Old));
    CHECK_EQ(Old, PAGE_READONLY);
    CHECK_EQ(touch(Page, FALSE), STATUS_ACCESS_VIOLATION);
    CHECK_EQ(VirtualQuery(Page, &Info, sizeof(Info)), sizeof(Info));
    CHECK_EQ(Info.Protect, PAGE_NOACCESS);
    CHECK_EQ(Info.AllocationProtect, PAGE_READWRITE);
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

void guard_page_fires_once(void)
{
    PUCHAR Page =
        VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    MEMORY_BASIC_INFORMATION Info;

    CHECK(Page != NULL);
    CHECK_EQ(touch(Page, FALSE), STATUS_GUARD_PAGE_VIOLATION);
    CHECK_EQ(touch(Page, FALSE), 0);
    CHECK_EQ(VirtualQuery(Page, &Info, sizeof(Info)), sizeof(Info));
    CHECK_EQ(Info.Protect, PAGE_READWRITE);
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

void invalid_protection_is_refused(void)
{
    PUCHAR Page;
    DWORD Old;

    SetLastError(0);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT, 0x1234) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(VirtualAlloc(NULL, PAGE, MEM_COMMIT,
                       PAGE_READONLY | PAGE_READWRITE) == NULL);
    CHECK(VirtualAlloc(NULL, PAGE, 0, PAGE_READWRITE) == NULL);
    Page = VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE);
    CHECK(Page != NULL);
    CHECK(!VirtualProtect(Page, PAGE, PAGE_NOACCESS | PAGE_GUARD, &Old));
    CHECK(VirtualFree(Page, 0, MEM_RELEASE));
}

void top_down_allocates_higher(void)
{
    PUCHAR Low = VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE);
    PUCHAR High =
        VirtualAlloc(NULL, PAGE, MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);

    CHECK(Low != NULL && High != NULL);
    CHECK(High > Low);
    CHECK(VirtualFree(Low, 0, MEM_RELEASE));
    CHECK(VirtualFree(High, 0, MEM_RELEASE));
}

void query_describes_free_and_kernel_addresses(void)
{
    PUCHAR Region = VirtualAlloc(NULL, PAGE, MEM_RESERVE, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION Info;

    CHECK(Region != NULL);
    CHECK(VirtualFree(Region, 0, MEM_RELEASE));
    CHECK_EQ(VirtualQuery(Region, &Info, sizeof(Info)), sizeof(Info));
    CHECK_EQ(Info.State, MEM_FREE);
    CHECK_EQ(Info.Protect, PAGE_NOACCESS);
    CHECK(Info.AllocationBase == NULL);
    SetLastError(0);
    CHECK_EQ(VirtualQuery(KERNEL_ADDRESS, &Info, sizeof(Info)), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ(VirtualQuery(Region, &Info, sizeof(Info) - 1), 0);
    CHECK_EQ(GetLastError(), ERROR_BAD_LENGTH);
}

/* The top 64 KiB of the user half as NT reports it: KUSER_SHARED_DATA's
 * page committed read-only, the rest reserved; the user half below it is
 * regions that follow each other up to exactly 0x7FFE0000, the last free
 * run ending at a reservation or there. */
void query_describes_the_shared_user_data_area(void)
{
    MEMORY_BASIC_INFORMATION Info;
    PUCHAR Address = NULL, LastFree = NULL;
    SIZE_T LastFreeSize = 0;
    ULONG Regions = 0;

    CHECK_EQ(VirtualQuery((PVOID)0x7FFE0000, &Info, sizeof(Info)),
             sizeof(Info));
    CHECK_EQ((ULONG_PTR)Info.BaseAddress, 0x7FFE0000);
    CHECK_EQ((ULONG_PTR)Info.AllocationBase, 0x7FFE0000);
    CHECK_EQ(Info.AllocationProtect, PAGE_READONLY);
    CHECK_EQ(Info.RegionSize, PAGE);
    CHECK_EQ(Info.State, MEM_COMMIT);
    CHECK_EQ(Info.Protect, PAGE_READONLY);
    CHECK_EQ(Info.Type, MEM_PRIVATE);
    CHECK_EQ(VirtualQuery((PVOID)0x7FFE1000, &Info, sizeof(Info)),
             sizeof(Info));
    CHECK_EQ((ULONG_PTR)Info.BaseAddress, 0x7FFE1000);
    CHECK_EQ((ULONG_PTR)Info.AllocationBase, 0x7FFE0000);
    CHECK_EQ(Info.AllocationProtect, PAGE_READONLY);
    CHECK_EQ(Info.RegionSize, 0xF000);
    CHECK_EQ(Info.State, MEM_RESERVE);
    CHECK_EQ(Info.Protect, PAGE_NOACCESS);
    CHECK_EQ(Info.Type, MEM_PRIVATE);
    while ((ULONG_PTR)Address < 0x7FFE0000 && Regions++ < 4096) {
        CHECK_EQ(VirtualQuery(Address, &Info, sizeof(Info)), sizeof(Info));
        CHECK(Info.BaseAddress == Address && Info.RegionSize != 0);
        if (Info.State == MEM_FREE) {
            LastFree = Address;
            LastFreeSize = Info.RegionSize;
        }
        Address += Info.RegionSize;
    }
    CHECK_EQ((ULONG_PTR)Address, 0x7FFE0000);
    CHECK(LastFree != NULL);
    if ((ULONG_PTR)(LastFree + LastFreeSize) < 0x7FFE0000) {
        CHECK_EQ(VirtualQuery(LastFree + LastFreeSize, &Info, sizeof(Info)),
                 sizeof(Info));
        CHECK(Info.State != MEM_FREE);
        CHECK(Info.AllocationBase == LastFree + LastFreeSize);
    }
}
