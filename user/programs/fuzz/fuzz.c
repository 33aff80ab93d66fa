/*
 * The system-call fuzzer: random service numbers (the table's and past
 * it) with random arguments, from ring 3, through int 0x2e and sysenter.
 * Arguments come from the values that find bugs: zero, small numbers,
 * handles, pseudo-handles, kernel addresses, the NULL page, the end of
 * the user half, the read-only shared page, and pointers into a buffer of
 * random bytes (aligned or not). The point is that nothing a service does
 * with such arguments hurts the kernel.
 *
 * Every call counts: a number that may not be called is drawn again, as
 * are arguments that would free, protect or unmap this program's own
 * memory. The waits and the delay are called with a zero timeout (or a
 * bad pointer to one), so they never block; a timer's APC routine is NULL
 * or one that does nothing.
 *
 *   fuzz [SEED [CALLS]]      defaults: a fresh seed (0 too), 100000 calls
 *
 * Prints its seed first, so a run can be replayed (`run fuzz SEED`), and
 * the calls by outcome at the end. Exits with 0, or 1 when a service of
 * the table was never called.
 */
#include <stdio.h>
#include <windows.h>

#include "ntdll.h"
#include "ntpeb.h"

NTSTATUS __cdecl FuzzService(ULONG Number, const ULONG *Arguments, ULONG Fast);

#define ARGUMENTS 10
#define HIGHEST_NUMBER 80 /* the table (60 today) and 20 past it */

static ULONG state;

/* A decimal number, or hexadecimal after 0x. */
static ULONG parse(const char *Text)
{
    ULONG Value = 0, Base = 10;

    if (Text[0] == '0' && (Text[1] == 'x' || Text[1] == 'X')) {
        Base = 16;
        Text += 2;
    }
    for (; *Text != '\0'; Text++) {
        ULONG Digit = *Text >= '0' && *Text <= '9'   ? (ULONG)(*Text - '0')
                      : *Text >= 'a' && *Text <= 'f' ? (ULONG)(*Text - 'a' + 10)
                      : *Text >= 'A' && *Text <= 'F' ? (ULONG)(*Text - 'A' + 10)
                                                     : 99;
        if (Digit >= Base)
            break;
        Value = Value * Base + Digit;
    }
    return Value;
}
static ULONG Buffer[1024];

static ULONG next(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

/* A seed that differs from boot to boot: the interrupt time alone repeats
 * in a test boot, the time-stamp counter and the performance counter
 * (which follow the host's clock under QEMU) do not. Mixed by
 * multiply-xorshift rounds so every input bit reaches every output bit. */
static ULONG fresh_seed(void)
{
    LARGE_INTEGER Counter = {0}, Frequency;
    ULONG Low, High, Seed;

    __asm__ volatile("rdtsc" : "=a"(Low), "=d"(High));
    NtQueryPerformanceCounter(&Counter, &Frequency);
    Seed = SharedUserData->InterruptTime.LowPart;
    Seed = (Seed ^ Low) * 0x9E3779B1UL;
    Seed = (Seed ^ (Seed >> 15) ^ High ^ Counter.LowPart) * 0x85EBCA77UL;
    Seed = (Seed ^ (Seed >> 13) ^ Counter.HighPart) * 0xC2B2AE3DUL;
    return Seed ^ (Seed >> 16);
}

/* The number in ntdll's stub for Routine (mov eax, imm32), following the
 * import thunk (jmp [iat]) when the address is one; -1 if neither. */
static ULONG service_number(const void *Routine)
{
    const UCHAR *Code = Routine;

    if (Code[0] == 0xFF && Code[1] == 0x25)
        Code = **(const UCHAR *const *const *)(Code + 2);
    if (Code[0] != 0xB8)
        return (ULONG)-1;
    return *(const ULONG *)(Code + 1);
}

static ULONG excluded[16];
static ULONG excluded_count;

static void exclude(const void *Routine)
{
    excluded[excluded_count++] = service_number(Routine);
}

static BOOLEAN is_excluded(ULONG Number)
{
    ULONG Index;

    for (Index = 0; Index < excluded_count; Index++)
        if (excluded[Index] == Number)
            return TRUE;
    return FALSE;
}

/* The services whose arguments are shaped (their numbers). */
static ULONG free_number, protect_number, unmap_number, set_timer_number,
    wait_number, wait_multiple_number, delay_number;

/* What this program stands on: every region in use when it started (its
 * image and the DLLs', stack, heap, PEB, TEB, the shared page). Freeing,
 * protecting or unmapping those would end the fuzzer, not test the kernel. */
static struct {
    ULONG Start, End;
} own[64];
static ULONG own_count;

static void find_own_regions(void)
{
    MEMORY_BASIC_INFORMATION Info;
    ULONG Address = 0;

    while (Address < 0x7FFF0000UL &&
           NT_SUCCESS(NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)Address,
                                           MemoryBasicInformation, &Info,
                                           sizeof(Info), NULL)) &&
           Info.RegionSize != 0) {
        ULONG End = (ULONG)Info.BaseAddress + Info.RegionSize;

        if (Info.State != MEM_FREE) {
            if (own_count != 0 && own[own_count - 1].End == Address)
                own[own_count - 1].End = End;
            else if (own_count < ARRAYSIZE(own)) {
                own[own_count].Start = Address;
                own[own_count++].End = End;
            } else
                own[own_count - 1].End = End; /* one wide range: safe */
        }
        if (End <= Address)
            break;
        Address = End;
    }
}

/* Whether [Base, Base + Size) (Size 0: Base's whole region) touches what
 * this program stands on. */
static BOOLEAN touches_own(ULONG Base, ULONG Size)
{
    ULONG Start = Base & ~0xFFFUL, End, Index;

    if (Size == 0)
        End = Base + 1;
    else
        End = Base + Size < Base ? 0xFFFFFFFFUL : Base + Size;
    if (End < Start) /* Base was the last byte */
        End = 0xFFFFFFFFUL;
    for (Index = 0; Index < own_count; Index++)
        if (Start < own[Index].End && End > own[Index].Start)
            return TRUE;
    return FALSE;
}

/* *Pointer as the kernel would read it, or FALSE if it cannot be read
 * (then the service fails before it changes anything). */
static BOOLEAN peek(ULONG Pointer, PULONG Value)
{
    __try {
        *Value = *(volatile ULONG *)Pointer;
        return TRUE;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return FALSE;
    }
}

/* Free and protect take the address and size through pointers. */
static BOOLEAN spares_own_through(const ULONG *Arguments)
{
    ULONG Base, Size;

    if (!peek(Arguments[1], &Base) || !peek(Arguments[2], &Size))
        return TRUE;
    return !touches_own(Base, Size);
}

static ULONG argument(void)
{
    ULONG Base = (ULONG)(ULONG_PTR)Buffer;

    switch (next() % 12) {
    case 0:
        return 0;
    case 1:
        return next() % 16;
    case 2:
        return (ULONG)-1 - next() % 2; /* NtCurrentProcess, NtCurrentThread */
    case 3:
        return 4 * (next() % 64); /* a handle, maybe one of ours */
    case 4:
        return 0x80000000UL + (next() & 0x00FFFFFF); /* the kernel half */
    case 5:
        return Base + next() % (sizeof(Buffer) - 64); /* unaligned inside */
    case 6:
        return Base + 4 * (next() % (ARRAYSIZE(Buffer) - 16));
    case 7:
        return 0x7FFEFFF0UL + (next() & 0x1F); /* straddling the end */
    case 8:
        return 0x7FFE0000UL + (next() & 0xFFC); /* KUSER_SHARED_DATA */
    case 9:
        return next() & 0xFFFF; /* the NULL page and just past it */
    default:
        return next();
    }
}

/* Zeros a timeout is read from, at any of the first 8 offsets (an
 * unaligned one may be refused, never read as something else). */
static volatile ULONG zero_timeout[4];

/* A timeout that never blocks: mostly a zero one (aligned or not), else
 * one the kernel cannot read. Never NULL, which would mean forever. */
static ULONG timeout_argument(void)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(zero_timeout); Index++)
        zero_timeout[Index] = 0;
    switch (next() % 8) {
    case 0:
        return 0x80000000UL + (next() & 0x00FFFFF8); /* the kernel half */
    case 1:
        return 0x7FFEFFF8UL + (next() & 0x7); /* straddling the end */
    case 2:
        return 0x10 + (next() & 0xFF8); /* the NULL page */
    case 3:
        return (ULONG)zero_timeout + next() % 8;
    default:
        return (ULONG)zero_timeout;
    }
}

static VOID NTAPI quiet_timer_apc(PVOID Context, ULONG Low, LONG High)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Low);
    UNREFERENCED_PARAMETER(High);
}

/* Shapes Number's arguments where it needs it; FALSE to draw again. */
static BOOLEAN shape(ULONG Number, ULONG *Arguments)
{
    if (Number == wait_number)
        Arguments[2] = timeout_argument();
    else if (Number == wait_multiple_number)
        Arguments[4] = timeout_argument();
    else if (Number == delay_number)
        Arguments[1] = timeout_argument();
    else if (Number == set_timer_number)
        Arguments[2] = next() % 2 ? 0 : (ULONG)quiet_timer_apc;
    else if (Number == unmap_number)
        return !touches_own(Arguments[1], 1);
    else if (Number == free_number || Number == protect_number)
        return spares_own_through(Arguments);
    return TRUE;
}

/* The calls by outcome: each status seen, how often. */
static struct {
    NTSTATUS Status;
    ULONG Count;
} outcomes[64];
static ULONG outcome_count, other_outcomes;
static ULONG calls_of[HIGHEST_NUMBER], unknown_of[HIGHEST_NUMBER];

static void count_outcome(NTSTATUS Status)
{
    ULONG Index;

    for (Index = 0; Index < outcome_count; Index++)
        if (outcomes[Index].Status == Status) {
            outcomes[Index].Count++;
            return;
        }
    if (outcome_count == ARRAYSIZE(outcomes)) {
        other_outcomes++;
        return;
    }
    outcomes[outcome_count].Status = Status;
    outcomes[outcome_count++].Count = 1;
}

/* The table's size: the lowest number refused as unknown. */
static ULONG table_size(void)
{
    ULONG Number;

    for (Number = 0; Number < HIGHEST_NUMBER; Number++) {
        ULONG Nothing[ARGUMENTS] = {0};

        if (calls_of[Number] != 0) {
            if (unknown_of[Number] == calls_of[Number])
                return Number;
            continue;
        }
        /* Never drawn: ask with zeros (a NULL pointer, handle 0: refused
         * at once) whether it exists. */
        if (!is_excluded(Number) &&
            FuzzService(Number, Nothing, 0) == STATUS_INVALID_SYSTEM_SERVICE)
            return Number;
    }
    return HIGHEST_NUMBER;
}

int main(int argc, char **argv)
{
    ULONG Seed = argc > 1 ? parse(argv[1]) : 0;
    ULONG Calls = argc > 2 ? parse(argv[2]) : 100000;
    ULONG Arguments[ARGUMENTS], Call, Index, Redrawn = 0, Missed = 0, Size;

    if (Seed == 0)
        Seed = fresh_seed();
    if (Seed == 0)
        Seed = 0x2545F491;
    state = Seed;
    printf("fuzz: seed %lu, %lu calls (replay: fuzz %lu %lu)\n", Seed, Calls,
           Seed, Calls);
    /* Left out, each for a reason of this program's own (each is tested
     * on its own elsewhere): */
    exclude(NtTerminateProcess); /* -1 or a duplicate of it ends us */
    exclude(NtTerminateThread);  /* our only thread: the same */
    exclude(NtContinue);         /* resumes at a random context */
    /* A raised exception is dispatched at the context's Esp, a random
     * one: unhandled, it ends us. */
    exclude(NtRaiseException);
    exclude(NtSuspendThread); /* every thread handle is our only thread */
    /* The new thread would run random code, and its fault ends us. */
    exclude(NtCreateThread);
    free_number = service_number(NtFreeVirtualMemory);
    protect_number = service_number(NtProtectVirtualMemory);
    unmap_number = service_number(NtUnmapViewOfSection);
    set_timer_number = service_number(NtSetTimer);
    wait_number = service_number(NtWaitForSingleObject);
    wait_multiple_number = service_number(NtWaitForMultipleObjects);
    delay_number = service_number(NtDelayExecution);
    find_own_regions();
    for (Call = 0; Call < Calls; Call++) {
        ULONG Number;
        NTSTATUS Status;

        if (Call % 64 == 0)
            for (Index = 0; Index < ARRAYSIZE(Buffer); Index++)
                Buffer[Index] = next() % 4 ? next() : 0;
        for (;;) {
            Number = next() % HIGHEST_NUMBER;
            for (Index = 0; Index < ARGUMENTS; Index++)
                Arguments[Index] = argument();
            if (!is_excluded(Number) && shape(Number, Arguments))
                break;
            Redrawn++;
        }
        Status = FuzzService(Number, Arguments, Call & 1);
        calls_of[Number]++;
        if (Status == STATUS_INVALID_SYSTEM_SERVICE)
            unknown_of[Number]++;
        count_outcome(Status);
    }
    printf("fuzz: done, %lu calls (%lu draws redrawn), by outcome:\n", Calls,
           Redrawn);
    for (Index = 0; Index < outcome_count; Index++)
        printf("fuzz:   %08lx %lu\n", (ULONG)outcomes[Index].Status,
               outcomes[Index].Count);
    if (other_outcomes != 0)
        printf("fuzz:   other statuses %lu\n", other_outcomes);
    Size = table_size();
    for (Index = 0; Index < Size; Index++)
        if (!is_excluded(Index) && calls_of[Index] == 0) {
            printf("fuzz: service %lu was never called\n", Index);
            Missed++;
        }
    printf("fuzz: %lu services in the table, %lu left out, %lu never called\n",
           Size, excluded_count, Missed);
    return Missed != 0 && Calls >= 10000 ? 1 : 0;
}
