/*
 * The virtual-memory services' protections as the CPU enforces them,
 * caught with the kernel's try/except: PAGE_READONLY, PAGE_NOACCESS and
 * the execute variants, guard pages that fire once, the user stack's
 * growth through its guard, and user-mode pointers probed.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/seh.h"
#include "vm_api_test.h"

KTEST(vmapi_protections_are_enforced_by_faults)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PFN_NUMBER Frames = KtVmFreeFrames();
    ULONG Value = 0x1234, Old = 0;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x00600000, 0x4000, MEM_RESERVE | MEM_COMMIT,
                              PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmTouch(0x00600000, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmProtect(0x00600010, 0x10, PAGE_READONLY, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READWRITE);
    KT_ASSERT_EQ(KtVmOutBase, 0x00600000);
    KT_ASSERT_EQ(KtVmOutSize, 0x1000);
    KT_ASSERT_EQ(KtVmTouch(0x00600000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtVmCaught.ExceptionInformation[0], 1); /* a write */
    KT_ASSERT_EQ(KtVmCaught.ExceptionInformation[1], 0x00600000);
    Value = 0;
    KT_ASSERT_EQ(KtVmTouch(0x00600000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234);
    /* PAGE_NOACCESS hides a resident page; its contents stay. */
    KT_ASSERT_EQ(KtVmProtect(0x00600000, 0x1000, PAGE_NOACCESS, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READONLY);
    KT_ASSERT_EQ(KtVmTouch(0x00600000, FALSE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtVmQuery(0x00600000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_NOACCESS);
    KT_ASSERT_EQ(KtVmInfo.State, MEM_COMMIT);
    KT_ASSERT_EQ(KtVmProtect(0x00600000, 0x1000, PAGE_EXECUTE_READWRITE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_NOACCESS);
    Value = 0;
    KT_ASSERT_EQ(KtVmTouch(0x00600000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234);
    KT_ASSERT_EQ(KtVmTouch(0x00600000, TRUE, &Value), STATUS_SUCCESS);
    /* Execute implies read without PAE (docs/virtual-memory.md). */
    KT_ASSERT_EQ(KtVmProtect(0x00601000, 0x2000, PAGE_EXECUTE_READ, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmTouch(0x00601000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmTouch(0x00601000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(KtVmProtect(0x00602000, 0x1000, PAGE_EXECUTE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_EXECUTE_READ);
    KT_ASSERT_EQ(KtVmTouch(0x00602000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00601000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_EXECUTE_READ);
    KT_ASSERT_EQ(KtVmInfo.RegionSize, 0x1000);
    /* The old protection is the first page's. */
    KT_ASSERT_EQ(KtVmProtect(0x00601000, 0x3000, PAGE_READWRITE, &Old),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_EXECUTE_READ);

    /* Statuses: nothing changes on a refusal. */
    KT_ASSERT_EQ(KtVmProtect(0x00600000, 0x1000, 0x3, &Old),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(KtVmProtect(0x00600000, 0x1000, PAGE_WRITECOPY, &Old),
                 STATUS_INVALID_PAGE_PROTECTION);
    KT_ASSERT_EQ(KtVmProtect(0x00600000, 0, PAGE_READONLY, &Old),
                 STATUS_INVALID_PARAMETER_3);
    KT_ASSERT_EQ(KtVmProtect(0x80000000, 0x1000, PAGE_READONLY, &Old),
                 STATUS_INVALID_PARAMETER_2);
    KT_ASSERT_EQ(KtVmProtect(0x00700000, 0x1000, PAGE_READONLY, &Old),
                 STATUS_CONFLICTING_ADDRESSES);
    KT_ASSERT_EQ(KtVmAllocate(0x00610000, 0x10000, MEM_RESERVE, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x00610000, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmProtect(0x00610000, 0x2000, PAGE_READONLY, &Old),
                 STATUS_NOT_COMMITTED);
    KT_ASSERT_EQ(KtVmQuery(0x00610000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(KtVmProtect(0x00603000, 0x2000, PAGE_READONLY, &Old),
                 STATUS_CONFLICTING_ADDRESSES); /* past the reservation */
    /* A resident page left hidden goes back with the space too. */
    KT_ASSERT_EQ(KtVmTouch(0x00603000, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmProtect(0x00603000, 0x1000, PAGE_NOACCESS, &Old),
                 STATUS_SUCCESS);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
    KT_ASSERT_EQ(KtVmFreeFrames(), Frames);
}

KTEST(vmapi_guard_page_fires_once)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    ULONG Value = 7, Old;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(0x00800000, 0x2000, MEM_RESERVE | MEM_COMMIT,
                              PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(0x00800000), STATUS_SUCCESS);
    KT_ASSERT_INFO(0x00800000, 0x00800000, PAGE_READWRITE | PAGE_GUARD, 0x2000,
                   MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD, MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmTouch(0x00800010, FALSE, &Value),
                 STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(KtVmCaught.ExceptionInformation[1], 0x00800010);
    KT_ASSERT_EQ(KtVmQuery(0x00800000), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(KtVmInfo.RegionSize, 0x1000); /* the second page is guarded */
    KT_ASSERT_EQ(KtVmTouch(0x00800010, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0);
    /* A write to the other guard page: once. */
    Value = 9;
    KT_ASSERT_EQ(KtVmTouch(0x00801000, TRUE, &Value),
                 STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(KtVmTouch(0x00801000, TRUE, &Value), STATUS_SUCCESS);
    /* A guard on a resident page keeps its contents. */
    KT_ASSERT_EQ(
        KtVmProtect(0x00801000, 0x1000, PAGE_READONLY | PAGE_GUARD, &Old),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Old, PAGE_READWRITE);
    KT_ASSERT_EQ(KtVmTouch(0x00801000, FALSE, &Value),
                 STATUS_GUARD_PAGE_VIOLATION);
    Value = 0;
    KT_ASSERT_EQ(KtVmTouch(0x00801000, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 9);
    KT_ASSERT_EQ(KtVmTouch(0x00801000, TRUE, &Value), STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
}

KTEST(vmapi_user_stack_grows_through_its_guard_to_overflow)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    const ULONG Bottom = 0x00900000, Top = Bottom + 8 * PAGE_SIZE;
    PVOID Limit = (PVOID)(Top - PAGE_SIZE);
    ULONG Page, Value = 1, Grown = 0;
    NTSTATUS Status = STATUS_SUCCESS;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        KtVmAllocate(Bottom, 8 * PAGE_SIZE, MEM_RESERVE, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(
        KtVmAllocate(Top - PAGE_SIZE, PAGE_SIZE, MEM_COMMIT, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate(Top - 2 * PAGE_SIZE, PAGE_SIZE, MEM_COMMIT,
                              PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    /* A guard page that is not the stack's is the program's business. */
    KT_ASSERT_EQ(
        MiCheckForUserStackOverflow((PVOID)(Top + 0x10), (PVOID)Bottom, &Limit),
        STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ((ULONG)Limit, Top - PAGE_SIZE);
    /* Push downwards: each guard fires once and moves one page down. */
    for (Page = Top - 2 * PAGE_SIZE; Page > Bottom; Page -= PAGE_SIZE) {
        KT_ASSERT_EQ(KtVmTouch(Page + 0xFF0, TRUE, &Value),
                     STATUS_GUARD_PAGE_VIOLATION);
        Status = MiCheckForUserStackOverflow((PVOID)(Page + 0xFF0),
                                             (PVOID)Bottom, &Limit);
        KT_ASSERT_EQ((ULONG)Limit, Page);
        if (Status != STATUS_SUCCESS)
            break;
        Grown++;
        KT_ASSERT_EQ(KtVmTouch(Page + 0xFF0, TRUE, &Value), STATUS_SUCCESS);
        KT_ASSERT_EQ(KtVmQuery(Page - PAGE_SIZE), STATUS_SUCCESS);
        KT_ASSERT_EQ(KtVmInfo.Protect, PAGE_READWRITE | PAGE_GUARD);
    }
    KT_ASSERT_EQ(Status, STATUS_STACK_OVERFLOW);
    KT_ASSERT_EQ(Page, Bottom + PAGE_SIZE);
    KT_ASSERT_EQ(Grown, 5);
    /* The page that fired is room for the handler; the last stays
     * reserved, and touching it is an access violation. */
    KT_ASSERT_EQ(KtVmTouch(Bottom + PAGE_SIZE, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmQuery(Bottom), STATUS_SUCCESS);
    KT_ASSERT_INFO(Bottom, Bottom, PAGE_READWRITE, PAGE_SIZE, MEM_RESERVE, 0,
                   MEM_PRIVATE);
    KT_ASSERT_EQ(KtVmTouch(Bottom + 0xFF0, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_CLEANUP;
    KtVmLeaveSpace(&Space);
}

/* Makes the committed page at Context resident: guarded, since short of
 * memory it finds no frame (the shell's low-memory session). */
static NTSTATUS make_resident(PVOID Context)
{
    *(volatile ULONG *)Context = 0;
    return STATUS_SUCCESS;
}

/* With PreviousMode UserMode every pointer argument is probed: kernel,
 * unaligned, unmapped, guarded or kernel-straddling ones give a status
 * and allocate nothing. */
KTEST(vmapi_user_mode_pointers_are_probed)
{
    static KT_VM_SPACE Space;
    KT_CLEANUP_SECTION;
    PVOID KernelBase = NULL;
    SIZE_T KernelSize = PAGE_SIZE;
    volatile ULONG *Args = (volatile ULONG *)0x00A00000;
    KPROCESSOR_MODE Saved = ExpSetPreviousMode(KernelMode);
    OBJECT_ATTRIBUTES Attributes;
    HANDLE Event = NULL;

    KT_ASSERT_EQ(KtVmEnterSpace(&Space), STATUS_SUCCESS);
    KT_ASSERT_EQ(
        KtVmAllocate((ULONG)Args, 0x10000, MEM_RESERVE, PAGE_READWRITE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate((ULONG)Args, 0x1000, MEM_COMMIT, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KtVmAllocate((ULONG)Args + 0x2000, 0x1000, MEM_COMMIT,
                              PAGE_READWRITE | PAGE_GUARD),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(KiCallGuarded(make_resident, (PVOID)Args), STATUS_SUCCESS);
    ExpSetPreviousMode(UserMode);
    /* Kernel pointers. */
    KT_ASSERT_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), &KernelBase, 0,
                                         &KernelSize, MEM_RESERVE,
                                         PAGE_READWRITE),
                 STATUS_ACCESS_VIOLATION);
    /* Good user pointers: the results come back through them. */
    Args[0] = 0;
    Args[1] = 0x3000;
    KT_ASSERT_EQ(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                         0, (PSIZE_T)&Args[1],
                                         MEM_RESERVE | MEM_COMMIT,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[0], 0x00010000);
    KT_ASSERT_EQ(Args[1], 0x3000);
    /* Unaligned, unmapped (reserved only), guarded, straddling. */
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 6), MEM_RELEASE),
                 STATUS_DATATYPE_MISALIGNMENT);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 0x1000),
                                     MEM_RELEASE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)((ULONG)Args + 0x2000),
                                     MEM_RELEASE),
                 STATUS_GUARD_PAGE_VIOLATION);
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)0x7FFFFFFC, MEM_RELEASE),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtProtectVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                        (PSIZE_T)&Args[1], PAGE_READONLY,
                                        (PULONG)0x80001000),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation, &KtVmInfo,
                                      sizeof(KtVmInfo), NULL),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation,
                                      (PVOID)((ULONG)Args + 0x100),
                                      sizeof(KtVmInfo), (PSIZE_T)0xFFFFFFF0),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(NtQueryVirtualMemory(NtCurrentProcess(), NULL,
                                      MemoryBasicInformation,
                                      (PVOID)((ULONG)Args + 0x100),
                                      sizeof(KtVmInfo), (PSIZE_T)&Args[2]),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[2], sizeof(MEMORY_BASIC_INFORMATION));
    /* The refused calls changed nothing: the region is still there. */
    Args[1] = 0;
    KT_ASSERT_EQ(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&Args[0],
                                     (PSIZE_T)&Args[1], MEM_RELEASE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Args[1], 0x3000);
    ExpSetPreviousMode(KernelMode);
    /* Handles: not open, or not a process. */
    KT_ASSERT_EQ(ZwAllocateVirtualMemory((HANDLE)0x1234, &KernelBase, 0,
                                         &KernelSize, MEM_RESERVE,
                                         PAGE_READWRITE),
                 STATUS_INVALID_HANDLE);
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateEvent(&Event, EVENT_ALL_ACCESS, &Attributes,
                               NotificationEvent, FALSE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwQueryVirtualMemory(Event, NULL, MemoryBasicInformation,
                                      &KtVmInfo, sizeof(KtVmInfo), NULL),
                 STATUS_OBJECT_TYPE_MISMATCH);
    KT_CLEANUP;
    ExpSetPreviousMode(Saved);
    if (Event != NULL)
        ZwClose(Event);
    KtVmLeaveSpace(&Space);
}
