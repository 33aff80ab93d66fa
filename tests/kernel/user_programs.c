/*
 * Real programs in ring 3: hello.exe, the usertests.exe suite and the
 * system-call fuzzer (user/),
 * started from the boot files under \SystemRoot as the shell's `run`
 * starts them, with ntdll.dll and kernel32.dll. External: the boot must
 * carry the user images (tools/test.sh passes them), so only naming the
 * test runs it. usertests prints a PASS or FAIL line per test of its own
 * and exits with its failure count.
 */
#include "kernel/buddy.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/seh.h"
#include "ntimage.h"
#include "tests/kernel/kt_ring3.h"

/* The frame behind Va in Process, or MI_NO_PAGE. */
static PFN_NUMBER frame_in(PEPROCESS Process, ULONG Va)
{
    PFN_NUMBER Frame = MI_NO_PAGE;
    KAPC_STATE ApcState;
    ULONG Protection;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    if (!MiQueryPage((PVOID)Va, &Frame, &Protection))
        Frame = MI_NO_PAGE;
    KeUnstackDetachProcess(&ApcState);
    return Frame;
}

typedef struct _KT_ACCESS {
    PULONG Address;
    ULONG Value;
    BOOLEAN Write;
} KT_ACCESS;

static NTSTATUS touch(PVOID Context)
{
    KT_ACCESS *Access = Context;

    if (Access->Write)
        *(volatile ULONG *)Access->Address = Access->Value;
    else
        Access->Value = *(volatile ULONG *)Access->Address;
    return STATUS_SUCCESS;
}

/* Reads or writes a ULONG in Process: the fault's status, or success. */
static NTSTATUS access_in(PEPROCESS Process, ULONG Va, BOOLEAN Write,
                          PULONG Value)
{
    KT_ACCESS Access = {(PULONG)Va, *Value, Write};
    KAPC_STATE ApcState;
    NTSTATUS Status;

    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = KiCallGuarded(touch, &Access);
    KeUnstackDetachProcess(&ApcState);
    *Value = Access.Value;
    return Status;
}

/* What a query of Va in Process says: the type, the allocation's base and
 * protection, and the page's protection. */
static BOOLEAN image_page_is(PEPROCESS Process, ULONG Va, ULONG Protect)
{
    MEMORY_BASIC_INFORMATION Info;
    HANDLE Handle = NULL;
    NTSTATUS Status;

    if (!NT_SUCCESS(ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL,
                                          PROCESS_ALL_ACCESS, *PsProcessType,
                                          KernelMode, &Handle)))
        return FALSE;
    Status = ZwQueryVirtualMemory(Handle, (PVOID)Va, MemoryBasicInformation,
                                  &Info, sizeof(Info), NULL);
    ZwClose(Handle);
    return NT_SUCCESS(Status) && Info.Type == MEM_IMAGE &&
           (ULONG)Info.AllocationBase == 0x400000 &&
           Info.AllocationProtect == PAGE_EXECUTE_WRITECOPY &&
           Info.State == MEM_COMMIT && Info.Protect == Protect;
}

/* A program loaded at its base is an image view as NT maps one: MEM_IMAGE,
 * allocated PAGE_EXECUTE_WRITECOPY, each page with its section's
 * protection (headers read-only, code execute-read, writable data
 * write-copy), and a write to data makes the page the process's own
 * (PAGE_READWRITE) while the other process keeps the shared one. */
static VOID check_image_query(KTEST_CONTEXT *KtContext_, PEPROCESS First,
                              PEPROCESS Second)
{
    PIMAGE_SECTION_HEADER Section;
    PIMAGE_NT_HEADERS Nt;
    UCHAR Headers[1024]; /* the headers fit: checked below */
    ULONG Index, Code = 0, Data = 0, Value;
    KAPC_STATE ApcState;

    KeStackAttachProcess(&First->Pcb, &ApcState);
    RtlCopyMemory(Headers, (PVOID)0x400000, sizeof(Headers));
    KeUnstackDetachProcess(&ApcState);
    Nt = (PIMAGE_NT_HEADERS)(Headers + ((PIMAGE_DOS_HEADER)Headers)->e_lfanew);
    Section = IMAGE_FIRST_SECTION(Nt);
    KT_ASSERT((PUCHAR)(Section + Nt->FileHeader.NumberOfSections) <=
              Headers + sizeof(Headers));
    for (Index = 0; Index < Nt->FileHeader.NumberOfSections; Index++) {
        ULONG Flags = Section[Index].Characteristics;

        if (Code == 0 && (Flags & IMAGE_SCN_MEM_EXECUTE))
            Code = 0x400000 + Section[Index].VirtualAddress;
        if (Data == 0 && (Flags & IMAGE_SCN_MEM_WRITE) &&
            Section[Index].Misc.VirtualSize != 0)
            Data = 0x400000 + Section[Index].VirtualAddress;
    }
    KT_ASSERT(Code != 0 && Data != 0);
    KT_ASSERT(image_page_is(First, 0x400000, PAGE_READONLY));
    KT_ASSERT(image_page_is(First, Code, PAGE_EXECUTE_READ));
    KT_ASSERT(image_page_is(First, Data, PAGE_WRITECOPY));
    KT_ASSERT(image_page_is(Second, Data, PAGE_WRITECOPY));
    Value = 0x1234ABCD;
    KT_ASSERT_EQ(access_in(First, Data, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT(image_page_is(First, Data, PAGE_READWRITE));
    KT_ASSERT(image_page_is(Second, Data, PAGE_WRITECOPY));
    Value = 0;
    KT_ASSERT_EQ(access_in(Second, Data, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT(Value != 0x1234ABCD);
    KT_ASSERT_EQ(access_in(First, Data, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234ABCDUL);
}

/* Two processes running one program share its code and ntdll's: the same
 * frames behind the same addresses (image sections). */
static VOID check_shared_images(KTEST_CONTEXT *KtContext_)
{
    PEPROCESS First = NULL, Second = NULL;
    PETHREAD FirstThread = NULL, SecondThread = NULL;
    ULONG Code = 0x400000 + PAGE_SIZE, NtdllCode = 0x7C900000 + PAGE_SIZE;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateUserProcess("hello.exe", "hello", NULL, NULL, &First,
                                      &FirstThread),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(PspCreateUserProcess("hello.exe", "hello", NULL, NULL, &Second,
                                      &SecondThread),
                 STATUS_SUCCESS);
    KT_ASSERT(frame_in(First, Code) != MI_NO_PAGE);
    KT_ASSERT_EQ(frame_in(First, Code), frame_in(Second, Code));
    KT_ASSERT_EQ(frame_in(First, NtdllCode), frame_in(Second, NtdllCode));
    check_image_query(KtContext_, First, Second);
    KT_CLEANUP;
    /* Never started: their objects go with the references. */
    if (FirstThread != NULL)
        ObDereferenceObject(FirstThread);
    if (SecondThread != NULL)
        ObDereferenceObject(SecondThread);
    if (First != NULL)
        ObDereferenceObject(First);
    if (Second != NULL)
        ObDereferenceObject(Second);
}

KTEST_EXTERNAL(user_programs_hello_and_usertests)
{
    LONG Processes = PspProcessType->TotalNumberOfObjects;
    LONG Threads = PspThreadType->TotalNumberOfObjects;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    NTSTATUS ExitStatus = STATUS_PENDING;

    check_shared_images(KtContext_);
    KT_ASSERT_EQ(KtRunProgram("hello.exe", "hello one two", 600, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(KtRunProgram("usertests.exe", "usertests", 600, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_MSG(ExitStatus == 0, "usertests: %lu failed", (ULONG)ExitStatus);
    /* 100,000 random services from ring 3 (fuzz prints its seed): no
     * stop, and the page allocator's books still balance. */
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(KtRunProgram("fuzz.exe", "fuzz 100000", 600, &ExitStatus),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    {
        MI_BUDDY_CHECK Check;
        KIRQL OldIrql;
        BOOLEAN Sound;

        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Sound = MiBuddyCheck(&MiBuddy, &Check);
        KeLowerIrql(OldIrql);
        KT_ASSERT_MSG(Sound, "buddy check: %s at frame %lx",
                      MiBuddyProblemName(Check.Problem), (ULONG)Check.Frame);
    }
    /* A missing program and a DLL are refused with NT's statuses. */
    KT_ASSERT_EQ(KtRunProgram("nosuch.exe", "nosuch", 600, &ExitStatus),
                 STATUS_DLL_NOT_FOUND);
    KT_ASSERT_EQ(KtRunProgram("kernel32.dll", "kernel32", 600, &ExitStatus),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
