/*
 * PreviousMode: the mode a system service was called from. System threads
 * run with KernelMode; the system-call path will set UserMode, and a Zw*
 * call from the kernel runs its Nt* body with KernelMode, as NT's Zw stubs
 * do by going through the service dispatcher.
 */
#include "kernel/object.h"
#include "kernel/thread.h"

KPROCESSOR_MODE NTAPI ExGetPreviousMode(VOID)
{
    return KiCurrentThread()->PreviousMode;
}

KPROCESSOR_MODE ExpSetPreviousMode(KPROCESSOR_MODE Mode)
{
    PKTHREAD Thread = KiCurrentThread();
    KPROCESSOR_MODE Old = Thread->PreviousMode;

    Thread->PreviousMode = Mode;
    return Old;
}
