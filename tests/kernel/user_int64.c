/*
 * The C runtime's 64-bit helpers (user/crt/int64.asm, the routines clang
 * calls for 64-bit multiply, divide, remainder and shifts in user programs
 * and ntdll exports) run here, in the kernel's test suite: the same
 * source assembled as ELF, checked against GCC's own 64-bit arithmetic
 * over edge cases and pseudo-random operands. User mode cannot run them
 * on the host (no 32-bit execution there).
 */
#include "kernel/ktest.h"

/* MSVC's conventions: two 64-bit values on the stack, popped by the
 * callee; the shifts take edx:eax and cl. */
long long __attribute__((stdcall))
user_allmul(long long, long long) __asm__("__allmul");
long long __attribute__((stdcall))
user_alldiv(long long, long long) __asm__("__alldiv");
long long __attribute__((stdcall))
user_allrem(long long, long long) __asm__("__allrem");
unsigned long long __attribute__((stdcall))
user_aulldiv(unsigned long long, unsigned long long) __asm__("__aulldiv");
unsigned long long __attribute__((stdcall))
user_aullrem(unsigned long long, unsigned long long) __asm__("__aullrem");
void user_allshl(void) __asm__("__allshl");
void user_allshr(void) __asm__("__allshr");
void user_aullshr(void) __asm__("__aullshr");

static unsigned long long shift(void (*Routine)(void), unsigned long long Value,
                                unsigned Count)
{
    unsigned long long Result;

    __asm__ __volatile__("call *%2"
                         : "=A"(Result), "+c"(Count)
                         : "r"(Routine), "0"(Value)
                         : "memory", "cc");
    return Result;
}

static unsigned long long next_random(unsigned long long *State)
{
    *State ^= *State << 13;
    *State ^= *State >> 7;
    *State ^= *State << 17;
    return *State;
}

/* Operands that reach every path: small and large divisors, top bits
 * set, both signs. */
static unsigned long long operand(unsigned long long *State)
{
    unsigned long long Value = next_random(State);

    switch (Value & 7) {
    case 0:
        return Value >> 40;
    case 1:
        return Value >> 33;
    case 2:
        return (Value >> 8) | 0x8000000000000000ULL;
    case 3:
        return 0xFFFFFFFFULL + (Value & 3) - 1;
    default:
        return Value;
    }
}

KTEST(user_int64_helpers_match_the_compiler)
{
    unsigned long long State = 0x9E3779B97F4A7C15ULL;
    ULONG Round;

    for (Round = 0; Round < 20000; Round++) {
        unsigned long long A = operand(&State), B = operand(&State);
        long long SA = (long long)A, SB = (long long)B;
        unsigned Count = (unsigned)(next_random(&State) % 70);

        KT_ASSERT_EQ(user_allmul(SA, SB), (long long)(A * B));
        if (B == 0)
            continue;
        KT_ASSERT_EQ(user_aulldiv(A, B), A / B);
        KT_ASSERT_EQ(user_aullrem(A, B), A % B);
        /* LLONG_MIN / -1 overflows in C and faults in idiv alike. */
        if (!(SA == (long long)0x8000000000000000ULL && SB == -1)) {
            KT_ASSERT_EQ(user_alldiv(SA, SB), SA / SB);
            KT_ASSERT_EQ(user_allrem(SA, SB), SA % SB);
        }
        /* Counts of 64 and more: 0 (or the sign) as MSVC's give. */
        KT_ASSERT_EQ(shift(user_allshl, A, Count), Count < 64 ? A << Count : 0);
        KT_ASSERT_EQ(shift(user_aullshr, A, Count),
                     Count < 64 ? A >> Count : 0);
        KT_ASSERT_EQ(
            shift(user_allshr, A, Count),
            (unsigned long long)(Count < 64 ? SA >> Count : (SA < 0 ? -1 : 0)));
    }
}
