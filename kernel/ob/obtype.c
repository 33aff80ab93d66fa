/*
 * Object types are objects themselves (type "Type"), named
 * \ObjectTypes\<Name> as on NT. The first types exist before that
 * directory does; ObInitSystem names them once it is there.
 */
#include "kernel/object.h"

#define OB_TYPE_TAG 'TjbO' /* "ObjT", as NT tags types */
#define PENDING_TYPES 4

POBJECT_TYPE ObpTypeObjectType;
static POBJECT_TYPE pending[PENDING_TYPES];
static ULONG pending_count;
static ULONG type_index;

/* Only for allocating the "Type" type itself. */
static OBJECT_TYPE bootstrap_type = {.TypeInfo.PoolType = NonPagedPool,
                                     .Key = OB_TYPE_TAG};

static VOID name_type(POBJECT_TYPE Type)
{
    ObInsertObject(Type, NULL, 0, 0, NULL, NULL); /* permanent: it stays */
}

NTSTATUS NTAPI ObCreateObjectType(
    PUNICODE_STRING TypeName, POBJECT_TYPE_INITIALIZER ObjectTypeInitializer,
    PVOID Reserved, POBJECT_TYPE *ObjectType)
{
    WCHAR Path[32] = u"\\ObjectTypes\\";
    ULONG Prefix = 13, Index;
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    POBJECT_TYPE Type;
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(Reserved);
    if (TypeName->Length / sizeof(WCHAR) >= 16)
        return STATUS_NAME_TOO_LONG;
    for (Index = 0; Index < TypeName->Length / sizeof(WCHAR); Index++)
        Path[Prefix + Index] = TypeName->Buffer[Index];
    Name.Buffer = Path;
    Name.Length = Name.MaximumLength =
        (USHORT)((Prefix + Index) * sizeof(WCHAR));
    InitializeObjectAttributes(
        &Attributes, &Name, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL, NULL);
    Status = ObCreateObject(
        KernelMode, ObpTypeObjectType ? ObpTypeObjectType : &bootstrap_type,
        &Attributes, KernelMode, NULL, sizeof(OBJECT_TYPE), 0, 0,
        (PVOID *)&Type);
    if (!NT_SUCCESS(Status))
        return Status;
    if (ObpTypeObjectType == NULL) { /* "Type" is its own type */
        OBJECT_TO_OBJECT_HEADER(Type)->Type = Type;
        Type->TotalNumberOfObjects = 1;
        Type->HighWaterNumberOfObjects = 1;
    }
    RtlCopyMemory(Type->NameBuffer, TypeName->Buffer, TypeName->Length);
    Type->Name.Buffer = Type->NameBuffer;
    Type->Name.Length = TypeName->Length;
    Type->Name.MaximumLength = sizeof(Type->NameBuffer);
    Type->TypeInfo = *ObjectTypeInitializer;
    Type->DefaultObject =
        ObjectTypeInitializer->UseDefaultObject ? &ObpDefaultObject : NULL;
    if (ObjectTypeInitializer->WaitObjectOffset != 0)
        Type->DefaultObject =
            (PVOID)(ULONG_PTR)ObjectTypeInitializer->WaitObjectOffset;
    Type->Index = ++type_index;
    Type->Key = 0;
    for (Index = 0; Index < 4; Index++) /* the first four letters */
        Type->Key |= (ULONG)(UCHAR)(Index < TypeName->Length / sizeof(WCHAR)
                                        ? TypeName->Buffer[Index]
                                        : ' ')
                     << (Index * 8);
    if (ObpTypeObjectType == NULL) {
        ObpTypeObjectType = Type;
        Type->Key = OB_TYPE_TAG;
    }
    *ObjectType = Type;
    if (ObpTypeDirectoryObject != NULL)
        name_type(Type);
    else if (pending_count < PENDING_TYPES)
        pending[pending_count++] = Type;
    return STATUS_SUCCESS;
}

/* Called once \ObjectTypes exists. */
VOID ObpNamePendingTypes(VOID)
{
    ULONG Index;

    for (Index = 0; Index < pending_count; Index++)
        name_type(pending[Index]);
    pending_count = 0;
}

NTSTATUS ObpCreateType(PCWSTR Name, ACCESS_MASK Read, ACCESS_MASK Write,
                       ACCESS_MASK Execute, ACCESS_MASK All, BOOLEAN Waitable,
                       OB_DELETE_METHOD Delete, POBJECT_TYPE *Type)
{
    OBJECT_TYPE_INITIALIZER Initializer = {0};
    UNICODE_STRING TypeName;

    RtlInitUnicodeString(&TypeName, Name);
    Initializer.Length = sizeof(Initializer);
    Initializer.UseDefaultObject = !Waitable;
    Initializer.GenericMapping.GenericRead = STANDARD_RIGHTS_READ | Read;
    Initializer.GenericMapping.GenericWrite = STANDARD_RIGHTS_WRITE | Write;
    Initializer.GenericMapping.GenericExecute =
        STANDARD_RIGHTS_EXECUTE | Execute;
    Initializer.GenericMapping.GenericAll = All;
    Initializer.ValidAccessMask = All;
    Initializer.PoolType = NonPagedPool;
    Initializer.DeleteProcedure = Delete;
    return ObCreateObjectType(&TypeName, &Initializer, NULL, Type);
}
