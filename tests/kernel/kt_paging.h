/* Helpers the paging tests and benchmarks share (tests/kernel/kt_paging.c):
 * trimming on demand, waiting for the modified page writer, and taking
 * standby frames away so that their pages' next touch is a hard fault. */
#ifndef KT_PAGING_H
#define KT_PAGING_H

#include "kernel/paging.h"

/* Every pageable page trimmed, the system's included. The caller's space
 * may be current: its TLB goes too (the trimmer only ever meets spaces
 * that are not). */
VOID KtTrimEverything(VOID);
/* Every user page trimmed, the system's left alone: without a page file
 * trimmed pages stay on the modified list until touched, and the suite
 * may run in the shell's session, whose pool should not wait there. */
VOID KtTrimUserPages(VOID);
/* Wakes the writer and waits (5 s at most) until the modified list is
 * empty and nothing is on its way to disk. */
BOOLEAN KtWaitForWriter(VOID);
/* Up to Count standby frames given to nobody (freed): their pages' PTEs
 * now name their page-file copies. */
VOID KtStealStandby(ULONG Count);

#endif
