/*
 * File mappings backed by the page file: two views of one section see
 * each other's writes, a name opens the same section, and a read-only
 * view refuses writes.
 */
#include "usertests.h"

#define SECTION_BYTES 0x10000

void section_views_share_memory(void)
{
    HANDLE Section = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL,
                                        PAGE_READWRITE, 0, SECTION_BYTES, NULL);
    PUCHAR First, Second;

    CHECK(Section != NULL);
    First = MapViewOfFile(Section, FILE_MAP_WRITE, 0, 0, 0);
    Second = MapViewOfFile(Section, FILE_MAP_WRITE, 0, 0, 0);
    CHECK(First != NULL && Second != NULL && First != Second);
    CHECK_EQ(First[SECTION_BYTES - 1], 0);
    First[100] = 0x5A;
    Second[SECTION_BYTES - 1] = 0xA5;
    CHECK_EQ(Second[100], 0x5A);
    CHECK_EQ(First[SECTION_BYTES - 1], 0xA5);
    CHECK(UnmapViewOfFile(First));
    CHECK(!UnmapViewOfFile(First));
    CHECK(UnmapViewOfFile(Second));
    CHECK(CloseHandle(Section));
    /* A section of the page file needs a size. */
    CHECK(CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0,
                             NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}

void named_sections_open_by_name(void)
{
    HANDLE Section =
        CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                           SECTION_BYTES, L"usertests-section");
    HANDLE Again, Opened;
    PUCHAR View, Other;

    CHECK(Section != NULL);
    CHECK_EQ(GetLastError(), ERROR_SUCCESS);
    Again = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                               SECTION_BYTES, "usertests-section");
    CHECK(Again != NULL);
    CHECK_EQ(GetLastError(), ERROR_ALREADY_EXISTS);
    Opened = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, "usertests-section");
    CHECK(Opened != NULL);
    View = MapViewOfFile(Section, FILE_MAP_WRITE, 0, 0, 0);
    Other = MapViewOfFile(Opened, FILE_MAP_READ, 0, 0, SECTION_BYTES);
    CHECK(View != NULL && Other != NULL);
    View[0] = 42;
    CHECK_EQ(Other[0], 42);
    CHECK(UnmapViewOfFile(View));
    CHECK(UnmapViewOfFile(Other));
    CHECK(CloseHandle(Section));
    CHECK(CloseHandle(Again));
    CHECK(CloseHandle(Opened));
    CHECK(OpenFileMappingA(FILE_MAP_READ, FALSE, "usertests-section") == NULL);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
}

void read_only_views_refuse_writes(void)
{
    HANDLE Section = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL,
                                        PAGE_READWRITE, 0, SECTION_BYTES, NULL);
    volatile NTSTATUS Code = 0;
    PUCHAR View;

    CHECK(Section != NULL);
    View = MapViewOfFile(Section, FILE_MAP_READ, 0, 0, 0);
    CHECK(View != NULL);
    __try {
        View[0] = 1;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        Code = GetExceptionCode();
    }
    CHECK_EQ(Code, STATUS_ACCESS_VIOLATION);
    CHECK_EQ(View[0], 0);
    CHECK(UnmapViewOfFile(View));
    CHECK(CloseHandle(Section));
}
