/*
 * The C runtime's string and number routines as C specifies them, in the
 * program's own build (the runtime is static).
 */
#include <stdlib.h>

#include "usertests.h"

void crt_string_routines(void)
{
    char Buffer[16];
    static const char Text[] = "a/b/c";

    CHECK(strrchr(Text, '/') == Text + 3);
    CHECK(strrchr(Text, 'x') == NULL);
    CHECK(strrchr(Text, 0) == Text + 5);
    CHECK(strstr(Text, "b/c") == Text + 2);
    CHECK(strstr(Text, "") == Text);
    CHECK(strstr(Text, "c/") == NULL);
    CHECK(strstr("", "") != NULL && strstr("", "a") == NULL);
    strcpy(Buffer, "ab");
    CHECK(strcat(Buffer, "cd") == Buffer && strcmp(Buffer, "abcd") == 0);
    CHECK(strncat(Buffer, "efgh", 2) == Buffer &&
          strcmp(Buffer, "abcdef") == 0);
    memset(Buffer, 'x', sizeof(Buffer));
    CHECK(strncpy(Buffer, "ab", 5) == Buffer);
    CHECK(memcmp(Buffer, "ab\0\0\0x", 6) == 0);
    strncpy(Buffer, "abcdef", 3);
    CHECK(memcmp(Buffer, "abc\0\0x", 6) == 0);
    CHECK_EQ(strnlen("abc", 2), 2);
    CHECK_EQ(strnlen("abc", 10), 3);
    CHECK(memchr(Text, 'b', 5) == Text + 2);
    CHECK(memchr(Text, 'b', 2) == NULL);
    CHECK(memchr("a\xFF", 0xFF, 2) != NULL);
    CHECK_EQ(wcslen(L"\x263A\x263A!"), 3);
    CHECK_EQ(_countof(Buffer), 16);
}

void crt_number_routines(void)
{
    char *End;
    static const char Spaced[] = "  \t-42xyz";

    CHECK_EQ(strtol(Spaced, &End, 10), (unsigned long long)-42);
    CHECK(End == Spaced + 6);
    CHECK_EQ(strtol("0x1F", NULL, 0), 31);
    CHECK_EQ(strtol("0x1F", NULL, 16), 31);
    CHECK_EQ(strtol("017", NULL, 0), 15);
    CHECK_EQ(strtol("z", NULL, 36), 35);
    CHECK_EQ(strtol("2147483647", NULL, 10), 2147483647);
    CHECK_EQ(strtol("2147483648", NULL, 10), 2147483647);
    CHECK_EQ(strtol("-2147483648", NULL, 10),
             (unsigned long long)-2147483648LL);
    CHECK_EQ(strtol("-2147483649", NULL, 10),
             (unsigned long long)-2147483648LL);
    CHECK_EQ(strtoul("4294967295", NULL, 10), 4294967295UL);
    CHECK_EQ(strtoul("4294967296", NULL, 10), 4294967295UL);
    CHECK_EQ(strtoul("-1", NULL, 10), 4294967295UL);
    /* No digits: 0, and End at the start. */
    CHECK_EQ(strtol("  +x", &End, 10), 0);
    CHECK(*End == ' ');
    CHECK_EQ(strtoul("0x", &End, 16), 0);
    CHECK(*End == 'x'); /* the subject is "0" */
    CHECK_EQ(strtol("12", &End, 1), 0);
    CHECK_EQ(atoi(" 123abc"), 123);
    CHECK_EQ(abs(-5), 5);
}
