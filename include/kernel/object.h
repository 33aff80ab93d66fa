/*
 * Objects inside the kernel: a header before every object's body with its
 * reference counts and type, and the types themselves. What drivers call
 * is in ntob.h.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include "ntddk.h"

typedef VOID (*OB_DELETE_METHOD)(PVOID Object);

typedef struct _OBJECT_TYPE {
    PCSTR Name;
    ULONG PoolTag;
    OB_DELETE_METHOD DeleteProcedure; /* the last reference is gone */
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
} OBJECT_TYPE;

/* 16 bytes, so the body keeps the pool's 8-byte alignment. */
typedef struct _OBJECT_HEADER {
    volatile LONG PointerCount; /* references, handles included */
    volatile LONG HandleCount;
    POBJECT_TYPE Type;
    ULONG Reserved;
} OBJECT_HEADER, *POBJECT_HEADER;

#define OBJECT_TO_OBJECT_HEADER(Object)                                        \
    ((POBJECT_HEADER)((PUCHAR)(Object) - sizeof(OBJECT_HEADER)))

/* NtCurrentProcess() and NtCurrentThread(): handles that need no table. */
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)

/* A zeroed object of Type in nonpaged pool with one reference; NULL when
 * the pool is out. */
PVOID ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize);
/* A handle to Object in the kernel's table (one more reference). */
NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK Access, PHANDLE Handle);
/* Open kernel handles, for tests. */
ULONG ObpHandleCount(VOID);

#endif
