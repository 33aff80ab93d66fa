/*
 * Image sections: each program and DLL among the boot files is laid out
 * once, at boot, into pages a section owns (SEC_IMAGE). A process that
 * maps the image gets a write-copy view of those pages, so its code is
 * the same frames in every process running it; a page the process writes
 * (its IAT when the loader binds it, its data, the fixups when the image
 * had to move) is copied for that process first (mm/section.c,
 * MiCopyOnWrite). The sections stay for the next process, as NT keeps an
 * image's section while its file is cached. They are kept in a list, as
 * many as there are images (NT finds an image's section through its
 * file's section object pointers; a file here is its boot file's bytes).
 */
#include "kernel/image.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/section.h"

#define MI_IMAGE_TAG 'gmIM' /* "MImg" */

typedef struct _IMAGE_ENTRY {
    LIST_ENTRY Link;
    PCVOID File;
    PSECTION Section; /* the entry's reference */
} IMAGE_ENTRY, *PIMAGE_ENTRY;

static LIST_ENTRY images = {&images, &images};
static KSPIN_LOCK images_lock;

/* The laid-out image at Layout goes into the section's pages. */
static BOOLEAN fill(PSECTION Section, const UCHAR *Layout)
{
    ULONG Page;

    for (Page = 0; Page < Section->PageCount; Page++) {
        PFN_NUMBER Frame = MiMakeSectionPage(Section, Page);
        PVOID Target;

        if (Frame == MI_NO_PAGE)
            return FALSE;
        Target = MiMapPageInHyperspace(Frame);
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
    PIMAGE_ENTRY Entry;
    ULONG ImageSize;
    PUCHAR Layout;
    KIRQL OldIrql;

    if (!NT_SUCCESS(RtlpVerifyImageFile(File, FileSize, &Nt)))
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
        Entry =
            ExAllocatePoolWithTag(NonPagedPool, sizeof(*Entry), MI_IMAGE_TAG);
        if (Entry != NULL && fill(Section, Layout)) {
            Entry->File = File;
            Entry->Section = Section;
            KeAcquireSpinLock(&images_lock, &OldIrql);
            InsertTailList(&images, &Entry->Link);
            KeReleaseSpinLock(&images_lock, OldIrql);
        } else {
            /* Short of memory: the image loads into private pages. */
            if (Entry != NULL)
                ExFreePoolWithTag(Entry, MI_IMAGE_TAG);
            ObDereferenceObject(Section);
        }
    }
    MiFreeSystemPages(Layout);
}

/* The entry for File; the caller holds images_lock. */
static PIMAGE_ENTRY find(PCVOID File)
{
    PLIST_ENTRY Link;

    for (Link = images.Flink; Link != &images; Link = Link->Flink) {
        PIMAGE_ENTRY Entry = CONTAINING_RECORD(Link, IMAGE_ENTRY, Link);

        if (Entry->File == File)
            return Entry;
    }
    return NULL;
}

PSECTION MiLookupImageSection(PCVOID File)
{
    PSECTION Section = NULL;
    PIMAGE_ENTRY Entry;
    KIRQL OldIrql;

    KeAcquireSpinLock(&images_lock, &OldIrql);
    Entry = find(File);
    if (Entry != NULL) {
        Section = Entry->Section;
        ObReferenceObject(Section);
    }
    KeReleaseSpinLock(&images_lock, OldIrql);
    return Section;
}

VOID MiForgetImageSection(PCVOID File)
{
    PIMAGE_ENTRY Entry;
    KIRQL OldIrql;

    KeAcquireSpinLock(&images_lock, &OldIrql);
    Entry = find(File);
    if (Entry != NULL)
        RemoveEntryList(&Entry->Link);
    KeReleaseSpinLock(&images_lock, OldIrql);
    if (Entry == NULL)
        return;
    ObDereferenceObject(Entry->Section); /* views keep theirs */
    ExFreePoolWithTag(Entry, MI_IMAGE_TAG);
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
