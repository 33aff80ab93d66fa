/*
 * The system-call fuzzer: random service numbers (the table's and past
 * it) with random arguments, from ring 3, through int 0x2e and sysenter.
 * Arguments come from the values that find bugs: zero, small numbers,
 * handles, pseudo-handles, kernel addresses, the NULL page, the end of
 * the user half, the read-only shared page, and pointers into a buffer of
 * random bytes (aligned or not). The services that would end or stop this
 * program are left out (they are tested on their own): the point is that
 * nothing the rest do with such arguments hurts the kernel. (A timer set
 * with a random routine would make that routine run here, as a user APC.)
 *
 *   fuzz [CALLS [SEED]]      defaults: 100000 calls, a seed from the clock
 *
 * Prints its seed first, so a run can be replayed, and a count of the
 * statuses at the end; exits with 0.
 */
#include <stdio.h>
#include <windows.h>

#include "ntdll.h"
#include "ntpeb.h"

NTSTATUS __cdecl FuzzService(ULONG Number, const ULONG *Arguments, ULONG Fast);

#define ARGUMENTS 10
#define HIGHEST_NUMBER 75 /* the table (57 today) and 18 past it */

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

int main(int argc, char **argv)
{
    ULONG Calls = argc > 1 ? parse(argv[1]) : 100000;
    ULONG Arguments[ARGUMENTS], Call, Index, Ok = 0, Failed = 0, Invalid = 0;

    state = argc > 2 ? parse(argv[2]) : SharedUserData->InterruptTime.LowPart;
    if (state == 0)
        state = 0x2545F491;
    printf("fuzz: seed %lu, %lu calls\n", state, Calls);
    exclude(NtTerminateProcess);
    exclude(NtTerminateThread);
    exclude(NtContinue);
    exclude(NtRaiseException);
    exclude(NtSuspendThread);
    exclude(NtDelayExecution);
    exclude(NtWaitForSingleObject);
    exclude(NtWaitForMultipleObjects);
    exclude(NtCreateThread);
    exclude(NtFreeVirtualMemory);
    exclude(NtProtectVirtualMemory);
    exclude(NtUnmapViewOfSection);
    exclude(NtDisplayString);
    exclude(NtSetTimer); /* a random routine would run here, as an APC */
    for (Call = 0; Call < Calls; Call++) {
        ULONG Number = next() % HIGHEST_NUMBER;
        NTSTATUS Status;

        if (Call % 64 == 0)
            for (Index = 0; Index < ARRAYSIZE(Buffer); Index++)
                Buffer[Index] = next() % 4 ? next() : 0;
        if (is_excluded(Number))
            continue;
        for (Index = 0; Index < ARGUMENTS; Index++)
            Arguments[Index] = argument();
        Status = FuzzService(Number, Arguments, Call & 1);
        if (Status == STATUS_INVALID_SYSTEM_SERVICE)
            Invalid++;
        else if (NT_SUCCESS(Status))
            Ok++;
        else
            Failed++;
    }
    printf("fuzz: done, %lu succeeded, %lu failed, %lu unknown numbers\n", Ok,
           Failed, Invalid);
    return 0;
}
