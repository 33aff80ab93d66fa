/*
 * NT x86's CONTEXT, EXCEPTION_RECORD and EXCEPTION_POINTERS, in the layouts
 * NtContinue, NtRaiseException, KiUserExceptionDispatcher and a debugger
 * read. The kernel (GCC) and the user libraries (clang in MSVC mode) both
 * include this file; the offsets below hold for either compiler.
 */
#ifndef NTCONTEXT_H
#define NTCONTEXT_H

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SIZE_OF_80387_REGISTERS 80
#define MAXIMUM_SUPPORTED_EXTENSION 512

/* The FSAVE image of the x87 state, plus the NPX state NT keeps in CR0. */
typedef struct _FLOATING_SAVE_AREA {
    ULONG ControlWord;
    ULONG StatusWord;
    ULONG TagWord;
    ULONG ErrorOffset;
    ULONG ErrorSelector;
    ULONG DataOffset;
    ULONG DataSelector;
    UCHAR RegisterArea[SIZE_OF_80387_REGISTERS];
    ULONG Cr0NpxState;
} FLOATING_SAVE_AREA, *PFLOATING_SAVE_AREA;

/* Which parts of a CONTEXT hold (or are to be set): ContextFlags. */
#define CONTEXT_i386 0x00010000L
#define CONTEXT_i486 0x00010000L
#define CONTEXT_CONTROL                                                        \
    (CONTEXT_i386 | 0x00000001L) /* ebp eip cs eflags esp ss */
#define CONTEXT_INTEGER                                                        \
    (CONTEXT_i386 | 0x00000002L) /* edi esi ebx edx ecx eax */
#define CONTEXT_SEGMENTS (CONTEXT_i386 | 0x00000004L) /* ds es fs gs */
#define CONTEXT_FLOATING_POINT (CONTEXT_i386 | 0x00000008L)
#define CONTEXT_DEBUG_REGISTERS (CONTEXT_i386 | 0x00000010L)
#define CONTEXT_EXTENDED_REGISTERS (CONTEXT_i386 | 0x00000020L) /* FXSAVE */
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS)
#define CONTEXT_ALL                                                            \
    (CONTEXT_FULL | CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS |         \
     CONTEXT_EXTENDED_REGISTERS)

typedef struct _CONTEXT {
    ULONG ContextFlags; /* 0x000 */
    ULONG Dr0;          /* 0x004 */
    ULONG Dr1;
    ULONG Dr2;
    ULONG Dr3;
    ULONG Dr6;
    ULONG Dr7;                    /* 0x018 */
    FLOATING_SAVE_AREA FloatSave; /* 0x01C */
    ULONG SegGs;                  /* 0x08C */
    ULONG SegFs;
    ULONG SegEs;
    ULONG SegDs;
    ULONG Edi; /* 0x09C */
    ULONG Esi;
    ULONG Ebx;
    ULONG Edx;
    ULONG Ecx;
    ULONG Eax; /* 0x0B0 */
    ULONG Ebp; /* 0x0B4 */
    ULONG Eip; /* 0x0B8 */
    ULONG SegCs;
    ULONG EFlags; /* 0x0C0 */
    ULONG Esp;    /* 0x0C4 */
    ULONG SegSs;
    UCHAR ExtendedRegisters[MAXIMUM_SUPPORTED_EXTENSION]; /* 0x0CC */
} CONTEXT, *PCONTEXT;

#define EXCEPTION_NONCONTINUABLE 0x1
#define EXCEPTION_MAXIMUM_PARAMETERS 15
typedef struct _EXCEPTION_RECORD {
    NTSTATUS ExceptionCode;
    ULONG ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord; /* a nested exception's */
    PVOID ExceptionAddress;
    ULONG NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;

/* ExceptionFlags beyond EXCEPTION_NONCONTINUABLE, as NT sets them. */
#define EXCEPTION_UNWINDING 0x2
#define EXCEPTION_EXIT_UNWIND 0x4
#define EXCEPTION_STACK_INVALID 0x8
#define EXCEPTION_NESTED_CALL 0x10
#define EXCEPTION_TARGET_UNWIND 0x20
#define EXCEPTION_COLLIDED_UNWIND 0x40
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

#if defined(__i386__) || defined(_M_IX86)
#define NTCONTEXT_OFFSET(Type, Field, Offset)                                  \
    _Static_assert(offsetof(Type, Field) == (Offset), #Type "." #Field)
_Static_assert(sizeof(FLOATING_SAVE_AREA) == 0x70, "FLOATING_SAVE_AREA size");
_Static_assert(sizeof(CONTEXT) == 0x2CC, "CONTEXT size");
NTCONTEXT_OFFSET(CONTEXT, Dr7, 0x018);
NTCONTEXT_OFFSET(CONTEXT, FloatSave, 0x01C);
NTCONTEXT_OFFSET(CONTEXT, SegGs, 0x08C);
NTCONTEXT_OFFSET(CONTEXT, SegDs, 0x098);
NTCONTEXT_OFFSET(CONTEXT, Edi, 0x09C);
NTCONTEXT_OFFSET(CONTEXT, Eax, 0x0B0);
NTCONTEXT_OFFSET(CONTEXT, Ebp, 0x0B4);
NTCONTEXT_OFFSET(CONTEXT, Eip, 0x0B8);
NTCONTEXT_OFFSET(CONTEXT, SegCs, 0x0BC);
NTCONTEXT_OFFSET(CONTEXT, EFlags, 0x0C0);
NTCONTEXT_OFFSET(CONTEXT, Esp, 0x0C4);
NTCONTEXT_OFFSET(CONTEXT, SegSs, 0x0C8);
NTCONTEXT_OFFSET(CONTEXT, ExtendedRegisters, 0x0CC);
_Static_assert(sizeof(EXCEPTION_RECORD) == 0x50, "EXCEPTION_RECORD size");
NTCONTEXT_OFFSET(EXCEPTION_RECORD, ExceptionAddress, 0x0C);
NTCONTEXT_OFFSET(EXCEPTION_RECORD, ExceptionInformation, 0x14);
#undef NTCONTEXT_OFFSET
#endif

#ifdef __cplusplus
}
#endif

#endif
