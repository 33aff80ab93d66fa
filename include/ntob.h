/*
 * The object manager (Ob) as drivers meet it: access rights and their
 * generic mapping, reference counts on objects, handles to them, and
 * names in the object namespace. Included by ntddk.h; the system
 * services over it (Zw*) are in ntzw.h.
 */
#ifndef NTOB_H
#define NTOB_H

#include "ntdisp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _OBJECT_TYPE *POBJECT_TYPE;

/* Standard and generic rights, as winnt.h spells them. */
#define DELETE 0x00010000UL
#define READ_CONTROL 0x00020000UL
#define WRITE_DAC 0x00040000UL
#define WRITE_OWNER 0x00080000UL
#define SYNCHRONIZE 0x00100000UL
#define STANDARD_RIGHTS_REQUIRED 0x000F0000UL
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000UL
#define SPECIFIC_RIGHTS_ALL 0x0000FFFFUL
#define ACCESS_SYSTEM_SECURITY 0x01000000UL
#define MAXIMUM_ALLOWED 0x02000000UL
#define GENERIC_READ 0x80000000UL
#define GENERIC_WRITE 0x40000000UL
#define GENERIC_EXECUTE 0x20000000UL
#define GENERIC_ALL 0x10000000UL

/* What each generic right means for one type of object. */
typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* Replaces the GENERIC_* bits of *AccessMask by the type's rights. */
VOID NTAPI RtlMapGenericMask(PACCESS_MASK AccessMask,
                             const GENERIC_MAPPING *GenericMapping);

/* Each type's specific rights. */
#define EVENT_QUERY_STATE 0x0001
#define EVENT_MODIFY_STATE 0x0002
#define EVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define SEMAPHORE_QUERY_STATE 0x0001
#define SEMAPHORE_MODIFY_STATE 0x0002
#define SEMAPHORE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define MUTANT_QUERY_STATE 0x0001
#define MUTANT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1)
#define TIMER_QUERY_STATE 0x0001
#define TIMER_MODIFY_STATE 0x0002
#define TIMER_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define DIRECTORY_QUERY 0x0001
#define DIRECTORY_TRAVERSE 0x0002
#define DIRECTORY_CREATE_OBJECT 0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0xF)
#define SYMBOLIC_LINK_QUERY 0x0001
#define SYMBOLIC_LINK_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1)
#define OBJECT_TYPE_CREATE 0x0001
#define OBJECT_TYPE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1)
#define PROCESS_TERMINATE 0x0001
#define PROCESS_CREATE_THREAD 0x0002
#define PROCESS_VM_OPERATION 0x0008
#define PROCESS_VM_READ 0x0010
#define PROCESS_VM_WRITE 0x0020
#define PROCESS_DUP_HANDLE 0x0040
#define PROCESS_CREATE_PROCESS 0x0080
#define PROCESS_SET_QUOTA 0x0100
#define PROCESS_SET_INFORMATION 0x0200
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_SUSPEND_RESUME 0x0800
#define PROCESS_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFF)
#define THREAD_TERMINATE 0x0001
#define THREAD_SUSPEND_RESUME 0x0002
#define THREAD_ALERT 0x0004
#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010
#define THREAD_SET_INFORMATION 0x0020
#define THREAD_QUERY_INFORMATION 0x0040
#define THREAD_ALL_ACCESS 0x001FFFFFUL

typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

/* NtCurrentProcess() and NtCurrentThread(): handles that need no table. */
#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess() NtCurrentProcess()
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)
#define ZwCurrentThread() NtCurrentThread()

/* The types drivers may name (ObjectType arguments). */
extern DECLSPEC_IMPORT POBJECT_TYPE *ExEventObjectType;
extern DECLSPEC_IMPORT POBJECT_TYPE *ExSemaphoreObjectType;
extern DECLSPEC_IMPORT POBJECT_TYPE *ExMutantObjectType;
extern DECLSPEC_IMPORT POBJECT_TYPE *PsProcessType;
extern DECLSPEC_IMPORT POBJECT_TYPE *PsThreadType;

/* The object behind Handle, with a reference the caller gives back with
 * ObDereferenceObject. STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH
 * (ObjectType NULL accepts any type) or, when AccessMode is UserMode,
 * STATUS_ACCESS_DENIED for rights the handle was not granted (kernel
 * mode is trusted, as on NT). */
NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation);
/* One more reference to Object. STATUS_OBJECT_TYPE_MISMATCH when its type
 * is not ObjectType and AccessMode is UserMode, or ObjectType is the
 * symbolic link type; kernel mode is otherwise trusted, as on NT. */
NTSTATUS NTAPI ObReferenceObjectByPointer(PVOID Object,
                                          ACCESS_MASK DesiredAccess,
                                          POBJECT_TYPE ObjectType,
                                          KPROCESSOR_MODE AccessMode);
/* The object a path names (ObjectName from the root, with OBJ_*
 * Attributes), referenced; the lookup's status otherwise.
 * AccessState and ParseContext are accepted and unused. */
NTSTATUS NTAPI ObReferenceObjectByName(PUNICODE_STRING ObjectName,
                                       ULONG Attributes, PVOID AccessState,
                                       ACCESS_MASK DesiredAccess,
                                       POBJECT_TYPE ObjectType,
                                       KPROCESSOR_MODE AccessMode,
                                       PVOID ParseContext, PVOID *Object);
/* A handle to the object ObjectAttributes names. */
NTSTATUS NTAPI ObOpenObjectByName(POBJECT_ATTRIBUTES ObjectAttributes,
                                  POBJECT_TYPE ObjectType,
                                  KPROCESSOR_MODE AccessMode, PVOID AccessState,
                                  ACCESS_MASK DesiredAccess, PVOID ParseContext,
                                  PHANDLE Handle);
/* A handle to Object, which the caller holds a reference to. */
NTSTATUS NTAPI ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
                                     PVOID AccessState,
                                     ACCESS_MASK DesiredAccess,
                                     POBJECT_TYPE ObjectType,
                                     KPROCESSOR_MODE AccessMode,
                                     PHANDLE Handle);
/* A permanent object becomes temporary: its name goes with its last
 * handle (now, when it has none). */
VOID NTAPI ObMakeTemporaryObject(PVOID Object);
LONG_PTR FASTCALL ObfReferenceObject(PVOID Object);
/* The last reference deletes the object; one too many stops the machine
 * with REFERENCE_BY_POINTER. */
LONG_PTR FASTCALL ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)

#ifdef __cplusplus
}
#endif

#endif
