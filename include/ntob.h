/*
 * The object manager (Ob) as drivers meet it: reference counts on kernel
 * objects and handles to them. Included by ntddk.h.
 */
#ifndef NTOB_H
#define NTOB_H

#include "ntdisp.h"

typedef struct _OBJECT_TYPE *POBJECT_TYPE;

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

/* The object behind Handle, with a reference the caller gives back with
 * ObDereferenceObject; STATUS_INVALID_HANDLE or
 * STATUS_OBJECT_TYPE_MISMATCH (ObjectType NULL accepts any type). */
NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation);
NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode);
LONG_PTR FASTCALL ObfReferenceObject(PVOID Object);
/* The last reference deletes the object. */
LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)

/* Closes a handle; STATUS_INVALID_HANDLE when it is not open. */
NTSTATUS NTAPI ZwClose(HANDLE Handle);
#define NtClose ZwClose

#endif
