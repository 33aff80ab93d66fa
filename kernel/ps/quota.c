/*
 * Pool quota: what a process may hold of each pool. Pure bookkeeping on
 * the process; the pool charges at allocation and returns at free.
 */
#include "kernel/process.h"

VOID PsInitializeQuota(PEPROCESS Process)
{
    ULONG Type;

    Process->Signature = PS_PROCESS_SIGNATURE;
    for (Type = 0; Type < 2; Type++) {
        Process->QuotaUsage[Type] = 0;
        Process->QuotaPeak[Type] = 0;
        Process->QuotaLimit[Type] = (SIZE_T)-1;
    }
}

NTSTATUS NTAPI PsChargeProcessPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                                        SIZE_T Amount)
{
    ULONG Type = PoolType & BASE_POOL_TYPE_MASK;
    SIZE_T Usage = Process->QuotaUsage[Type];

    if (Amount > Process->QuotaLimit[Type] - Usage ||
        Usage > Process->QuotaLimit[Type])
        return STATUS_QUOTA_EXCEEDED;
    Process->QuotaUsage[Type] = Usage + Amount;
    if (Usage + Amount > Process->QuotaPeak[Type])
        Process->QuotaPeak[Type] = Usage + Amount;
    return STATUS_SUCCESS;
}

VOID NTAPI PsReturnPoolQuota(PEPROCESS Process, POOL_TYPE PoolType,
                             SIZE_T Amount)
{
    ULONG Type = PoolType & BASE_POOL_TYPE_MASK;

    if (Amount > Process->QuotaUsage[Type])
        KeBugCheckEx(QUOTA_UNDERFLOW, (ULONG_PTR)Process, Type,
                     Process->QuotaUsage[Type], Amount);
    Process->QuotaUsage[Type] -= Amount;
}
