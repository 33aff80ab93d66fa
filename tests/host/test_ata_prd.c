/* The bus master's descriptor table (drivers/ata_prd.c): pieces of
 * pages, never across 64 KiB, the end marked, every byte described once
 * and in order; against a model over random runs. */
#include "drivers/ata_prd.h"
#include "host_test.h"

#define PAGE ATA_PRD_PAGE_SIZE

static ULONG table[2 * ATA_PRD_MAX_ENTRIES + 2];

static void one_page_piece_per_descriptor(void)
{
    static const PFN_NUMBER Frames[] = {0x100, 0x2A7, 0x101};
    ULONG Count = AtapBuildPrdTable(table, Frames, 0x200, 2 * PAGE);

    CHECK_EQ(Count, 3);
    CHECK_EQ(table[0], 0x100 * PAGE + 0x200);
    CHECK_EQ(table[1], PAGE - 0x200);
    CHECK_EQ(table[2], 0x2A7 * PAGE);
    CHECK_EQ(table[3], PAGE);
    CHECK_EQ(table[4], 0x101 * PAGE);
    CHECK_EQ(table[5], 0x200 | ATA_PRD_END_OF_TABLE);
}

static void one_sector_is_one_descriptor(void)
{
    static const PFN_NUMBER Frames[] = {0x5, 0x6};

    CHECK_EQ(AtapBuildPrdTable(table, Frames, PAGE + 0xE00, 512), 1);
    CHECK_EQ(table[0], 0x6 * PAGE + 0xE00);
    CHECK_EQ(table[1], 512 | ATA_PRD_END_OF_TABLE);
}

/* A whole command (256 sectors) from any even offset fits the table. */
static void random_runs_match_the_model(void)
{
    static PFN_NUMBER Frames[ATA_PRD_MAX_ENTRIES + 1];
    unsigned Seed = host_test_seed();
    ULONG Round;

    srand(Seed);
    for (Round = 0; Round < 10000; Round++) {
        ULONG Offset = ((ULONG)rand() % (2 * PAGE)) & ~1UL;
        ULONG Length = (1 + (ULONG)rand() % 256) * 512;
        ULONG Count, Entry, Covered = 0;

        for (Entry = 0; Entry < ATA_PRD_MAX_ENTRIES + 1; Entry++)
            Frames[Entry] = (PFN_NUMBER)(rand() % 0xFFFFF);
        Count = AtapBuildPrdTable(table, Frames, Offset, Length);
        CHECK(Count >= 1 && Count <= ATA_PRD_MAX_ENTRIES + 1);
        for (Entry = 0; Entry < Count; Entry++) {
            ULONG Address = table[2 * Entry];
            ULONG Bytes = table[2 * Entry + 1] & 0xFFFF;
            ULONG Position = Offset + Covered;

            CHECK_MSG((table[2 * Entry + 1] & ATA_PRD_END_OF_TABLE) ==
                          (Entry == Count - 1 ? ATA_PRD_END_OF_TABLE : 0),
                      "round %u entry %u: end mark", (unsigned)Round,
                      (unsigned)Entry);
            CHECK(Bytes != 0 && Bytes % 2 == 0);
            CHECK((Address & 1) == 0);
            CHECK_EQ(Address, Frames[Position / PAGE] * PAGE + Position % PAGE);
            CHECK((Address & 0xFFFF0000UL) ==
                  ((Address + Bytes - 1) & 0xFFFF0000UL));
            Covered += Bytes;
        }
        CHECK_EQ(Covered, Length);
    }
}

int main(void)
{
    RUN(one_page_piece_per_descriptor);
    RUN(one_sector_is_one_descriptor);
    RUN(random_runs_match_the_model);
    HOST_TEST_EXIT();
}
