/*
 * _except_handler3: the frame handler MSVC's x86 __try/__except/__finally
 * uses and clang in MSVC mode emits (checked against clang-16's output for
 * a C __try with -fasync-exceptions). The function's frame holds, around
 * its fs:[0] registration:
 *
 *     registration - 8    the esp the __except block restores
 *     registration - 4    EXCEPTION_POINTERS *, for GetExceptionInformation
 *     registration + 0    Next, Handler (this routine)
 *     registration + 8    the scope table
 *     registration + 12   the try level: the innermost __try it is in
 *     registration + 16   the ebp its filters, __finally and __except
 *                         blocks run with
 *
 * Each scope table entry names the enclosing level; a filter of NULL marks
 * a __finally, whose block is then the handler.
 */
#include "ntdllp.h"

#define EH3_TOP_LEVEL (-1)

typedef struct _EH3_SCOPE_TABLE_ENTRY {
    LONG EnclosingLevel;
    PVOID FilterFunc;
    PVOID HandlerFunc;
} EH3_SCOPE_TABLE_ENTRY, *PEH3_SCOPE_TABLE_ENTRY;

typedef struct _EH3_REGISTRATION {
    EXCEPTION_REGISTRATION_RECORD Record;
    PEH3_SCOPE_TABLE_ENTRY ScopeTable;
    LONG TryLevel;
} EH3_REGISTRATION, *PEH3_REGISTRATION;

/* eh3_funclet.asm */
LONG __cdecl RtlpEh3CallFunclet(PVOID Funclet, PVOID FrameEbp);
DECLSPEC_NORETURN VOID __cdecl RtlpEh3JumpToHandler(PVOID Handler,
                                                    PVOID FrameEbp,
                                                    PCONTEXT Context);

static PVOID frame_ebp(PEH3_REGISTRATION Frame)
{
    return (PUCHAR)Frame + 16;
}

/* Runs the __finally blocks from the frame's current try level out to
 * StopLevel (not included; EH3_TOP_LEVEL runs them all). The level is
 * lowered before each block runs, so none runs twice. */
VOID __cdecl _local_unwind2(PEH3_REGISTRATION Frame, LONG StopLevel)
{
    while (Frame->TryLevel != EH3_TOP_LEVEL && Frame->TryLevel != StopLevel) {
        PEH3_SCOPE_TABLE_ENTRY Entry = &Frame->ScopeTable[Frame->TryLevel];

        Frame->TryLevel = Entry->EnclosingLevel;
        if (Entry->FilterFunc == NULL)
            RtlpEh3CallFunclet(Entry->HandlerFunc, frame_ebp(Frame));
    }
}

/* Unwinds every frame newer than Frame (their __finally blocks run). */
VOID __cdecl _global_unwind2(PEH3_REGISTRATION Frame)
{
    RtlUnwind(Frame, NULL, NULL, NULL);
}

EXCEPTION_DISPOSITION __cdecl _except_handler3(
    PEXCEPTION_RECORD ExceptionRecord, PEH3_REGISTRATION Frame,
    PCONTEXT Context, PVOID DispatcherContext)
{
    EXCEPTION_POINTERS Pointers;
    LONG Level;

    UNREFERENCED_PARAMETER(DispatcherContext);
    if (ExceptionRecord->ExceptionFlags & EXCEPTION_UNWIND) {
        _local_unwind2(Frame, EH3_TOP_LEVEL);
        return ExceptionContinueSearch;
    }

    Pointers.ExceptionRecord = ExceptionRecord;
    Pointers.ContextRecord = Context;
    ((PEXCEPTION_POINTERS *)Frame)[-1] = &Pointers;
    for (Level = Frame->TryLevel; Level != EH3_TOP_LEVEL;) {
        PEH3_SCOPE_TABLE_ENTRY Entry = &Frame->ScopeTable[Level];
        LONG Filter;

        if (Entry->FilterFunc != NULL) {
            Filter = RtlpEh3CallFunclet(Entry->FilterFunc, frame_ebp(Frame));
            if (Filter < 0)
                return ExceptionContinueExecution;
            if (Filter > 0) {
                /* Newer frames' __finally blocks, then this frame's inside
                 * the __try being entered, then its __except block. */
                _global_unwind2(Frame);
                _local_unwind2(Frame, Level);
                Frame->TryLevel = Entry->EnclosingLevel;
                RtlpEh3JumpToHandler(Entry->HandlerFunc, frame_ebp(Frame),
                                     Context);
            }
        }
        Level = Entry->EnclosingLevel;
    }
    return ExceptionContinueSearch;
}
