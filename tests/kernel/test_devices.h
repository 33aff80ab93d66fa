/*
 * Interrupt sources the kernel tests can trigger at will: the RTC's
 * periodic interrupt (IRQ 8) and bytes pushed through the i8042 as if
 * they came from the mouse (IRQ 12) or the keyboard (IRQ 1). Their DIRQLs
 * order them aux < RTC < keyboard < clock under both HALs.
 */
#ifndef TESTS_KERNEL_TEST_DEVICES_H
#define TESTS_KERNEL_TEST_DEVICES_H

#include "ntddk.h"

#define KT_RTC_IRQ 8
#define KT_AUX_IRQ 12

VOID KtRtcStart(VOID); /* 1024 Hz periodic */
VOID KtRtcStop(VOID);
VOID KtRtcAcknowledge(VOID); /* an RTC ISR must, or no more come */
VOID KtAuxEnable(VOID);
VOID KtAuxInject(UCHAR Byte);
UCHAR KtAuxRead(VOID);
VOID KtKeyboardInject(UCHAR ScanCode);
VOID KtAuxRestore(VOID); /* aux interrupts off, buffer drained */

/* A test's interrupt object on an ISA IRQ, at the HAL's vector and DIRQL. */
BOOLEAN KtConnect(PKINTERRUPT Interrupt, ULONG Irq, PKSERVICE_ROUTINE Routine,
                  PVOID Context, KINTERRUPT_MODE Mode, BOOLEAN Share);

/* An ordered record of events ("A" enter, "a" leave, ...) and the IRQL at
 * each, written from any IRQL. */
#define KT_LOG_SIZE 32
typedef struct _KT_LOG {
    volatile ULONG Count;
    CHAR Events[KT_LOG_SIZE + 1];
    KIRQL Irqls[KT_LOG_SIZE];
} KT_LOG;

VOID KtLogReset(KT_LOG *Log);
VOID KtLog(KT_LOG *Log, CHAR Event);
/* Halts between interrupts until *Flag is non-zero or Milliseconds pass
 * (PASSIVE_LEVEL); or, at any IRQL, spins with interrupts as they are. */
BOOLEAN KtWaitFor(volatile ULONG *Flag, ULONG Milliseconds);
BOOLEAN KtSpinFor(volatile ULONG *Flag, ULONG Milliseconds);

#endif
