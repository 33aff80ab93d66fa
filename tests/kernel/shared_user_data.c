/*
 * KUSER_SHARED_DATA: the kernel's read-write mapping, the read-only user
 * mapping in every new process (a frame no process owns), the fields
 * that never change, the times the clock keeps current, and the
 * KSYSTEM_TIME protocol that keeps a reader from seeing half an update.
 */
#include "kernel/cpu.h"
#include "kernel/hal.h"
#include "kernel/ktest.h"
#include "kernel/timer.h"
#include "kt_thread.h"
#include "kt_user.h"
#include "ntpeb.h"

static PKUSER_SHARED_DATA const Kernel =
    (PKUSER_SHARED_DATA)KI_USER_SHARED_DATA;

KTEST(shared_user_data_is_mapped_for_the_kernel_and_read_only_for_users)
{
    static KT_PROCESS Process;
    KT_CLEANUP_SECTION;
    static const WCHAR Root[] = u"C:\\WINDOWS";
    MMPTE KernelPte = MiReadPte(Kernel), UserPte;

    Process.Created = FALSE;
    KT_ASSERT(MiSharedUserDataFrame != MI_NO_PAGE);
    KT_ASSERT((KernelPte & (MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_OWNER)) ==
              (MI_PTE_VALID | MI_PTE_WRITE));
    KT_ASSERT_EQ(MiGetPteFrame(KernelPte), MiSharedUserDataFrame);
    KT_ASSERT_EQ(Kernel->NtMajorVersion, 5);
    KT_ASSERT_EQ(Kernel->NtMinorVersion, 1);
    KT_ASSERT_EQ(Kernel->ImageNumberLow, 0x14C);
    KT_ASSERT_EQ(Kernel->ImageNumberHigh, 0x14C);
    KT_ASSERT_EQ(Kernel->NtProductType, NtProductWinNt);
    KT_ASSERT(Kernel->ProductTypeIsValid);
    KT_ASSERT(Kernel->NumberOfPhysicalPages > 1000);
    KT_ASSERT(RtlCompareMemory(Kernel->NtSystemRoot, Root, sizeof(Root)) ==
              sizeof(Root));
    /* 10 ms a tick: 10 in 8.24 fixed point. */
    KT_ASSERT_EQ(Kernel->TickCountMultiplier, 10u << 24);
    KT_ASSERT_EQ(Kernel->ProcessorFeatures[8], (KeFeatureBits & KF_RDTSC) != 0);
    KT_ASSERT_EQ(Kernel->ProcessorFeatures[2],
                 (KeFeatureBits & KF_CMPXCHG8B) != 0);
    KT_ASSERT_EQ(Kernel->ProcessorFeatures[6], (KeFeatureBits & KF_XMMI) != 0);
    KT_ASSERT_EQ(Kernel->ProcessorFeatures[9], 0);

    /* Every new space: read-only, user, the same frame. */
    KT_ASSERT_EQ(KtCreateProcess(&Process), STATUS_SUCCESS);
    KtAttachProcess(&Process);
    UserPte = MiReadPte(SharedUserData);
    KT_ASSERT((UserPte & (MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_OWNER)) ==
              (MI_PTE_VALID | MI_PTE_OWNER));
    KT_ASSERT(*MiGetPdeAddress(SharedUserData) & MI_PTE_OWNER);
    KT_ASSERT_EQ(MiGetPteFrame(UserPte), MiSharedUserDataFrame);
    KT_ASSERT_EQ(SharedUserData->NtMajorVersion, 5);
    /* The space's, not the process's: deleting it leaves the frame. */
    KtDeleteProcess(&Process);
    KT_ASSERT_EQ(MiGetPfnEntry(MiSharedUserDataFrame)->State, MiPfnReserved);
    KT_ASSERT_EQ(MiGetMemoryType(&MiMemoryMap, MiSharedUserDataFrame),
                 MiMemoryKernelData);
    KT_ASSERT_EQ(MiGetPteFrame(MiReadPte(Kernel)), MiSharedUserDataFrame);
    KT_ASSERT_EQ(Kernel->NtMajorVersion, 5);
    KT_CLEANUP;
    KtDeleteProcess(&Process);
}

KTEST(shared_user_data_times_advance_with_the_clock)
{
    ULONGLONG Ticks = KiReadSystemTime(&Kernel->TickCount);
    ULONGLONG Interrupt = KiReadSystemTime(&Kernel->InterruptTime);
    ULONGLONG System = KiReadSystemTime(&Kernel->SystemTime);
    ULONGLONG Later;

    KT_ASSERT(Ticks > 0);
    KT_ASSERT(System >= KiBootSystemTime + Interrupt);
    KtSleep(50);
    Later = KiReadSystemTime(&Kernel->TickCount);
    KT_ASSERT_MSG(Later >= Ticks + 4, "ticks %llu then %llu", Ticks, Later);
    KT_ASSERT(KiReadSystemTime(&Kernel->InterruptTime) >= Interrupt + 400000);
    KT_ASSERT(KiReadSystemTime(&Kernel->SystemTime) >= System + 400000);
    KT_ASSERT((ULONG)(Kernel->TickCountLowDeprecated - (ULONG)Later) < 100);
    /* Interrupt time is ticks times the increment. */
    Ticks = KiReadSystemTime(&Kernel->TickCount);
    Interrupt = KiReadSystemTime(&Kernel->InterruptTime);
    KT_ASSERT(Interrupt >= Ticks * KeQueryTimeIncrement() &&
              Interrupt <= (Ticks + 2) * KeQueryTimeIncrement());
}

/* The system time is the CMOS clock's: read it again now and compare.
 * The CMOS clock counts whole seconds, and it keeps the host's time
 * while the guest's ticks fall behind when QEMU is starved or stopped
 * (gdb), so the system time may lag it by minutes; it may also lead it
 * by a few seconds, when the local APIC timer was calibrated against
 * the PIT while QEMU was starved (its ticks then run a little fast), as
 * a busy CI machine showed once (2.1 s). A fixed epoch instead would be
 * months off. */
KTEST(shared_user_data_system_time_is_the_cmos_clocks)
{
    TIME_FIELDS Fields;
    LARGE_INTEGER Rtc, Now;
    LONGLONG Difference;

    KT_ASSERT(HalQueryRealTimeClock(&Fields));
    KT_ASSERT(RtlTimeFieldsToTime(&Fields, &Rtc));
    KeQuerySystemTime(&Now);
    /* KeQuerySystemTime reads what user mode reads (a tick may pass). */
    Difference = (LONGLONG)KiReadSystemTime(&Kernel->SystemTime) - Now.QuadPart;
    KT_ASSERT(Difference >= 0 && Difference <= 2 * KeQueryTimeIncrement());
    KT_ASSERT(Fields.Year >= 2024);
    Difference = Rtc.QuadPart - Now.QuadPart;
    KT_ASSERT_MSG(Difference > -50000000 && Difference < 6000000000LL,
                  "system time %lld, CMOS clock %lld", Now.QuadPart,
                  Rtc.QuadPart);
}

/* A writer that makes one store per clock tick, in NT's order (High2Time,
 * LowPart, High1Time), of values KiWriteSystemTime made, alternating
 * across a 32-bit carry: the reader spins through every half-written
 * state and must never return one. */
#define TIME_A 0x00000001FFFFFFFFULL
#define TIME_B 0x0000000200000000ULL
static volatile KSYSTEM_TIME shared_time;
static KSYSTEM_TIME target;
static ULONG writer_step;
static ULONG writes;

static VOID NTAPI write_one_store(PKDPC Dpc, PVOID Context, PVOID A, PVOID B)
{
    static const ULONG Offsets[3] = {8, 0, 4}; /* the order to check */
    ULONG Step = writer_step % 3;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(A);
    UNREFERENCED_PARAMETER(B);
    if (Step == 0) /* a whole new value, written as the clock writes */
        KiWriteSystemTime(&target, (writes++ & 1) ? TIME_A : TIME_B);
    *(volatile ULONG *)((PUCHAR)&shared_time + Offsets[Step]) =
        *(ULONG *)((PUCHAR)&target + Offsets[Step]);
    writer_step++;
}

KTEST(shared_user_data_reader_never_sees_half_an_update)
{
    static KTIMER Timer;
    static KDPC Dpc;
    ULONG Reads = 0, Torn = 0, Start = writes;
    LARGE_INTEGER Due = {.QuadPart = -1};

    shared_time.High2Time = 1;
    shared_time.LowPart = 0xFFFFFFFF;
    shared_time.High1Time = 1;
    writer_step = 0;
    KeInitializeTimerEx(&Timer, NotificationTimer);
    KeInitializeDpc(&Dpc, write_one_store, NULL);
    KeSetTimerEx(&Timer, Due, 1, &Dpc);
    while (writes - Start < 12) {
        ULONGLONG Value = KiReadSystemTime(&shared_time);

        Reads++;
        if (Value != TIME_A && Value != TIME_B)
            Torn++;
    }
    KeCancelTimer(&Timer);
    KtSleep(20); /* a DPC already queued has run */
    KT_ASSERT_MSG(Torn == 0, "%lu torn reads of %lu", Torn, Reads);
    KT_ASSERT(Reads > 100);
}
