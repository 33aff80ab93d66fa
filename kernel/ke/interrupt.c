/*
 * Interrupt objects and the way in from a device. Each vector has a chain
 * of KINTERRUPTs; an interrupt runs them at the objects' DIRQL with
 * interrupts on, so that only a higher IRQL can preempt them, then the
 * controller's end of interrupt, then the way down, where DPCs and
 * deferred interrupts are delivered.
 */
#include "kernel/bugcheck.h"
#include "kernel/hal.h"
#include "kernel/irql.h"

#define INTERRUPT_OBJECT 0x16
/* IoConnectInterrupt's objects, until there is a pool to take them from. */
#define MAX_IO_INTERRUPTS 32

VOID KiAcquireInterruptLock(PKINTERRUPT Interrupt);
VOID KiReleaseInterruptLock(PKINTERRUPT Interrupt);

static LIST_ENTRY vector_chains[KI_IDT_ENTRIES];
static KINTERRUPT io_interrupts[MAX_IO_INTERRUPTS];
ULONG KiInterruptCount[KI_IDT_ENTRIES];
ULONG KiUnexpectedInterruptCount;

static PLIST_ENTRY chain_of(ULONG Vector)
{
    PLIST_ENTRY Head = &vector_chains[Vector];

    if (Head->Flink == NULL)
        InitializeListHead(Head);
    return Head;
}

ULONG NTAPI HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
                                  ULONG BusInterruptLevel,
                                  ULONG BusInterruptVector, PKIRQL Irql,
                                  PKAFFINITY Affinity)
{
    ULONG Vector;

    UNREFERENCED_PARAMETER(BusInterruptVector);
    if ((InterfaceType != Isa && InterfaceType != Internal) || BusNumber != 0 ||
        !HalpController->MapIrq(BusInterruptLevel, &Vector, Irql)) {
        *Irql = 0;
        *Affinity = 0;
        return 0; /* NT's answer for "no such interrupt" */
    }
    *Affinity = 1;
    return Vector;
}

VOID NTAPI KeInitializeInterrupt(
    PKINTERRUPT Interrupt, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    CHAR ProcessorNumber, BOOLEAN FloatingSave)
{
    UNREFERENCED_PARAMETER(ProcessorNumber);
    UNREFERENCED_PARAMETER(FloatingSave); /* the kernel uses no FPU state */
    RtlZeroMemory(Interrupt, sizeof(*Interrupt));
    Interrupt->Type = INTERRUPT_OBJECT;
    Interrupt->Size = sizeof(*Interrupt);
    Interrupt->ServiceRoutine = ServiceRoutine;
    Interrupt->ServiceContext = ServiceContext;
    KeInitializeSpinLock(&Interrupt->SpinLock);
    Interrupt->ActualLock = SpinLock != NULL ? SpinLock : &Interrupt->SpinLock;
    Interrupt->Vector = Vector;
    Interrupt->Irql = Irql;
    Interrupt->SynchronizeIrql = SynchronizeIrql;
    Interrupt->Mode = InterruptMode;
    Interrupt->ShareVector = ShareVector;
}

/*
 * FALSE when the vector is not a device vector of this HAL, the levels
 * are impossible, the object is already connected, or the vector's chain
 * and this object do not both agree to share.
 */
BOOLEAN NTAPI KeConnectInterrupt(PKINTERRUPT Interrupt)
{
    PLIST_ENTRY Chain;
    BOOLEAN Connected = FALSE;
    KIRQL OldIrql;

    if (Interrupt->Connected || Interrupt->Vector < KI_EXCEPTION_VECTORS ||
        Interrupt->Vector >= KI_IDT_ENTRIES ||
        Interrupt->Irql <= DISPATCH_LEVEL || Interrupt->Irql > HIGH_LEVEL ||
        Interrupt->SynchronizeIrql < Interrupt->Irql)
        return FALSE;
    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    Chain = chain_of(Interrupt->Vector);
    if (IsListEmpty(Chain)) {
        InsertTailList(Chain, &Interrupt->InterruptListEntry);
        HalpController->EnableVector(Interrupt->Vector, TRUE);
        Connected = TRUE;
    } else {
        PKINTERRUPT First =
            CONTAINING_RECORD(Chain->Flink, KINTERRUPT, InterruptListEntry);
        if (First->ShareVector && Interrupt->ShareVector &&
            First->Mode == Interrupt->Mode && First->Irql == Interrupt->Irql) {
            InsertTailList(Chain, &Interrupt->InterruptListEntry);
            Connected = TRUE;
        }
    }
    Interrupt->Connected = Connected;
    KeLowerIrql(OldIrql);
    return Connected;
}

BOOLEAN NTAPI KeDisconnectInterrupt(PKINTERRUPT Interrupt)
{
    KIRQL OldIrql;

    if (!Interrupt->Connected)
        return FALSE;
    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    RemoveEntryList(&Interrupt->InterruptListEntry);
    if (IsListEmpty(chain_of(Interrupt->Vector)))
        HalpController->EnableVector(Interrupt->Vector, FALSE);
    Interrupt->Connected = FALSE;
    KeLowerIrql(OldIrql);
    return TRUE;
}

NTSTATUS NTAPI IoConnectInterrupt(
    PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    KAFFINITY ProcessorEnableMask, BOOLEAN FloatingSave)
{
    PKINTERRUPT Interrupt = NULL;
    ULONG Index;
    KIRQL OldIrql;

    *InterruptObject = NULL;
    if ((ProcessorEnableMask & 1) == 0 || ServiceRoutine == NULL)
        return STATUS_INVALID_PARAMETER;
    KeRaiseIrql(HIGH_LEVEL, &OldIrql);
    for (Index = 0; Index < MAX_IO_INTERRUPTS; Index++) {
        if (io_interrupts[Index].Type == 0) {
            Interrupt = &io_interrupts[Index];
            Interrupt->Type = INTERRUPT_OBJECT; /* claimed */
            break;
        }
    }
    KeLowerIrql(OldIrql);
    if (Interrupt == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    KeInitializeInterrupt(Interrupt, ServiceRoutine, ServiceContext, SpinLock,
                          Vector, Irql, SynchronizeIrql, InterruptMode,
                          ShareVector, 0, FloatingSave);
    if (!KeConnectInterrupt(Interrupt)) {
        Interrupt->Type = 0;
        return STATUS_INVALID_PARAMETER;
    }
    *InterruptObject = Interrupt;
    return STATUS_SUCCESS;
}

VOID NTAPI IoDisconnectInterrupt(PKINTERRUPT InterruptObject)
{
    KeDisconnectInterrupt(InterruptObject);
    InterruptObject->Type = 0;
}

/*
 * A level-sensitive chain stops at the first routine that claims the
 * interrupt (the line stays asserted if another device also wants
 * service, and it comes back). An edge is not repeated, so a latched
 * chain asks every routine.
 */
static BOOLEAN run_chain(ULONG Vector)
{
    PLIST_ENTRY Chain = chain_of(Vector), Entry;
    BOOLEAN Claimed = FALSE;

    for (Entry = Chain->Flink; Entry != Chain; Entry = Entry->Flink) {
        PKINTERRUPT Interrupt =
            CONTAINING_RECORD(Entry, KINTERRUPT, InterruptListEntry);
        BOOLEAN Mine;

        KiAcquireInterruptLock(Interrupt);
        Mine = Interrupt->ServiceRoutine(Interrupt, Interrupt->ServiceContext);
        KiReleaseInterruptLock(Interrupt);
        if (Mine) {
            Interrupt->ServiceCount++;
            Claimed = TRUE;
            if (Interrupt->Mode == LevelSensitive)
                break;
        }
    }
    return Claimed;
}

VOID KiRunInterrupt(ULONG Vector, KIRQL Irql)
{
    PKPCR Pcr = KeGetPcr();
    KIRQL OldIrql = Pcr->Irql;

    Pcr->Irql = Irql;
    cpu_enable_interrupts();
    if (!run_chain(Vector))
        KiUnexpectedInterruptCount++;
    cpu_disable_interrupts();
    HalpController->EndInterrupt(Vector);
    if (Pcr->Irql != Irql)
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE,
                     ((ULONG)Pcr->Irql << 16) | ((ULONG)Irql << 8), Vector, 0,
                     0);
    KiSetLowerIrql(OldIrql);
}

VOID KiInterruptDispatch(PKTRAP_FRAME TrapFrame)
{
    ULONG Vector = TrapFrame->TrapNumber;
    KIRQL Irql;

    KiInterruptCount[Vector]++;
    if (HalpController->BeginInterrupt(Vector, &Irql))
        KiRunInterrupt(Vector, Irql);
}
