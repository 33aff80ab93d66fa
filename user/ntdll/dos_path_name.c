/*
 * RtlDosPathNameToNtPathName_U: dos_path.c's conversion into a buffer
 * from the process heap, as NT's returns it (the caller frees it with
 * RtlFreeUnicodeString). The NT name is never more than 8 characters
 * longer than the Win32 one (\??\UNC\ for a leading \\), which sizes the
 * buffer; a name that would not fit a UNICODE_STRING is refused.
 */
#include "ntdll.h"

#define MAX_NT_PATH_CHARS (0xFFFE / sizeof(WCHAR) - 1)
#define NT_PREFIX_GROWTH 8

BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosFileName,
                                           PUNICODE_STRING NtFileName,
                                           PWSTR *FilePart,
                                           PRTL_RELATIVE_NAME_U RelativeName)
{
    ULONG Chars = 0, Length, Index;
    PWSTR Buffer;

    if (RelativeName != NULL) {
        RelativeName->RelativeName.Length = 0;
        RelativeName->RelativeName.MaximumLength = 0;
        RelativeName->RelativeName.Buffer = NULL;
        RelativeName->ContainingDirectory = NULL;
        RelativeName->CurDirRef = NULL;
    }
    if (FilePart != NULL)
        *FilePart = NULL;
    if (DosFileName == NULL)
        return FALSE;
    while (DosFileName[Chars] != 0)
        if (++Chars > MAX_NT_PATH_CHARS)
            return FALSE;
    Chars += NT_PREFIX_GROWTH + 1;
    Buffer =
        RtlAllocateHeap(NtCurrentPeb()->ProcessHeap, 0, Chars * sizeof(WCHAR));
    if (Buffer == NULL)
        return FALSE;
    if (!NT_SUCCESS(
            RtlpDosPathNameToNtPathName(DosFileName, Buffer, Chars, &Length)) ||
        Length > MAX_NT_PATH_CHARS) {
        RtlFreeHeap(NtCurrentPeb()->ProcessHeap, 0, Buffer);
        return FALSE;
    }
    NtFileName->Buffer = Buffer;
    NtFileName->Length = (USHORT)(Length * sizeof(WCHAR));
    NtFileName->MaximumLength = (USHORT)((Length + 1) * sizeof(WCHAR));
    if (FilePart != NULL && Length != 0 && Buffer[Length - 1] != '\\') {
        for (Index = Length; Index != 0 && Buffer[Index - 1] != '\\'; Index--)
            ;
        *FilePart = Buffer + Index;
    }
    return TRUE;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer != NULL)
        RtlFreeHeap(NtCurrentPeb()->ProcessHeap, 0, UnicodeString->Buffer);
    UnicodeString->Buffer = NULL;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}
