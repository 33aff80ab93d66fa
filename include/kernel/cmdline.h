/*
 * The kernel command line, as the loader passes it: words separated by
 * spaces, each either a flag ("mmcheck") or an option ("test=all"). A value
 * may be quoted to hold spaces: note="two words". The first word is the
 * image's path when it contains a '/' (GRUB passes it), and is kept apart.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "ntstatus.h"

#define KI_MAX_OPTIONS 32
/* The line's characters, image path and spaces included, plus its NUL:
 * the words copied with a NUL each never need more. */
#define KI_MAX_COMMAND_LINE 512
/* Problems kept with their word; ProblemCount counts them all. */
#define KI_MAX_PROBLEMS 4
/* An offending word is kept this long, its end replaced by "..." if cut. */
#define KI_PROBLEM_WORD_LENGTH 40

typedef struct _KI_OPTION {
    PCSTR Name;
    PCSTR Value; /* "" for a flag */
} KI_OPTION;

/* Why a word was dropped. Only an empty name leaves the words after it to
 * be read; the others end the line there. */
typedef enum _KI_COMMAND_LINE_PROBLEM_KIND {
    KiProblemEmptyName,      /* "=value": no name before '=' */
    KiProblemOpenQuote,      /* a quote never closed: all after it is in it */
    KiProblemTooLong,        /* reaches past KI_MAX_COMMAND_LINE - 1 chars */
    KiProblemTooManyOptions, /* the option after KI_MAX_OPTIONS of them */
} KI_COMMAND_LINE_PROBLEM_KIND;

typedef struct _KI_COMMAND_LINE_PROBLEM {
    KI_COMMAND_LINE_PROBLEM_KIND Kind;
    ULONG Offset; /* where the word starts in the loader's text */
    CHAR Word[KI_PROBLEM_WORD_LENGTH + 1]; /* as written (quotes too) */
} KI_COMMAND_LINE_PROBLEM;

typedef struct _KI_COMMAND_LINE {
    CHAR Storage[KI_MAX_COMMAND_LINE];
    PCSTR ImagePath; /* NULL when the loader passed none */
    ULONG Count;
    KI_OPTION Options[KI_MAX_OPTIONS];
    ULONG ProblemCount;
    KI_COMMAND_LINE_PROBLEM Problems[KI_MAX_PROBLEMS];
} KI_COMMAND_LINE;

/*
 * Parses Text into CommandLine. The words are copied into the structure,
 * so the loader's memory can be reused afterwards. A word that cannot be
 * taken is dropped and recorded in Problems, and every option that parsed
 * is kept: STATUS_SUCCESS when nothing was dropped, else the first
 * problem's status (STATUS_INVALID_PARAMETER for an empty name or an open
 * quote, STATUS_NAME_TOO_LONG, STATUS_BUFFER_OVERFLOW for too many).
 */
NTSTATUS KiParseCommandLine(PCSTR Text, KI_COMMAND_LINE *CommandLine);

/* The option's value, "" for a flag, NULL when absent. The last one wins. */
PCSTR KiGetOption(const KI_COMMAND_LINE *CommandLine, PCSTR Name);

/* A yes/no value: "" (a bare flag), 1, on, yes, true; 0, off, no, false
 * (any case). STATUS_INVALID_PARAMETER for anything else. */
NTSTATUS KiParseBooleanValue(PCSTR Value, PBOOLEAN Result);

/* A yes/no option: FALSE when absent or when its value is not one. */
BOOLEAN KiGetBooleanOption(const KI_COMMAND_LINE *CommandLine, PCSTR Name);

/* The options the kernel reads, in one list, so that the boot can warn
 * about any other (a misspelt option would otherwise do nothing). */
typedef enum _KI_OPTION_KIND {
    KiOptionText,    /* a value its reader checks: test=all, hal=pic */
    KiOptionBoolean, /* KiGetBooleanOption */
} KI_OPTION_KIND;

typedef struct _KI_KNOWN_OPTION {
    PCSTR Name;
    KI_OPTION_KIND Kind;
} KI_KNOWN_OPTION;

extern const KI_KNOWN_OPTION KiKnownOptions[];
extern const ULONG KiKnownOptionCount;

/* The list's entry for Name, or NULL. */
const KI_KNOWN_OPTION *KiLookupKnownOption(PCSTR Name);

/* The kernel's own, parsed at boot. */
const KI_COMMAND_LINE *KiGetCommandLine(VOID);
/* The boot's option Name as a number in Base (10, or 16 with or without
 * 0x), or Default when it is absent or not a number (said on the console):
 * seeds and rates (kernel/ke/cmdline_report.c). */
ULONG KiGetNumberOption(PCSTR Name, ULONG Base, ULONG Default);

/* Prints what the boot's parse dropped, options the kernel does not know
 * and yes/no options with another value (kernel/ke/cmdline_report.c). */
VOID KiReportCommandLine(const KI_COMMAND_LINE *CommandLine);

#endif
