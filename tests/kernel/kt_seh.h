/*
 * What the SEH tests share (defined in seh_chain.c): raisers and a fault.
 */
#ifndef KT_SEH_H
#define KT_SEH_H

#include "ntddk.h"

#define KT_STATUS_TEST ((NTSTATUS)0xE0000042L) /* a customer code */

/* RtlRaiseException with a continuable record of Code. */
VOID KtRaiseContinuable(NTSTATUS Code);
/* KtRaiseContinuable(KT_STATUS_TEST). */
VOID KtRaiseTestStatus(VOID);
/* ExRaiseStatus(STATUS_QUOTA_EXCEEDED). */
VOID KtRaiseQuota(VOID);
/* A write to a low address: an access violation. */
VOID KtFaultAtLowAddress(VOID);

#endif
