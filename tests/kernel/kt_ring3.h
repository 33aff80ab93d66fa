/*
 * Helpers for the tests and benchmarks that run code in ring 3
 * (tests/kernel/kt_ring3.c): a process holding a piece of machine code
 * (tests/kernel/user_code.asm) and a stack, started and waited for, and
 * the counters that show a process gave back what it took.
 */
#ifndef KT_RING3_H
#define KT_RING3_H

#include "kernel/process.h"

enum {
#define SERVICE(Number, Name, Bytes) KT_SERVICE_##Name = Number,
#include "service_table.h"
#undef SERVICE
};

#define KT_CODE_BASE 0x00400000UL
#define KT_STACK_BASE 0x00100000UL
#define KT_STACK_SIZE 0x10000UL

/* Free frames, counting those the pool and the kernel's page tables keep
 * for later as free; and the pool's bytes in use. */
PFN_NUMBER KtUserFreeFrames(VOID);
SIZE_T KtUserPoolBytes(VOID);
/* A value the next process finds at KT_CODE_BASE + Offset (0: none). */
VOID KtUserSetCell(ULONG Offset, ULONG Value);
/* A process holding Code at KT_CODE_BASE and a stack, its one thread made
 * (not started) to run it with Context's registers (Eip and Esp set). */
NTSTATUS KtCreateUserProcess(const UCHAR *Code, ULONG Size,
                             PSP_USER_CONTEXT *Context, PEPROCESS *Process,
                             PETHREAD *Thread);
/* Runs Code in a new process to its end: its exit status. */
NTSTATUS KtRunUserCode(const UCHAR *Code, ULONG Size, PSP_USER_CONTEXT *Context,
                       PNTSTATUS ExitStatus);
/* Runs the boot file Image (a PE program) with CommandLine to its end, as
 * the shell's run does; ended after Seconds. The wait's status (the
 * process's exit status in *ExitStatus), or why it did not start. */
NTSTATUS KtRunProgram(PCSTR Image, PCSTR CommandLine, ULONG Seconds,
                      PNTSTATUS ExitStatus);
/* KtRunProgram in two halves, so that programs can run side by side:
 * the process started (the caller holds its reference), then waited for
 * (ended after Seconds) and its reference dropped. */
NTSTATUS KtStartProgram(PCSTR Image, PCSTR CommandLine, PEPROCESS *Process);
NTSTATUS KtWaitForProgram(PEPROCESS Process, ULONG Seconds,
                          PNTSTATUS ExitStatus);
/* Waits (a few seconds at most) until the Process and Thread types count
 * these many objects again. */
BOOLEAN KtWaitForProcessObjects(LONG Processes, LONG Threads);

#endif
