/*
 * The rest of the libraries as a program uses them: heaps through kernel32
 * and the C runtime, the 64-bit arithmetic helpers the compiler calls,
 * and GetLastError following NT statuses.
 */
#include <stdlib.h>

#include "usertests.h"

void process_heap_and_private_heaps(void)
{
    HANDLE Heap = HeapCreate(0, 0, 0);
    PUCHAR Block, Big;
    char *Text;

    CHECK(GetProcessHeap() == NtCurrentPeb()->ProcessHeap);
    CHECK(GetProcessHeap() != NULL);
    Text = malloc(32);
    CHECK(Text != NULL);
    strcpy(Text, "process heap");
    Text = realloc(Text, 4000);
    CHECK(Text != NULL && strcmp(Text, "process heap") == 0);
    free(Text);
    CHECK(Heap != NULL);
    Block = HeapAlloc(Heap, HEAP_ZERO_MEMORY, 100);
    CHECK(Block != NULL && Block[99] == 0);
    CHECK_EQ(HeapSize(Heap, 0, Block), 100);
    Big = HeapAlloc(Heap, 0, 0x200000);
    CHECK(Big != NULL);
    Big[0x1FFFFF] = 1;
    CHECK(HeapFree(Heap, 0, Big));
    CHECK(HeapFree(Heap, 0, Block));
    CHECK(!HeapFree(Heap, 0, Block));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(HeapDestroy(Heap));
    CHECK(!HeapDestroy(GetProcessHeap()));
}

void int64_arithmetic_helpers(void)
{
    volatile long long A = -1234567890123LL, B = 1000003;
    volatile unsigned long long U = 0xFEDCBA9876543210ULL, V = 0x100000001ULL;
    volatile int Shift = 36;

    /* Values worked out off line; C truncates signed division. */
    CHECK_EQ(A * B, -1234571593826670369LL);
    CHECK_EQ(A / B, -1234564);
    CHECK_EQ(A % B, -186431);
    CHECK_EQ(U / V, 0xFEDCBA97ULL);
    CHECK_EQ(U % V, 2004318073ULL);
    CHECK_EQ(U / 10, 1836475854449306472ULL);
    CHECK_EQ(U % 10, 0);
    CHECK_EQ(U >> Shift, 0xFEDCBA9ULL);
    CHECK_EQ(A >> Shift, (unsigned long long)-18LL);
    CHECK_EQ(1ULL << Shift, 0x1000000000ULL);
    CHECK_EQ(U * V, 0xFEDCBA9876543210ULL + (0xFEDCBA9876543210ULL << 32));
}

void last_error_follows_nt_status(void)
{
    SetLastError(77);
    CHECK_EQ(GetLastError(), 77);
    CHECK_EQ(NtCurrentTeb()->LastErrorValue, 77);
    CHECK(!CloseHandle((HANDLE)0x7777770));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
    CHECK_EQ(NtCurrentTeb()->LastStatusValue, STATUS_INVALID_HANDLE);
    CHECK(!SetEvent(NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_HANDLE);
}
