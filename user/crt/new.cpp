/*
 * C++'s allocation operators over the C runtime's heap (malloc.c). There
 * are no C++ exceptions: a failed new returns nullptr, as new (nothrow)
 * does. A class with a virtual destructor needs operator delete even when
 * nothing is allocated (its deleting destructor names it).
 */
#include <stdlib.h>

void *operator new(size_t Size)
{
    return malloc(Size != 0 ? Size : 1);
}

void *operator new[](size_t Size)
{
    return malloc(Size != 0 ? Size : 1);
}

void operator delete(void *Block) noexcept
{
    free(Block);
}

void operator delete[](void *Block) noexcept
{
    free(Block);
}

void operator delete(void *Block, size_t) noexcept
{
    free(Block);
}

void operator delete[](void *Block, size_t) noexcept
{
    free(Block);
}
