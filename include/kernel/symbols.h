/*
 * The kernel's own symbol table, for backtraces. The build links the
 * kernel twice: the second link adds a table of every function's address
 * and name (tools/gen-symbols.sh), in a section placed after the code so
 * that no function moves.
 */
#ifndef KERNEL_SYMBOLS_H
#define KERNEL_SYMBOLS_H

#include "ntdef.h"

/* The function containing Address and the offset into it; NULL if none. */
PCSTR KiLookupSymbol(ULONG_PTR Address, ULONG_PTR *Offset);
/* The address of a function by name, 0 if none. */
ULONG_PTR KiLookupAddress(PCSTR Name);

#endif
