/*
 * Generic rights to a type's specific rights (GENERIC_READ to, say,
 * EVENT_QUERY_STATE | READ_CONTROL). Pure.
 */
#include "ntddk.h"

VOID NTAPI RtlMapGenericMask(PACCESS_MASK AccessMask,
                             const GENERIC_MAPPING *GenericMapping)
{
    ACCESS_MASK Mask = *AccessMask;

    if (Mask & GENERIC_READ)
        Mask |= GenericMapping->GenericRead;
    if (Mask & GENERIC_WRITE)
        Mask |= GenericMapping->GenericWrite;
    if (Mask & GENERIC_EXECUTE)
        Mask |= GenericMapping->GenericExecute;
    if (Mask & GENERIC_ALL)
        Mask |= GenericMapping->GenericAll;
    *AccessMask =
        Mask & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}
