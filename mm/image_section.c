/*
 * Image sections: each program and DLL among the boot files is laid out
 * once, at boot, into pages a section owns (SEC_IMAGE). A process that
 * maps the image at its preferred base gets a write-copy view of those
 * pages, so its code is the same frames in every process running it; a
 * page the process writes (its IAT when the loader binds it, its data) is
 * copied for that process first (mm/section.c, MiCopyOnWrite). An image
 * that must be relocated gets private pages instead (kernel/ps/
 * image_loader.c). The sections stay for the next process, as NT keeps an
 * image's section while its file is cached.
 */
#include "kernel/image.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/section.h"

#define MAXIMUM_IMAGES 32

typedef struct _IMAGE_ENTRY {
    PCVOID File;
    PSECTION Section; /* the entry's reference */
} IMAGE_ENTRY;

static IMAGE_ENTRY images[MAXIMUM_IMAGES];
static ULONG image_count;

/* The laid-out image at Layout goes into the section's pages. */
static BOOLEAN fill(PSECTION Section, const UCHAR *Layout)
{
    ULONG Page;

    for (Page = 0; Page < Section->PageCount; Page++) {
        PVOID Target;

        Section->Frames[Page] = MiMakeSectionPage();
        if (Section->Frames[Page] == MI_NO_PAGE)
            return FALSE;
        Target = MiMapPageInHyperspace(Section->Frames[Page]);
        RtlCopyMemory(Target, Layout + Page * PAGE_SIZE, PAGE_SIZE);
        MiUnmapPageInHyperspace(Target);
    }
    return TRUE;
}

VOID MiPrepareImageSection(PCVOID File, ULONG FileSize)
{
    OBJECT_ATTRIBUTES Attributes;
    PIMAGE_NT_HEADERS Nt;
    PSECTION Section;
    ULONG ImageSize;
    PUCHAR Layout;

    if (image_count == MAXIMUM_IMAGES ||
        !NT_SUCCESS(RtlpVerifyImageFile(File, FileSize, &Nt)))
        return; /* not an image: an ordinary file */
    if (Nt->OptionalHeader.Subsystem == IMAGE_SUBSYSTEM_NATIVE)
        return; /* a driver: mm/sysldr.c maps it into system space */
    ImageSize = ROUND_TO_PAGES(Nt->OptionalHeader.SizeOfImage);
    Layout = MiAllocateSystemPages(ImageSize >> PAGE_SHIFT, PAGE_READWRITE);
    if (Layout == NULL)
        return;
    InitializeObjectAttributes(&Attributes, NULL, OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    if (NT_SUCCESS(RtlpCopyImageFile(File, FileSize, Layout, ImageSize)) &&
        NT_SUCCESS(MiCreateSectionObject(ImageSize, PAGE_EXECUTE_WRITECOPY,
                                         SEC_IMAGE, &Attributes, KernelMode,
                                         &Section))) {
        if (fill(Section, Layout)) {
            images[image_count].File = File;
            images[image_count++].Section = Section;
        } else {
            ObDereferenceObject(Section); /* short of memory: private */
        }
    }
    MiFreeSystemPages(Layout);
}

PSECTION MiLookupImageSection(PCVOID File)
{
    ULONG Index;

    for (Index = 0; Index < image_count; Index++)
        if (images[Index].File == File) {
            ObReferenceObject(images[Index].Section);
            return images[Index].Section;
        }
    return NULL;
}

NTSTATUS MiMapImageView(PEPROCESS Process, PSECTION Section, ULONG Base)
{
    ULONG Pages = Section->PageCount, Vpn = Base >> PAGE_SHIFT;
    NTSTATUS Status = STATUS_SUCCESS;
    PMMVAD Vad;

    Vad = MiAllocateVad(Vpn, Vpn + Pages - 1, PAGE_EXECUTE_WRITECOPY);
    if (Vad == NULL)
        return STATUS_NO_MEMORY;
    Vad->Section = Section; /* the caller's reference goes with it */
    KeAcquireGuardedMutex(&Process->AddressCreationLock);
    if (!MiInsertVad(&Process->VadRoot, Vad)) {
        MiFreeVad(Vad);
        Status = STATUS_CONFLICTING_ADDRESSES;
    } else {
        Status = MiMapViewPages(Vad, Vpn, Pages);
        if (!NT_SUCCESS(Status)) {
            Vad->Section = NULL;
            MiReleaseVad(Process, Vad);
        }
    }
    KeReleaseGuardedMutex(&Process->AddressCreationLock);
    if (!NT_SUCCESS(Status))
        ObDereferenceObject(Section);
    return Status;
}
