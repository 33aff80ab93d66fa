/*
 * Traps: the frame every exception entry builds, and the dispatcher.
 * kernel/ke/trap_entry.asm pushes this frame; its layout is fixed.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "ntdef.h"

#define EXCEPTION_DIVIDE_ERROR 0
#define EXCEPTION_DEBUG 1
#define EXCEPTION_NMI 2
#define EXCEPTION_BREAKPOINT 3
#define EXCEPTION_OVERFLOW 4
#define EXCEPTION_BOUND 5
#define EXCEPTION_INVALID_OPCODE 6
#define EXCEPTION_NPX_NOT_AVAILABLE 7
#define EXCEPTION_DOUBLE_FAULT 8
#define EXCEPTION_NPX_OVERRUN 9
#define EXCEPTION_INVALID_TSS 10
#define EXCEPTION_SEGMENT_NOT_PRESENT 11
#define EXCEPTION_STACK_FAULT 12
#define EXCEPTION_GP_FAULT 13
#define EXCEPTION_PAGE_FAULT 14
#define EXCEPTION_NPX_ERROR 16
#define EXCEPTION_ALIGNMENT_CHECK 17
#define EXCEPTION_MACHINE_CHECK 18
#define EXCEPTION_SIMD_ERROR 19
#define KI_EXCEPTION_VECTORS 32
#define KI_IDT_ENTRIES 256

/* Page-fault error code bits. */
#define PF_PRESENT 0x01
#define PF_WRITE 0x02
#define PF_USER 0x04
#define PF_RESERVED 0x08
#define PF_INSTRUCTION 0x10

typedef struct _KTRAP_FRAME {
    ULONG Cr2; /* read first, before anything else can fault */
    ULONG SegGs;
    ULONG SegFs;
    ULONG SegEs;
    ULONG SegDs;
    ULONG Edi; /* pushad order from here to Eax */
    ULONG Esi;
    ULONG Ebp;
    ULONG TempEsp;
    ULONG Ebx;
    ULONG Edx;
    ULONG Ecx;
    ULONG Eax;
    ULONG TrapNumber;
    ULONG ErrCode; /* 0 for vectors that push none */
    ULONG Eip;     /* from here on pushed by the CPU */
    ULONG SegCs;
    ULONG EFlags;
    ULONG HardwareEsp;   /* only when the trap came from ring 3 */
    ULONG HardwareSegSs; /* likewise */
} KTRAP_FRAME, *PKTRAP_FRAME;

/* The stack pointer at the moment of the trap. */
ULONG KiTrapFrameEsp(const KTRAP_FRAME *TrapFrame);

VOID KiInitializeIdt(VOID);
VOID KiTrapDispatch(PKTRAP_FRAME TrapFrame);
/* Entered by the double-fault task gate, on its own TSS and stack. */
DECLSPEC_NORETURN VOID KiDoubleFault(VOID);

#endif
