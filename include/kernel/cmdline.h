/*
 * The kernel command line, as the loader passes it: words separated by
 * spaces, each either a flag ("verbose") or an option ("test=all"). A value
 * may be quoted to hold spaces: note="two words". The first word is the
 * image's path when it contains a '/' (GRUB passes it), and is kept apart.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "ntstatus.h"

#define KI_MAX_OPTIONS 32
#define KI_MAX_COMMAND_LINE 512

typedef struct _KI_OPTION {
    PCSTR Name;
    PCSTR Value; /* "" for a flag */
} KI_OPTION;

typedef struct _KI_COMMAND_LINE {
    CHAR Storage[KI_MAX_COMMAND_LINE];
    PCSTR ImagePath; /* NULL when the loader passed none */
    ULONG Count;
    KI_OPTION Options[KI_MAX_OPTIONS];
} KI_COMMAND_LINE;

/*
 * Parses Text into CommandLine. On a line that is too long, has too many
 * words, an empty name ("=x") or an unterminated quote, returns an error
 * status and leaves CommandLine empty: a bad line never half-applies.
 */
NTSTATUS KiParseCommandLine(PCSTR Text, KI_COMMAND_LINE *CommandLine);

/* The option's value, "" for a flag, NULL when absent. The last one wins. */
PCSTR KiGetOption(const KI_COMMAND_LINE *CommandLine, PCSTR Name);

/* The kernel's own, parsed at boot. */
const KI_COMMAND_LINE *KiGetCommandLine(VOID);

#endif
