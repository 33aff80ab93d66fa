/*
 * malloc and friends over the process heap. calloc checks that the
 * product does not wrap; realloc(NULL, n) is malloc and realloc(p, 0)
 * frees p, as C says.
 */
#include "crt.h"
#include "windows.h"

void *malloc(size_t Size)
{
    return HeapAlloc(GetProcessHeap(), 0, Size);
}

void *calloc(size_t Count, size_t Size)
{
    if (Size != 0 && Count > (size_t)-1 / Size)
        return NULL;
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, Count * Size);
}

void *realloc(void *Block, size_t Size)
{
    if (Block == NULL)
        return malloc(Size);
    if (Size == 0) {
        free(Block);
        return NULL;
    }
    return HeapReAlloc(GetProcessHeap(), 0, Block, Size);
}

void free(void *Block)
{
    if (Block != NULL)
        HeapFree(GetProcessHeap(), 0, Block);
}
