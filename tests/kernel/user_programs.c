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
#include "kernel/cmdline.h"
#include "kernel/image.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/seh.h"
#include "ntimage.h"
#include "tests/kernel/kt_pool.h"
#include "tests/kernel/kt_ring3.h"
#include "tests/kernel/kt_user.h"

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
    KT_ASSERT_EQ(KtAccessInProcess(First, Data, TRUE, &Value), STATUS_SUCCESS);
    KT_ASSERT(image_page_is(First, Data, PAGE_READWRITE));
    KT_ASSERT(image_page_is(Second, Data, PAGE_WRITECOPY));
    Value = 0;
    KT_ASSERT_EQ(KtAccessInProcess(Second, Data, FALSE, &Value),
                 STATUS_SUCCESS);
    KT_ASSERT(Value != 0x1234ABCD);
    KT_ASSERT_EQ(KtAccessInProcess(First, Data, FALSE, &Value), STATUS_SUCCESS);
    KT_ASSERT_EQ(Value, 0x1234ABCDUL);
}

static VOID check_relocated_image(KTEST_CONTEXT *KtContext_, PEPROCESS Other);

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
    check_relocated_image(KtContext_, Second);
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

/* The fuzzer's command line: a fresh seed, or fuzz_seed=N's to replay a
 * run (the seed the fuzzer printed). */
static PCSTR fuzz_command_line(VOID)
{
    static CHAR Line[32] = "fuzz ";
    PCSTR Seed = KiGetOption(KiGetCommandLine(), "fuzz_seed");
    ULONG Length = 5;

    while (Seed != NULL && *Seed >= '0' && *Seed <= '9' &&
           Length < sizeof(Line) - 1)
        Line[Length++] = *Seed++;
    Line[Length] = '\0';
    return Line;
}

static PSP_LOADER relocated_loader; /* too big for the stack */

/* A program whose base is taken is still a view of its image section, as
 * NT maps it: MEM_IMAGE at its new base, each page with its section's
 * protection; the pages its fixups touched are its own (so not the
 * frames another process running it at its base has), the others shared. */
static VOID check_relocated_image(KTEST_CONTEXT *KtContext_, PEPROCESS Other)
{
    PEPROCESS Process = NULL;
    KAPC_STATE ApcState;
    MEMORY_BASIC_INFORMATION Info;
    HANDLE Handle = NULL;
    ULONG Program = 0, Ntdll = 0, Base, Size, Va, Shared = 0, Own = 0;
    ULONG FileSize;
    PIMAGE_NT_HEADERS Nt;
    PUCHAR Expected = NULL;
    PCVOID File;
    BOOLEAN Same;
    NTSTATUS Status;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-relocated", &Process), STATUS_SUCCESS);
    KT_ASSERT_EQ(ObOpenObjectByPointer(Process, OBJ_KERNEL_HANDLE, NULL,
                                       PROCESS_ALL_ACCESS, *PsProcessType,
                                       KernelMode, &Handle),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, (PVOID)0x400000, PAGE_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS); /* hello's base, taken */
    RtlZeroMemory(&relocated_loader, sizeof(relocated_loader));
    relocated_loader.Process = Process;
    relocated_loader.Lookup = PspLookupBootFile;
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = PspMapImage(&relocated_loader, "hello.exe", FALSE, &Program);
    if (NT_SUCCESS(Status))
        Status = PspLoadImage(&relocated_loader, "ntdll.dll", TRUE, &Ntdll);
    if (NT_SUCCESS(Status))
        Status = PspBindImage(&relocated_loader, Program);
    KeUnstackDetachProcess(&ApcState);
    KT_ASSERT_EQ(Status, STATUS_SUCCESS);
    Base = relocated_loader.Modules[Program].Base;
    Size = ROUND_TO_PAGES(relocated_loader.Modules[Program].SizeOfImage);
    KT_ASSERT(Base != 0x400000);
    /* The file relocated to that base, for its headers and its code. */
    KT_ASSERT_EQ(PspLookupBootFile(NULL, "hello.exe", &File, &FileSize),
                 STATUS_SUCCESS);
    Expected = ExAllocatePoolWithTag(NonPagedPool, Size, 'lerK');
    KT_ASSERT(Expected != NULL);
    RtlZeroMemory(Expected, Size);
    KT_ASSERT_EQ(RtlpCopyImageFile(File, FileSize, Expected, Size),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(LdrpRelocateImage(Expected, Size, Base), STATUS_SUCCESS);
    Nt = RtlpImageNtHeaderInImage(Expected, Size);
    KT_ASSERT(Nt != NULL);
    for (Va = Base; Va < Base + Size; Va += PAGE_SIZE) {
        PFN_NUMBER Mine = frame_in(Process, Va),
                   Theirs = frame_in(Other, 0x400000 + (Va - Base));
        PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(Nt);
        ULONG Protect = PAGE_READONLY, Index;

        /* Each page as its section says: code execute-read, writable
         * data write-copy until it is the process's own. */
        for (Index = 0; Index < Nt->FileHeader.NumberOfSections; Index++) {
            ULONG Start = Base + Section[Index].VirtualAddress;
            ULONG Flags = Section[Index].Characteristics;

            if (Va + PAGE_SIZE > Start &&
                Va < Start + Section[Index].Misc.VirtualSize)
                Protect =
                    (Flags & IMAGE_SCN_MEM_EXECUTE) ? PAGE_EXECUTE_READ
                    : (Flags & IMAGE_SCN_MEM_WRITE)
                        ? (Mine == Theirs ? PAGE_WRITECOPY : PAGE_READWRITE)
                        : PAGE_READONLY;
        }
        KT_ASSERT_EQ(ZwQueryVirtualMemory(Handle, (PVOID)Va,
                                          MemoryBasicInformation, &Info,
                                          sizeof(Info), NULL),
                     STATUS_SUCCESS);
        KT_ASSERT_EQ(Info.Type, MEM_IMAGE);
        KT_ASSERT_EQ((ULONG)Info.AllocationBase, Base);
        KT_ASSERT_EQ(Info.AllocationProtect, PAGE_EXECUTE_WRITECOPY);
        KT_ASSERT_EQ(Info.State, MEM_COMMIT);
        KT_ASSERT_MSG(Info.Protect == Protect, "page %lx: %lx, expected %lx",
                      Va - Base, Info.Protect, Protect);
        KT_ASSERT(Mine != MI_NO_PAGE && Theirs != MI_NO_PAGE);
        if (Mine == Theirs)
            Shared++;
        else
            Own++;
        /* Code pages hold exactly the relocated file's bytes. */
        if (Protect == PAGE_EXECUTE_READ) {
            KeStackAttachProcess(&Process->Pcb, &ApcState);
            Same = RtlCompareMemory((PVOID)Va, Expected + (Va - Base),
                                    PAGE_SIZE) == PAGE_SIZE;
            KeUnstackDetachProcess(&ApcState);
            KT_ASSERT_MSG(Same, "code page %lx", Va - Base);
        }
    }
    KT_ASSERT(Own != 0);    /* the pages the fixups touched */
    KT_ASSERT(Shared != 0); /* the others */
    KT_CLEANUP;
    if (Expected != NULL)
        ExFreePoolWithTag(Expected, 'lerK');
    if (Handle != NULL)
        ZwClose(Handle);
    if (Process != NULL)
        ObDereferenceObject(Process);
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
    /* 100,000 random services from ring 3 (fuzz prints its seed, and
     * fails when a service of the table was never called): no stop, and
     * the page allocator's and the pool's books still balance. */
    ExitStatus = STATUS_PENDING;
    KT_ASSERT_EQ(
        KtRunProgram("fuzz.exe", fuzz_command_line(), 600, &ExitStatus),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(ExitStatus, STATUS_SUCCESS);
    {
        MI_BUDDY_CHECK Check;
        KT_POOL_CHECK PoolCheck;
        KIRQL OldIrql;
        BOOLEAN Sound;

        KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
        Sound = MiBuddyCheck(&MiBuddy, &Check);
        KeLowerIrql(OldIrql);
        KT_ASSERT_MSG(Sound, "buddy check: %s at frame %lx",
                      MiBuddyProblemName(Check.Problem), (ULONG)Check.Frame);
        KT_ASSERT_MSG(KtPoolCheck(&PoolCheck), "pool check: %s at %p",
                      PoolCheck.Problem, PoolCheck.Where);
    }
    /* A missing program and a DLL are refused with NT's statuses. */
    KT_ASSERT_EQ(KtRunProgram("nosuch.exe", "nosuch", 600, &ExitStatus),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(KtRunProgram("kernel32.dll", "kernel32", 600, &ExitStatus),
                 STATUS_INVALID_IMAGE_FORMAT);
    KT_ASSERT(KtWaitForProcessObjects(Processes, Threads));
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
