/*
 * The loader's checked view of PE images (docs/pe-images.md). Pure: no
 * allocation and no kernel-only call, so the host tests build it as is.
 *
 * A program or driver arrives as a file (a boot module) nobody vouches
 * for. The order of use:
 *
 *   RtlpVerifyImageFile(File, FileSize, &Nt)      every header rule
 *   Image = caller's zeroed SizeOfImage bytes     the caller owns memory
 *   RtlpCopyImageFile(File, FileSize, Image, Nt->OptionalHeader.SizeOfImage)
 *   LdrpRelocateImage(Image, ImageSize, Base)     when it cannot run at
 *                                                 its preferred base
 *   LdrpWalkImports(Image, ImageSize, ...)        resolve and write the IAT
 *   LdrpFindExportByName / ByOrdinal              in the DLLs it imports
 *
 * Each routine after the first checks what it reads against ImageSize
 * again, because the image in memory is not the file that was verified
 * (relocations and the IAT change it). A malformed image gives
 * STATUS_INVALID_IMAGE_FORMAT, and a routine that refuses an image has
 * written nothing.
 */
#ifndef KERNEL_IMAGE_H
#define KERNEL_IMAGE_H

#include "ntimage.h"
#include "ntstatus.h"

/* [Offset, Offset + Length) lies within Size bytes, without wrapping. */
FORCEINLINE BOOLEAN RtlpRangeInside(ULONG Offset, ULONG Length, ULONG Size)
{
    return Offset <= Size && Length <= Size - Offset;
}

/*
 * The file layout: checks and copy.
 */

/* The page size the section rules are stated in (NT's x86 PAGE_SIZE). */
#define RTLP_IMAGE_PAGE_SIZE 0x1000UL
/* NT's bound on the section table (as its memory manager has it). */
#define RTLP_IMAGE_MAX_SECTIONS 96

/* Checks the file of FileSize bytes at File as an x86 PE32 image to be
 * laid out and run (the rules are listed in docs/pe-images.md and at the
 * routine). STATUS_SUCCESS and *NtHeaders (optional) pointing into File;
 * STATUS_INVALID_IMAGE_FORMAT for any broken rule, *NtHeaders untouched;
 * STATUS_INVALID_PARAMETER for a NULL File. Reads only; File should be
 * 4-byte aligned (it is read as the structures it holds). */
NTSTATUS RtlpVerifyImageFile(PCVOID File, ULONG FileSize,
                             PIMAGE_NT_HEADERS *NtHeaders);

/* Lays the checked file out as the image: the headers at 0, each
 * section's raw data at its RVA; the rest of Image is left as it is, so
 * the caller passes zeroed memory (demand-zero pages are). Verifies the
 * file first; STATUS_BUFFER_TOO_SMALL when ImageSize is below
 * SizeOfImage. Nothing is written unless it succeeds. */
NTSTATUS RtlpCopyImageFile(PCVOID File, ULONG FileSize, PVOID Image,
                           ULONG ImageSize);

/*
 * The image layout (RVA = offset from Image), every read bounded by
 * ImageSize.
 */

/* The NT headers of the image, when the DOS header, e_lfanew (4-byte
 * aligned), the whole optional header with its data directories (at most
 * 16) and SizeOfImage all fit in ImageSize and the image is PE32; else
 * NULL. */
PIMAGE_NT_HEADERS RtlpImageNtHeaderInImage(PVOID Image, ULONG ImageSize);

/* Data directory Entry: STATUS_SUCCESS with *Data NULL when the image has
 * none (RVA or size 0, or past NumberOfRvaAndSizes), else *Data and *Size
 * when the whole of it lies in the image and *Data is 4-byte aligned;
 * STATUS_INVALID_IMAGE_FORMAT otherwise. */
NTSTATUS RtlpImageDirectoryEntry(PVOID Image, ULONG ImageSize, USHORT Entry,
                                 PVOID *Data, PULONG Size);

/* The NUL-terminated string at Rva, or NULL when it runs past the image. */
PCSTR RtlpImageString(PVOID Image, ULONG ImageSize, ULONG Rva);

/* Relocates the image (laid out at Image, ImageSize bytes) to run at
 * NewImageBase, and sets its ImageBase to it.
 * STATUS_SUCCESS: moved (or nothing to do: NewImageBase is its base).
 * STATUS_CONFLICTING_ADDRESSES: it must move but has no relocations (the
 *   directory is empty or absent; NT's ntdll and kernel loaders report the
 *   same for a fixed image), or it would not fit below 4 GiB there.
 * STATUS_INVALID_IMAGE_FORMAT: a block out of the directory or the image,
 *   a SizeOfBlock below 8 or not a multiple of 4, a fixup reaching past
 *   the image or into the relocation directory itself, a HIGHADJ without
 *   its second entry, a type x86 has not. Every block is checked before
 *   any fixup is applied: a refused image is untouched. */
NTSTATUS LdrpRelocateImage(PVOID Image, ULONG ImageSize, ULONG NewImageBase);

/* One import, as LdrpWalkImports reports it. */
typedef struct _LDRP_IMPORT_THUNK {
    ULONG DescriptorIndex; /* which DLL, in import-table order */
    PCSTR DllName;         /* NUL-terminated, in the image */
    ULONG ThunkIndex;      /* which import of that DLL */
    BOOLEAN ByOrdinal;
    USHORT Ordinal;  /* ByOrdinal: the exporter's (biased) ordinal */
    USHORT Hint;     /* by name: the exporter's name-table index to try */
    PCSTR Name;      /* by name: NUL-terminated, in the image */
    PULONG IatEntry; /* the IAT slot to write the resolved address to */
} LDRP_IMPORT_THUNK, *PLDRP_IMPORT_THUNK;

/* Called once per DLL, before its imports; a failure stops the walk and
 * is returned. */
typedef NTSTATUS (*PLDRP_IMPORT_DLL_ROUTINE)(PVOID Context,
                                             ULONG DescriptorIndex,
                                             PCSTR DllName);
/* Called once per import; a failure stops the walk and is returned. */
typedef NTSTATUS (*PLDRP_IMPORT_THUNK_ROUTINE)(PVOID Context,
                                               const LDRP_IMPORT_THUNK *Thunk);

/* Walks the import descriptors (up to the first one with no Name or no
 * FirstThunk, as NT stops) and their thunks: the lookup table
 * (OriginalFirstThunk, or the IAT itself when that is 0) up to its 0
 * entry. The whole table is checked before the first call: descriptors,
 * names and both thunk arrays inside the image, arrays 4-byte aligned, an
 * ordinal import with bits 30-16 clear. STATUS_SUCCESS (also for an image
 * without imports), STATUS_INVALID_IMAGE_FORMAT with no call made, or the
 * first failure a routine returned. Either routine may be NULL. The
 * routines may write the IAT: the walk still checks each entry as it
 * reads it, so an IAT laid over the table it walks cannot take it out of
 * the image. */
NTSTATUS LdrpWalkImports(PVOID Image, ULONG ImageSize,
                         PLDRP_IMPORT_DLL_ROUTINE DllRoutine,
                         PLDRP_IMPORT_THUNK_ROUTINE ThunkRoutine,
                         PVOID Context);

/* One export, as the lookups find it. */
typedef struct _LDRP_EXPORT {
    ULONG Ordinal;   /* biased: what an importer names */
    ULONG Rva;       /* of the routine, or of the forwarder string */
    PVOID Address;   /* Image + Rva; NULL for a forwarder */
    PCSTR Forwarder; /* "DLL.Name" or "DLL.#Ordinal"; NULL if not one */
} LDRP_EXPORT, *PLDRP_EXPORT;

/* The export Name of the image: the name table entry Hint is tried
 * first, then a binary search (the table is sorted, as NT requires).
 * STATUS_SUCCESS and *Export; STATUS_PROCEDURE_NOT_FOUND when there is
 * no such name (or no export table); STATUS_INVALID_IMAGE_FORMAT when a
 * table, name or entry it reads lies outside the image. A forwarder is
 * reported as such and not followed. */
NTSTATUS LdrpFindExportByName(PVOID Image, ULONG ImageSize, PCSTR Name,
                              USHORT Hint, PLDRP_EXPORT Export);
/* The export with the biased Ordinal; STATUS_ORDINAL_NOT_FOUND when it is
 * below Base, past the table or an unused (0) slot, else as above. */
NTSTATUS LdrpFindExportByOrdinal(PVOID Image, ULONG ImageSize, ULONG Ordinal,
                                 PLDRP_EXPORT Export);

#endif
