/*
 * The host's SLIST steps (tests/host/slist_host.c): an interference hook
 * that runs once between a routine's snapshot and its exchange, and a
 * count of the exchanges that found the header changed.
 */
#ifndef SLIST_HOST_H
#define SLIST_HOST_H

#include "kernel/slist.h"

extern VOID (*ExpHostSListInterference)(PSLIST_HEADER ListHead);
extern ULONG ExpHostSListExchangesFailed;

#endif
