/*
 * Static initialisation and termination, as the MSVC runtime does them:
 * the compiler puts a pointer to each C++ static object's initialiser in
 * a .CRT$XCU section; the linker sorts the .CRT$XC* sections by the name
 * after the $, so every pointer lies between __xc_a (.CRT$XCA) and __xc_z
 * (.CRT$XCZ), and _initterm calls them in order before main (a NULL, the
 * linker's padding, is skipped). An initialiser registers its object's
 * destructor with atexit; exit calls those last-registered first.
 */
#include "crt.h"

typedef void(__cdecl *_PVFV)(void);

#pragma section(".CRT$XCA", read)
#pragma section(".CRT$XCZ", read)
__declspec(allocate(".CRT$XCA")) const _PVFV __xc_a[] = {NULL};
__declspec(allocate(".CRT$XCZ")) const _PVFV __xc_z[] = {NULL};

/* Registrations are made by the first thread before main and by exit's
 * caller: one thread at a time, as the program's own start and end. */
#define CRT_ATEXIT_MAXIMUM 32
static _PVFV atexit_table[CRT_ATEXIT_MAXIMUM];
static int atexit_count;

static void _initterm(const _PVFV *First, const _PVFV *Last)
{
    for (; First < Last; First++)
        if (*First != NULL)
            (**First)();
}

void _crt_initialize(void)
{
    _initterm(__xc_a, __xc_z);
}

int atexit(void(__cdecl *Function)(void))
{
    if (atexit_count == CRT_ATEXIT_MAXIMUM)
        return -1;
    atexit_table[atexit_count++] = Function;
    return 0;
}

void _crt_terminate(void)
{
    while (atexit_count > 0)
        atexit_table[--atexit_count]();
}
