/*
 * Two processes that meet by name: a section and two events in
 * \BaseNamedObjects, as two Win32 programs would share memory.
 *
 *   partner first TAG VALUE    makes the mapping and both events, writes
 *                              VALUE into the view, sets "ping", waits for
 *                              "pong" and finds ~VALUE beside it
 *   partner second TAG VALUE   opens them (retrying until the first has
 *                              made them), waits for "ping", checks VALUE,
 *                              writes ~VALUE and sets "pong"
 *
 * Exits with 0x11 (first) or 0x22 (second) when everything held, else
 * with the number of the step that failed (1xx first, 2xx second).
 * tests/kernel/user_partners.c runs the two at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define WAIT_MS 20000

static void name(char *Buffer, const char *What, const char *Tag)
{
    strcpy(Buffer, "Partner");
    strcat(Buffer, What);
    strcat(Buffer, "-");
    strcat(Buffer, Tag);
}

static int first(const char *Tag, ULONG Value)
{
    char Name[64];
    HANDLE Section, Ping, Pong;
    volatile ULONG *View;

    name(Name, "Section", Tag);
    Section = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                 4096, Name);
    if (Section == NULL)
        return 101;
    if (GetLastError() == ERROR_ALREADY_EXISTS)
        return 102; /* the second must open, never create */
    name(Name, "Ping", Tag);
    Ping = CreateEventA(NULL, FALSE, FALSE, Name);
    name(Name, "Pong", Tag);
    Pong = CreateEventA(NULL, FALSE, FALSE, Name);
    if (Ping == NULL || Pong == NULL)
        return 103;
    View = MapViewOfFile(Section, FILE_MAP_WRITE, 0, 0, 0);
    if (View == NULL)
        return 104;
    View[0] = Value;
    if (!SetEvent(Ping))
        return 105;
    if (WaitForSingleObject(Pong, WAIT_MS) != WAIT_OBJECT_0)
        return 106;
    if (View[1] != ~Value)
        return 107;
    printf("partner first: wrote %08lx, read %08lx\n", Value, View[1]);
    UnmapViewOfFile((PVOID)View);
    CloseHandle(Ping);
    CloseHandle(Pong);
    CloseHandle(Section);
    return 0x11;
}

static int second(const char *Tag, ULONG Value)
{
    char Name[64];
    HANDLE Section = NULL, Ping = NULL, Pong = NULL;
    volatile ULONG *View;
    ULONG Tries;

    /* The first may not have made them yet. */
    for (Tries = 0; Tries < WAIT_MS / 10; Tries++) {
        if (Section == NULL) {
            name(Name, "Section", Tag);
            Section = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, Name);
        }
        if (Ping == NULL) {
            name(Name, "Ping", Tag);
            Ping = OpenEventA(SYNCHRONIZE, FALSE, Name);
        }
        if (Pong == NULL) {
            name(Name, "Pong", Tag);
            Pong = OpenEventA(EVENT_MODIFY_STATE, FALSE, Name);
        }
        if (Section != NULL && Ping != NULL && Pong != NULL)
            break;
        Sleep(10);
    }
    if (Section == NULL || Ping == NULL || Pong == NULL)
        return 201;
    View = MapViewOfFile(Section, FILE_MAP_WRITE, 0, 0, 0);
    if (View == NULL)
        return 202;
    if (WaitForSingleObject(Ping, WAIT_MS) != WAIT_OBJECT_0)
        return 203;
    if (View[0] != Value)
        return 204;
    View[1] = ~Value;
    /* Opened for EVENT_MODIFY_STATE only: waiting on it is refused. */
    if (WaitForSingleObject(Pong, 0) != WAIT_FAILED)
        return 205;
    if (!SetEvent(Pong))
        return 206;
    printf("partner second: read %08lx, wrote %08lx\n", Value, ~Value);
    UnmapViewOfFile((PVOID)View);
    CloseHandle(Ping);
    CloseHandle(Pong);
    CloseHandle(Section);
    return 0x22;
}

int main(int argc, char **argv)
{
    ULONG Value;

    if (argc != 4)
        return 1;
    Value = strtoul(argv[3], NULL, 16);
    if (strcmp(argv[1], "first") == 0)
        return first(argv[2], Value);
    if (strcmp(argv[1], "second") == 0)
        return second(argv[2], Value);
    return 2;
}
