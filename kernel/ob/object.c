/*
 * Object lifetimes: every object has a header with a reference count
 * (handles hold references too); the last ObDereferenceObject calls the
 * type's delete procedure and frees the memory. A count going below zero
 * is a driver's double release and stops the machine
 * (REFERENCE_BY_POINTER), as NT does.
 */
#include "kernel/object.h"
#include "kernel/bugcheck.h"

PVOID ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize)
{
    POBJECT_HEADER Header = ExAllocatePoolWithTag(
        NonPagedPool, sizeof(OBJECT_HEADER) + BodySize, Type->PoolTag);

    if (Header == NULL)
        return NULL;
    RtlZeroMemory(Header, sizeof(OBJECT_HEADER) + BodySize);
    Header->PointerCount = 1;
    Header->Type = Type;
    __atomic_add_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
    return Header + 1;
}

LONG_PTR FASTCALL ObfReferenceObject(PVOID Object)
{
    return __atomic_add_fetch(&OBJECT_TO_OBJECT_HEADER(Object)->PointerCount, 1,
                              __ATOMIC_RELAXED);
}

LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object)
{
    POBJECT_HEADER Header = OBJECT_TO_OBJECT_HEADER(Object);
    LONG Count = __atomic_sub_fetch(&Header->PointerCount, 1, __ATOMIC_RELAXED);

    if (Count < 0)
        KeBugCheckEx(REFERENCE_BY_POINTER, (ULONG_PTR)Header->Type,
                     (ULONG_PTR)Object, Header->HandleCount, Count);
    if (Count == 0) {
        POBJECT_TYPE Type = Header->Type;

        if (Type->DeleteProcedure != NULL)
            Type->DeleteProcedure(Object);
        __atomic_sub_fetch(&Type->TotalNumberOfObjects, 1, __ATOMIC_RELAXED);
        ExFreePoolWithTag(Header, Type->PoolTag);
    }
    return Count;
}

NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode)
{
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(AccessMode);
    if (ObjectType != NULL &&
        OBJECT_TO_OBJECT_HEADER(Object)->Type != ObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObfReferenceObject(Object);
    return STATUS_SUCCESS;
}
