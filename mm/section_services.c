/*
 * The section services: NtCreateSection and NtOpenSection (named or not,
 * page-file backed), NtMapViewOfSection into any process the caller may
 * operate on, NtUnmapViewOfSection. Arguments are captured and results
 * written back as the virtual-memory services do (mm/virtual_args.c).
 */
#include "kernel/object.h"
#include "kernel/probe.h"
#include "kernel/section.h"
#include "kernel/vm_service.h"

NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection,
                               ULONG AllocationAttributes, HANDLE FileHandle)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    LARGE_INTEGER Size = {.QuadPart = 0};
    PSECTION Section;
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(SectionHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    if (FileHandle != NULL)
        return STATUS_INVALID_FILE_FOR_SECTION; /* no files yet */
    if ((AllocationAttributes & ~(SEC_COMMIT | SEC_RESERVE)) != 0 ||
        (AllocationAttributes & (SEC_COMMIT | SEC_RESERVE)) ==
            (SEC_COMMIT | SEC_RESERVE))
        return STATUS_INVALID_PARAMETER_6;
    if (MaximumSize != NULL) {
        Status = ExpCaptureLargeInteger(MaximumSize, Mode, &Size);
        if (!NT_SUCCESS(Status))
            return Status;
    }
    if (Size.QuadPart < 0)
        return STATUS_INVALID_PARAMETER_4;
    Status = MiCreatePagefileSection(
        (ULONGLONG)Size.QuadPart, SectionPageProtection, AllocationAttributes,
        ObjectAttributes, Mode, &Section);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObInsertObject(Section, NULL, DesiredAccess, 0, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(SectionHandle, &Handle, sizeof(Handle));
    return Status;
}

NTSTATUS NTAPI NtOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    HANDLE Handle;
    NTSTATUS Status;

    Status = ExpProbeHandleOut(SectionHandle, Mode);
    if (!NT_SUCCESS(Status))
        return Status;
    Status = ObOpenObjectByName(ObjectAttributes, MiSectionType, Mode, NULL,
                                DesiredAccess, NULL, &Handle);
    if (NT_SUCCESS(Status))
        ExpWriteBack(SectionHandle, &Handle, sizeof(Handle));
    return Status;
}

/* The section rights a view of this protection needs (NT's table). */
static ACCESS_MASK access_for(ULONG Protect)
{
    ACCESS_MASK Access = SECTION_MAP_READ;

    if (Protect & (PAGE_READWRITE | PAGE_EXECUTE_READWRITE))
        Access |= SECTION_MAP_WRITE;
    if (Protect & 0xF0)
        Access |= SECTION_MAP_EXECUTE;
    return Access;
}

typedef struct _VIEW_REQUEST {
    PSECTION Section;
    ULONG Base, Size, OffsetPage, ZeroBits;
    ULONG CommitPages; /* from the view's start, in the section */
    ULONG AllocationType, Protect;
} VIEW_REQUEST;

/* Reserves the view's range in the current (attached) process and maps
 * what the section has; the VAD takes over the caller's reference. */
static NTSTATUS map_view(PEPROCESS Process, VIEW_REQUEST *Request)
{
    ULONG Pages = Request->Size >> PAGE_SHIFT, Vpn, Highest;
    PMMVAD Vad;
    NTSTATUS Status;

    Highest = Request->ZeroBits != 0 ? (0xFFFFFFFFUL >> Request->ZeroBits)
                                     : MM_HIGHEST_VAD_ADDRESS;
    if (Highest > MM_HIGHEST_VAD_ADDRESS)
        Highest = MM_HIGHEST_VAD_ADDRESS;
    if (Request->Base != 0) {
        Vpn = Request->Base >> PAGE_SHIFT;
        if (Request->Base + Request->Size - 1 > Highest ||
            MiCheckForConflictingVad(&Process->VadRoot, Vpn, Vpn + Pages - 1) !=
                NULL)
            return STATUS_CONFLICTING_ADDRESSES;
    } else if (!MiFindEmptyVpnRange(
                   &Process->VadRoot, Pages, MI_ALLOCATION_PAGES,
                   MM_LOWEST_USER_ADDRESS >> PAGE_SHIFT, Highest >> PAGE_SHIFT,
                   (Request->AllocationType & MEM_TOP_DOWN) != 0, &Vpn)) {
        return STATUS_NO_MEMORY;
    }
    Vad = MiAllocateVad(Vpn, Vpn + Pages - 1, Request->Protect);
    if (Vad == NULL)
        return STATUS_NO_MEMORY;
    Vad->Section = Request->Section;
    Vad->SectionPage = Request->OffsetPage;
    MiInsertVad(&Process->VadRoot, Vad);
    /* CommitSize commits the section's pages from the view's start, as
     * NT fills a page-file section's prototype PTEs; every view then
     * sees them. SEC_COMMIT sections have them all already. */
    Status = MiMapViewPages(Vad, Vpn, Pages);
    if (NT_SUCCESS(Status) && Request->CommitPages != 0)
        Status = MiCommitViewPages(
            Vad, Vpn,
            Request->CommitPages < Pages ? Request->CommitPages : Pages);
    if (!NT_SUCCESS(Status)) {
        Vad->Section = NULL; /* the caller still holds its reference */
        MiReleaseVad(Process, Vad);
        return Status;
    }
    Request->Base = Vpn << PAGE_SHIFT;
    return STATUS_SUCCESS;
}

/* NT's checks of a view's offset and size against the section, in
 * NT's order (mapview.c): a view reaches no further than the section's
 * size itself, not its last page; ViewSize 0 means from the offset to
 * the end; an offset past the last page maps nothing; CommitSize no
 * larger than the view. *Size becomes the view's size in bytes. */
static NTSTATUS check_view(PSECTION Section, ULONGLONG Offset, ULONG Base,
                           PULONG_PTR Size, SIZE_T CommitSize)
{
    ULONGLONG End = Offset + *Size; /* a negative offset is huge here */

    if (End < Offset || End > Section->SizeOfSection)
        return STATUS_INVALID_VIEW_SIZE;
    if (*Size == 0) {
        ULONGLONG Rest = Section->SizeOfSection - Offset;

        if (Rest > MM_HIGHEST_VAD_ADDRESS - Base)
            return STATUS_INVALID_VIEW_SIZE;
        *Size = (ULONG_PTR)Rest;
    }
    if (CommitSize > *Size)
        return STATUS_INVALID_PARAMETER_5;
    if (Offset >> PAGE_SHIFT >= Section->PageCount)
        return STATUS_INVALID_VIEW_SIZE; /* MiMapViewOfDataSection's */
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle,
                                  PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset,
                                  PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition,
                                  ULONG AllocationType, ULONG Win32Protect)
{
    KPROCESSOR_MODE Mode = ExGetPreviousMode();
    VIEW_REQUEST Request = {0};
    LARGE_INTEGER Offset = {.QuadPart = 0};
    ULONG_PTR Base, Size;
    MI_VM_TARGET Target;
    NTSTATUS Status;

    if (ZeroBits > MI_MAXIMUM_ZERO_BITS)
        return STATUS_INVALID_PARAMETER_4;
    if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap)
        return STATUS_INVALID_PARAMETER_8;
    if ((AllocationType & ~(MEM_TOP_DOWN | MEM_RESERVE)) != 0)
        return STATUS_INVALID_PARAMETER_9;
    if (MiMakeProtectionMask(Win32Protect) == MM_INVALID_PROTECTION ||
        (Win32Protect & (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE)))
        return STATUS_INVALID_PAGE_PROTECTION;
    Status = MiCaptureArgument(BaseAddress, Mode, &Base);
    if (NT_SUCCESS(Status))
        Status = MiCaptureArgument(ViewSize, Mode, &Size);
    /* The offset is written back too: probed for that first, as NT's
     * ProbeForWriteSmallStructure does (ULONG alignment on x86), so a
     * read-only or misaligned one maps nothing. */
    if (NT_SUCCESS(Status) && SectionOffset != NULL && Mode != KernelMode)
        Status = ExpProbeForWrite(SectionOffset, sizeof(*SectionOffset),
                                  sizeof(ULONG));
    if (NT_SUCCESS(Status) && SectionOffset != NULL)
        Status = ExpCaptureLargeInteger(SectionOffset, Mode, &Offset);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Base > MM_HIGHEST_VAD_ADDRESS || MM_HIGHEST_VAD_ADDRESS - Base < Size)
        return STATUS_INVALID_PARAMETER_3;
    if ((ULONGLONG)Base + Size > (0xFFFFFFFFULL >> ZeroBits))
        return STATUS_INVALID_PARAMETER_4; /* the base and ZeroBits clash */
    Status = ObReferenceObjectByHandle(SectionHandle, access_for(Win32Protect),
                                       MiSectionType, Mode,
                                       (PVOID *)&Request.Section, NULL);
    if (!NT_SUCCESS(Status))
        return Status;
    if (!MiIsViewProtectionAllowed(Request.Section->Protection, Win32Protect))
        Status = STATUS_SECTION_PROTECTION;
    else if ((Base & (MI_ALLOCATION_GRANULARITY - 1)) != 0 ||
             (Offset.LowPart & (MI_ALLOCATION_GRANULARITY - 1)) != 0)
        Status = STATUS_MAPPED_ALIGNMENT;
    else
        Status = check_view(Request.Section, (ULONGLONG)Offset.QuadPart,
                            (ULONG)Base, &Size, CommitSize);
    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(Request.Section);
        return Status;
    }
    Request.Base = (ULONG)Base;
    Request.Size = (ULONG)ROUND_TO_PAGES(Size);
    Request.OffsetPage = (ULONG)(Offset.QuadPart >> PAGE_SHIFT);
    Request.CommitPages = (ULONG)BYTES_TO_PAGES(CommitSize);
    Request.ZeroBits = (ULONG)ZeroBits;
    Request.AllocationType = AllocationType;
    Request.Protect = Win32Protect;
    Status =
        MiAttachVmTarget(ProcessHandle, PROCESS_VM_OPERATION, Mode, &Target);
    if (NT_SUCCESS(Status)) {
        Status = map_view(Target.Process, &Request);
        MiDetachVmTarget(&Target);
    }
    if (!NT_SUCCESS(Status)) {
        ObDereferenceObject(Request.Section);
        return Status;
    }
    Base = Request.Base;
    Size = Request.Size;
    /* Results go back as NT's do: a fault here leaves the view mapped. */
    MiReturnToCaller(BaseAddress, &Base, sizeof(Base), sizeof(ULONG), Mode);
    MiReturnToCaller(ViewSize, &Size, sizeof(Size), sizeof(ULONG), Mode);
    if (SectionOffset != NULL)
        MiReturnToCaller(SectionOffset, &Offset, sizeof(Offset), sizeof(ULONG),
                         Mode);
    return STATUS_SUCCESS;
}

VOID MiDeleteView(PEPROCESS Process, PMMVAD Vad)
{
    PSECTION Section = Vad->Section;

    /* Copies are the process's and go; the section's pages stay. */
    MiReleaseVad(Process, Vad);
    ObDereferenceObject(Section);
}

NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
    MI_VM_TARGET Target;
    NTSTATUS Status;
    PMMVAD Vad;

    Status = MiAttachVmTarget(ProcessHandle, PROCESS_VM_OPERATION,
                              ExGetPreviousMode(), &Target);
    if (!NT_SUCCESS(Status))
        return Status;
    Vad = (ULONG)BaseAddress <= MM_HIGHEST_USER_ADDRESS
              ? MiLocateAddress(Target.Process, BaseAddress)
              : NULL;
    if (Vad == NULL || Vad->Section == NULL)
        Status = STATUS_NOT_MAPPED_VIEW;
    else
        MiDeleteView(Target.Process, Vad);
    MiDetachVmTarget(&Target);
    return Status;
}

NTSTATUS NTAPI ZwCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize,
                               ULONG SectionPageProtection,
                               ULONG AllocationAttributes, HANDLE FileHandle)
{
    return EXP_ZW_CALL(NtCreateSection(
        SectionHandle, DesiredAccess, ObjectAttributes, MaximumSize,
        SectionPageProtection, AllocationAttributes, FileHandle));
}

NTSTATUS NTAPI ZwOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes)
{
    return EXP_ZW_CALL(
        NtOpenSection(SectionHandle, DesiredAccess, ObjectAttributes));
}

NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle,
                                  PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize,
                                  PLARGE_INTEGER SectionOffset,
                                  PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition,
                                  ULONG AllocationType, ULONG Win32Protect)
{
    return EXP_ZW_CALL(
        NtMapViewOfSection(SectionHandle, ProcessHandle, BaseAddress, ZeroBits,
                           CommitSize, SectionOffset, ViewSize,
                           InheritDisposition, AllocationType, Win32Protect));
}

NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
    return EXP_ZW_CALL(NtUnmapViewOfSection(ProcessHandle, BaseAddress));
}
