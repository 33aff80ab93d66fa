/*
 * The import table of a laid-out image, walked for the loader that
 * resolves it: each DLL named, then each of its imports (by ordinal, or
 * by name with a hint) with the IAT slot its address goes to. The walk
 * runs twice over the same checks: once to refuse a malformed table
 * before anyone acts on it, once to report.
 */
#include "kernel/image.h"

typedef struct _IMPORT_WALK {
    PUCHAR Image;
    ULONG ImageSize;
    PLDRP_IMPORT_DLL_ROUTINE DllRoutine;
    PLDRP_IMPORT_THUNK_ROUTINE ThunkRoutine;
    PVOID Context;
    BOOLEAN Report;   /* FALSE: only check */
    ULONG ThunksLeft; /* a bound that keeps the walk linear in the image */
} IMPORT_WALK;

static ULONG read_ulong(const IMPORT_WALK *Walk, ULONG Rva)
{
    ULONG Value;

    __builtin_memcpy(&Value, Walk->Image + Rva, sizeof(Value));
    return Value;
}

/* One lookup entry (nonzero) into Thunk; FALSE when it is malformed. */
static BOOLEAN decode_thunk(const IMPORT_WALK *Walk, ULONG Value,
                            PLDRP_IMPORT_THUNK Thunk)
{
    USHORT Hint;

    if (IMAGE_SNAP_BY_ORDINAL32(Value)) {
        /* Bits 30-16 must be clear: only 16 bits are an ordinal. */
        if (Value & ~(IMAGE_ORDINAL_FLAG32 | 0xFFFF))
            return FALSE;
        Thunk->ByOrdinal = TRUE;
        Thunk->Ordinal = (USHORT)IMAGE_ORDINAL32(Value);
        Thunk->Hint = 0;
        Thunk->Name = NULL;
        return TRUE;
    }
    /* IMAGE_IMPORT_BY_NAME: a hint, then the name, in the image. */
    if (!RtlpRangeInside(Value, sizeof(USHORT), Walk->ImageSize))
        return FALSE;
    __builtin_memcpy(&Hint, Walk->Image + Value, sizeof(Hint));
    Thunk->ByOrdinal = FALSE;
    Thunk->Ordinal = 0;
    Thunk->Hint = Hint;
    Thunk->Name = RtlpImageString(Walk->Image, Walk->ImageSize,
                                  Value + (ULONG)sizeof(USHORT));
    return Thunk->Name != NULL;
}

/* One descriptor's thunks, from the lookup table at LookupRva and the IAT
 * at IatRva, up to the lookup table's 0 entry. */
static NTSTATUS walk_thunks(IMPORT_WALK *Walk, PLDRP_IMPORT_THUNK Thunk,
                            ULONG LookupRva, ULONG IatRva)
{
    NTSTATUS Status;
    ULONG Value;

    if (LookupRva % sizeof(ULONG) != 0 || IatRva % sizeof(ULONG) != 0)
        return STATUS_INVALID_IMAGE_FORMAT;
    for (Thunk->ThunkIndex = 0;; Thunk->ThunkIndex++) {
        /* Each RVA is checked before it is read, and is then at most
         * ImageSize - 4, so the step below cannot wrap. */
        if (!RtlpRangeInside(LookupRva, sizeof(ULONG), Walk->ImageSize))
            return STATUS_INVALID_IMAGE_FORMAT;
        Value = read_ulong(Walk, LookupRva);
        if (Value == 0)
            return STATUS_SUCCESS;
        if (Walk->ThunksLeft-- == 0 ||
            !RtlpRangeInside(IatRva, sizeof(ULONG), Walk->ImageSize) ||
            !decode_thunk(Walk, Value, Thunk))
            return STATUS_INVALID_IMAGE_FORMAT;
        Thunk->IatEntry = (PULONG)(Walk->Image + IatRva);
        if (Walk->Report && Walk->ThunkRoutine != NULL) {
            Status = Walk->ThunkRoutine(Walk->Context, Thunk);
            if (!NT_SUCCESS(Status))
                return Status;
        }
        LookupRva += sizeof(ULONG);
        IatRva += sizeof(ULONG);
    }
}

static NTSTATUS walk_imports(IMPORT_WALK *Walk)
{
    LDRP_IMPORT_THUNK Thunk;
    PUCHAR Table;
    ULONG TableSize, Rva, Name, FirstThunk, Lookup;
    NTSTATUS Status;

    Status = RtlpImageDirectoryEntry(Walk->Image, Walk->ImageSize,
                                     IMAGE_DIRECTORY_ENTRY_IMPORT,
                                     (PVOID *)&Table, &TableSize);
    if (!NT_SUCCESS(Status) || Table == NULL)
        return Status;
    /* Every slot is a distinct ULONG of the image, so more thunks than
     * that is a table walking itself in circles. */
    Walk->ThunksLeft = Walk->ImageSize / sizeof(ULONG);
    Rva = (ULONG)(Table - Walk->Image);
    for (Thunk.DescriptorIndex = 0;; Thunk.DescriptorIndex++) {
        if (!RtlpRangeInside(Rva, sizeof(IMAGE_IMPORT_DESCRIPTOR),
                             Walk->ImageSize))
            return STATUS_INVALID_IMAGE_FORMAT;
        /* Read once: the routines may write the IAT, wherever it is. */
        Name =
            read_ulong(Walk, Rva + FIELD_OFFSET(IMAGE_IMPORT_DESCRIPTOR, Name));
        FirstThunk = read_ulong(
            Walk, Rva + FIELD_OFFSET(IMAGE_IMPORT_DESCRIPTOR, FirstThunk));
        Lookup = read_ulong(Walk, Rva + FIELD_OFFSET(IMAGE_IMPORT_DESCRIPTOR,
                                                     OriginalFirstThunk));
        if (Name == 0 || FirstThunk == 0)
            return STATUS_SUCCESS;
        Thunk.DllName = RtlpImageString(Walk->Image, Walk->ImageSize, Name);
        if (Thunk.DllName == NULL)
            return STATUS_INVALID_IMAGE_FORMAT;
        if (Walk->Report && Walk->DllRoutine != NULL) {
            Status = Walk->DllRoutine(Walk->Context, Thunk.DescriptorIndex,
                                      Thunk.DllName);
            if (!NT_SUCCESS(Status))
                return Status;
        }
        Status = walk_thunks(Walk, &Thunk, Lookup != 0 ? Lookup : FirstThunk,
                             FirstThunk);
        if (!NT_SUCCESS(Status))
            return Status;
        Rva += sizeof(IMAGE_IMPORT_DESCRIPTOR);
    }
}

NTSTATUS LdrpWalkImports(PVOID Image, ULONG ImageSize,
                         PLDRP_IMPORT_DLL_ROUTINE DllRoutine,
                         PLDRP_IMPORT_THUNK_ROUTINE ThunkRoutine, PVOID Context)
{
    IMPORT_WALK Walk = {Image,   ImageSize, DllRoutine, ThunkRoutine,
                        Context, FALSE,     0};
    NTSTATUS Status;

    Status = walk_imports(&Walk);
    if (!NT_SUCCESS(Status))
        return Status;
    Walk.Report = TRUE;
    return walk_imports(&Walk);
}
