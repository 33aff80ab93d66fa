/*
 * Sections: views of one page-file section in two processes see each
 * other's writes; a write-copy view gets its own copy; protections,
 * alignment and sizes are checked as NT checks them; SEC_RESERVE pages
 * appear when a view commits them; everything goes back at the end.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/seh.h"
#include "tests/kernel/kt_ring3.h"

typedef struct _ACCESS {
    PULONG Address;
    ULONG Value;
    BOOLEAN Write;
} ACCESS;

static NTSTATUS touch(PVOID Context)
{
    ACCESS *Access = Context;

    if (Access->Write)
        *(volatile ULONG *)Access->Address = Access->Value;
    else
        Access->Value = *(volatile ULONG *)Access->Address;
    return STATUS_SUCCESS;
}

/* Reads or writes a ULONG in Process's user half: the fault's status, or
 * success. */
static NTSTATUS access_in(PEPROCESS Process, ULONG_PTR Address, BOOLEAN Write,
                          PULONG Value)
{
    ACCESS Access = {(PULONG)Address, *Value, Write};
    KAPC_STATE ApcState;
    NTSTATUS Status;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = KiCallGuarded(touch, &Access);
    KeUnstackDetachProcess(&ApcState);
    *Value = Access.Value;
    return Status;
}

static NTSTATUS map(HANDLE Section, HANDLE Process, PVOID *Base, SIZE_T *Size,
                    ULONG Offset, ULONG Protect)
{
    LARGE_INTEGER SectionOffset = {.QuadPart = Offset};

    *Base = NULL;
    *Size = 0;
    return ZwMapViewOfSection(Section, Process, Base, 0, 0, &SectionOffset,
                              Size, ViewShare, 0, Protect);
}

static HANDLE open_process(PEPROCESS Process)
{
    HANDLE Handle = NULL;

    ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL, PROCESS_ALL_ACCESS,
                          *PsProcessType, KernelMode, &Handle);
    return Handle;
}

KTEST(section_views_share_pages_between_processes)
{
    UNICODE_STRING Name;
    OBJECT_ATTRIBUTES Attributes;
    LARGE_INTEGER Size = {.QuadPart = 3 * PAGE_SIZE};
    LARGE_INTEGER Small = {.QuadPart = 2 * PAGE_SIZE};
    PEPROCESS A = NULL, B = NULL;
    HANDLE Section = NULL, Opened = NULL, ReadOnly = NULL, Reserved = NULL,
           HA = NULL, HB = NULL;
    PVOID ViewA = NULL, ViewB = NULL, CopyB = NULL, ReservedA = NULL,
          ReservedB = NULL, Base;
    SIZE_T ViewSize, Length;
    MEMORY_BASIC_INFORMATION Info;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    ULONG Value;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-sec-a", &A), STATUS_SUCCESS);
    KT_ASSERT_EQ(PspCreateProcess("kt-sec-b", &B), STATUS_SUCCESS);
    HA = open_process(A);
    HB = open_process(B);
    KT_ASSERT(HA != NULL && HB != NULL);
    RtlInitUnicodeString(&Name, u"\\BaseNamedObjects\\KtSection");
    InitializeObjectAttributes(&Attributes, &Name, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    KT_ASSERT_EQ(ZwCreateSection(&Section, SECTION_ALL_ACCESS, &Attributes,
                                 &Size, PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    /* Named: another opener finds the same section. */
    KT_ASSERT_EQ(ZwOpenSection(&Opened, SECTION_MAP_READ, &Attributes),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Section, HA, &ViewA, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ViewSize, 3 * PAGE_SIZE);
    KT_ASSERT(((ULONG_PTR)ViewA & 0xFFFF) == 0);
    KT_ASSERT_EQ(map(Opened, HB, &ViewB, &ViewSize, 0, PAGE_READONLY),
                 STATUS_SUCCESS);
    /* A writes, B reads it; B's view is read-only. */
    Value = 0x5EC7104;
    KT_ASSERT_EQ(access_in(A, (ULONG_PTR)ViewA + PAGE_SIZE, TRUE, &Value),
                 STATUS_SUCCESS);
    Value = 0;
    KT_ASSERT_EQ(access_in(B, (ULONG_PTR)ViewB + PAGE_SIZE, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5EC7104UL);
    KT_ASSERT_EQ(access_in(B, (ULONG_PTR)ViewB, TRUE, &Value),
                 STATUS_ACCESS_VIOLATION);
    /* A write-copy view: B's write stays B's. */
    KT_ASSERT_EQ(map(Section, HB, &CopyB, &ViewSize, 0, PAGE_WRITECOPY),
                 STATUS_SUCCESS);
    Value = 0xC0B1;
    KT_ASSERT_EQ(access_in(B, (ULONG_PTR)CopyB + PAGE_SIZE, TRUE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(access_in(A, (ULONG_PTR)ViewA + PAGE_SIZE, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x5EC7104UL);
    /* What the query says of a view. */
    KT_ASSERT_EQ(ZwQueryVirtualMemory(HA, ViewA, MemoryBasicInformation, &Info,
                                      sizeof(Info), NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Info.Type, MEM_MAPPED);
    KT_ASSERT_EQ(Info.State, MEM_COMMIT);
    KT_ASSERT_EQ(Info.Protect, PAGE_READWRITE);
    KT_ASSERT_EQ(Info.RegionSize, 3 * PAGE_SIZE);
    KT_ASSERT(Info.AllocationBase == ViewA);
    /* NtFreeVirtualMemory is not how views go. */
    Base = ViewA;
    Length = 0;
    KT_ASSERT_EQ(ZwFreeVirtualMemory(HA, &Base, &Length, MEM_RELEASE),
                 STATUS_UNABLE_TO_DELETE_SECTION);
    /* NT's argument checks. */
    KT_ASSERT_EQ(map(Section, HA, &Base, &Length, PAGE_SIZE, PAGE_READWRITE),
                 STATUS_MAPPED_ALIGNMENT);
    Length = 4 * PAGE_SIZE;
    Base = NULL;
    KT_ASSERT_EQ(ZwMapViewOfSection(Section, HA, &Base, 0, 0, NULL, &Length,
                                    ViewShare, 0, PAGE_READWRITE),
                 STATUS_INVALID_VIEW_SIZE);
    KT_ASSERT_EQ(ZwCreateSection(&ReadOnly, SECTION_ALL_ACCESS, NULL, &Small,
                                 PAGE_READONLY, SEC_COMMIT, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(ReadOnly, HA, &Base, &Length, 0, PAGE_READWRITE),
                 STATUS_SECTION_PROTECTION);
    KT_ASSERT_EQ(ZwCreateSection(&Base, SECTION_ALL_ACCESS, NULL, NULL,
                                 PAGE_READWRITE, SEC_COMMIT, NULL),
                 STATUS_INVALID_PARAMETER_4);
    /* SEC_RESERVE: nothing until a view commits it, then every view. */
    KT_ASSERT_EQ(ZwCreateSection(&Reserved, SECTION_ALL_ACCESS, NULL, &Small,
                                 PAGE_READWRITE, SEC_RESERVE, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Reserved, HA, &ReservedA, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(map(Reserved, HB, &ReservedB, &ViewSize, 0, PAGE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(access_in(A, (ULONG_PTR)ReservedA, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    Base = ReservedA;
    Length = PAGE_SIZE;
    KT_ASSERT_EQ(ZwAllocateVirtualMemory(HA, &Base, 0, &Length, MEM_COMMIT,
                                         PAGE_READWRITE),
                 STATUS_SUCCESS);
    Value = 0x7E5E;
    KT_ASSERT_EQ(access_in(A, (ULONG_PTR)ReservedA, TRUE, &Value),
                 STATUS_SUCCESS);
    Value = 0;
    KT_ASSERT_EQ(access_in(B, (ULONG_PTR)ReservedB, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x7E5EUL);
    KT_ASSERT_EQ(access_in(B, (ULONG_PTR)ReservedB + PAGE_SIZE, FALSE, &Value),
                 STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HA, ViewA), STATUS_SUCCESS);
    ViewA = NULL;
    KT_ASSERT_EQ(ZwUnmapViewOfSection(HA, ViewA), STATUS_NOT_MAPPED_VIEW);
    KT_CLEANUP;
    /* Views left mapped go with their processes. */
    if (ViewA != NULL)
        ZwUnmapViewOfSection(HA, ViewA);
    if (ReadOnly != NULL)
        ZwClose(ReadOnly);
    if (Reserved != NULL)
        ZwClose(Reserved);
    if (Opened != NULL)
        ZwClose(Opened);
    if (Section != NULL)
        ZwClose(Section);
    if (HA != NULL)
        ZwClose(HA);
    if (HB != NULL)
        ZwClose(HB);
    if (A != NULL)
        ObDereferenceObject(A);
    if (B != NULL)
        ObDereferenceObject(B);
    UNREFERENCED_PARAMETER(ReservedB);
    UNREFERENCED_PARAMETER(CopyB);
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
