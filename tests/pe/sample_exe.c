/*
 * A program built by the PE toolchain for the host test of the image
 * layer: it imports a function and a datum from sample.dll, and its
 * initialised pointers need base relocations when it moves.
 */
__declspec(dllimport) int __stdcall AddNumbers(int a, int b);
__declspec(dllimport) extern int Counter;

static int table[4] = {1, 2, 3, 4};
int *pointers[2] = {&table[1], &table[3]};

int mainCRTStartup(void)
{
    return AddNumbers(*pointers[0], Counter);
}
