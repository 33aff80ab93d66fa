/*
 * The object manager at boot: the Type, Directory and SymbolicLink types,
 * the namespace's fixed directories (\, \ObjectTypes, \BaseNamedObjects,
 * \??, \Device, \Driver) and the \DosDevices link to \??, the kernel's
 * handle table as the system process's, then the executive's and the
 * process manager's types. Before the first thread is created.
 */
#include "kernel/bugcheck.h"
#include "kernel/object.h"
#include "kernel/process.h"

POBJECT_TYPE ObpDirectoryObjectType;
POBJECT_TYPE ObpSymbolicLinkObjectType;
POBJECT_DIRECTORY ObpRootDirectoryObject;
POBJECT_DIRECTORY ObpTypeDirectoryObject;

VOID ObpNamePendingTypes(VOID);
VOID ExpInitializeEventImplementation(VOID);
VOID ExpInitializeSemaphoreImplementation(VOID);
VOID ExpInitializeMutantImplementation(VOID);
VOID PspInitializeObjectTypes(VOID);
VOID ExpInitializeTimerImplementation(VOID);
VOID MiInitializeSectionType(VOID);

static VOID check(NTSTATUS Status, ULONG Step)
{
    if (!NT_SUCCESS(Status))
        KeBugCheckEx(OBJECT_INITIALIZATION_FAILED, (ULONG)Status, Step, 0, 0);
}

/* Directories and links: not waitable; reading is also what executing
 * them means. */
static VOID create_type(PCWSTR Name, POBJECT_TYPE *Type, ACCESS_MASK Query,
                        ACCESS_MASK Write, ACCESS_MASK All,
                        OB_DELETE_METHOD Delete)
{
    check(ObpCreateType(Name, Query, Write, Query, All, FALSE, Delete, Type),
          1);
}

/* A permanent directory; a reference kept in *Directory when asked. */
static VOID create_directory(PCWSTR Path, POBJECT_DIRECTORY *Directory)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    PVOID Object, Kept = NULL;

    RtlInitUnicodeString(&Name, Path);
    InitializeObjectAttributes(
        &Attributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL, NULL);
    check(ObCreateObject(KernelMode, ObpDirectoryObjectType, &Attributes,
                         KernelMode, NULL, sizeof(OBJECT_DIRECTORY), 0, 0,
                         &Object),
          2);
    check(ObInsertObject(Object, NULL, 0, 0, Directory ? &Kept : NULL, NULL),
          3);
    if (Directory != NULL)
        *Directory = Kept;
}

static VOID create_link(PCWSTR Path, PCWSTR Target)
{
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name, TargetName;
    HANDLE Handle;

    RtlInitUnicodeString(&Name, Path);
    RtlInitUnicodeString(&TargetName, Target);
    InitializeObjectAttributes(
        &Attributes, &Name,
        OBJ_PERMANENT | OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    check(ZwCreateSymbolicLinkObject(&Handle, SYMBOLIC_LINK_ALL_ACCESS,
                                     &Attributes, &TargetName),
          4);
    ZwClose(Handle);
}

VOID ObInitSystem(VOID)
{
    PVOID Root;

    ObpInitializeNamespaceLock();
    KeInitializeEvent(&ObpDefaultObject, NotificationEvent, TRUE);
    ObpKernelHandleTable = ObpCreateHandleTable();
    if (ObpKernelHandleTable == NULL)
        check(STATUS_INSUFFICIENT_RESOURCES, 0);
    PsInitialSystemProcess->ObjectTable = ObpKernelHandleTable;

    create_type(u"Type", &ObpTypeObjectType, 0, 0, OBJECT_TYPE_ALL_ACCESS,
                NULL);
    create_type(u"Directory", &ObpDirectoryObjectType,
                DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
                DIRECTORY_ALL_ACCESS, ObpDeleteDirectory);
    create_type(u"SymbolicLink", &ObpSymbolicLinkObjectType,
                SYMBOLIC_LINK_QUERY, 0, SYMBOLIC_LINK_ALL_ACCESS,
                ObpDeleteSymbolicLink);

    /* The root has no name to look up: made by hand, kept for ever. */
    check(ObCreateObject(KernelMode, ObpDirectoryObjectType, NULL, KernelMode,
                         NULL, sizeof(OBJECT_DIRECTORY), 0, 0, &Root),
          5);
    check(ObInsertObject(Root, NULL, 0, 0, (PVOID *)&ObpRootDirectoryObject,
                         NULL),
          6);
    create_directory(u"\\ObjectTypes", &ObpTypeDirectoryObject);
    ObpNamePendingTypes();
    create_directory(u"\\BaseNamedObjects", NULL);
    create_directory(u"\\??", NULL);
    create_directory(u"\\Device", NULL);
    create_directory(u"\\Driver", NULL);
    create_link(u"\\DosDevices", u"\\??");

    ExpInitializeEventImplementation();
    ExpInitializeSemaphoreImplementation();
    ExpInitializeMutantImplementation();
    ExpInitializeTimerImplementation();
    PspInitializeObjectTypes();
    MiInitializeSectionType();
}
