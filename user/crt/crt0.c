/*
 * mainCRTStartup: a program's entry (ntdll's LdrInitializeThunk calls it
 * with no arguments). It splits the command line into argc/argv on the
 * process heap (cmdline.c's rules), runs the static constructors
 * (initterm.c), calls main and ends the process with main's result.
 */
#include "crt.h"
#include "windows.h"

int main(int argc, char **argv);

int mainCRTStartup(void)
{
    const char *Line = GetCommandLineA();
    static char *NoArguments[1] = {NULL};
    char **Argv = NoArguments, *Text;
    size_t Chars;
    int Argc = _parse_cmdline(Line, NULL, NULL, &Chars);

    Argv = malloc((size_t)(Argc + 1) * sizeof(char *) + Chars);
    if (Argv == NULL) {
        Argv = NoArguments;
        Argc = 0;
    } else {
        Text = (char *)(Argv + Argc + 1);
        _parse_cmdline(Line, Argv, Text, &Chars);
    }
    _crt_initialize();
    exit(main(Argc, Argv));
}
