/*
 * The shell's argument parsing (include/kernel/shell.h). Pure: the host
 * tests cover it.
 */
#include "kernel/shell.h"

static CHAR lower(CHAR Character)
{
    return Character >= 'A' && Character <= 'Z' ? (CHAR)(Character + 32)
                                                : Character;
}

BOOLEAN KiShellEqualIgnoringCase(PCSTR Left, PCSTR Right)
{
    while (*Left != '\0' && lower(*Left) == lower(*Right)) {
        Left++;
        Right++;
    }
    return *Left == '\0' && *Right == '\0';
}

ULONG KiShellSplit(PCHAR Line, PCHAR Argv[], ULONG Maximum)
{
    ULONG Count = 0;

    for (;;) {
        while (*Line == ' ' || *Line == '\t')
            *Line++ = '\0';
        if (*Line == '\0')
            return Count;
        if (Count == Maximum)
            return Maximum + 1;
        Argv[Count++] = Line;
        while (*Line != '\0' && *Line != ' ' && *Line != '\t')
            Line++;
    }
}

static LONG digit_value(CHAR Character)
{
    Character = lower(Character);
    if (Character >= '0' && Character <= '9')
        return Character - '0';
    if (Character >= 'a' && Character <= 'f')
        return Character - 'a' + 10;
    return 99;
}

BOOLEAN KiShellParseNumber(PCSTR Text, ULONG DefaultBase, PULONG Value)
{
    ULONG Base = DefaultBase;
    ULONGLONG Result = 0;

    if (Text[0] == '0' && lower(Text[1]) == 'x') {
        Base = 16;
        Text += 2;
    }
    if (*Text == '\0')
        return FALSE;
    for (; *Text != '\0'; Text++) {
        LONG Digit = digit_value(*Text);

        if (Digit >= (LONG)Base)
            return FALSE;
        Result = Result * Base + (ULONG)Digit;
        if (Result > 0xFFFFFFFFULL)
            return FALSE;
    }
    *Value = (ULONG)Result;
    return TRUE;
}

BOOLEAN KiShellParseTag(PCSTR Text, PULONG Tag)
{
    ULONG Index, Result = 0;

    for (Index = 0; Index < 4 && Text[Index] != '\0'; Index++) {
        if (Text[Index] < ' ' || Text[Index] > '~')
            return FALSE;
        Result |= (ULONG)(UCHAR)Text[Index] << (8 * Index);
    }
    if (Index == 0 || Text[Index] != '\0')
        return FALSE;
    for (; Index < 4; Index++)
        Result |= (ULONG)' ' << (8 * Index);
    *Tag = Result;
    return TRUE;
}

/* Pattern against the tag's characters from Index on: '*' takes any run
 * (tried shortest first), the pattern's end the space padding alone. */
static BOOLEAN tag_matches_from(ULONG Tag, ULONG Index, PCSTR Pattern)
{
    for (;;) {
        CHAR Character = Index < 4 ? (CHAR)(Tag >> (8 * Index)) : '\0';

        if (Pattern[0] == '*') {
            for (; Index <= 4; Index++)
                if (tag_matches_from(Tag, Index, Pattern + 1))
                    return TRUE;
            return FALSE;
        }
        if (Pattern[0] == '\0') /* "Tst" matches the padded 'Tst ' */
            return Index == 4 ||
                   (Tag >> (8 * Index)) == 0x20202020UL >> (8 * Index);
        if (Index == 4 || (Pattern[0] != '?' && Pattern[0] != Character))
            return FALSE;
        Pattern++;
        Index++;
    }
}

BOOLEAN KiShellTagMatches(ULONG Tag, PCSTR Pattern)
{
    return tag_matches_from(Tag, 0, Pattern);
}

BOOLEAN KiShellIsTagPattern(PCSTR Text)
{
    ULONG Index;

    if (Text[0] == '0' && lower(Text[1]) == 'x')
        return FALSE;
    for (Index = 0; Text[Index] != '\0'; Index++)
        if (Text[Index] == '*' || Text[Index] == '?')
            return TRUE;
    return Index <= 4;
}

VOID KiShellTagText(ULONG Tag, CHAR Text[5])
{
    ULONG Index;

    for (Index = 0; Index < 4; Index++) {
        CHAR Character = (CHAR)(Tag >> (8 * Index));
        Text[Index] = Character >= ' ' && Character <= '~' ? Character : '.';
    }
    Text[4] = '\0';
}

static const struct {
    PCSTR Name;
    POOL_TYPE Type;
} pool_types[] = {
    {"NonPagedPool", NonPagedPool},
    {"PagedPool", PagedPool},
    {"NonPagedPoolCacheAligned", NonPagedPoolCacheAligned},
    {"PagedPoolCacheAligned", PagedPoolCacheAligned},
    {"np", NonPagedPool},
    {"p", PagedPool},
};

BOOLEAN KiShellParsePoolType(PCSTR Text, POOL_TYPE *PoolType)
{
    ULONG Index;

    for (Index = 0; Index < ARRAYSIZE(pool_types); Index++) {
        if (KiShellEqualIgnoringCase(Text, pool_types[Index].Name)) {
            *PoolType = pool_types[Index].Type;
            return TRUE;
        }
    }
    return FALSE;
}

PCSTR KiShellPoolTypeName(ULONG PoolType)
{
    return PoolType == PagedPool ? "Paged" : "Nonp";
}
