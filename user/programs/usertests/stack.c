/*
 * The user stack: 1 MiB reserved, committed a page at a time through its
 * guard page. Frames bigger than a page are probed by __chkstk in order,
 * so the stack grows to near its limit; past it, STATUS_STACK_OVERFLOW.
 */
#include "usertests.h"

#define FRAME_BYTES (64 * 1024)

/* Recurses with big frames until Depth frames are live; the checksum
 * makes every frame's bytes matter. */
static ULONG deep(ULONG Depth)
{
    volatile UCHAR Frame[FRAME_BYTES];
    ULONG Index;

    for (Index = 0; Index < FRAME_BYTES; Index += 512)
        Frame[Index] = (UCHAR)Depth;
    if (Depth > 1)
        return Frame[0] + deep(Depth - 1);
    return Frame[FRAME_BYTES - 512];
}

void stack_grows_to_near_its_limit(void)
{
    PTEB Teb = NtCurrentTeb();
    ULONG_PTR Used = (ULONG_PTR)Teb->NtTib.StackBase - (ULONG_PTR)&Teb;
    ULONG_PTR Reserved =
        (ULONG_PTR)Teb->NtTib.StackBase - (ULONG_PTR)Teb->DeallocationStack;
    /* Leave room for this frame's callers and two pages of slack. */
    ULONG Depth = (ULONG)((Reserved - Used - 0x3000) / (FRAME_BYTES + 64));
    ULONG Expected = 0, Index;

    CHECK(Reserved >= 0x100000);
    CHECK(Depth >= 10);
    for (Index = 1; Index <= Depth; Index++)
        Expected += (UCHAR)Index;
    CHECK_EQ(deep(Depth), Expected);
    /* The committed part now reaches far down. */
    CHECK((ULONG_PTR)Teb->NtTib.StackLimit <
          (ULONG_PTR)Teb->NtTib.StackBase - (Depth - 1) * FRAME_BYTES);
}

/* Stops only at a depth no 1 MiB stack reaches. It calls itself through
 * a volatile pointer: clang turns `x + endless()` into a loop otherwise,
 * and the stack would never grow. */
static ULONG endless(ULONG Depth);
static ULONG (*volatile Recurse)(ULONG) = endless;

static ULONG endless(ULONG Depth)
{
    volatile UCHAR Frame[FRAME_BYTES];

    Frame[0] = (UCHAR)Depth;
    if (Depth == 0x10000)
        return Frame[0];
    return Frame[0] + Recurse(Depth + 1);
}

void stack_overflow_is_raised(void)
{
    volatile NTSTATUS Code = 0;

    __try {
        endless(0);
    } __except (Code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) {
    }
    CHECK_EQ(Code, STATUS_STACK_OVERFLOW);
}
