/*
 * The boundary between ring 3 and the kernel: the system-service entries
 * and dispatcher (kernel/ke/system_service.*), and the way back to user
 * mode (kernel/ke/user_mode.c). docs/user-mode.md has the protocol.
 */
#ifndef KERNEL_SYSTEM_SERVICE_H
#define KERNEL_SYSTEM_SERVICE_H

#include "kernel/trap.h"
#include "ntdef.h"

#define KI_SERVICE_VECTOR 0x2E
/* The CS of a frame that came from ring 3 has its RPL bits set. */
#define MODE_MASK 1
/* KTRAP_FRAME.ErrCode of a service frame the service replaced (NtContinue,
 * an exception or APC dispatch): it leaves by iretd with the registers
 * it holds, the service's status not written over eax. */
#define KI_FRAME_RESTORED 2

/* kernel/ke/system_service.asm */
VOID KiSystemService(VOID); /* int 0x2e */
VOID KiFastCallEntry(VOID); /* sysenter */
/* sysenter entered with TF set (kernel/ke/trap.c restarts there). */
VOID KiFastCallEntryWithSingleStep(VOID);
/* Pops the KTRAP_FRAME at the stack pointer and returns through it. */
VOID KiServiceExit(VOID);
NTSTATUS KiCallService(PVOID Routine, const ULONG *Arguments, ULONG Bytes);

/* kernel/ke/system_service.c */
VOID KiSystemServiceDispatch(PKTRAP_FRAME TrapFrame);
VOID KiInitializeSystemServices(VOID);
/* SYSENTER_ESP's stack: see kernel/ke/system_service.asm. */
#define KI_SYSENTER_STACK_SIZE 8192
extern UCHAR KiSysenterStack[KI_SYSENTER_STACK_SIZE];
extern ULONG KiSystemCallReturn;

/* kernel/ke/idt.c: vector 0x2E, reachable from ring 3. */
VOID KiSetServiceGate(VOID);

/* kernel/ke/user_mode.c */
/* The last look before a frame returns to ring 3: user APCs. Returns with
 * interrupts off. */
VOID KiExitToUserMode(PKTRAP_FRAME TrapFrame);
/* Leaves the kernel for the first time: a new user thread's start. */
DECLSPEC_NORETURN VOID KiEnterUserMode(PKTRAP_FRAME TrapFrame);
/* Builds the frame a user thread starts from: ring-3 selectors, the
 * TEB in fs, interrupts on. */
VOID KiInitializeUserTrapFrame(PKTRAP_FRAME TrapFrame, ULONG Eip, ULONG Esp);

/* kernel/ke/user_exception.c */
struct _EXCEPTION_RECORD;
/* The status a trap from ring 3 gets (a #GP at a privileged instruction
 * is STATUS_PRIVILEGED_INSTRUCTION). */
NTSTATUS KiUserExceptionCode(const KTRAP_FRAME *TrapFrame, NTSTATUS Code);
/* A guard page fired at Address: the current thread's stack grows
 * (STATUS_SUCCESS: retry the access) or overflowed (STATUS_STACK_OVERFLOW);
 * any other guard page is STATUS_GUARD_PAGE_VIOLATION. PASSIVE_LEVEL,
 * interrupts on. */
NTSTATUS KiResolveGuardPage(PVOID Address);
/* kernel/ke/user_context.c */
struct _CONTEXT;
VOID KiTrapFrameToContext(const KTRAP_FRAME *TrapFrame,
                          struct _CONTEXT *Context);
/* Sanitised for ring 3: its selectors, flags with IF set and IOPL 0. */
VOID KiContextToTrapFrame(const struct _CONTEXT *Context,
                          PKTRAP_FRAME TrapFrame);
extern ULONG KiUserExceptionDispatcherAddress;
extern ULONG KiUserApcDispatcherAddress;
/* Hands the exception to ring 3, or ends the process with its code. */
VOID KiDispatchUserException(struct _EXCEPTION_RECORD *Record,
                             PKTRAP_FRAME TrapFrame);

#endif
