/*
 * The first user program: "hello, world" and the arguments it was given,
 * one a line, through the C runtime's printf.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    int Index;

    printf("hello, world\n");
    for (Index = 0; Index < argc; Index++)
        printf("argv[%d] = \"%s\"\n", Index, argv[Index]);
    return 0;
}
