/*
 * The kernel shell (kernel/shell/): a line-editing prompt on the VGA
 * console and the serial line at once, at PASSIVE_LEVEL, whose commands
 * print the memory manager's and the interrupt system's live state.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include "ntddk.h"

#define KI_SHELL_PROMPT "nt> "
#define KI_SHELL_MAXIMUM_ARGUMENTS 8

typedef struct _KI_SHELL_COMMAND {
    PCSTR Name;
    PCSTR Arguments; /* the usage line's arguments, "" for none */
    PCSTR Help;
    /* Returns FALSE for bad arguments: the shell prints the usage. */
    BOOLEAN (*Run)(ULONG Argc, PCHAR Argv[]);
} KI_SHELL_COMMAND;

/* Never returns: reads, runs, prints, forever. */
DECLSPEC_NORETURN VOID KiRunShell(VOID);

/* The commands, one group per file. */
BOOLEAN KiShellMem(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellWorkingSets(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellPte(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellSpace(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellPool(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellLookaside(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellAlloc(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellFree(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellIrql(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellTest(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellBugCheck(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellReboot(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellHalt(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellVer(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellModules(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellThreads(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellThread(ULONG Argc, PCHAR Argv[]);
/* The blocks of a waiting thread's wait, its timeout's last (at most
 * Maximum; 0 when it is not waiting). Dispatcher lock held. */
ULONG KiCollectWaitBlocks(PKTHREAD Thread, PKWAIT_BLOCK Blocks[],
                          ULONG Maximum);
BOOLEAN KiShellHandles(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellObjectDirectory(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellRun(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellStart(ULONG Argc, PCHAR Argv[]);
/* Before each prompt: the exit line of each process `start` started that
 * has ended since (the shell's thread prints it, never mid-line). */
VOID KiShellReportEndedProcesses(VOID);
/* The process Argv[1] names by id, referenced (the system process when
 * Argc is 1); NULL, said why, when there is none. */
struct _EPROCESS *KiShellProcessArgument(ULONG Argc, PCHAR Argv[]);
/* kernel/shell/shell_user_regions.c: names for a process's user regions
 * (images, PEB, TEBs, stacks, parameters, heaps), from its PEB and TEBs.
 * Process must be the current space (attached), its AddressCreationLock
 * not held: the reads may fault pages in. Returns how many it filled. */
#define KI_SHELL_REGION_TEXT 40
typedef struct _KI_SHELL_REGION_NAME {
    ULONG Start, End; /* End inclusive */
    CHAR Text[KI_SHELL_REGION_TEXT];
} KI_SHELL_REGION_NAME;
ULONG KiShellNameUserRegions(struct _EPROCESS *Process,
                             KI_SHELL_REGION_NAME *Names, ULONG Maximum);
BOOLEAN KiShellPs(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellKill(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellLoad(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellUnload(ULONG Argc, PCHAR Argv[]);
BOOLEAN KiShellVerifier(ULONG Argc, PCHAR Argv[]);

/* kernel/main.c: the banner's first lines (version, loader). */
VOID KiPrintBanner(VOID);

/*
 * Arguments (kernel/shell/shell_args.c, pure). Numbers are hexadecimal
 * for addresses and bug check codes (as in a debugger), decimal for
 * sizes; "0x" always means hexadecimal.
 */
/* Splits Line in place at spaces; returns the count, or Maximum + 1 when
 * there are more words than Argv holds. */
ULONG KiShellSplit(PCHAR Line, PCHAR Argv[], ULONG Maximum);
/* FALSE for anything but a whole number that fits in 32 bits. */
BOOLEAN KiShellParseNumber(PCSTR Text, ULONG DefaultBase, PULONG Value);
/* One to four printable characters, padded with spaces as NT pads tags;
 * the first character is the tag's lowest byte. */
BOOLEAN KiShellParseTag(PCSTR Text, PULONG Tag);
/* Pattern: tag characters, '?' for any one, '*' for any run of them
 * (none included); the pattern's end matches the tag's space padding
 * ("Tst" is 'Tst '). "T*2" matches Tst2 and T2, not Tst1. */
BOOLEAN KiShellTagMatches(ULONG Tag, PCSTR Pattern);
/* `pool WORD`: a tag pattern (four characters at most, or any with ? or
 * *), or else an address (0x, or longer). */
BOOLEAN KiShellIsTagPattern(PCSTR Text);
/* Command names and pool types are not case-sensitive, as NT's tools. */
BOOLEAN KiShellEqualIgnoringCase(PCSTR Left, PCSTR Right);
/* The tag as four characters (unprintable bytes as '.'). */
VOID KiShellTagText(ULONG Tag, CHAR Text[5]);
/* NT's names, case-insensitive (NonPagedPool, PagedPool,
 * NonPagedPoolCacheAligned, PagedPoolCacheAligned) or np / p. */
BOOLEAN KiShellParsePoolType(PCSTR Text, POOL_TYPE *PoolType);
PCSTR KiShellPoolTypeName(ULONG PoolType);

#endif
