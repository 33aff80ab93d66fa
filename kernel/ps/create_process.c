/*
 * A process from a program, as docs/user-mode.md describes the kernel's
 * half: the program, ntdll and the program's DLLs mapped and bound; the
 * PEB with the loader's module lists and the process parameters; a user
 * stack; and the first thread, which enters ring 3 at ntdll's
 * LdrInitializeThunk. The first process also tells the kernel where
 * ntdll's entry points are (NT's PspLookupSystemDllEntryPoint): ntdll is
 * at the same fixed base in every process.
 */
#include "kernel/cpu.h"
#include "kernel/loader.h"
#include "kernel/mm.h"
#include "kernel/seh.h"
#include "kernel/system_service.h"
#include "ntpeb.h"

#define PSP_PEB_ADDRESS 0x7FFDF000UL
#define PSP_SYSTEM_DLL "ntdll.dll"
/* One region holds the parameters, their strings and the loader's lists. */
#define PSP_ENVIRONMENT_SIZE 0x10000UL
#define PSP_DEFAULT_STACK 0x100000UL /* 1 MiB, NT's default reserve */
#define PSP_MAXIMUM_HEAPS 16

/* A bump allocator over the environment region (attached). */
typedef struct _ENVIRONMENT {
    PUCHAR Next, End;
} ENVIRONMENT;

static PVOID take(ENVIRONMENT *Environment, ULONG Size)
{
    PUCHAR Block = Environment->Next;

    Size = (Size + 3) & ~3UL;
    if ((ULONG)(Environment->End - Block) < Size)
        return NULL;
    Environment->Next += Size;
    return Block;
}

/* An ASCII string as a UNICODE_STRING in the region, Prefix first. */
static BOOLEAN make_string(ENVIRONMENT *Environment, PUNICODE_STRING String,
                           PCSTR Prefix, PCSTR Text)
{
    ULONG Length = 0, Index;
    PWCHAR Buffer;
    PCSTR Part;

    for (Part = Prefix; *Part != '\0'; Part++)
        Length++;
    for (Part = Text; *Part != '\0'; Part++)
        Length++;
    if (Length >= 0x7FFF)
        return FALSE;
    Buffer = take(Environment, (Length + 1) * sizeof(WCHAR));
    if (Buffer == NULL)
        return FALSE;
    Index = 0;
    for (Part = Prefix; *Part != '\0'; Part++)
        Buffer[Index++] = (UCHAR)*Part;
    for (Part = Text; *Part != '\0'; Part++)
        Buffer[Index++] = (UCHAR)*Part;
    Buffer[Index] = 0;
    String->Buffer = Buffer;
    String->Length = (USHORT)(Length * sizeof(WCHAR));
    String->MaximumLength = (USHORT)((Length + 1) * sizeof(WCHAR));
    return TRUE;
}

static VOID link_tail(PLIST_ENTRY Head, PLIST_ENTRY Entry)
{
    Entry->Flink = Head;
    Entry->Blink = Head->Blink;
    Head->Blink->Flink = Entry;
    Head->Blink = Entry;
}

/* The loader's lists, as ntdll's user half and a debugger read them. */
static NTSTATUS build_loader_data(ENVIRONMENT *Environment,
                                  const PSP_LOADER *Loader,
                                  PPEB_LDR_DATA *LoaderData)
{
    PLDR_DATA_TABLE_ENTRY Entries[PSP_MAXIMUM_MODULES];
    PPEB_LDR_DATA Data = take(Environment, sizeof(*Data));
    ULONG Index;

    if (Data == NULL)
        return STATUS_NO_MEMORY;
    Data->Length = sizeof(*Data);
    Data->Initialized = TRUE;
    InitializeListHead(&Data->InLoadOrderModuleList);
    InitializeListHead(&Data->InMemoryOrderModuleList);
    InitializeListHead(&Data->InInitializationOrderModuleList);
    for (Index = 0; Index < Loader->Count; Index++) {
        const PSP_MODULE *Module = &Loader->Modules[Index];
        PLDR_DATA_TABLE_ENTRY Entry = take(Environment, sizeof(*Entry));

        if (Entry == NULL || !make_string(Environment, &Entry->FullDllName,
                                          "\\SystemRoot\\", Module->Name))
            return STATUS_NO_MEMORY;
        /* The base name is the tail of the full one, as NT's is. */
        Entry->BaseDllName.Buffer = Entry->FullDllName.Buffer + 12;
        Entry->BaseDllName.Length = (USHORT)(Entry->FullDllName.Length - 24);
        Entry->BaseDllName.MaximumLength =
            (USHORT)(Entry->FullDllName.MaximumLength - 24);
        Entry->DllBase = (PVOID)Module->Base;
        Entry->EntryPoint = (PVOID)Module->EntryPoint;
        Entry->SizeOfImage = Module->SizeOfImage;
        Entry->Flags = Module->IsDll ? LDRP_IMAGE_DLL : 0;
        Entry->LoadCount = 0xFFFF; /* static imports never unload */
        Entry->TimeDateStamp = Module->TimeDateStamp;
        Entry->HashLinks.Flink = Entry->HashLinks.Blink = &Entry->HashLinks;
        link_tail(&Data->InLoadOrderModuleList, &Entry->InLoadOrderLinks);
        link_tail(&Data->InMemoryOrderModuleList, &Entry->InMemoryOrderLinks);
        Entries[Index] = Entry;
    }
    for (Index = 0; Index < Loader->InitCount; Index++)
        link_tail(
            &Data->InInitializationOrderModuleList,
            &Entries[Loader->InitOrder[Index]]->InInitializationOrderLinks);
    *LoaderData = Data;
    return STATUS_SUCCESS;
}

static NTSTATUS build_parameters(ENVIRONMENT *Environment, PCSTR ImageName,
                                 PCSTR CommandLine,
                                 PRTL_USER_PROCESS_PARAMETERS *Parameters)
{
    PRTL_USER_PROCESS_PARAMETERS Block = take(Environment, sizeof(*Block));
    PWCHAR EnvironmentBlock;

    if (Block == NULL ||
        !make_string(Environment, &Block->ImagePathName, "\\SystemRoot\\",
                     ImageName) ||
        !make_string(Environment, &Block->CommandLine, "", CommandLine) ||
        !make_string(Environment, &Block->DllPath, "", "\\SystemRoot") ||
        !make_string(Environment, &Block->CurrentDirectory.DosPath, "",
                     "\\SystemRoot\\"))
        return STATUS_NO_MEMORY;
    EnvironmentBlock = take(Environment, 2 * sizeof(WCHAR)); /* empty */
    if (EnvironmentBlock == NULL)
        return STATUS_NO_MEMORY;
    EnvironmentBlock[0] = EnvironmentBlock[1] = 0;
    Block->Environment = EnvironmentBlock;
    Block->Flags = RTL_USER_PROC_PARAMS_NORMALIZED;
    Block->MaximumLength = Block->Length =
        (ULONG)(Environment->Next - (PUCHAR)Block);
    *Parameters = Block;
    return STATUS_SUCCESS;
}

static NTSTATUS build_peb(PEPROCESS Process, const PSP_LOADER *Loader,
                          ULONG Program, PCSTR ImageName, PCSTR CommandLine)
{
    const PSP_MODULE *Module = &Loader->Modules[Program];
    ENVIRONMENT Environment;
    PPEB_LDR_DATA LoaderData;
    PRTL_USER_PROCESS_PARAMETERS Parameters;
    ULONG Region;
    PPEB Peb = (PPEB)PSP_PEB_ADDRESS;
    NTSTATUS Status;

    Status = PspFindFreeRange(Process, PSP_ENVIRONMENT_SIZE, &Region);
    if (NT_SUCCESS(Status))
        Status = MiCommitVirtualMemory(Process, (PVOID)Region,
                                       PSP_ENVIRONMENT_SIZE, PAGE_READWRITE);
    if (NT_SUCCESS(Status))
        Status = MiCommitVirtualMemory(Process, Peb, PAGE_SIZE, PAGE_READWRITE);
    if (!NT_SUCCESS(Status))
        return Status;
    Environment.Next = (PUCHAR)Region;
    Environment.End = (PUCHAR)Region + PSP_ENVIRONMENT_SIZE;
    Status =
        build_parameters(&Environment, ImageName, CommandLine, &Parameters);
    if (NT_SUCCESS(Status))
        Status = build_loader_data(&Environment, Loader, &LoaderData);
    if (!NT_SUCCESS(Status))
        return Status;
    Peb->ImageBaseAddress = (PVOID)Module->Base;
    Peb->Ldr = LoaderData;
    Peb->ProcessParameters = Parameters;
    Peb->NumberOfProcessors = 1;
    Peb->CriticalSectionTimeout.QuadPart = -2592000LL * 10000000LL; /* 30 d */
    Peb->HeapSegmentReserve = 0x100000;
    Peb->HeapSegmentCommit = 0x2000;
    Peb->HeapDeCommitTotalFreeThreshold = 0x10000;
    Peb->HeapDeCommitFreeBlockThreshold = 0x1000;
    Peb->MaximumNumberOfHeaps = PSP_MAXIMUM_HEAPS;
    Peb->ProcessHeaps = take(&Environment, PSP_MAXIMUM_HEAPS * sizeof(PVOID));
    Peb->OSMajorVersion = 5; /* XP's numbers: its system-call stubs */
    Peb->OSMinorVersion = 1;
    Peb->OSBuildNumber = 2600;
    Peb->OSPlatformId = 2; /* VER_PLATFORM_WIN32_NT */
    Peb->ImageSubsystem = Module->Subsystem;
    Peb->ImageSubsystemMajorVersion = Module->SubsystemMajor;
    Peb->ImageSubsystemMinorVersion = Module->SubsystemMinor;
    Peb->ImageProcessAffinityMask = 1;
    Process->Peb = Peb;
    Process->SectionBaseAddress = (PVOID)Module->Base;
    return Peb->ProcessHeaps != NULL ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* ntdll's entry points for the kernel, and the system-call stubs every
 * process's SharedUserData names. */
static NTSTATUS find_system_dll_entry_points(PPSP_LOADER Loader, ULONG Ntdll,
                                             PULONG LdrInitializeThunk)
{
    ULONG Fast = PspFindExport(Loader, Ntdll, "KiFastSystemCall");
    ULONG FastReturn = PspFindExport(Loader, Ntdll, "KiFastSystemCallRet");
    ULONG Int = PspFindExport(Loader, Ntdll, "KiIntSystemCall");
    ULONG Exception = PspFindExport(Loader, Ntdll, "KiUserExceptionDispatcher");
    ULONG Apc = PspFindExport(Loader, Ntdll, "KiUserApcDispatcher");
    PKUSER_SHARED_DATA Shared = (PKUSER_SHARED_DATA)KI_USER_SHARED_DATA;

    *LdrInitializeThunk = PspFindExport(Loader, Ntdll, "LdrInitializeThunk");
    if (Fast == 0 || FastReturn == 0 || Int == 0 || Exception == 0 ||
        Apc == 0 || *LdrInitializeThunk == 0)
        return STATUS_PROCEDURE_NOT_FOUND;
    KiUserExceptionDispatcherAddress = Exception;
    KiUserApcDispatcherAddress = Apc;
    KiSystemCallReturn = FastReturn;
    Shared->SystemCall = (KeFeatureBits & KF_FAST_SYSCALL) ? Fast : Int;
    Shared->SystemCallReturn = FastReturn;
    return STATUS_SUCCESS;
}

/* The first thread's stack, as NT makes it: the program's reserve, its
 * commit at the top, and a guard page below that the stack grows through
 * (mm/stack_growth.c). */
static NTSTATUS create_stack(PEPROCESS Process, const PSP_MODULE *Program,
                             PINITIAL_TEB Stack)
{
    SIZE_T Reserve =
        Program->StackReserve != 0 ? Program->StackReserve : PSP_DEFAULT_STACK;
    SIZE_T Commit = ROUND_TO_PAGES(Program->StackCommit);
    PVOID Base = NULL, Top, Guard;
    SIZE_T Size;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Process); /* the current one: attached */
    Reserve = (Reserve + 0xFFFF) & ~0xFFFFUL;
    if (Reserve > 0x1000000) /* 16 MiB: the most a program may ask here */
        Reserve = 0x1000000;
    if (Commit == 0)
        Commit = PAGE_SIZE;
    if (Commit > Reserve - 2 * PAGE_SIZE)
        Commit = Reserve - 2 * PAGE_SIZE; /* room for the guard and the end */
    Size = Reserve;
    Status = ZwAllocateVirtualMemory(NtCurrentProcess(), &Base, 0, &Size,
                                     MEM_RESERVE, PAGE_READWRITE);
    if (!NT_SUCCESS(Status))
        return Status;
    Top = (PUCHAR)Base + Reserve - Commit;
    Size = Commit;
    Status = ZwAllocateVirtualMemory(NtCurrentProcess(), &Top, 0, &Size,
                                     MEM_COMMIT, PAGE_READWRITE);
    if (!NT_SUCCESS(Status))
        return Status;
    Guard = (PUCHAR)Top - PAGE_SIZE;
    Size = PAGE_SIZE;
    Status = ZwAllocateVirtualMemory(NtCurrentProcess(), &Guard, 0, &Size,
                                     MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    if (!NT_SUCCESS(Status))
        return Status;
    RtlZeroMemory(Stack, sizeof(*Stack));
    Stack->StackBase = (PUCHAR)Base + Reserve;
    Stack->StackLimit = Top;
    Stack->AllocatedStackBase = Base;
    return STATUS_SUCCESS;
}

typedef struct _ENVIRONMENT_REQUEST {
    PEPROCESS Process;
    PPSP_LOADER Loader;
    ULONG Program;
    PCSTR ImageName, CommandLine;
    PINITIAL_TEB Stack;
} ENVIRONMENT_REQUEST;

/* Guarded: every page written here may find no frame. */
static NTSTATUS build_environment(PVOID Context)
{
    ENVIRONMENT_REQUEST *Request = Context;
    NTSTATUS Status;

    Status = build_peb(Request->Process, Request->Loader, Request->Program,
                       Request->ImageName, Request->CommandLine);
    if (NT_SUCCESS(Status))
        Status = create_stack(Request->Process,
                              &Request->Loader->Modules[Request->Program],
                              Request->Stack);
    if (NT_SUCCESS(Status))
        *((PULONG)Request->Stack->StackBase - 1) = 0;
    return Status;
}

NTSTATUS PspLookupBootFile(PVOID Context, PCSTR Name, PCVOID *Data, PULONG Size)
{
    WCHAR Buffer[PSP_MODULE_NAME_LENGTH];
    UNICODE_STRING String;
    SIZE_T FileSize;
    PVOID File;
    ULONG Index;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Context);
    for (Index = 0; Name[Index] != '\0'; Index++) {
        if (Index == PSP_MODULE_NAME_LENGTH - 1)
            return STATUS_OBJECT_NAME_INVALID;
        Buffer[Index] = (UCHAR)Name[Index];
    }
    String.Buffer = Buffer;
    String.Length = String.MaximumLength = (USHORT)(Index * sizeof(WCHAR));
    /* STATUS_OBJECT_NAME_NOT_FOUND when it is missing: PspLoadImage makes
     * that STATUS_DLL_NOT_FOUND for a DLL, a missing program keeps it. */
    Status = MmGetBootFile(&String, &File, &FileSize);
    if (!NT_SUCCESS(Status))
        return Status;
    if (FileSize > MAXULONG)
        return STATUS_INVALID_IMAGE_FORMAT;
    *Data = File;
    *Size = (ULONG)FileSize;
    return STATUS_SUCCESS;
}

static PSP_LOADER create_loader; /* one creation at a time, under the lock */
static KGUARDED_MUTEX create_lock;

VOID PspInitializeProcessCreation(VOID)
{
    KeInitializeGuardedMutex(&create_lock);
}

NTSTATUS PspCreateUserProcess(PCSTR ImageName, PCSTR CommandLine,
                              PSP_IMAGE_LOOKUP Lookup, PVOID LookupContext,
                              PEPROCESS *NewProcess, PETHREAD *NewThread)
{
    PSP_USER_CONTEXT Context = {0};
    PPSP_LOADER Loader = &create_loader;
    ENVIRONMENT_REQUEST Environment;
    INITIAL_TEB Stack = {0};
    KAPC_STATE ApcState;
    PEPROCESS Process;
    ULONG Program, Ntdll, Entry = 0;
    NTSTATUS Status;

    Status = PspCreateProcess(ImageName, &Process);
    if (!NT_SUCCESS(Status))
        return Status;
    KeAcquireGuardedMutex(&create_lock);
    RtlZeroMemory(Loader, sizeof(*Loader));
    Loader->Process = Process;
    Loader->Lookup = Lookup != NULL ? Lookup : PspLookupBootFile;
    Loader->LookupContext = LookupContext;
    KeStackAttachProcess(&Process->Pcb, &ApcState);
    Status = PspMapImage(Loader, ImageName, FALSE, &Program);
    if (NT_SUCCESS(Status) && Loader->Modules[Program].IsDll)
        Status = STATUS_INVALID_IMAGE_FORMAT; /* a DLL is no program */
    if (NT_SUCCESS(Status))
        Status = PspLoadImage(Loader, PSP_SYSTEM_DLL, TRUE, &Ntdll);
    if (NT_SUCCESS(Status))
        Status = PspBindImage(Loader, Program);
    if (NT_SUCCESS(Status))
        Status = find_system_dll_entry_points(Loader, Ntdll, &Entry);
    if (NT_SUCCESS(Status)) {
        Environment.Process = Process;
        Environment.Loader = Loader;
        Environment.Program = Program;
        Environment.ImageName = ImageName;
        Environment.CommandLine = CommandLine;
        Environment.Stack = &Stack;
        Status = KiCallGuarded(build_environment, &Environment);
    }
    /* LdrInitializeThunk takes nothing: esp at a zero return address. */
    Context.Esp = (ULONG)Stack.StackBase - sizeof(ULONG);
    Context.Eip = Entry;
    if (!NT_SUCCESS(Status) && Loader->FailedName != NULL)
        DbgPrint("PS: %s: %s could not be loaded (%08lx)\n", ImageName,
                 Loader->FailedName, (ULONG)Status);
    KeUnstackDetachProcess(&ApcState);
    KeReleaseGuardedMutex(&create_lock);
    if (NT_SUCCESS(Status))
        Status = PspCreateUserThread(Process, &Context, &Stack, 0, NewThread);
    if (!NT_SUCCESS(Status)) {
        ObfDereferenceObject(Process);
        return Status;
    }
    *NewProcess = Process;
    return STATUS_SUCCESS;
}
