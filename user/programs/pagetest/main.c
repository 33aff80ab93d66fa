/*
 * pagetest [MiB] [seed] [idle]: commits MiB of memory (48 by default),
 * writes a pattern to every page, then reads it all back twice. On a
 * machine with less memory than that the pages travel to the page file
 * and back. With "idle" it sets the event PageTestReady between writing
 * and reading and waits (in user mode) for PageTestWake: a test makes
 * its process leave memory meanwhile. The exit status is the number of
 * pages found wrong (0: all intact); a commit the system refuses, or an
 * event that cannot be opened, exits with its error code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define PAGE 4096

/* A word no other page and no other seed would hold at that place. */
static ULONG pattern(ULONG Page, ULONG Word, ULONG Seed)
{
    return (Page * 2654435761u) ^ (Word * 40503u) ^ Seed;
}

static ULONG check(PULONG Base, ULONG Pages, ULONG Seed)
{
    ULONG Page, Word, Bad = 0;

    for (Page = 0; Page < Pages; Page++) {
        PULONG Words = Base + Page * (PAGE / sizeof(ULONG));
        /* The first and last words and one between: enough to see a page
         * that came back as another page, as zeros, or torn. */
        static const ULONG Probe[] = {0, 517, PAGE / sizeof(ULONG) - 1};

        for (Word = 0; Word < 3; Word++)
            if (Words[Probe[Word]] != pattern(Page, Probe[Word], Seed)) {
                if (Bad < 5)
                    printf("pagetest: page %lu word %lu holds %08lx\n", Page,
                           Probe[Word], Words[Probe[Word]]);
                Bad++;
                break;
            }
    }
    return Bad;
}

int main(int argc, char **argv)
{
    ULONG MiB = argc > 1 ? strtoul(argv[1], NULL, 0) : 48;
    ULONG Seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 0x5eed;
    ULONG Pages = MiB * 256, Page, Word, Bad;
    PULONG Base;

    Base = VirtualAlloc(NULL, Pages * PAGE, MEM_COMMIT | MEM_RESERVE,
                        PAGE_READWRITE);
    if (Base == NULL) {
        printf("pagetest: committing %lu MiB failed (%lu)\n", MiB,
               GetLastError());
        return (int)GetLastError();
    }
    for (Page = 0; Page < Pages; Page++) {
        PULONG Words = Base + Page * (PAGE / sizeof(ULONG));
        for (Word = 0; Word < PAGE / sizeof(ULONG); Word++)
            Words[Word] = pattern(Page, Word, Seed);
    }
    if (argc > 3 && strcmp(argv[3], "idle") == 0) {
        HANDLE Ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, "PageTestReady");
        HANDLE Wake = OpenEventA(SYNCHRONIZE, FALSE, "PageTestWake");

        if (Ready == NULL || Wake == NULL)
            return (int)GetLastError();
        SetEvent(Ready);
        WaitForSingleObject(Wake, INFINITE);
        CloseHandle(Ready);
        CloseHandle(Wake);
    }
    Bad = check(Base, Pages, Seed);
    Bad += check(Base, Pages, Seed);
    printf("pagetest: %lu MiB written and read back twice, %lu pages wrong\n",
           MiB, Bad);
    VirtualFree(Base, 0, MEM_RELEASE);
    return (int)Bad;
}
