/*
 * What the kernel and ring 3 share, in NT x86's layouts: the thread
 * environment block (fs:[0] in user mode), the process environment block,
 * the loader's module list, the process parameters and KUSER_SHARED_DATA.
 * The kernel (GCC) and the user libraries (clang in MSVC mode) both include
 * this file, so a field means the same on either side of the boundary; the
 * offsets a debugger or a program reads are pinned below.
 */
#ifndef NTPEB_H
#define NTPEB_H

#include "ntdef.h"
#include "ntlist.h"

#ifdef __cplusplus
extern "C" {
#endif

/* KUSER_SHARED_DATA: one page the kernel writes at 0xFFDF0000 and every
 * process reads at 0x7FFE0000. */
#define KI_USER_SHARED_DATA 0xFFDF0000UL
#define MM_SHARED_USER_DATA_VA 0x7FFE0000UL

typedef struct _KSYSTEM_TIME {
    ULONG LowPart;
    LONG High1Time; /* written before LowPart, High2Time after: a reader */
    LONG High2Time; /* retries until High1Time equals High2Time */
} KSYSTEM_TIME, *PKSYSTEM_TIME;

typedef enum _NT_PRODUCT_TYPE {
    NtProductWinNt = 1,
    NtProductLanManNt,
    NtProductServer
} NT_PRODUCT_TYPE;

#define PROCESSOR_FEATURE_MAX 64

typedef struct _KUSER_SHARED_DATA {
    ULONG TickCountLowDeprecated;        /* 0x000 */
    ULONG TickCountMultiplier;           /* 0x004: ms per tick, 24.8 fixed */
    volatile KSYSTEM_TIME InterruptTime; /* 0x008: 100 ns since boot */
    volatile KSYSTEM_TIME SystemTime;    /* 0x014 */
    volatile KSYSTEM_TIME TimeZoneBias;  /* 0x020 */
    USHORT ImageNumberLow;               /* 0x02C: IMAGE_FILE_MACHINE_I386 */
    USHORT ImageNumberHigh;
    WCHAR NtSystemRoot[260];  /* 0x030 */
    ULONG MaxStackTraceDepth; /* 0x238 */
    ULONG CryptoExponent;
    ULONG TimeZoneId;
    ULONG Reserved2[8];
    NT_PRODUCT_TYPE NtProductType; /* 0x264 */
    BOOLEAN ProductTypeIsValid;
    ULONG NtMajorVersion;                             /* 0x26C */
    ULONG NtMinorVersion;                             /* 0x270 */
    BOOLEAN ProcessorFeatures[PROCESSOR_FEATURE_MAX]; /* 0x274 */
    ULONG Reserved1;
    ULONG Reserved3;
    volatile ULONG TimeSlip;
    ULONG AlternativeArchitecture;
    ULONG Reserved4; /* GCC aligns 64-bit fields to 4 on x86: pad as MSVC */
    LARGE_INTEGER SystemExpirationDate; /* 0x2C8 */
    ULONG SuiteMask;
    BOOLEAN KdDebuggerEnabled; /* 0x2D4 */
    UCHAR NXSupportPolicy;
    volatile ULONG ActiveConsoleId; /* 0x2D8 */
    volatile ULONG DismountCount;
    ULONG ComPlusPackage;
    ULONG LastSystemRITEventTickCount;
    ULONG NumberOfPhysicalPages; /* 0x2E8 */
    BOOLEAN SafeBootMode;
    ULONG TraceLogging; /* 0x2F0 */
    ULONG Reserved5;
    ULONGLONG TestRetInstruction; /* 0x2F8 */
    ULONG SystemCall;             /* 0x300: the system-call stub */
    ULONG SystemCallReturn;       /* 0x304: where sysexit returns */
    ULONGLONG SystemCallPad[3];
    union {
        volatile KSYSTEM_TIME TickCount; /* 0x320: clock ticks since boot */
        volatile ULONGLONG TickCountQuad;
        struct {
            ULONG ReservedTickCountOverlay[3];
            ULONG TickCountPad[1]; /* 16 bytes with either compiler */
        };
    };
    ULONG Cookie; /* 0x330 */
} KUSER_SHARED_DATA, *PKUSER_SHARED_DATA;

#define SharedUserData ((KUSER_SHARED_DATA *const)MM_SHARED_USER_DATA_VA)

/* The exception list at fs:[0] in both modes, and the stack bounds. */
struct _EXCEPTION_REGISTRATION_RECORD;
typedef struct _NT_TIB {
    struct _EXCEPTION_REGISTRATION_RECORD *ExceptionList; /* 0x00 */
    PVOID StackBase;                                      /* 0x04 */
    PVOID StackLimit;                                     /* 0x08 */
    PVOID SubSystemTib;
    PVOID FiberData;
    PVOID ArbitraryUserPointer;
    struct _NT_TIB *Self; /* 0x18: the TEB's linear address */
} NT_TIB, *PNT_TIB;

typedef struct _CURDIR {
    UNICODE_STRING DosPath;
    HANDLE Handle;
} CURDIR, *PCURDIR;

/* The process's start-up parameters, normalised (pointers, not offsets)
 * by the time the program runs. */
typedef struct _RTL_USER_PROCESS_PARAMETERS {
    ULONG MaximumLength; /* 0x00 */
    ULONG Length;
    ULONG Flags;
    ULONG DebugFlags;
    HANDLE ConsoleHandle; /* 0x10 */
    ULONG ConsoleFlags;
    HANDLE StandardInput; /* 0x18 */
    HANDLE StandardOutput;
    HANDLE StandardError;
    CURDIR CurrentDirectory;      /* 0x24 */
    UNICODE_STRING DllPath;       /* 0x30 */
    UNICODE_STRING ImagePathName; /* 0x38 */
    UNICODE_STRING CommandLine;   /* 0x40 */
    PVOID Environment;            /* 0x48 */
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001

/* The loader's books: one entry per mapped image, on three lists. */
typedef struct _PEB_LDR_DATA {
    ULONG Length; /* 0x00 */
    BOOLEAN Initialized;
    PVOID SsHandle;
    LIST_ENTRY InLoadOrderModuleList;           /* 0x0C */
    LIST_ENTRY InMemoryOrderModuleList;         /* 0x14 */
    LIST_ENTRY InInitializationOrderModuleList; /* 0x1C */
} PEB_LDR_DATA, *PPEB_LDR_DATA;

typedef struct _LDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;           /* 0x00 */
    LIST_ENTRY InMemoryOrderLinks;         /* 0x08 */
    LIST_ENTRY InInitializationOrderLinks; /* 0x10 */
    PVOID DllBase;                         /* 0x18 */
    PVOID EntryPoint;                      /* 0x1C: NULL for none */
    ULONG SizeOfImage;                     /* 0x20 */
    UNICODE_STRING FullDllName;            /* 0x24 */
    UNICODE_STRING BaseDllName;            /* 0x2C */
    ULONG Flags;                           /* 0x34: LDRP_* */
    USHORT LoadCount;                      /* 0x38 */
    USHORT TlsIndex;
    LIST_ENTRY HashLinks; /* 0x3C */
    ULONG TimeDateStamp;  /* 0x44 */
} LDR_DATA_TABLE_ENTRY, *PLDR_DATA_TABLE_ENTRY;

#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000

typedef struct _PEB {
    BOOLEAN InheritedAddressSpace; /* 0x00 */
    BOOLEAN ReadImageFileExecOptions;
    BOOLEAN BeingDebugged; /* 0x02 */
    BOOLEAN SpareBool;
    HANDLE Mutant;
    PVOID ImageBaseAddress;                         /* 0x08 */
    PPEB_LDR_DATA Ldr;                              /* 0x0C */
    PRTL_USER_PROCESS_PARAMETERS ProcessParameters; /* 0x10 */
    PVOID SubSystemData;
    PVOID ProcessHeap; /* 0x18: set by ntdll's loader */
    PVOID FastPebLock;
    PVOID Reserved1[17];      /* 0x20-0x60: NT's lock and callback pointers */
    ULONG NumberOfProcessors; /* 0x64 */
    ULONG NtGlobalFlag;       /* 0x68 */
    ULONG Reserved2;          /* 8-byte alignment for the next field */
    LARGE_INTEGER CriticalSectionTimeout; /* 0x70 */
    ULONG HeapSegmentReserve;             /* 0x78 */
    ULONG HeapSegmentCommit;
    ULONG HeapDeCommitTotalFreeThreshold;
    ULONG HeapDeCommitFreeBlockThreshold;
    ULONG NumberOfHeaps; /* 0x88 */
    ULONG MaximumNumberOfHeaps;
    PVOID *ProcessHeaps; /* 0x90 */
    PVOID GdiSharedHandleTable;
    PVOID ProcessStarterHelper;
    ULONG GdiDCAttributeList;
    PVOID LoaderLock;     /* 0xA0 */
    ULONG OSMajorVersion; /* 0xA4 */
    ULONG OSMinorVersion;
    USHORT OSBuildNumber; /* 0xAC */
    USHORT OSCSDVersion;
    ULONG OSPlatformId;   /* 0xB0 */
    ULONG ImageSubsystem; /* 0xB4 */
    ULONG ImageSubsystemMajorVersion;
    ULONG ImageSubsystemMinorVersion;
    ULONG ImageProcessAffinityMask; /* 0xC0 */
} PEB, *PPEB;

#define TLS_MINIMUM_AVAILABLE 64

typedef struct _TEB {
    NT_TIB NtTib;                    /* 0x000 */
    PVOID EnvironmentPointer;        /* 0x01C */
    CLIENT_ID ClientId;              /* 0x020 */
    PVOID ActiveRpcHandle;           /* 0x028 */
    PVOID ThreadLocalStoragePointer; /* 0x02C */
    PPEB ProcessEnvironmentBlock;    /* 0x030 */
    ULONG LastErrorValue;            /* 0x034 */
    ULONG CountOfOwnedCriticalSections;
    PVOID CsrClientThread;
    PVOID Win32ThreadInfo; /* 0x040 */
    ULONG User32Reserved[26];
    ULONG UserReserved[5];
    PVOID WOW32Reserved; /* 0x0C0 */
    ULONG CurrentLocale;
    ULONG FpSoftwareStatusRegister;
    PVOID SystemReserved1[54]; /* 0x0CC */
    NTSTATUS ExceptionCode;    /* 0x1A4 */
    UCHAR Reserved2[0xBF4 - 0x1A8];
    NTSTATUS LastStatusValue;              /* 0xBF4 */
    UNICODE_STRING StaticUnicodeString;    /* 0xBF8 */
    WCHAR StaticUnicodeBuffer[261];        /* 0xC00 */
    PVOID DeallocationStack;               /* 0xE0C: the stack reservation */
    PVOID TlsSlots[TLS_MINIMUM_AVAILABLE]; /* 0xE10 */
    LIST_ENTRY TlsLinks;                   /* 0xF10 */
} TEB, *PTEB;

/* The initial thread's stack as NtCreateThread receives it (NT's
 * INITIAL_TEB): a fixed stack has StackBase/StackLimit; an expandable one
 * has the reservation's bottom and the committed part's bounds. */
typedef struct _INITIAL_TEB {
    PVOID OldStackBase;
    PVOID OldStackLimit;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID AllocatedStackBase;
} INITIAL_TEB, *PINITIAL_TEB;

#if defined(__i386__) || defined(_M_IX86)
#define NTPEB_OFFSET(Type, Field, Offset)                                      \
    _Static_assert(offsetof(Type, Field) == (Offset), #Type "." #Field)
NTPEB_OFFSET(KUSER_SHARED_DATA, InterruptTime, 0x008);
NTPEB_OFFSET(KUSER_SHARED_DATA, NtSystemRoot, 0x030);
NTPEB_OFFSET(KUSER_SHARED_DATA, NtProductType, 0x264);
NTPEB_OFFSET(KUSER_SHARED_DATA, NtMajorVersion, 0x26C);
NTPEB_OFFSET(KUSER_SHARED_DATA, ProcessorFeatures, 0x274);
NTPEB_OFFSET(KUSER_SHARED_DATA, SystemExpirationDate, 0x2C8);
NTPEB_OFFSET(KUSER_SHARED_DATA, KdDebuggerEnabled, 0x2D4);
NTPEB_OFFSET(KUSER_SHARED_DATA, NumberOfPhysicalPages, 0x2E8);
NTPEB_OFFSET(KUSER_SHARED_DATA, TestRetInstruction, 0x2F8);
NTPEB_OFFSET(KUSER_SHARED_DATA, SystemCall, 0x300);
NTPEB_OFFSET(KUSER_SHARED_DATA, SystemCallReturn, 0x304);
NTPEB_OFFSET(KUSER_SHARED_DATA, TickCount, 0x320);
NTPEB_OFFSET(KUSER_SHARED_DATA, Cookie, 0x330);
NTPEB_OFFSET(RTL_USER_PROCESS_PARAMETERS, ImagePathName, 0x38);
NTPEB_OFFSET(RTL_USER_PROCESS_PARAMETERS, CommandLine, 0x40);
NTPEB_OFFSET(RTL_USER_PROCESS_PARAMETERS, Environment, 0x48);
NTPEB_OFFSET(PEB_LDR_DATA, InInitializationOrderModuleList, 0x1C);
NTPEB_OFFSET(LDR_DATA_TABLE_ENTRY, DllBase, 0x18);
NTPEB_OFFSET(LDR_DATA_TABLE_ENTRY, BaseDllName, 0x2C);
NTPEB_OFFSET(LDR_DATA_TABLE_ENTRY, TimeDateStamp, 0x44);
NTPEB_OFFSET(PEB, ImageBaseAddress, 0x08);
NTPEB_OFFSET(PEB, ProcessHeap, 0x18);
NTPEB_OFFSET(PEB, NumberOfProcessors, 0x64);
NTPEB_OFFSET(PEB, ProcessHeaps, 0x90);
NTPEB_OFFSET(PEB, OSMajorVersion, 0xA4);
NTPEB_OFFSET(PEB, ImageSubsystem, 0xB4);
NTPEB_OFFSET(TEB, ClientId, 0x020);
NTPEB_OFFSET(TEB, ProcessEnvironmentBlock, 0x030);
NTPEB_OFFSET(TEB, LastErrorValue, 0x034);
NTPEB_OFFSET(TEB, SystemReserved1, 0x0CC);
NTPEB_OFFSET(TEB, ExceptionCode, 0x1A4);
NTPEB_OFFSET(TEB, LastStatusValue, 0xBF4);
NTPEB_OFFSET(TEB, StaticUnicodeBuffer, 0xC00);
NTPEB_OFFSET(TEB, DeallocationStack, 0xE0C);
NTPEB_OFFSET(TEB, TlsSlots, 0xE10);
NTPEB_OFFSET(TEB, TlsLinks, 0xF10);
#undef NTPEB_OFFSET
#endif

#ifdef __cplusplus
}
#endif

#endif
