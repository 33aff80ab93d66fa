/*
 * The out-of-line rules of include/kernel/wait_object.h: a mutant taken
 * by a waiter, and WaitAll over a thread's ring of wait blocks. Pure: the
 * host tests build it.
 */
#include "kernel/wait_object.h"

NTSTATUS KiSatisfyMutant(PKMUTANT Mutant, PKTHREAD Thread)
{
    NTSTATUS Status = STATUS_SUCCESS;

    if (--Mutant->Header.SignalState == 0) {
        Mutant->OwnerThread = Thread;
        Thread->KernelApcDisable -= Mutant->ApcDisable;
        if (Mutant->Abandoned) {
            Mutant->Abandoned = FALSE;
            Status = STATUS_ABANDONED;
        }
        InsertTailList(&Thread->MutantListHead, &Mutant->MutantListEntry);
    }
    return Status;
}

/* The thread's blocks for objects; its timeout block is not one. */
#define FOR_EACH_OBJECT_BLOCK(Block, Thread)                                   \
    for (Block = (Thread)->WaitBlockList; Block != NULL;                       \
         Block = Block->NextWaitBlock == (Thread)->WaitBlockList               \
                     ? NULL                                                    \
                     : Block->NextWaitBlock)                                   \
        if (Block->Object != &(Thread)->Timer)

BOOLEAN KiIsWaitAllSatisfied(PKTHREAD Thread)
{
    PKWAIT_BLOCK Block;

    FOR_EACH_OBJECT_BLOCK(Block, Thread)
    {
        if (!KiIsObjectSignaled(Block->Object, Thread))
            return FALSE;
    }
    return TRUE;
}

NTSTATUS KiSatisfyWaitAll(PKTHREAD Thread)
{
    NTSTATUS Status = STATUS_WAIT_0;
    PKWAIT_BLOCK Block;

    FOR_EACH_OBJECT_BLOCK(Block, Thread)
    {
        Status |= KiSatisfyObject(Block->Object, Thread);
    }
    return Status;
}
