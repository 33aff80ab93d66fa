/*
 * _except_handler3: the frame handler MSVC's x86 __try/__except/__finally
 * uses and clang in MSVC mode emits (checked against clang-16's output for
 * a C __try with -fasync-exceptions), in ntdll and in the kernel, which
 * exports it to drivers. The frame's layout: rtlp_seh.h, EH3_REGISTRATION.
 */
#include "rtlp_seh.h"

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
    /* The function's filters read it only while this handler runs. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#endif
    ((PEXCEPTION_POINTERS *)Frame)[-1] = &Pointers;
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
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
