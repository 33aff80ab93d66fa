/*
 * The mutation fuzz of the PE layer. Each case takes a valid image and
 * breaks it at random: bit flips, interesting values and random bytes in
 * the headers and the tables, truncations. Two paths per case:
 *   - the file: refused with STATUS_INVALID_IMAGE_FORMAT and unchanged,
 *     or accepted, laid out, and then relocated, walked and looked up;
 *   - the image: a valid layout broken the same way, then relocated,
 *     walked and looked up (what a relocation or a bad IAT write leaves).
 * Buffers are exactly as big as they claim, so ASan sees any overrun;
 * the routines' answers must be ones they document, and pointers they
 * hand out must lie inside the image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_builder.h"

/* Larger accepted images are counted and skipped: the file check keeps
 * SizeOfImage honest, but the test has no reason to allocate 4 GiB. */
#define MAX_FUZZ_IMAGE (16UL * 1024 * 1024)

static unsigned random_state;
static unsigned long fuzz_case;
static unsigned fuzz_seed;

static unsigned next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

#define FUZZ_CHECK(Condition, ...)                                             \
    do {                                                                       \
        if (!(Condition)) {                                                    \
            printf("FAIL fuzz_of_mutated_images: case %lu of seed %u: ",       \
                   fuzz_case, fuzz_seed);                                      \
            printf(__VA_ARGS__);                                               \
            printf(" (%s:%d)\n", __FILE__, __LINE__);                          \
            return FALSE;                                                      \
        }                                                                      \
    } while (0)

static const ULONG interesting[] = {
    0,          1,          2,          4,          0x3C,       0x40,
    0x7F,       0x80,       0xE0,       0xFF,       0x100,      0x1FF,
    0x200,      0x400,      0xFFF,      0x1000,     0x3000,     0x4000,
    0x5FFC,     0x5FFF,     0x6000,     0x6001,     0x7FFF,     0x8000,
    0xFFFF,     0x10000,    0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFF000,
    0xFFFFFFFC, 0xFFFFFFFE, 0xFFFFFFFF,
};

static ULONG pick_value(void)
{
    switch (next_random() % 3) {
    case 0:
        return interesting[next_random() % ARRAYSIZE(interesting)];
    case 1:
        return next_random();
    default: /* near something else in the image */
        return interesting[next_random() % ARRAYSIZE(interesting)] +
               next_random() % 16 - 8;
    }
}

/* One to four mutations of Size bytes at Buffer, whose first Headers
 * bytes are headers; the rest is where the tables are. */
static void mutate(PUCHAR Buffer, ULONG Size, ULONG Headers, PULONG NewSize)
{
    ULONG Count = 1 + next_random() % 4, Offset, Region;

    while (Count-- > 0 && Size >= 4) {
        /* Headers half the time, the tables the other half. */
        Region = Headers < Size ? Headers : Size;
        Offset = next_random() % 2 || Region == Size
                     ? next_random() % Region
                     : Region + next_random() % (Size - Region);
        if (Offset > Size - 4)
            Offset = Size - 4;
        switch (next_random() % 6) {
        case 0:
            Buffer[Offset] ^= (UCHAR)(1u << (next_random() % 8));
            break;
        case 1:
            PePut32(Buffer, Offset & ~3u, pick_value());
            break;
        case 2:
            PePut16(Buffer, Offset & ~1u, (USHORT)pick_value());
            break;
        case 3:
            Buffer[Offset] = (UCHAR)next_random();
            break;
        case 4:
            if (NewSize != NULL)
                *NewSize = next_random() % (*NewSize + 1);
            break;
        default: /* a field of the NT headers or the section table */
            Offset = PE_LFANEW + 4 * (next_random() % 80);
            PePut32(Buffer, Offset, pick_value());
            break;
        }
    }
}

static BOOLEAN inside(PUCHAR Image, ULONG Size, const void *Pointer,
                      ULONG Length)
{
    return (const UCHAR *)Pointer >= Image &&
           (ULONG)((const UCHAR *)Pointer - Image) <= Size &&
           Length <= Size - (ULONG)((const UCHAR *)Pointer - Image);
}

static BOOLEAN string_inside(PUCHAR Image, ULONG Size, PCSTR String)
{
    ULONG Length;

    if (!inside(Image, Size, String, 1))
        return FALSE;
    Length = (ULONG)strnlen(String, Size - (ULONG)((PUCHAR)String - Image));
    return inside(Image, Size, String, Length + 1);
}

typedef struct _FUZZ_WALK {
    PUCHAR Image;
    ULONG Size;
    BOOLEAN Broken; /* a promise failed inside a routine */
} FUZZ_WALK;

static BOOLEAN check_export(PUCHAR Image, ULONG Size, NTSTATUS Status,
                            const LDRP_EXPORT *Export)
{
    if (Status != STATUS_SUCCESS)
        return Status == STATUS_PROCEDURE_NOT_FOUND ||
               Status == STATUS_ORDINAL_NOT_FOUND ||
               Status == STATUS_INVALID_IMAGE_FORMAT;
    if (Export->Forwarder != NULL)
        return Export->Address == NULL &&
               string_inside(Image, Size, Export->Forwarder);
    return Export->Address == Image + Export->Rva && Export->Rva < Size;
}

static NTSTATUS fuzz_dll(PVOID Context, ULONG Index, PCSTR DllName)
{
    FUZZ_WALK *Walk = Context;

    (void)Index;
    if (!string_inside(Walk->Image, Walk->Size, DllName))
        Walk->Broken = TRUE;
    return STATUS_SUCCESS;
}

/* Resolves each import against the image itself, and writes the IAT as a
 * loader would (with whatever value it found, or noise). */
static NTSTATUS fuzz_thunk(PVOID Context, const LDRP_IMPORT_THUNK *Thunk)
{
    FUZZ_WALK *Walk = Context;
    LDRP_EXPORT Export;
    NTSTATUS Status;

    if (!inside(Walk->Image, Walk->Size, Thunk->IatEntry, sizeof(ULONG)) ||
        (ULONG)((PUCHAR)Thunk->IatEntry - Walk->Image) % 4 != 0 ||
        !string_inside(Walk->Image, Walk->Size, Thunk->DllName) ||
        (!Thunk->ByOrdinal &&
         !string_inside(Walk->Image, Walk->Size, Thunk->Name))) {
        Walk->Broken = TRUE;
        return STATUS_UNSUCCESSFUL;
    }
    if (Thunk->ByOrdinal)
        Status = LdrpFindExportByOrdinal(Walk->Image, Walk->Size,
                                         Thunk->Ordinal, &Export);
    else
        Status = LdrpFindExportByName(Walk->Image, Walk->Size, Thunk->Name,
                                      Thunk->Hint, &Export);
    if (!check_export(Walk->Image, Walk->Size, Status, &Export)) {
        Walk->Broken = TRUE;
        return STATUS_UNSUCCESSFUL;
    }
    *Thunk->IatEntry = Status == STATUS_SUCCESS ? Export.Rva : pick_value();
    return STATUS_SUCCESS;
}

static const char *const export_names[] = {"Alpha", "Beta", "Forward",
                                           "",      "Zulu", "Missing"};

/* Relocation, imports and exports on a laid-out image of Size bytes. */
static BOOLEAN exercise_image(PUCHAR Image, ULONG Size)
{
    static const ULONG bases[] = {PE_BASE, 0x10000000, 0x00010000, 0xFFFF0000};
    PUCHAR Before = malloc(Size ? Size : 1);
    FUZZ_WALK Walk = {Image, Size, FALSE};
    LDRP_EXPORT Export;
    NTSTATUS Status;
    ULONG NewBase, Index;

    NewBase = next_random() % 2 ? bases[next_random() % ARRAYSIZE(bases)]
                                : next_random() & ~0xFFFu;
    memcpy(Before, Image, Size);
    Status = LdrpRelocateImage(Image, Size, NewBase);
    if (Status != STATUS_SUCCESS) {
        BOOLEAN Same = memcmp(Before, Image, Size) == 0;

        free(Before);
        FUZZ_CHECK(Status == STATUS_INVALID_IMAGE_FORMAT ||
                       Status == STATUS_CONFLICTING_ADDRESSES,
                   "relocation gave %#x", (unsigned)Status);
        FUZZ_CHECK(Same, "a refused relocation changed the image");
    } else {
        free(Before);
    }

    Status = LdrpWalkImports(Image, Size, fuzz_dll, fuzz_thunk, &Walk);
    FUZZ_CHECK(!Walk.Broken, "an import pointed outside the image");
    FUZZ_CHECK(Status == STATUS_SUCCESS ||
                   Status == STATUS_INVALID_IMAGE_FORMAT,
               "the import walk gave %#x", (unsigned)Status);

    for (Index = 0; Index < ARRAYSIZE(export_names); Index++) {
        Status = LdrpFindExportByName(Image, Size, export_names[Index],
                                      (USHORT)next_random(), &Export);
        FUZZ_CHECK(check_export(Image, Size, Status, &Export), "export %s: %#x",
                   export_names[Index], (unsigned)Status);
    }
    for (Index = 0; Index < 12; Index++) {
        ULONG Ordinal = Index < 10 ? Index : pick_value();

        Status = LdrpFindExportByOrdinal(Image, Size, Ordinal, &Export);
        FUZZ_CHECK(check_export(Image, Size, Status, &Export),
                   "ordinal %lu: %#x", (unsigned long)Ordinal,
                   (unsigned)Status);
    }
    /* NT's own routines trust the headers: only where they are sound. */
    if (RtlpImageNtHeaderInImage(Image, Size) != NULL) {
        PVOID Address = RtlFindExportedRoutineByName(Image, "Alpha");

        FUZZ_CHECK(Address == NULL || inside(Image, Size, Address, 1),
                   "RtlFindExportedRoutineByName outside the image");
    }
    return TRUE;
}

typedef struct _FUZZ_COUNTS {
    unsigned long Accepted, Refused, Skipped;
} FUZZ_COUNTS;

static BOOLEAN fuzz_file(const PE_IMAGE *Valid, FUZZ_COUNTS *Counts)
{
    ULONG Size = Valid->FileSize;
    PUCHAR Work = malloc(PE_MAX_FILE), File, Saved, Image;
    PIMAGE_NT_HEADERS Nt = NULL;
    NTSTATUS Status;
    ULONG ImageSize;

    memcpy(Work, Valid->File, PE_MAX_FILE);
    mutate(Work, Valid->FileSize, 0x200, &Size);
    File = malloc(Size ? Size : 1);
    Saved = malloc(Size ? Size : 1);
    memcpy(File, Work, Size);
    memcpy(Saved, Work, Size);
    free(Work);

    Status = RtlpVerifyImageFile(File, Size, &Nt);
    if (Status != STATUS_SUCCESS) {
        BOOLEAN Same = memcmp(File, Saved, Size) == 0;

        free(File);
        free(Saved);
        Counts->Refused++;
        FUZZ_CHECK(Status == STATUS_INVALID_IMAGE_FORMAT,
                   "the file check gave %#x", (unsigned)Status);
        FUZZ_CHECK(Same, "the file check changed the file");
        return TRUE;
    }
    Counts->Accepted++;
    ImageSize = Nt->OptionalHeader.SizeOfImage;
    if (ImageSize > MAX_FUZZ_IMAGE) {
        Counts->Skipped++;
        free(File);
        free(Saved);
        return TRUE;
    }
    Image = calloc(1, ImageSize);
    Status = RtlpCopyImageFile(File, Size, Image, ImageSize);
    if (Status != STATUS_SUCCESS || memcmp(File, Saved, Size) != 0) {
        free(File);
        free(Saved);
        free(Image);
        FUZZ_CHECK(FALSE, "the copy of an accepted file gave %#x",
                   (unsigned)Status);
    }
    free(File);
    free(Saved);
    if (!exercise_image(Image, ImageSize)) {
        free(Image);
        return FALSE;
    }
    free(Image);
    return TRUE;
}

static BOOLEAN fuzz_image(const PE_IMAGE *Valid)
{
    PUCHAR Image = malloc(Valid->ImageSize);
    BOOLEAN Result;

    memcpy(Image, Valid->Layout, Valid->ImageSize);
    mutate(Image, Valid->ImageSize, 0x200, NULL);
    Result = exercise_image(Image, Valid->ImageSize);
    free(Image);
    return Result;
}

BOOLEAN PeFuzz(unsigned Seed, unsigned long Cases)
{
    static PE_IMAGE valid[5];
    static const PE_OPTIONS variants[ARRAYSIZE(valid)] = {
        {TRUE, TRUE, TRUE, FALSE, FALSE},   {TRUE, TRUE, TRUE, TRUE, FALSE},
        {FALSE, TRUE, TRUE, FALSE, FALSE},  {TRUE, FALSE, FALSE, FALSE, FALSE},
        {FALSE, FALSE, FALSE, FALSE, TRUE},
    };
    FUZZ_COUNTS Counts = {0, 0, 0};
    ULONG Index;

    fuzz_seed = Seed;
    random_state = Seed ? Seed : 1;
    for (Index = 0; Index < ARRAYSIZE(valid); Index++)
        PeBuild(&valid[Index], &variants[Index]);
    for (fuzz_case = 0; fuzz_case < Cases; fuzz_case++) {
        const PE_IMAGE *Valid = &valid[next_random() % ARRAYSIZE(valid)];

        if (!fuzz_file(Valid, &Counts) || !fuzz_image(Valid))
            return FALSE;
    }
    printf("    %lu cases: %lu files accepted (%lu too big to lay out), "
           "%lu refused; as many broken layouts\n",
           Cases, Counts.Accepted, Counts.Skipped, Counts.Refused);
    /* A fuzz that only ever refuses (or accepts) tests little. */
    return Cases < 1000 ||
           (Counts.Accepted > Cases / 100 && Counts.Refused > Cases / 100);
}
