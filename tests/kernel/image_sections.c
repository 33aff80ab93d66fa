/*
 * Image sections (mm/image_section.c): as many as there are images, each
 * found again by its file and dropped with it.
 */
#include "kernel/ktest.h"
#include "kernel/object.h"
#include "kernel/section.h"
#include "tests/kernel/kt_ring3.h"

extern const UCHAR KtSampleExe[], KtSampleExeEnd[];

#define KT_IMAGE_COPIES 40 /* more than the 32 a fixed table once held */
#define KT_IMAGE_TAG 'gmIK'

/* Forty distinct files (copies of the sample program): forty sections,
 * each found by its own file, all gone when their files are. */
KTEST(image_sections_have_no_fixed_limit)
{
    static PVOID Copies[KT_IMAGE_COPIES];
    ULONG Size = (ULONG)(KtSampleExeEnd - KtSampleExe), Index;
    PFN_NUMBER Frames = KtUserFreeFrames();
    SIZE_T Bytes = KtUserPoolBytes();
    PSECTION Section, Previous = NULL;
    KT_CLEANUP_SECTION;

    RtlZeroMemory(Copies, sizeof(Copies));
    for (Index = 0; Index < KT_IMAGE_COPIES; Index++) {
        Copies[Index] = ExAllocatePoolWithTag(NonPagedPool, Size, KT_IMAGE_TAG);
        KT_ASSERT(Copies[Index] != NULL);
        RtlCopyMemory(Copies[Index], KtSampleExe, Size);
        MiPrepareImageSection(Copies[Index], Size);
    }
    for (Index = 0; Index < KT_IMAGE_COPIES; Index++) {
        Section = MiLookupImageSection(Copies[Index]);
        KT_ASSERT_MSG(Section != NULL, "image %lu has no section", Index);
        ObDereferenceObject(Section);
        KT_ASSERT(Section->AllocationAttributes & SEC_IMAGE);
        KT_ASSERT(Section != Previous);
        Previous = Section;
    }
    KT_CLEANUP;
    for (Index = 0; Index < KT_IMAGE_COPIES; Index++) {
        if (Copies[Index] == NULL)
            continue;
        MiForgetImageSection(Copies[Index]);
        KT_ASSERT(MiLookupImageSection(Copies[Index]) == NULL);
        ExFreePoolWithTag(Copies[Index], KT_IMAGE_TAG);
        Copies[Index] = NULL;
    }
    KT_ASSERT_EQ(KtUserFreeFrames(), Frames);
    KT_ASSERT_EQ(KtUserPoolBytes(), Bytes);
}
