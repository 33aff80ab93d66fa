/*
 * Names of kernel32's named objects (events, file mappings): a Win32 name
 * is a name in \BaseNamedObjects, as NT's kernel32 makes it. An ANSI name
 * becomes UTF-16 first.
 */
#include "kernel32p.h"

POBJECT_ATTRIBUTES BaseFormatObjectAttributes(
    POBJECT_ATTRIBUTES Attributes, PUNICODE_STRING NameString,
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS], LPSECURITY_ATTRIBUTES Security,
    LPCWSTR Name, ULONG ExtraAttributes)
{
    static const WCHAR Directory[] = BASE_NAMED_OBJECTS;
    ULONG Flags = ExtraAttributes, Length = 0, Index;

    if (Security != NULL && Security->bInheritHandle)
        Flags |= OBJ_INHERIT;
    if (Name == NULL) {
        InitializeObjectAttributes(Attributes, NULL, Flags, NULL,
                                   Security ? Security->lpSecurityDescriptor
                                            : NULL);
        return Attributes;
    }
    while (Name[Length] != 0)
        if (++Length > MAX_PATH) {
            SetLastError(ERROR_FILENAME_EXCED_RANGE);
            return NULL;
        }
    for (Index = 0; Index < BASE_NAMED_OBJECTS_CHARS; Index++)
        Buffer[Index] = Directory[Index];
    for (Index = 0; Index <= Length; Index++)
        Buffer[BASE_NAMED_OBJECTS_CHARS + Index] = Name[Index];
    RtlInitUnicodeString(NameString, Buffer);
    InitializeObjectAttributes(Attributes, NameString, Flags, NULL,
                               Security ? Security->lpSecurityDescriptor
                                        : NULL);
    return Attributes;
}

BOOL BaseAnsiNameToUnicode(LPCSTR Name, WCHAR Buffer[MAX_PATH + 1],
                           LPCWSTR *Result)
{
    ULONG Index;

    *Result = NULL;
    if (Name == NULL)
        return TRUE;
    for (Index = 0; Name[Index] != 0; Index++) {
        if (Index == MAX_PATH) {
            SetLastError(ERROR_FILENAME_EXCED_RANGE);
            return FALSE;
        }
        Buffer[Index] = (UCHAR)Name[Index];
    }
    Buffer[Index] = 0;
    *Result = Buffer;
    return TRUE;
}

HANDLE BaseOpenNamedObject(NTSTATUS(NTAPI *Open)(PHANDLE, ACCESS_MASK,
                                                 POBJECT_ATTRIBUTES),
                           DWORD dwDesiredAccess, BOOL bInheritHandle,
                           LPCWSTR lpName)
{
    WCHAR Buffer[BASE_OBJECT_NAME_CHARS];
    OBJECT_ATTRIBUTES Attributes;
    UNICODE_STRING Name;
    HANDLE Handle;
    NTSTATUS Status;

    if (lpName == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (BaseFormatObjectAttributes(&Attributes, &Name, Buffer, NULL, lpName,
                                   bInheritHandle ? OBJ_INHERIT : 0) == NULL)
        return NULL;
    Status = Open(&Handle, dwDesiredAccess, &Attributes);
    if (!NT_SUCCESS(Status)) {
        BaseSetLastNTError(Status);
        return NULL;
    }
    return Handle;
}
