/*
 * The first user program: "hello, world" and the arguments it was given,
 * one a line, through the C runtime's printf. With "--wait" as its last
 * argument it then waits on the named event HelloWait (made if missing)
 * until the event is set or the process is ended: a long-lived process
 * for the shell's `start`, `kill`, `vad PID` and `handles PID`.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    int Index;
    HANDLE Wake;

    printf("hello, world\n");
    for (Index = 0; Index < argc; Index++)
        printf("argv[%d] = \"%s\"\n", Index, argv[Index]);
    if (argc < 2 || strcmp(argv[argc - 1], "--wait") != 0)
        return 0;
    Wake = CreateEventA(NULL, TRUE, FALSE, "HelloWait");
    if (Wake == NULL)
        return (int)GetLastError();
    printf("hello: waiting on HelloWait\n");
    WaitForSingleObject(Wake, INFINITE);
    CloseHandle(Wake);
    return 0;
}
