/* The processor as kernel/ke/cpu.c found it and set it up. */
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/x86.h"

#define CR4_TSD 0x00000004
#define CR4_OSFXSR 0x00000200

/* Each KF_ bit against CPUID leaf 1 read here, independently. */
KTEST(cpu_features_agree_with_cpuid)
{
    static const struct {
        ULONG Kf, Edx;
    } Pairs[] = {
        {KF_X87, CPUID_FEATURE_FPU},        {KF_RDTSC, CPUID_FEATURE_TSC},
        {KF_LARGE_PAGE, CPUID_FEATURE_PSE}, {KF_GLOBAL_PAGE, CPUID_FEATURE_PGE},
        {KF_MSR, CPUID_FEATURE_MSR},        {KF_LOCAL_APIC, CPUID_FEATURE_APIC},
        {KF_CMPXCHG8B, CPUID_FEATURE_CX8},  {KF_FXSR, CPUID_FEATURE_FXSR},
        {KF_XMMI, CPUID_FEATURE_SSE},
    };
    ULONG MaxLeaf, Eax, Ebx, Ecx, Edx = 0, Index;

    KT_ASSERT_EQ(!!(KeFeatureBits & KF_CPUID), cpu_has_cpuid());
    if (cpu_has_cpuid()) {
        cpuid(0, &MaxLeaf, &Ebx, &Ecx, &Eax);
        if (MaxLeaf >= 1)
            cpuid(1, &Eax, &Ebx, &Ecx, &Edx);
    }
    for (Index = 0; Index < ARRAYSIZE(Pairs); Index++)
        KT_ASSERT_MSG(
            !!(KeFeatureBits & Pairs[Index].Kf) == !!(Edx & Pairs[Index].Edx),
            "feature %lx: kernel %d, CPUID %d", Pairs[Index].Kf,
            !!(KeFeatureBits & Pairs[Index].Kf), !!(Edx & Pairs[Index].Edx));
    KT_ASSERT(KiCpuInformation.Family >= 4);
    KT_ASSERT(KiCpuInformation.CacheLineSize >= 16);
}

static ULONG cr4_outside_ours(VOID)
{
    return (KeFeatureBits & KF_CR4) ? read_cr4() & ~(CR4_MCE | CR4_PGE) : 0;
}

KTEST(cpu_control_registers_are_the_kernels)
{
    ULONG Cr0 = read_cr0();

    KT_ASSERT_EQ(Cr0 & (CR0_PG | CR0_WP | CR0_NE | CR0_EM),
                 CR0_PG | CR0_WP | CR0_NE | CR0_EM);
    KT_ASSERT_EQ(Cr0 & (CR0_CD | CR0_NW | CR0_TS | CR0_MP | CR0_AM), 0);
    KT_ASSERT_EQ(cr4_outside_ours(), 0);
    KT_ASSERT_EQ(!!(KeFeatureBits & KF_GLOBAL_PAGE),
                 (KeFeatureBits & KF_CR4) && (read_cr4() & CR4_PGE));
}

/* What a firmware may leave behind (caches off, the FPU enabled, SSE and
 * RDTSC-in-ring-0-only on) is put right by the same routine boot runs. */
KTEST(cpu_firmware_leftovers_are_cleared)
{
    write_cr0((read_cr0() | CR0_CD | CR0_TS | CR0_MP) & ~(CR0_EM | CR0_NE));
    if (KeFeatureBits & KF_CR4)
        write_cr4(read_cr4() | CR4_TSD |
                  ((KeFeatureBits & KF_FXSR) ? CR4_OSFXSR : 0));
    KiSanitizeControlRegisters();
    KT_ASSERT_EQ(read_cr0() & (CR0_CD | CR0_TS | CR0_MP | CR0_EM | CR0_NE),
                 CR0_EM | CR0_NE);
    KT_ASSERT_EQ(cr4_outside_ours(), 0);
}
