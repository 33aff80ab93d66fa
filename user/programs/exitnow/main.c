/*
 * The smallest whole program: an image with its sections, ntdll and
 * kernel32 bound, a PEB, a heap and the C runtime's start, and nothing
 * to do. The process-lifecycle test and benchmark run it over and over.
 */
int main(void)
{
    return 0;
}
