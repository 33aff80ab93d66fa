/*
 * Local descriptor tables. A task's LDT is ordinary memory; the GDT holds
 * one LDT descriptor that is pointed at the current task's table before
 * lldt, as NT does on a context switch (KGDT_LDT).
 */
#include "kernel/gdt.h"

NTSTATUS KeLdtInitialize(PKLDT Ldt, PKGDTENTRY Entries, ULONG Count)
{
    if (Entries == NULL || Count < 2 || Count > 8192)
        return STATUS_INVALID_PARAMETER;
    RtlZeroMemory(Entries, Count * sizeof(KGDTENTRY));
    Ldt->Entries = Entries;
    Ldt->Count = Count;
    return STATUS_SUCCESS;
}

NTSTATUS KeLdtSetEntry(PKLDT Ldt, ULONG Index, ULONG Base, ULONG Limit,
                       ULONG Type, ULONG Dpl)
{
    /* Only code and data: a system descriptor in an LDT is a hole. */
    if (Index == 0 || Index >= Ldt->Count || (Type & 0x10) == 0)
        return STATUS_INVALID_PARAMETER;
    return KiBuildDescriptor(Base, Limit, Type, Dpl, &Ldt->Entries[Index]);
}

VOID KeLdtLoad(const KLDT *Ldt)
{
    KiBuildDescriptor((ULONG)Ldt->Entries, Ldt->Count * sizeof(KGDTENTRY) - 1,
                      SEGMENT_TYPE_LDT, 0, &KiGdt[KGDT_INDEX_LDT]);
    load_ldt_register(KGDT_LDT);
}

VOID KeLdtUnload(VOID)
{
    load_ldt_register(0);
    RtlZeroMemory(&KiGdt[KGDT_INDEX_LDT], sizeof(KGDTENTRY));
}

VOID KiReloadLdt(PKPCR Pcr, const KGDTENTRY *Descriptor)
{
    Pcr->GDT[KGDT_INDEX_LDT] = *Descriptor;
    load_ldt_register(KiDescriptorPresent(Descriptor) ? KGDT_LDT : 0);
}
