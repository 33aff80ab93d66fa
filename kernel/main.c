/*
 * KiSystemStartup: the C entry, called by boot/entry.asm on the boot stack
 * with paging on and the kernel in the high half. One line per subsystem,
 * in the order they come up.
 */
#include "kernel/bugcheck.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/gdt.h"
#include "kernel/io.h"
#include "kernel/irql.h"
#include "kernel/ktest.h"
#include "kernel/memory_layout.h"
#include "kernel/mm.h"
#include "kernel/multiboot.h"
#include "kernel/object.h"
#include "kernel/paging.h"
#include "kernel/pool.h"
#include "kernel/process.h"
#include "kernel/sections.h"
#include "kernel/shell.h"
#include "kernel/sysldr.h"
#include "kernel/system_service.h"
#include "kernel/thread.h"
#include "kernel/trap.h"
#include "kernel/verifier.h"
#include "kernel/worker.h"

#ifndef KI_VERSION
#define KI_VERSION "unknown"
#endif

static KI_COMMAND_LINE command_line;
static KI_BOOT_INFORMATION boot_information;

const KI_COMMAND_LINE *KiGetCommandLine(VOID)
{
    return &command_line;
}

const KI_BOOT_INFORMATION *KiGetBootInformation(VOID)
{
    return &boot_information;
}

/* The banner's first lines; the shell's `ver` prints them again. */
VOID KiPrintBanner(VOID)
{
    const KI_BOOT_INFORMATION *Boot = &boot_information;

    DbgPrint("NT mini-kernel %s (i686, %s build)\n", KI_VERSION,
             DBG ? "checked" : "free");
    if (Boot->BootLoaderName != NULL)
        DbgPrint("Loaded by: %s\n", Boot->BootLoaderName);
}

ALLOC_TEXT(INIT) static void print_banner(const KI_BOOT_INFORMATION *Boot)
{
    KiPrintBanner();
    if (Boot->HasMemorySizes)
        DbgPrint("Memory: %lu KiB low, %lu KiB above 1 MiB (%lu MiB)\n",
                 Boot->MemLowerKb, Boot->MemUpperKb,
                 (Boot->MemUpperKb + 1024) / 1024);
    else
        DbgPrint("Memory: the loader reported no sizes\n");
    DbgPrint("Command line: %s\n",
             Boot->CommandLine != NULL ? Boot->CommandLine : "(none)");
    KiReportCommandLine(&command_line); /* dropped words, unknown options */
}

ALLOC_TEXT(INIT)
static void read_boot_information(ULONG InfoPhysical, KI_BOOT_INFORMATION *Boot)
{
    ULONG Problems;

    KiReadBootInformation(InfoPhysical, KI_KERNEL_VIRTUAL_BASE,
                          KI_EARLY_MAP_SIZE, Boot, &Problems);
    KiConsoleSelectScreen(); /* VGA text or framebuffer */
    if (Problems & KI_BOOT_PROBLEM_INFO)
        DbgPrint("boot: Multiboot information at %08lx is out of reach; "
                 "ignored\n",
                 InfoPhysical);
    if (Problems & KI_BOOT_PROBLEM_CMDLINE)
        DbgPrint("boot: the command line is unreadable; ignored\n");
    if (Problems & KI_BOOT_PROBLEM_LOADER_NAME)
        DbgPrint("boot: the loader's name is unreadable; ignored\n");
    if (Problems & KI_BOOT_PROBLEM_MEMORY_MAP)
        DbgPrint("boot: the memory map is out of reach; ignored\n");
    if (Problems & KI_BOOT_PROBLEM_MODULES)
        DbgPrint("boot: the module list is out of reach; modules ignored\n");
    if (Problems & KI_BOOT_PROBLEM_FRAMEBUFFER)
        DbgPrint("boot: the loader left a video mode the console cannot draw "
                 "on (type %u, %u bits per pixel, %lux%lu, pitch %lu, at "
                 "%08lx%08lx); serial only\n",
                 Boot->Framebuffer.Type, Boot->Framebuffer.Bpp,
                 Boot->Framebuffer.Width, Boot->Framebuffer.Height,
                 Boot->Framebuffer.Pitch,
                 (ULONG)(Boot->Framebuffer.Physical >> 32),
                 (ULONG)Boot->Framebuffer.Physical);

    KiParseCommandLine(Boot->CommandLine, &command_line);
}

/*
 * Phase 1, in the first system thread: what needs threads to wait on, then
 * the session: a crash test, the test suite, a benchmark, or the shell.
 */
static VOID NTAPI phase1_initialization(PVOID Context)
{
    PCSTR Option;

    UNREFERENCED_PARAMETER(Context);
    ExpWorkerInitialization(); /* system worker threads */
    MmInitializePageFile();    /* the page-file disk, if there is one */
    if ((Option = KiGetOption(&command_line, "crash")) != NULL)
        KtRunCrash(Option);
    if ((Option = KiGetOption(&command_line, "test")) != NULL)
        KtRunTests(Option);
    if ((Option = KiGetOption(&command_line, "bench")) != NULL)
        KtRunBenchmarks(Option);

    DbgPrint("Boot complete.\n");
    KiRunShell();
}

/* The boot flow hands over to a system thread and becomes the idle
 * thread, as NT's does. */
static DECLSPEC_NORETURN VOID start_phase1(VOID)
{
    HANDLE Thread;
    NTSTATUS Status =
        PsCreateSystemThread(&Thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                             phase1_initialization, NULL);

    if (!NT_SUCCESS(Status))
        KeBugCheckEx(PHASE1_INITIALIZATION_FAILED, (ULONG)Status, 0, 0, 0);
    ZwClose(Thread);
    KiIdleLoop();
}

VOID KiSystemStartup(ULONG Magic, ULONG InfoPhysical)
{
    KI_BOOT_INFORMATION *Boot = &boot_information;

    KiConsoleInitialize(); /* COM1, when there is one */
    if (Magic != MULTIBOOT_BOOTLOADER_MAGIC) {
        KiConsoleSelectScreen(); /* VGA text, most likely */
        DbgPrint("This kernel must be started by a Multiboot loader such as "
                 "GRUB (eax was %08lx, not %08lx). Halted.\n",
                 Magic, (ULONG)MULTIBOOT_BOOTLOADER_MAGIC);
        KiHaltProcessor();
    }
    KiInitializeCpu();                         /* CPUID, CR0 and CR4 */
    KiInitializeGdt();                         /* GDT, TSSs, fs -> PCR */
    KiInitializeBootThread();                  /* the boot flow's thread */
    KiInitializeIdt();                         /* exceptions and traps */
    KiInitializeSystemServices();              /* int 0x2e, sysenter */
    read_boot_information(InfoPhysical, Boot); /* memory, command line */
    print_banner(Boot);
    KiDescribeCpu();
    KiExitOnBugCheck = KiGetOption(&command_line, "test") != NULL ||
                       KiGetOption(&command_line, "crash") != NULL;
    MmInitializePhysicalMemory(Boot, /* memory map, PFN database, buddy */
                               KiGetBooleanOption(&command_line, "mmcheck"));
    MmInitializeVirtualMemory(); /* self-map, protections, system PTEs */
    KiConsoleMapScreen();        /* a framebuffer becomes visible */
    KiConsoleDescribe();
    KiInitializeInterrupts(KiGetOption(&command_line, "hal")); /* HAL, clock */
    ExInitializePool(); /* slab caches, tag tracking, lookaside timer */
    ExpInitializeLookasideAdjustment();
    HaliKeyboardInitialize(); /* input: PS/2 and serial, by interrupt */
    HaliSerialStartInput();
    KtInitializeProbe();              /* a test's witness of the INIT section */
    PspInitializeInitialThread();     /* the boot flow in the thread list */
    MmFreeInitSections();             /* initialisation is over */
    ObInitSystem();                   /* types, namespace, kernel handles */
    IoInitSystem();                   /* device, driver and file objects */
    MmInitializeBootFiles(Boot);      /* \SystemRoot: the loader's modules */
    MmInitializeSystemLoader();       /* PsLoadedModuleList: drivers can load */
    MiInitializeDriverVerifierList(); /* verifier=, verifier_flags=, seed */
    start_phase1();                   /* the shell or the tests; idle here */
}
