/* Address splitting, the self-map arithmetic and PTE encoding. */
#include "host_test.h"
#include "kernel/pte.h"

static void address_splits_ten_ten_twelve(void)
{
    CHECK_EQ(MiGetPdeIndex(0x80100000), 0x200);
    CHECK_EQ(MiGetPteIndex(0x80100000), 0x100);
    CHECK_EQ(MiGetByteOffset(0x80100abc), 0xabc);
    CHECK_EQ(MiGetPdeIndex(0xFFFFFFFF), 0x3FF);
    CHECK_EQ(MiGetPteIndex(0xFFFFFFFF), 0x3FF);
    CHECK_EQ(MiGetPdeIndex(0x003FFFFF), 0);
    CHECK_EQ(MiGetPdeIndex(0x00400000), 1);
}

static void self_map_places_every_entry(void)
{
    /* PTE of va at PTE_BASE + (va >> 12) * 4; PDE at PDE_BASE + index*4. */
    CHECK_EQ(MiGetPteAddressOf(0), PTE_BASE);
    CHECK_EQ(MiGetPteAddressOf(0x00401000), PTE_BASE + 0x401 * 4);
    CHECK_EQ(MiGetPteAddressOf(0x80000000), 0xC0200000);
    CHECK_EQ(MiGetPdeAddressOf(0x80000000), PDE_BASE + 0x200 * 4);
    CHECK_EQ(MiGetPdeAddressOf(0xFFFFFFFF), PDE_BASE + 0xFFC);
    /* The directory is the page table of the self-map's own range: the
     * PTE of any PTE address is its PDE. */
    CHECK_EQ(MiGetPteAddressOf(MiGetPteAddressOf(0x12345678)),
             MiGetPdeAddressOf(0x12345678));
    CHECK_EQ(MiGetPteAddressOf(PDE_BASE), PDE_BASE + 0x300 * 4);
    CHECK_EQ(MiGetPdeIndex(PTE_BASE), MI_SELF_MAP_PDE_INDEX);
    CHECK_EQ(MiGetVirtualAddressMappedByPteAddress(PTE_BASE + 0x401 * 4),
             0x00401000);
    CHECK_EQ(
        MiGetVirtualAddressMappedByPteAddress(MiGetPteAddressOf(0xDEADB000)),
        0xDEADB000);
}

static void layout_boundaries_follow_nt(void)
{
    CHECK(MiIsUserAddress(MM_HIGHEST_USER_ADDRESS));
    CHECK(!MiIsUserAddress(MM_SYSTEM_RANGE_START));
    CHECK_EQ(MM_USER_PROBE_ADDRESS - MM_HIGHEST_USER_ADDRESS, 1);
    CHECK_EQ(MM_SYSTEM_RANGE_START - MM_USER_PROBE_ADDRESS, 0x10000);
    CHECK_EQ(MI_HYPERSPACE_BASE - PTE_BASE, MI_PDE_SPAN);
    CHECK_EQ(MI_SYSTEM_PTE_BASE - MI_HYPERSPACE_BASE, MI_PDE_SPAN);
}

static void protections_encode_to_hardware_bits(void)
{
    MMPTE Pte;

    Pte = MiMakeValidPte(0x1234, PAGE_READWRITE, 0x00400000, MI_PTE_GLOBAL);
    CHECK_EQ(Pte, 0x1234000 | MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_OWNER);
    Pte = MiMakeValidPte(0x1234, PAGE_READONLY, 0x80400000, MI_PTE_GLOBAL);
    CHECK_EQ(Pte, 0x1234000 | MI_PTE_VALID | MI_PTE_GLOBAL);
    Pte = MiMakeValidPte(0x1234, PAGE_EXECUTE_READ, 0x80400000, 0);
    CHECK_EQ(Pte, 0x1234000 | MI_PTE_VALID);
    Pte = MiMakeValidPte(0xFFFFF, PAGE_EXECUTE_READWRITE | PAGE_NOCACHE,
                         0xC0800000, 0);
    CHECK_EQ(Pte, 0xFFFFF000 | MI_PTE_VALID | MI_PTE_WRITE |
                      MI_PTE_CACHE_DISABLE | MI_PTE_WRITE_THROUGH);
    CHECK_EQ(MiGetPteFrame(Pte), 0xFFFFF);
    CHECK_EQ(MiPteProtection(Pte), PAGE_READWRITE | PAGE_NOCACHE);
    CHECK_EQ(MiPteProtection(MiMakeValidPte(1, PAGE_READONLY, 0, 0)),
             PAGE_READONLY);
}

static void only_mappable_protections_pass(void)
{
    CHECK(MiIsMappableProtection(PAGE_READONLY));
    CHECK(MiIsMappableProtection(PAGE_READWRITE | PAGE_NOCACHE));
    CHECK(MiIsMappableProtection(PAGE_EXECUTE_READ | PAGE_WRITECOMBINE));
    CHECK(!MiIsMappableProtection(PAGE_NOACCESS));
    CHECK(!MiIsMappableProtection(0));
    CHECK(!MiIsMappableProtection(PAGE_READONLY | PAGE_READWRITE));
    CHECK(!MiIsMappableProtection(PAGE_READWRITE | PAGE_NOCACHE |
                                  PAGE_WRITECOMBINE));
    CHECK(!MiIsMappableProtection(PAGE_READWRITE | 0x100)); /* PAGE_GUARD */
}

/* NT's MiMakeProtectionMask: one access, at most one modifier, and no
 * modifier on PAGE_NOACCESS. */
static void protection_masks_follow_nt(void)
{
    CHECK_EQ(MiMakeProtectionMask(PAGE_NOACCESS), MM_NOACCESS);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READONLY), MM_READONLY);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READWRITE), MM_READWRITE);
    CHECK_EQ(MiMakeProtectionMask(PAGE_WRITECOPY), MM_WRITECOPY);
    CHECK_EQ(MiMakeProtectionMask(PAGE_EXECUTE), MM_EXECUTE);
    CHECK_EQ(MiMakeProtectionMask(PAGE_EXECUTE_READ), MM_EXECUTE_READ);
    CHECK_EQ(MiMakeProtectionMask(PAGE_EXECUTE_READWRITE),
             MM_EXECUTE_READWRITE);
    CHECK_EQ(MiMakeProtectionMask(PAGE_EXECUTE_WRITECOPY),
             MM_EXECUTE_WRITECOPY);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READWRITE | PAGE_GUARD),
             MM_READWRITE | MM_GUARD_PAGE);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READONLY | PAGE_NOCACHE),
             MM_READONLY | MM_NOCACHE);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READWRITE | PAGE_WRITECOMBINE),
             MM_READWRITE | MM_WRITECOMBINE);
    CHECK_EQ(MiMakeProtectionMask(0), MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READONLY | PAGE_READWRITE),
             MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READONLY | PAGE_EXECUTE),
             MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_NOACCESS | PAGE_GUARD),
             MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_NOACCESS | PAGE_NOCACHE),
             MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE),
             MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(PAGE_GUARD), MM_INVALID_PROTECTION);
    CHECK_EQ(MiMakeProtectionMask(0x800 | PAGE_READWRITE),
             MM_INVALID_PROTECTION);
}

/* Every code survives the trip into each kind of PTE and back, and back
 * to the PAGE_* value it came from. */
static void protections_survive_the_software_ptes(void)
{
    static const ULONG Accepted[] = {
        PAGE_NOACCESS,
        PAGE_READONLY,
        PAGE_READWRITE,
        PAGE_EXECUTE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_READONLY | PAGE_GUARD,
        PAGE_EXECUTE_READWRITE | PAGE_GUARD,
        PAGE_READWRITE | PAGE_NOCACHE,
        PAGE_EXECUTE_READ | PAGE_WRITECOMBINE,
    };
    ULONG Index, Mask;
    MMPTE Pte;

    for (Index = 0; Index < sizeof(Accepted) / sizeof(Accepted[0]); Index++) {
        Mask = MiMakeProtectionMask(Accepted[Index]);
        CHECK_EQ(MiProtectionMaskToPage(Mask), Accepted[Index]);
        Pte = MiMakeDemandZeroPte(Mask);
        CHECK(Pte != 0 && !(Pte & MI_PTE_VALID));
        CHECK_EQ(MiGetPteProtectionMask(Pte), Mask);
        Pte = MiMakeTransitionPte(0x12345, Mask);
        CHECK(!(Pte & MI_PTE_VALID) && (Pte & MI_PTE_TRANSITION));
        CHECK_EQ(MiGetPteFrame(Pte), 0x12345);
        CHECK_EQ(MiGetPteProtectionMask(Pte), Mask);
        if (!MiIsReachableMask(Mask))
            continue;
        Pte = MiMakeUserValidPte(0x12345, Mask, 0x10000);
        CHECK_EQ(MiGetPteFrame(Pte), 0x12345);
        CHECK_EQ(MiGetPteProtectionMask(Pte), Mask);
        CHECK((Pte & MI_PTE_VALID) && (Pte & MI_PTE_OWNER));
        CHECK_EQ((Pte & MI_PTE_WRITE) != 0, MiIsWritableMask(Mask));
    }
    CHECK(!MiIsReachableMask(MM_NOACCESS));
    CHECK(!MiIsReachableMask(MM_READWRITE | MM_GUARD_PAGE));
    CHECK(!MiIsWritableMask(MM_EXECUTE_READ));
    /* A PTE MiMapPage made (no access code) reads from its write bit. */
    CHECK_EQ(
        MiGetPteProtectionMask(MiMakeValidPte(5, PAGE_READWRITE, 0x10000, 0)),
        MM_READWRITE);
    CHECK_EQ(
        MiGetPteProtectionMask(MiMakeValidPte(5, PAGE_READONLY, 0x10000, 0)),
        MM_READONLY);
}

/* NT's x86 page-file PTE: the slot in bits 12-31, the code in 5-9,
 * neither valid nor transition; slot 0 is demand zero. */
static void page_file_ptes_follow_nt(void)
{
    ULONG Mask = MiMakeProtectionMask(PAGE_EXECUTE_READWRITE | PAGE_GUARD);
    MMPTE Pte = MiMakePageFilePte(0xABCDE, Mask);

    CHECK_EQ(Pte, 0xABCDE000UL | (Mask << 5));
    CHECK(MiIsPageFilePte(Pte));
    CHECK_EQ(MiGetPageFileSlot(Pte), 0xABCDE);
    CHECK_EQ(MiGetPteProtectionMask(Pte), Mask);
    CHECK(!MiIsPageFilePte(MiMakeDemandZeroPte(Mask)));
    CHECK(!MiIsPageFilePte(MiMakeTransitionPte(0xABCDE, Mask)));
    CHECK(!MiIsPageFilePte(MiMakeUserValidPte(0xABCDE, MM_READWRITE, 0)));
    /* System PTE space's guard marks have the prototype bit. */
    CHECK(!MiIsPageFilePte((1 << 12) | MI_PTE_PROTOTYPE));
    /* A new protection keeps the slot. */
    Pte = MiSetInvalidPteProtection(Pte, MM_READONLY);
    CHECK_EQ(MiGetPageFileSlot(Pte), 0xABCDE);
    CHECK_EQ(MiGetPteProtectionMask(Pte), MM_READONLY);
    CHECK_EQ(MiSetInvalidPteProtection(MiMakeDemandZeroPte(Mask), MM_READONLY),
             MiMakeDemandZeroPte(MM_READONLY));
}

int main(void)
{
    RUN(address_splits_ten_ten_twelve);
    RUN(self_map_places_every_entry);
    RUN(layout_boundaries_follow_nt);
    RUN(protections_encode_to_hardware_bits);
    RUN(only_mappable_protections_pass);
    RUN(protection_masks_follow_nt);
    RUN(protections_survive_the_software_ptes);
    RUN(page_file_ptes_follow_nt);
    HOST_TEST_EXIT();
}
