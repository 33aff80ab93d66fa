/*
 * The ways a program ends: exit (main's return comes here too), which
 * runs the atexit routines first, and abort, which ends the process with
 * code 3 at once, as the MSVC runtime's does.
 */
#include "crt.h"
#include "windows.h"

#define ABORT_EXIT_CODE 3

_Noreturn void exit(int Status)
{
    _crt_terminate();
    ExitProcess((UINT)Status);
}

_Noreturn void abort(void)
{
    ExitProcess(ABORT_EXIT_CODE);
}
