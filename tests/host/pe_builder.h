/*
 * Valid x86 PE images made in the test: the file, and the image layout
 * the loader should make of it. The layout (RVAs, PE_BASE 0x00400000,
 * SectionAlignment 0x1000, FileAlignment 0x200):
 *
 *   0x0000 headers   e_lfanew 0x40, section table at 0x138, 0x200 bytes
 *   0x1000 .text     0x180 bytes (0x200 raw: the rest is file padding),
 *                    entry point; absolute addresses to relocate
 *   0x2000 .data     one pointer to relocate
 *   0x3000 .rdata    imports (ntdll: NtClose by name, ordinal 7;
 *                    kernel32: ExitProcess, no lookup table) and
 *                    exports of "test.dll" (Base 5: Alpha 5, unused 6,
 *                    Beta 7, Forward 8 -> "ntdll.NtClose")
 *   0x4000 .reloc    two blocks: HIGHLOW, HIGH, LOW, HIGHADJ at 0x1000;
 *                    HIGHLOW at 0x2000
 *   0x5000 .bss      0x100 bytes, nothing in the file
 *
 * The small variant has SectionAlignment = FileAlignment = 0x200 and one
 * section at RVA = file offset 0x200.
 */
#ifndef PE_BUILDER_H
#define PE_BUILDER_H

#include "kernel/image.h"

#define PE_BASE 0x00400000UL
#define PE_IMAGE_SIZE 0x6000UL
#define PE_FILE_SIZE 0xE00UL
#define PE_LFANEW 0x40UL
#define PE_MAX_FILE 0x1000UL

/* Where the builder puts things (RVAs). */
#define PE_TEXT 0x1000UL
#define PE_DATA 0x2000UL
#define PE_RDATA 0x3000UL
#define PE_RELOC 0x4000UL
#define PE_BSS 0x5000UL
#define PE_FIX_HIGHLOW (PE_TEXT + 0x10) /* PE_BASE + PE_DATA */
#define PE_FIX_HIGH (PE_TEXT + 0x20)    /* high half of PE_FIX_HIGH_VALUE */
#define PE_FIX_LOW (PE_TEXT + 0x30)     /* low half of PE_FIX_LOW_VALUE */
#define PE_FIX_HIGHADJ (PE_TEXT + 0x40) /* of PE_FIX_HIGHADJ_VALUE */
#define PE_FIX_DATA (PE_DATA + 0x4)     /* PE_BASE + PE_TEXT */
#define PE_FIX_HIGH_VALUE (PE_BASE + 0x2345)
#define PE_FIX_LOW_VALUE (PE_BASE + 0xF123)
#define PE_FIX_HIGHADJ_VALUE (PE_BASE + 0x28000) /* low half negative */
#define PE_IMPORTS PE_RDATA
#define PE_NTDLL_INT (PE_RDATA + 0x200)
#define PE_NTDLL_IAT (PE_RDATA + 0x240)
#define PE_KERNEL32_IAT (PE_RDATA + 0x260)
#define PE_EXPORTS (PE_RDATA + 0x400)
#define PE_EXPORTS_SIZE 0xC0UL
#define PE_EXPORT_FUNCTIONS (PE_EXPORTS + 0x40)
#define PE_EXPORT_NAMES (PE_EXPORTS + 0x60)
#define PE_EXPORT_ORDINALS (PE_EXPORTS + 0x70)
#define PE_FORWARDER (PE_EXPORTS + 0xA0)
#define PE_RELOC_SIZE 32UL
#define PE_RELOC_BLOCK2 (PE_RELOC + 20)

typedef struct _PE_OPTIONS {
    BOOLEAN Relocations;
    BOOLEAN Imports;
    BOOLEAN Exports;
    BOOLEAN Dll;   /* IMAGE_FILE_DLL, entry point 0 */
    BOOLEAN Small; /* the small-alignment variant (nothing else in it) */
} PE_OPTIONS;

typedef struct _PE_IMAGE {
    ULONG FileSize;
    ULONG ImageSize;
    /* ULONG-aligned, as a loader's buffers are. */
    __attribute__((aligned(8))) UCHAR File[PE_MAX_FILE];
    __attribute__((aligned(8))) UCHAR Layout[PE_IMAGE_SIZE];
} PE_IMAGE;

/* Fills Image with the file and the layout the options ask for. */
void PeBuild(PE_IMAGE *Image, const PE_OPTIONS *Options);

/* The built file laid out by RtlpCopyImageFile in a buffer of exactly
 * SizeOfImage bytes (ASan sees any overrun), or NULL if that failed. A
 * test holds one at a time: the next PeMap, or PeUnmap, frees it. */
PUCHAR PeMap(const PE_IMAGE *Image);
void PeUnmap(void);

/* The NT headers and section N of a built file (or layout). */
PIMAGE_NT_HEADERS PeNtHeaders(PUCHAR Base);
PIMAGE_SECTION_HEADER PeSection(PUCHAR Base, ULONG Index);

/* Little-endian stores into a buffer at an offset. */
void PePut32(PUCHAR Base, ULONG Offset, ULONG Value);
void PePut16(PUCHAR Base, ULONG Offset, USHORT Value);
ULONG PeGet32(const UCHAR *Base, ULONG Offset);
USHORT PeGet16(const UCHAR *Base, ULONG Offset);

/* The fuzz: Cases mutated images from Seed (pe_fuzz.c); returns FALSE
 * and prints the case at the first broken promise. */
BOOLEAN PeFuzz(unsigned Seed, unsigned long Cases);

#endif
