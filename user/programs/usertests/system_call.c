/*
 * What ring 3 finds of the system-call path: fs holds NT's TEB selector
 * 0x3B, and fs:[0x18] is the TEB's own address; SharedUserData->SystemCall
 * is ntdll's KiFastSystemCall (sysenter) when the CPU has SEP, else
 * KiIntSystemCall (int 0x2e), decided as the kernel decides it (the
 * Pentium Pro's false SEP bit excluded).
 */
#include "usertests.h"

__declspec(dllimport) void __cdecl KiFastSystemCall(void);
__declspec(dllimport) void __cdecl KiIntSystemCall(void);

#define CPUID_FEATURE_SEP (1UL << 11)

static ULONG read_fs(void)
{
    ULONG Selector;

    __asm__ __volatile__("movl %%fs, %0" : "=r"(Selector));
    return Selector & 0xFFFF;
}

static ULONG read_fs_self(void)
{
    ULONG Self;

    __asm__ __volatile__("movl %%fs:0x18, %0" : "=r"(Self));
    return Self;
}

static void cpuid(ULONG Leaf, ULONG *Eax, ULONG *Edx)
{
    ULONG Ebx, Ecx;

    __asm__ __volatile__("cpuid"
                         : "=a"(*Eax), "=b"(Ebx), "=c"(Ecx), "=d"(*Edx)
                         : "a"(Leaf), "c"(0));
    (void)Ebx;
    (void)Ecx;
}

void fs_is_the_teb_selector(void)
{
    CHECK_EQ(read_fs(), 0x3B);
    CHECK_EQ(read_fs_self(), (ULONG_PTR)NtCurrentTeb());
    CHECK_EQ((ULONG_PTR)NtCurrentTeb()->NtTib.Self, (ULONG_PTR)NtCurrentTeb());
}

void shared_user_data_names_the_system_call_stub(void)
{
    ULONG Signature, Edx, Family, Model, Stepping;
    BOOLEAN Sep;

    cpuid(1, &Signature, &Edx);
    Family = (Signature >> 8) & 0xF;
    Model = (Signature >> 4) & 0xF;
    Stepping = Signature & 0xF;
    if (Family == 6 || Family == 15)
        Model |= ((Signature >> 16) & 0xF) << 4;
    Sep = (Edx & CPUID_FEATURE_SEP) &&
          !(Family == 6 && Model < 3 && Stepping < 3);
    CHECK((ULONG_PTR)KiFastSystemCall != (ULONG_PTR)KiIntSystemCall);
    CHECK_EQ(SharedUserData->SystemCall,
             Sep ? (ULONG_PTR)KiFastSystemCall : (ULONG_PTR)KiIntSystemCall);
    /* Services work through it, whichever it is. */
    CHECK(NT_SUCCESS(NtYieldExecution()));
}
