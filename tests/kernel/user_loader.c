/*
 * The loader's kernel half on real images: the PE toolchain's sample
 * program and DLL (tests/pe/) mapped into a process, bound, protected,
 * and run in ring 3. The program adds two numbers, one of them a datum the
 * DLL exports, through a pointer that needs relocating when it moves; it
 * returns into a stub that ends the process with the sum.
 */
#include "kernel/buddy.h"
#include "kernel/image.h"
#include "kernel/ktest.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/seh.h"
#include "ntpeb.h"

enum {
#define SERVICE(Number, Name, Bytes) KT_SERVICE_##Name = Number,
#include "service_table.h"
#undef SERVICE
};

extern const UCHAR KtSampleExe[], KtSampleExeEnd[];
extern const UCHAR KtSampleDll[], KtSampleDllEnd[];
extern const UCHAR KtUserExitWithEax[], KtUserExitWithEaxEnd[];

#define STUB_BASE 0x00300000UL
#define STACK_BASE 0x00100000UL
#define STACK_SIZE 0x10000UL
#define SAMPLE_BASE 0x00400000UL /* the program's preferred base */
#define SAMPLE_SUM 7             /* AddNumbers(table[1] = 2, Counter = 5) */

static NTSTATUS lookup(PVOID Context, PCSTR Name, PCVOID *Data, PULONG Size)
{
    static const struct {
        PCSTR Name;
        const UCHAR *Start, *End;
    } Files[] = {{"sample.exe", KtSampleExe, KtSampleExeEnd},
                 {"sample.dll", KtSampleDll, KtSampleDllEnd}};
    ULONG Index, Char;

    UNREFERENCED_PARAMETER(Context);
    for (Index = 0; Index < ARRAYSIZE(Files); Index++) {
        for (Char = 0; Files[Index].Name[Char] != '\0' &&
                       (Name[Char] | 0x20) == Files[Index].Name[Char];
             Char++)
            ;
        if (Files[Index].Name[Char] == '\0' && Name[Char] == '\0') {
            *Data = Files[Index].Start;
            *Size = (ULONG)(Files[Index].End - Files[Index].Start);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND; /* as the boot files' lookup */
}

static PSP_LOADER loader; /* 400-odd bytes: not on the test's stack */

static NTSTATUS write_stub(PVOID Esp)
{
    RtlCopyMemory((PVOID)STUB_BASE, KtUserExitWithEax,
                  (ULONG)(KtUserExitWithEaxEnd - KtUserExitWithEax));
    *(PULONG)Esp = STUB_BASE; /* the entry point returns there */
    return STATUS_SUCCESS;
}

/* Loads the sample in Process (current), the program's own base taken
 * first when Occupy says so; the program's module index. */
static NTSTATUS load_sample(PEPROCESS Process, BOOLEAN Occupy, PULONG Program)
{
    NTSTATUS Status;

    RtlZeroMemory(&loader, sizeof(loader));
    loader.Process = Process;
    loader.Lookup = lookup;
    if (Occupy) {
        Status = MiCommitVirtualMemory(Process, (PVOID)SAMPLE_BASE, PAGE_SIZE,
                                       PAGE_READWRITE);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    Status = PspMapImage(&loader, "SAMPLE.EXE", FALSE, Program);
    if (NT_SUCCESS(Status))
        Status = PspBindImage(&loader, *Program);
    return Status;
}

/* The first page of the named section, or 0. */
static ULONG section_address(const PSP_MODULE *Module, PCSTR Name)
{
    PIMAGE_NT_HEADERS Nt =
        RtlpImageNtHeaderInImage((PVOID)Module->Base, Module->SizeOfImage);
    PIMAGE_SECTION_HEADER Section = IMAGE_FIRST_SECTION(Nt);
    ULONG Index, Char;

    for (Index = 0; Index < Nt->FileHeader.NumberOfSections; Index++) {
        for (Char = 0;
             Name[Char] != '\0' && Section[Index].Name[Char] == Name[Char];
             Char++)
            ;
        if (Name[Char] == '\0' && (Char == 8 || Section[Index].Name[Char] == 0))
            return Module->Base + Section[Index].VirtualAddress;
    }
    return 0;
}

static ULONG protection_of(ULONG Va)
{
    PFN_NUMBER Frame;
    ULONG Protection = 0;

    if (!MiQueryPage((PVOID)Va, &Frame, &Protection))
        return 0;
    return Protection;
}

static VOID check_sample(KTEST_CONTEXT *KtContext_, BOOLEAN Occupy)
{
    LARGE_INTEGER Timeout = {.QuadPart = -10 * 1000 * 1000 * 10LL};
    PSP_USER_CONTEXT Context = {0};
    INITIAL_TEB Stack = {.StackBase = (PVOID)(STACK_BASE + STACK_SIZE),
                         .StackLimit = (PVOID)STACK_BASE,
                         .AllocatedStackBase = (PVOID)STACK_BASE};
    PEPROCESS Process = NULL;
    PETHREAD Thread = NULL;
    KAPC_STATE ApcState;
    BOOLEAN Attached = FALSE;
    ULONG Program = 0, Dll;
    NTSTATUS Status;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-loader", &Process), STATUS_SUCCESS);
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Attached = TRUE;
    Status = load_sample(Process, Occupy, &Program);
    KT_ASSERT_MSG(NT_SUCCESS(Status), "load: %08lx (%s)", (ULONG)Status,
                  loader.FailedName != NULL ? loader.FailedName : "-");
    KT_ASSERT_EQ(loader.Count, 2);
    KT_ASSERT_EQ(loader.InitCount, 1); /* the DLL; never the program */
    Dll = loader.InitOrder[0];
    KT_ASSERT(loader.Modules[Dll].IsDll && !loader.Modules[Program].IsDll);
    if (Occupy)
        KT_ASSERT(loader.Modules[Program].Base != SAMPLE_BASE);
    else
        KT_ASSERT_EQ(loader.Modules[Program].Base, SAMPLE_BASE);
    /* Headers and code read-only in the PTEs (x86 without PAE has no
     * execute bit: the PTE reads back as PAGE_READONLY), data writable. */
    KT_ASSERT_EQ(protection_of(loader.Modules[Program].Base), PAGE_READONLY);
    KT_ASSERT_EQ(protection_of(loader.Modules[Program].EntryPoint & ~0xFFFUL),
                 PAGE_READONLY);
    KT_ASSERT_EQ(
        protection_of(section_address(&loader.Modules[Program], ".data")),
        PAGE_READWRITE);
    KT_ASSERT_EQ(
        protection_of(section_address(&loader.Modules[Program], ".rdata")),
        PAGE_READONLY); /* the IAT there was written before */
    KT_ASSERT(PspFindExport(&loader, Dll, "AddNumbers") != 0);
    KT_ASSERT_EQ(PspFindExport(&loader, Dll, "NoSuchExport"), 0);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, (PVOID)STUB_BASE, PAGE_SIZE,
                                       PAGE_EXECUTE_READWRITE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(MiCommitVirtualMemory(Process, (PVOID)STACK_BASE, STACK_SIZE,
                                       PAGE_READWRITE),
                 STATUS_SUCCESS);
    Context.Eip = loader.Modules[Program].EntryPoint;
    Context.Esp = STACK_BASE + STACK_SIZE - 16;
    Context.Esi = KT_SERVICE_NtTerminateProcess;
    /* The stub, and the entry point's return address to it; guarded:
     * short of memory a page finds no frame. */
    KT_ASSERT_EQ(KiCallGuarded(write_stub, (PVOID)Context.Esp), STATUS_SUCCESS);
    KeUnstackDetachProcess(&ApcState);
    Attached = FALSE;
    KT_ASSERT_EQ(PspCreateUserThread(Process, &Context, &Stack, 0, &Thread),
                 STATUS_SUCCESS);
    PspStartThread(Thread);
    KT_ASSERT_EQ(
        KeWaitForSingleObject(Process, Executive, KernelMode, FALSE, &Timeout),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(Process->ExitStatus, SAMPLE_SUM);
    KT_CLEANUP;
    if (Attached)
        KeUnstackDetachProcess(&ApcState);
    if (Thread != NULL)
        ObfDereferenceObject(Thread);
    if (Process != NULL)
        PspTerminateProcess(Process, STATUS_UNSUCCESSFUL);
    if (Process != NULL)
        ObfDereferenceObject(Process);
}

KTEST(user_loader_runs_a_program_at_its_base)
{
    check_sample(KtContext_, FALSE);
}

KTEST(user_loader_relocates_a_program_whose_base_is_taken)
{
    check_sample(KtContext_, TRUE);
}

/* A missing DLL names itself and loads nothing more; it is
 * STATUS_DLL_NOT_FOUND, a missing program STATUS_OBJECT_NAME_NOT_FOUND. */
KTEST(user_loader_reports_a_missing_dll)
{
    PEPROCESS Process = NULL;
    KAPC_STATE ApcState;
    ULONG Index;
    NTSTATUS Status;
    KT_CLEANUP_SECTION;

    KT_ASSERT_EQ(PspCreateProcess("kt-loader", &Process), STATUS_SUCCESS);
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    RtlZeroMemory(&loader, sizeof(loader));
    loader.Process = Process;
    loader.Lookup = lookup;
    Status = PspLoadImage(&loader, "kernel32.dll", FALSE, &Index);
    KeUnstackDetachProcess(&ApcState);
    KT_ASSERT_EQ(Status, STATUS_DLL_NOT_FOUND);
    KT_ASSERT(loader.FailedName != NULL &&
              loader.FailedName[0] == 'k'); /* "kernel32.dll" */
    KT_ASSERT_EQ(loader.Count, 0);
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = PspMapImage(&loader, "nosuch.exe", FALSE, &Index);
    KeUnstackDetachProcess(&ApcState);
    KT_ASSERT_EQ(Status, STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT_EQ(loader.Count, 0);
    KT_CLEANUP;
    if (Process != NULL)
        ObfDereferenceObject(Process);
}
