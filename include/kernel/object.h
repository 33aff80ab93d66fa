/*
 * Objects inside the kernel (docs/object-manager.md): the header before
 * every object's body (reference and handle counts, type, flags), the
 * optional name information before the header, object types, directories,
 * symbolic links and handle tables. What drivers call is in ntob.h and
 * ntzw.h.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include "ntddk.h"

typedef VOID (*OB_DELETE_METHOD)(PVOID Object);
/* A handle to Object is being closed; SystemHandleCount counts it still
 * (1: the last one), as NT's close procedures are told. */
typedef VOID (*OB_CLOSE_METHOD)(PVOID Object, ULONG SystemHandleCount);

/* What a type is, as ObCreateObjectType takes it (NT's names). */
typedef struct _OBJECT_TYPE_INITIALIZER {
    USHORT Length;
    BOOLEAN UseDefaultObject; /* not waitable: waits see ObpDefaultObject */
    ULONG InvalidAttributes;
    GENERIC_MAPPING GenericMapping;
    ULONG ValidAccessMask;
    POOL_TYPE PoolType;
    OB_DELETE_METHOD DeleteProcedure; /* the last reference is gone */
    OB_CLOSE_METHOD CloseProcedure;   /* before a handle goes */
    /* Nonzero: a wait on one of these waits on the KEVENT at this offset
     * in the object (a file object's Event), as NT's DefaultObject. */
    ULONG WaitObjectOffset;
} OBJECT_TYPE_INITIALIZER, *POBJECT_TYPE_INITIALIZER;

/* A type is itself an object of type "Type", named in \ObjectTypes. */
typedef struct _OBJECT_TYPE {
    UNICODE_STRING Name;
    PVOID DefaultObject; /* what a wait on one of these waits on */
    ULONG Index;
    volatile LONG TotalNumberOfObjects;
    volatile LONG TotalNumberOfHandles;
    LONG HighWaterNumberOfObjects;
    LONG HighWaterNumberOfHandles;
    OBJECT_TYPE_INITIALIZER TypeInfo;
    ULONG Key; /* the pool tag of its objects: "Even", "Thre", ... */
    WCHAR NameBuffer[16];
} OBJECT_TYPE;

/* Captured by ObCreateObject, consumed by ObInsertObject. */
typedef struct _OBJECT_CREATE_INFORMATION {
    ULONG Attributes;
    HANDLE RootDirectory;
    KPROCESSOR_MODE ProbeMode;
    UNICODE_STRING ObjectName; /* a pool copy; Length 0: unnamed */
} OBJECT_CREATE_INFORMATION, *POBJECT_CREATE_INFORMATION;

#define OB_FLAG_NEW_OBJECT 0x01 /* created, not inserted yet */
#define OB_FLAG_KERNEL_OBJECT 0x02
#define OB_FLAG_PERMANENT 0x10 /* its name stays without handles */

/* 24 bytes, so the body keeps the pool's 8-byte alignment. */
typedef struct _OBJECT_HEADER {
    volatile LONG PointerCount; /* references, handles and a name included */
    volatile LONG HandleCount;
    POBJECT_TYPE Type;
    UCHAR NameInfoOffset; /* bytes back to the name information; 0: none */
    UCHAR Flags;          /* OB_FLAG_* */
    USHORT Reserved;
    POBJECT_CREATE_INFORMATION ObjectCreateInfo; /* until inserted */
    struct _OBJECT_HEADER *NextToFree; /* on the deferred-delete list */
} OBJECT_HEADER, *POBJECT_HEADER;

struct _OBJECT_DIRECTORY;

/* Before the header of an object created with a name. */
typedef struct _OBJECT_HEADER_NAME_INFO {
    struct _OBJECT_DIRECTORY *Directory; /* referenced while named */
    UNICODE_STRING Name;                 /* the last component; pool */
    ULONG Reserved;
} OBJECT_HEADER_NAME_INFO, *POBJECT_HEADER_NAME_INFO;

#define OBJECT_TO_OBJECT_HEADER(Object)                                        \
    ((POBJECT_HEADER)((PUCHAR)(Object) - sizeof(OBJECT_HEADER)))
#define OBJECT_HEADER_TO_NAME_INFO(Header)                                     \
    ((Header)->NameInfoOffset != 0                                             \
         ? (POBJECT_HEADER_NAME_INFO)((PUCHAR)(Header) -                       \
                                      (Header)->NameInfoOffset)                \
         : NULL)

/* Directories: NT's 37 hash buckets of entries. */
#define NUMBER_HASH_BUCKETS 37

typedef struct _OBJECT_DIRECTORY_ENTRY {
    struct _OBJECT_DIRECTORY_ENTRY *ChainLink;
    PVOID Object; /* the entry holds a reference */
    ULONG HashValue;
} OBJECT_DIRECTORY_ENTRY, *POBJECT_DIRECTORY_ENTRY;

typedef struct _OBJECT_DIRECTORY {
    POBJECT_DIRECTORY_ENTRY HashBuckets[NUMBER_HASH_BUCKETS];
} OBJECT_DIRECTORY, *POBJECT_DIRECTORY;

typedef struct _OBJECT_SYMBOLIC_LINK {
    LARGE_INTEGER CreationTime;
    UNICODE_STRING LinkTarget; /* pool */
} OBJECT_SYMBOLIC_LINK, *POBJECT_SYMBOLIC_LINK;

/* Symbolic links followed in one lookup before it gives up. */
#define OBP_MAXIMUM_REPARSE 32

/* Handle tables: an array of entries that doubles when full; a handle is
 * (index + 1) * 4, with the top bit for kernel handles. */
#define KERNEL_HANDLE_FLAG 0x80000000UL

typedef struct _HANDLE_TABLE_ENTRY {
    PVOID Object; /* NULL: free */
    ACCESS_MASK GrantedAccess;
    ULONG Attributes; /* OBJ_INHERIT, OBJ_PROTECT_CLOSE */
} HANDLE_TABLE_ENTRY, *PHANDLE_TABLE_ENTRY;

typedef struct _HANDLE_TABLE {
    KSPIN_LOCK Lock;
    PHANDLE_TABLE_ENTRY Table;
    ULONG Size;      /* entries */
    ULONG FirstFree; /* no free entry below it */
    ULONG HandleCount;
} HANDLE_TABLE, *PHANDLE_TABLE;

/* The system process's table: kernel handles live there. */
extern PHANDLE_TABLE ObpKernelHandleTable;
extern POBJECT_TYPE ObpTypeObjectType;
extern POBJECT_TYPE ObpDirectoryObjectType;
extern POBJECT_TYPE ObpSymbolicLinkObjectType;
extern POBJECT_DIRECTORY ObpRootDirectoryObject;
extern POBJECT_DIRECTORY ObpTypeDirectoryObject;
extern KEVENT ObpDefaultObject;

/* Pool tag of object names: captured, in create information, in name
 * information. */
#define OB_NAME_TAG 'mNbO' /* "ObNm" */

/* kernel/ob/obcapture.c. A copy of *ObjectAttributes (probed when
 * ProbeMode is UserMode) whose ObjectName, when there is one, points at
 * *CapturedName, a pool copy of the caller's name. STATUS_INVALID_PARAMETER
 * for a wrong Length or unknown attributes, STATUS_OBJECT_NAME_INVALID
 * for a malformed name, STATUS_ACCESS_VIOLATION or
 * STATUS_DATATYPE_MISALIGNMENT for a bad pointer; nothing to release
 * then. Does not raise. */
NTSTATUS ObpCaptureObjectAttributes(POBJECT_ATTRIBUTES ObjectAttributes,
                                    KPROCESSOR_MODE ProbeMode,
                                    POBJECT_ATTRIBUTES Captured,
                                    PUNICODE_STRING CapturedName);
VOID ObpReleaseCapturedName(PUNICODE_STRING CapturedName);

/* kernel/ob/obinit.c: types, the namespace's directories, the kernel's
 * handle table. Before the first thread is created. */
VOID ObInitSystem(VOID);

/* kernel/ob/obtype.c: a type named TypeName, in \ObjectTypes once that
 * exists (ObInitSystem names the earlier ones). */
NTSTATUS NTAPI ObCreateObjectType(
    PUNICODE_STRING TypeName, POBJECT_TYPE_INITIALIZER ObjectTypeInitializer,
    PVOID Reserved, POBJECT_TYPE *ObjectType);

/* kernel/ob/obtype.c: the common kind of type, nonpaged: GENERIC_READ,
 * WRITE and EXECUTE map to the standard rights plus Read, Write and
 * Execute, GENERIC_ALL and the valid access to All. Waitable: a wait on
 * its objects waits on their dispatcher header (else on
 * ObpDefaultObject). */
NTSTATUS ObpCreateType(PCWSTR Name, ACCESS_MASK Read, ACCESS_MASK Write,
                       ACCESS_MASK Execute, ACCESS_MASK All, BOOLEAN Waitable,
                       OB_DELETE_METHOD Delete, POBJECT_TYPE *Type);

/* kernel/ob/object.c. A zeroed object of Type with one reference; its
 * name and attributes are kept for ObInsertObject. */
NTSTATUS NTAPI ObCreateObject(KPROCESSOR_MODE ProbeMode, POBJECT_TYPE Type,
                              POBJECT_ATTRIBUTES ObjectAttributes,
                              KPROCESSOR_MODE OwnershipMode, PVOID ParseContext,
                              ULONG ObjectBodySize, ULONG PagedPoolCharge,
                              ULONG NonPagedPoolCharge, PVOID *Object);
/* Names the object (when it was created with a name) and opens a handle
 * to it (Handle non-NULL). Takes over the creation reference: on failure
 * the object is gone. NewObject (non-NULL) receives a reference for the
 * caller. With OBJ_OPENIF and an object of the same type already under
 * the name: STATUS_OBJECT_NAME_EXISTS and a handle to that one. */
NTSTATUS NTAPI ObInsertObject(PVOID Object, PVOID AccessState,
                              ACCESS_MASK DesiredAccess,
                              ULONG ObjectPointerBias, PVOID *NewObject,
                              PHANDLE Handle);
/* Unnamed objects from the kernel, for the kernel: no name, no handle. */
PVOID ObpCreateObject(POBJECT_TYPE Type, ULONG BodySize);
/* Names Object Name in Directory (entry, name information, references);
 * FALSE when the pool is out. Namespace lock held exclusively. */
BOOLEAN ObpSetObjectName(PVOID Object, POBJECT_DIRECTORY Directory,
                         PCUNICODE_STRING Name);
/* A handle count reached zero: a temporary name goes. */
VOID ObpDeleteNameCheck(PVOID Object);

/* kernel/ob/obname.c. The namespace lock: an ERESOURCE, held inside a
 * critical region (normal kernel APCs off), as NT holds its directory
 * locks. */
VOID ObpAcquireNamespaceShared(VOID);
VOID ObpAcquireNamespaceExclusive(VOID);
VOID ObpReleaseNamespace(VOID);
VOID ObpInitializeNamespaceLock(VOID);
/* Walks ObjectName from RootHandle's directory (or the root); follows
 * symbolic links. Finds the object (referenced in *FoundObject) or, with
 * InsertObject, names InsertObject in the last directory when the last
 * component is free. Caller holds the namespace lock exclusively when
 * inserting, shared otherwise. */
NTSTATUS ObpLookupObjectName(HANDLE RootHandle, PCUNICODE_STRING ObjectName,
                             ULONG Attributes, POBJECT_TYPE ObjectType,
                             KPROCESSOR_MODE AccessMode, PVOID InsertObject,
                             PVOID *FoundObject);
/* The same lookup, but a walk that reaches an object which is neither a
 * directory nor a symbolic link with path still left stops there, as NT's
 * stops at an object whose type parses the rest (a device: the rest is
 * the name of a file on it). *RemainingName: what is left, from its
 * separator on ("\some\path", or "\" for a trailing separator), in
 * nonpaged pool tagged RemainingTag for the caller to free; Buffer NULL
 * and lengths 0 when nothing is left. Namespace lock held shared. */
NTSTATUS ObpLookupObjectNameRemaining(HANDLE RootHandle,
                                      PCUNICODE_STRING ObjectName,
                                      ULONG Attributes,
                                      KPROCESSOR_MODE AccessMode,
                                      PVOID *FoundObject, ULONG RemainingTag,
                                      PUNICODE_STRING RemainingName);
/* The object's full path ("\BaseNamedObjects\Name") into Buffer; the
 * length it needs in bytes (no terminator) either way. Namespace lock
 * held. */
ULONG ObpQueryFullName(PVOID Object, PWCHAR Buffer, ULONG BufferLength);

/* kernel/ob/obdir.c. Under the namespace lock. */
PVOID ObpLookupEntryDirectory(POBJECT_DIRECTORY Directory,
                              PCUNICODE_STRING Name, BOOLEAN CaseInsensitive);
BOOLEAN ObpInsertEntryDirectory(POBJECT_DIRECTORY Directory,
                                PVOID Object); /* named already */
VOID ObpDeleteEntryDirectory(POBJECT_DIRECTORY Directory, PVOID Object);
ULONG ObpHashName(PCUNICODE_STRING Name);
/* Calls Callback for each entry, in bucket order; under the lock. */
typedef VOID (*OBP_ENUMERATE_ROUTINE)(PVOID Object, PVOID Context);
VOID ObpEnumerateDirectory(POBJECT_DIRECTORY Directory,
                           OBP_ENUMERATE_ROUTINE Callback, PVOID Context);
VOID ObpDeleteDirectory(PVOID Object);

/* kernel/ob/oblink.c */
VOID ObpDeleteSymbolicLink(PVOID Object);

/* kernel/ob/obhandle.c. */
PHANDLE_TABLE ObpCreateHandleTable(VOID);
/* Closes what is left open and frees the table. */
VOID ObpDestroyHandleTable(PHANDLE_TABLE HandleTable);
/* A new entry for Object (one more reference and handle); Access is the
 * granted access, already mapped. */
NTSTATUS ObpCreateHandleInTable(PHANDLE_TABLE HandleTable, PVOID Object,
                                ACCESS_MASK GrantedAccess, ULONG Attributes,
                                PHANDLE Handle);
/* A handle in the table the attributes and previous mode choose
 * (OBJ_KERNEL_HANDLE from kernel mode: the kernel's). */
NTSTATUS ObpCreateHandle(PVOID Object, ACCESS_MASK DesiredAccess,
                         ULONG Attributes, KPROCESSOR_MODE AccessMode,
                         PHANDLE Handle);
NTSTATUS ObpCloseHandleInTable(PHANDLE_TABLE HandleTable, HANDLE Handle,
                               BOOLEAN IgnoreProtection);
/* The table a handle value names, for AccessMode; NULL: none. */
PHANDLE_TABLE ObpTableForHandle(HANDLE Handle, KPROCESSOR_MODE AccessMode);
/* Copies the entry Handle names (the object referenced); FALSE when it
 * names none. */
BOOLEAN ObpReferenceHandleEntry(PHANDLE_TABLE HandleTable, HANDLE Handle,
                                PHANDLE_TABLE_ENTRY Entry);
BOOLEAN ObpSetHandleAttributes(PHANDLE_TABLE HandleTable, HANDLE Handle,
                               ULONG Attributes);
/* For the shell: Callback for each open handle, the object referenced
 * for the call. */
typedef VOID (*OBP_HANDLE_ROUTINE)(HANDLE Handle,
                                   const HANDLE_TABLE_ENTRY *Entry,
                                   PVOID Context);
VOID ObpEnumerateHandles(PHANDLE_TABLE HandleTable, OBP_HANDLE_ROUTINE Callback,
                         PVOID Context);
/* Open kernel handles, for tests. */
ULONG ObpHandleCount(VOID);
/* The granted access for DesiredAccess on Type: generic rights mapped,
 * MAXIMUM_ALLOWED as all, bits the type does not know dropped. */
ACCESS_MASK ObpGrantedAccess(POBJECT_TYPE Type, ACCESS_MASK DesiredAccess);

/* kernel/ex/previous_mode.c: Zw* runs Nt* with KernelMode. */
KPROCESSOR_MODE ExpSetPreviousMode(KPROCESSOR_MODE Mode);
#define EXP_ZW_CALL(Call)                                                      \
    ({                                                                         \
        KPROCESSOR_MODE Saved_ = ExpSetPreviousMode(KernelMode);               \
        NTSTATUS Status_ = (Call);                                             \
        ExpSetPreviousMode(Saved_);                                            \
        Status_;                                                               \
    })

#endif
