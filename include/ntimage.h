/*
 * PE/COFF images as x86 NT sees them: the structures and constants of
 * winnt.h (the DDK's ntimage.h spells them with USHORT/ULONG/UCHAR, as
 * here), and NT's Rtl/Ldr routines over an image already in memory.
 *
 * NT's routines below trust the image they are given, as NT's do: they
 * are for images the loader has checked and laid out. An untrusted file
 * goes through RtlpVerifyImageFile and RtlpCopyImageFile first, and the
 * bounded variants in include/kernel/image.h (docs/pe-images.md).
 *
 * Every structure here holds only 8-, 16- and 32-bit fields, so the same
 * layout holds on the LP64 host the unit tests run on.
 */
#ifndef NTIMAGE_H
#define NTIMAGE_H

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IMAGE_DOS_SIGNATURE 0x5A4D    /* MZ */
#define IMAGE_NT_SIGNATURE 0x00004550 /* PE00 */

typedef struct _IMAGE_DOS_HEADER {
    USHORT e_magic;
    USHORT e_cblp;
    USHORT e_cp;
    USHORT e_crlc;
    USHORT e_cparhdr;
    USHORT e_minalloc;
    USHORT e_maxalloc;
    USHORT e_ss;
    USHORT e_sp;
    USHORT e_csum;
    USHORT e_ip;
    USHORT e_cs;
    USHORT e_lfarlc;
    USHORT e_ovno;
    USHORT e_res[4];
    USHORT e_oemid;
    USHORT e_oeminfo;
    USHORT e_res2[10];
    LONG e_lfanew; /* file offset of the NT headers */
} IMAGE_DOS_HEADER, *PIMAGE_DOS_HEADER;

typedef struct _IMAGE_FILE_HEADER {
    USHORT Machine;
    USHORT NumberOfSections;
    ULONG TimeDateStamp;
    ULONG PointerToSymbolTable;
    ULONG NumberOfSymbols;
    USHORT SizeOfOptionalHeader;
    USHORT Characteristics;
} IMAGE_FILE_HEADER, *PIMAGE_FILE_HEADER;

#define IMAGE_SIZEOF_FILE_HEADER 20

#define IMAGE_FILE_MACHINE_UNKNOWN 0
#define IMAGE_FILE_MACHINE_I386 0x014C
#define IMAGE_FILE_MACHINE_IA64 0x0200
#define IMAGE_FILE_MACHINE_ARMNT 0x01C4
#define IMAGE_FILE_MACHINE_AMD64 0x8664
#define IMAGE_FILE_MACHINE_ARM64 0xAA64

/* FileHeader.Characteristics */
#define IMAGE_FILE_RELOCS_STRIPPED 0x0001
#define IMAGE_FILE_EXECUTABLE_IMAGE 0x0002
#define IMAGE_FILE_LINE_NUMS_STRIPPED 0x0004
#define IMAGE_FILE_LOCAL_SYMS_STRIPPED 0x0008
#define IMAGE_FILE_AGGRESIVE_WS_TRIM 0x0010
#define IMAGE_FILE_LARGE_ADDRESS_AWARE 0x0020
#define IMAGE_FILE_BYTES_REVERSED_LO 0x0080
#define IMAGE_FILE_32BIT_MACHINE 0x0100
#define IMAGE_FILE_DEBUG_STRIPPED 0x0200
#define IMAGE_FILE_REMOVABLE_RUN_FROM_SWAP 0x0400
#define IMAGE_FILE_NET_RUN_FROM_SWAP 0x0800
#define IMAGE_FILE_SYSTEM 0x1000
#define IMAGE_FILE_DLL 0x2000
#define IMAGE_FILE_UP_SYSTEM_ONLY 0x4000
#define IMAGE_FILE_BYTES_REVERSED_HI 0x8000

typedef struct _IMAGE_DATA_DIRECTORY {
    ULONG VirtualAddress;
    ULONG Size;
} IMAGE_DATA_DIRECTORY, *PIMAGE_DATA_DIRECTORY;

#define IMAGE_NUMBEROF_DIRECTORY_ENTRIES 16

#define IMAGE_DIRECTORY_ENTRY_EXPORT 0
#define IMAGE_DIRECTORY_ENTRY_IMPORT 1
#define IMAGE_DIRECTORY_ENTRY_RESOURCE 2
#define IMAGE_DIRECTORY_ENTRY_EXCEPTION 3
#define IMAGE_DIRECTORY_ENTRY_SECURITY 4 /* a file offset, not an RVA */
#define IMAGE_DIRECTORY_ENTRY_BASERELOC 5
#define IMAGE_DIRECTORY_ENTRY_DEBUG 6
#define IMAGE_DIRECTORY_ENTRY_ARCHITECTURE 7
#define IMAGE_DIRECTORY_ENTRY_GLOBALPTR 8
#define IMAGE_DIRECTORY_ENTRY_TLS 9
#define IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG 10
#define IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT 11
#define IMAGE_DIRECTORY_ENTRY_IAT 12
#define IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT 13
#define IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR 14

typedef struct _IMAGE_OPTIONAL_HEADER32 {
    USHORT Magic;
    UCHAR MajorLinkerVersion;
    UCHAR MinorLinkerVersion;
    ULONG SizeOfCode;
    ULONG SizeOfInitializedData;
    ULONG SizeOfUninitializedData;
    ULONG AddressOfEntryPoint;
    ULONG BaseOfCode;
    ULONG BaseOfData;
    ULONG ImageBase;
    ULONG SectionAlignment;
    ULONG FileAlignment;
    USHORT MajorOperatingSystemVersion;
    USHORT MinorOperatingSystemVersion;
    USHORT MajorImageVersion;
    USHORT MinorImageVersion;
    USHORT MajorSubsystemVersion;
    USHORT MinorSubsystemVersion;
    ULONG Win32VersionValue;
    ULONG SizeOfImage;
    ULONG SizeOfHeaders;
    ULONG CheckSum;
    USHORT Subsystem;
    USHORT DllCharacteristics;
    ULONG SizeOfStackReserve;
    ULONG SizeOfStackCommit;
    ULONG SizeOfHeapReserve;
    ULONG SizeOfHeapCommit;
    ULONG LoaderFlags;
    ULONG NumberOfRvaAndSizes;
    IMAGE_DATA_DIRECTORY DataDirectory[IMAGE_NUMBEROF_DIRECTORY_ENTRIES];
} IMAGE_OPTIONAL_HEADER32, *PIMAGE_OPTIONAL_HEADER32;

#define IMAGE_NT_OPTIONAL_HDR32_MAGIC 0x10B
#define IMAGE_NT_OPTIONAL_HDR64_MAGIC 0x20B
#define IMAGE_ROM_OPTIONAL_HDR_MAGIC 0x107
#define IMAGE_NT_OPTIONAL_HDR_MAGIC IMAGE_NT_OPTIONAL_HDR32_MAGIC

#define IMAGE_SUBSYSTEM_UNKNOWN 0
#define IMAGE_SUBSYSTEM_NATIVE 1
#define IMAGE_SUBSYSTEM_WINDOWS_GUI 2
#define IMAGE_SUBSYSTEM_WINDOWS_CUI 3
#define IMAGE_SUBSYSTEM_OS2_CUI 5
#define IMAGE_SUBSYSTEM_POSIX_CUI 7
#define IMAGE_SUBSYSTEM_NATIVE_WINDOWS 8
#define IMAGE_SUBSYSTEM_WINDOWS_CE_GUI 9
#define IMAGE_SUBSYSTEM_EFI_APPLICATION 10
#define IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER 11
#define IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER 12
#define IMAGE_SUBSYSTEM_EFI_ROM 13
#define IMAGE_SUBSYSTEM_XBOX 14
#define IMAGE_SUBSYSTEM_WINDOWS_BOOT_APPLICATION 16

/* OptionalHeader.DllCharacteristics */
#define IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA 0x0020
#define IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE 0x0040
#define IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY 0x0080
#define IMAGE_DLLCHARACTERISTICS_NX_COMPAT 0x0100
#define IMAGE_DLLCHARACTERISTICS_NO_ISOLATION 0x0200
#define IMAGE_DLLCHARACTERISTICS_NO_SEH 0x0400
#define IMAGE_DLLCHARACTERISTICS_NO_BIND 0x0800
#define IMAGE_DLLCHARACTERISTICS_APPCONTAINER 0x1000
#define IMAGE_DLLCHARACTERISTICS_WDM_DRIVER 0x2000
#define IMAGE_DLLCHARACTERISTICS_GUARD_CF 0x4000
#define IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE 0x8000

typedef struct _IMAGE_NT_HEADERS {
    ULONG Signature;
    IMAGE_FILE_HEADER FileHeader;
    IMAGE_OPTIONAL_HEADER32 OptionalHeader;
} IMAGE_NT_HEADERS32, *PIMAGE_NT_HEADERS32;

/* On x86 the native headers are the 32-bit ones. */
typedef IMAGE_NT_HEADERS32 IMAGE_NT_HEADERS, *PIMAGE_NT_HEADERS;
typedef IMAGE_OPTIONAL_HEADER32 IMAGE_OPTIONAL_HEADER, *PIMAGE_OPTIONAL_HEADER;

#define IMAGE_SIZEOF_SHORT_NAME 8

typedef struct _IMAGE_SECTION_HEADER {
    UCHAR Name[IMAGE_SIZEOF_SHORT_NAME];
    union {
        ULONG PhysicalAddress;
        ULONG VirtualSize;
    } Misc;
    ULONG VirtualAddress;
    ULONG SizeOfRawData;
    ULONG PointerToRawData;
    ULONG PointerToRelocations;
    ULONG PointerToLinenumbers;
    USHORT NumberOfRelocations;
    USHORT NumberOfLinenumbers;
    ULONG Characteristics;
} IMAGE_SECTION_HEADER, *PIMAGE_SECTION_HEADER;

#define IMAGE_SIZEOF_SECTION_HEADER 40

/* The section table follows the optional header, whatever its size. */
#define IMAGE_FIRST_SECTION(NtHeader)                                          \
    ((PIMAGE_SECTION_HEADER)((ULONG_PTR)(NtHeader) +                           \
                             FIELD_OFFSET(IMAGE_NT_HEADERS, OptionalHeader) +  \
                             (NtHeader)->FileHeader.SizeOfOptionalHeader))

/* Section Characteristics */
#define IMAGE_SCN_TYPE_NO_PAD 0x00000008
#define IMAGE_SCN_CNT_CODE 0x00000020
#define IMAGE_SCN_CNT_INITIALIZED_DATA 0x00000040
#define IMAGE_SCN_CNT_UNINITIALIZED_DATA 0x00000080
#define IMAGE_SCN_LNK_OTHER 0x00000100
#define IMAGE_SCN_LNK_INFO 0x00000200
#define IMAGE_SCN_LNK_REMOVE 0x00000800
#define IMAGE_SCN_LNK_COMDAT 0x00001000
#define IMAGE_SCN_GPREL 0x00008000
#define IMAGE_SCN_ALIGN_1BYTES 0x00100000
#define IMAGE_SCN_ALIGN_2BYTES 0x00200000
#define IMAGE_SCN_ALIGN_4BYTES 0x00300000
#define IMAGE_SCN_ALIGN_8BYTES 0x00400000
#define IMAGE_SCN_ALIGN_16BYTES 0x00500000
#define IMAGE_SCN_ALIGN_32BYTES 0x00600000
#define IMAGE_SCN_ALIGN_64BYTES 0x00700000
#define IMAGE_SCN_ALIGN_128BYTES 0x00800000
#define IMAGE_SCN_ALIGN_256BYTES 0x00900000
#define IMAGE_SCN_ALIGN_512BYTES 0x00A00000
#define IMAGE_SCN_ALIGN_1024BYTES 0x00B00000
#define IMAGE_SCN_ALIGN_2048BYTES 0x00C00000
#define IMAGE_SCN_ALIGN_4096BYTES 0x00D00000
#define IMAGE_SCN_ALIGN_8192BYTES 0x00E00000
#define IMAGE_SCN_ALIGN_MASK 0x00F00000
#define IMAGE_SCN_LNK_NRELOC_OVFL 0x01000000
#define IMAGE_SCN_MEM_DISCARDABLE 0x02000000
#define IMAGE_SCN_MEM_NOT_CACHED 0x04000000
#define IMAGE_SCN_MEM_NOT_PAGED 0x08000000
#define IMAGE_SCN_MEM_SHARED 0x10000000
#define IMAGE_SCN_MEM_EXECUTE 0x20000000
#define IMAGE_SCN_MEM_READ 0x40000000
#define IMAGE_SCN_MEM_WRITE 0x80000000

/* Base relocations: blocks of one page each, a header and then USHORTs
 * whose top 4 bits are the type and low 12 the offset in the page. */
typedef struct _IMAGE_BASE_RELOCATION {
    ULONG VirtualAddress;
    ULONG SizeOfBlock; /* this header included */
} IMAGE_BASE_RELOCATION, *PIMAGE_BASE_RELOCATION;

#define IMAGE_SIZEOF_BASE_RELOCATION 8

#define IMAGE_REL_BASED_ABSOLUTE 0 /* padding: nothing to do */
#define IMAGE_REL_BASED_HIGH 1
#define IMAGE_REL_BASED_LOW 2
#define IMAGE_REL_BASED_HIGHLOW 3
#define IMAGE_REL_BASED_HIGHADJ 4 /* the next entry holds the low half */
#define IMAGE_REL_BASED_MACHINE_SPECIFIC_5 5
#define IMAGE_REL_BASED_RESERVED 6
#define IMAGE_REL_BASED_MACHINE_SPECIFIC_7 7
#define IMAGE_REL_BASED_MACHINE_SPECIFIC_8 8
#define IMAGE_REL_BASED_MACHINE_SPECIFIC_9 9
#define IMAGE_REL_BASED_DIR64 10

typedef struct _IMAGE_IMPORT_DESCRIPTOR {
    union {
        ULONG Characteristics;    /* 0 in the terminating descriptor */
        ULONG OriginalFirstThunk; /* RVA of the lookup table (INT) */
    };
    ULONG TimeDateStamp; /* 0 unbound, -1 bound (new style) */
    ULONG ForwarderChain;
    ULONG Name;       /* RVA of the DLL's name */
    ULONG FirstThunk; /* RVA of the import address table (IAT) */
} IMAGE_IMPORT_DESCRIPTOR, *PIMAGE_IMPORT_DESCRIPTOR;

typedef struct _IMAGE_THUNK_DATA32 {
    union {
        ULONG ForwarderString;
        ULONG Function;
        ULONG Ordinal;
        ULONG AddressOfData; /* RVA of an IMAGE_IMPORT_BY_NAME */
    } u1;
} IMAGE_THUNK_DATA32, *PIMAGE_THUNK_DATA32;

typedef IMAGE_THUNK_DATA32 IMAGE_THUNK_DATA, *PIMAGE_THUNK_DATA;

#define IMAGE_ORDINAL_FLAG32 0x80000000
#define IMAGE_ORDINAL32(Ordinal) ((Ordinal)&0xFFFF)
#define IMAGE_SNAP_BY_ORDINAL32(Ordinal) (((Ordinal)&IMAGE_ORDINAL_FLAG32) != 0)
#define IMAGE_ORDINAL_FLAG IMAGE_ORDINAL_FLAG32
#define IMAGE_ORDINAL(Ordinal) IMAGE_ORDINAL32(Ordinal)
#define IMAGE_SNAP_BY_ORDINAL(Ordinal) IMAGE_SNAP_BY_ORDINAL32(Ordinal)

typedef struct _IMAGE_IMPORT_BY_NAME {
    USHORT Hint; /* where in the exporter's name table to look first */
    CHAR Name[1];
} IMAGE_IMPORT_BY_NAME, *PIMAGE_IMPORT_BY_NAME;

typedef struct _IMAGE_EXPORT_DIRECTORY {
    ULONG Characteristics;
    ULONG TimeDateStamp;
    USHORT MajorVersion;
    USHORT MinorVersion;
    ULONG Name;
    ULONG Base; /* the ordinal of AddressOfFunctions[0] */
    ULONG NumberOfFunctions;
    ULONG NumberOfNames;
    ULONG AddressOfFunctions;    /* RVA of ULONG RVAs */
    ULONG AddressOfNames;        /* RVA of ULONG RVAs, sorted by name */
    ULONG AddressOfNameOrdinals; /* RVA of USHORT indices, Base taken off */
} IMAGE_EXPORT_DIRECTORY, *PIMAGE_EXPORT_DIRECTORY;

typedef struct _IMAGE_TLS_DIRECTORY32 {
    ULONG StartAddressOfRawData; /* virtual addresses, not RVAs */
    ULONG EndAddressOfRawData;
    ULONG AddressOfIndex;
    ULONG AddressOfCallBacks;
    ULONG SizeOfZeroFill;
    union {
        ULONG Characteristics;
        struct {
            ULONG Reserved0 : 20;
            ULONG Alignment : 4;
            ULONG Reserved1 : 8;
        };
    };
} IMAGE_TLS_DIRECTORY32, *PIMAGE_TLS_DIRECTORY32;

typedef IMAGE_TLS_DIRECTORY32 IMAGE_TLS_DIRECTORY, *PIMAGE_TLS_DIRECTORY;

/* The layouts are the file format: pin them. */
_Static_assert(sizeof(IMAGE_DOS_HEADER) == 64, "IMAGE_DOS_HEADER");
_Static_assert(offsetof(IMAGE_DOS_HEADER, e_lfanew) == 0x3C, "e_lfanew");
_Static_assert(sizeof(IMAGE_FILE_HEADER) == IMAGE_SIZEOF_FILE_HEADER,
               "IMAGE_FILE_HEADER");
_Static_assert(sizeof(IMAGE_DATA_DIRECTORY) == 8, "IMAGE_DATA_DIRECTORY");
_Static_assert(sizeof(IMAGE_OPTIONAL_HEADER32) == 224,
               "IMAGE_OPTIONAL_HEADER32");
_Static_assert(offsetof(IMAGE_OPTIONAL_HEADER32, ImageBase) == 28, "ImageBase");
_Static_assert(offsetof(IMAGE_OPTIONAL_HEADER32, SizeOfImage) == 56,
               "SizeOfImage");
_Static_assert(offsetof(IMAGE_OPTIONAL_HEADER32, NumberOfRvaAndSizes) == 92,
               "NumberOfRvaAndSizes");
_Static_assert(offsetof(IMAGE_OPTIONAL_HEADER32, DataDirectory) == 96,
               "DataDirectory");
_Static_assert(sizeof(IMAGE_NT_HEADERS32) == 248, "IMAGE_NT_HEADERS32");
_Static_assert(offsetof(IMAGE_NT_HEADERS32, OptionalHeader) == 24,
               "OptionalHeader");
_Static_assert(sizeof(IMAGE_SECTION_HEADER) == IMAGE_SIZEOF_SECTION_HEADER,
               "IMAGE_SECTION_HEADER");
_Static_assert(offsetof(IMAGE_SECTION_HEADER, Characteristics) == 36,
               "Section Characteristics");
_Static_assert(sizeof(IMAGE_BASE_RELOCATION) == IMAGE_SIZEOF_BASE_RELOCATION,
               "IMAGE_BASE_RELOCATION");
_Static_assert(sizeof(IMAGE_IMPORT_DESCRIPTOR) == 20,
               "IMAGE_IMPORT_DESCRIPTOR");
_Static_assert(offsetof(IMAGE_IMPORT_DESCRIPTOR, FirstThunk) == 16,
               "FirstThunk");
_Static_assert(sizeof(IMAGE_THUNK_DATA32) == 4, "IMAGE_THUNK_DATA32");
_Static_assert(offsetof(IMAGE_IMPORT_BY_NAME, Name) == 2, "Import name");
_Static_assert(sizeof(IMAGE_EXPORT_DIRECTORY) == 40, "IMAGE_EXPORT_DIRECTORY");
_Static_assert(offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNameOrdinals) == 36,
               "AddressOfNameOrdinals");
_Static_assert(sizeof(IMAGE_TLS_DIRECTORY32) == 24, "IMAGE_TLS_DIRECTORY32");

/*
 * NT's routines over an image in memory.
 */

/* RtlImageNtHeaderEx: skip the range checks against Size. */
#define RTL_IMAGE_NT_HEADER_EX_FLAG_NO_RANGE_CHECK 0x00000001

/* The NT headers of the image (or file) at Base, Size bytes long.
 * STATUS_INVALID_PARAMETER for a NULL OutHeaders, an unknown flag, or a
 * Base of NULL or -1; STATUS_INVALID_IMAGE_FORMAT for a missing MZ or PE
 * signature, an e_lfanew of 256 MiB or more, or (range-checked) a Size
 * too small for the DOS header or the NT signature and file header.
 * *OutHeaders is NULL on any failure after the first. Only the signature
 * and the file header are checked to lie within Size. */
NTSYSAPI NTSTATUS NTAPI RtlImageNtHeaderEx(ULONG Flags, PVOID Base,
                                           ULONGLONG Size,
                                           PIMAGE_NT_HEADERS *OutHeaders);
/* The same without range checks; NULL when it fails. */
NTSYSAPI PIMAGE_NT_HEADERS NTAPI RtlImageNtHeader(PVOID Base);

/* Where data directory DirectoryEntry's data is, and its Size; NULL when
 * the image has no such directory (index at or past NumberOfRvaAndSizes,
 * or RVA 0; *Size is then left alone). MappedAsImage TRUE: Base is the
 * image layout (RVA = offset); FALSE: Base is the file as read, and the
 * RVA goes through the section table (data in the headers is at its RVA
 * either way). Bit 0 of Base set means FALSE, as in NT. */
NTSYSAPI PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base,
                                                  BOOLEAN MappedAsImage,
                                                  USHORT DirectoryEntry,
                                                  PULONG Size);
/* The section whose raw data holds Rva ([VirtualAddress, VirtualAddress +
 * SizeOfRawData), as NT looks), or NULL. Base is unused, as in NT. */
NTSYSAPI PIMAGE_SECTION_HEADER NTAPI
RtlImageRvaToSection(PIMAGE_NT_HEADERS NtHeaders, PVOID Base, ULONG Rva);
/* Where Rva's byte is in the file at Base, or NULL when no section's raw
 * data holds it. *LastRvaSection (optional) is tried first and updated. */
NTSYSAPI PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS NtHeaders, PVOID Base,
                                     ULONG Rva,
                                     PIMAGE_SECTION_HEADER *LastRvaSection);

/* Applies Count relocation entries of one block to the page at
 * VirtualAddress, moved by Diff; returns the next block (just past the
 * entries), or NULL at an entry of a type x86 does not have (DIR64 and the
 * machine-specific ones) or a HIGHADJ without its second entry. Unchecked:
 * LdrRelocateImageWithBias checks every block before it calls these. */
NTSYSAPI PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlockLongLong(
    ULONG_PTR VirtualAddress, ULONG Count, PUSHORT NextOffset, LONGLONG Diff);
NTSYSAPI PIMAGE_BASE_RELOCATION NTAPI LdrProcessRelocationBlock(
    ULONG_PTR VirtualAddress, ULONG Count, PUSHORT NextOffset, LONG_PTR Diff);

/* Relocates the image laid out at NewBase to run at NewBase +
 * AdditionalBias; returns Success, Conflict or Invalid (the caller's
 * statuses, as in NT: usually STATUS_SUCCESS,
 * STATUS_CONFLICTING_ADDRESSES, STATUS_INVALID_IMAGE_FORMAT). Bounds are
 * the image's own SizeOfImage; see LdrpRelocateImage for the rules.
 * LoaderName is only a label, as NT prints it in its debug messages. */
NTSYSAPI ULONG NTAPI LdrRelocateImageWithBias(PVOID NewBase,
                                              LONGLONG AdditionalBias,
                                              PCSTR LoaderName, ULONG Success,
                                              ULONG Conflict, ULONG Invalid);
NTSYSAPI ULONG NTAPI LdrRelocateImage(PVOID NewBase, PCSTR LoaderName,
                                      ULONG Success, ULONG Conflict,
                                      ULONG Invalid);

/* The address RoutineName is exported at from the image at ImageBase, as
 * the kernel exports it to drivers: NULL when the image has no export of
 * that name, when the export is a forwarder (NT does not follow them
 * here), or when the export table is malformed. */
NTSYSAPI PVOID NTAPI RtlFindExportedRoutineByName(PVOID ImageBase,
                                                  PCSTR RoutineName);

#ifdef __cplusplus
}
#endif

#endif
