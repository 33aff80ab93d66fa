/*
 * Boot files under \SystemRoot (mm/boot_files.c). The first test runs in
 * every boot; the second needs the modules tools/test.sh passes in its
 * boot-files boot (by name only).
 */
#include "kernel/ktest.h"
#include "kernel/mm.h"
#include "kernel/object.h"
#include "kernel/seh.h"

/* tools/test.sh passes a module named boot-file.txt holding this. */
#define BOOT_FILE_TEXT "NT mini-kernel boot file\n"

static NTSTATUS get(PCWSTR Text, PVOID *Data, PSIZE_T Size)
{
    UNICODE_STRING Name;

    RtlInitUnicodeString(&Name, Text);
    return MmGetBootFile(&Name, Data, Size);
}

KTEST(boot_files_directory_exists_and_names_are_checked)
{
    UNICODE_STRING Name;
    PVOID Object = NULL, Data = (PVOID)1;
    SIZE_T Size = 1;

    RtlInitUnicodeString(&Name, u"\\SystemRoot");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         ObpDirectoryObjectType, KernelMode,
                                         NULL, &Object),
                 STATUS_SUCCESS);
    ObDereferenceObject(Object);
    RtlInitUnicodeString(&Name, u"\\ObjectTypes\\BootFile");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, 0, NULL, 0, ObpTypeObjectType,
                                         KernelMode, NULL, &Object),
                 STATUS_SUCCESS);
    KT_ASSERT(Object == MiBootFileType);
    ObDereferenceObject(Object);
    KT_ASSERT_EQ(get(u"no-such-file.exe", &Data, &Size),
                 STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT(Data == NULL && Size == 0);
    KT_ASSERT_EQ(get(u"", &Data, &Size), STATUS_OBJECT_NAME_INVALID);
    KT_ASSERT_EQ(get(u"\\SystemRoot\\x.exe", &Data, &Size),
                 STATUS_OBJECT_NAME_INVALID);
    KT_ASSERT_EQ(MmGetBootFile(NULL, &Data, &Size), STATUS_OBJECT_NAME_INVALID);
}

KTEST_EXTERNAL(boot_files_hold_the_modules_read_only)
{
    const ULONG Length = sizeof(BOOT_FILE_TEXT) - 1;
    volatile NTSTATUS Status = STATUS_SUCCESS;
    UNICODE_STRING Name;
    PVOID Data, Object = NULL, Again;
    SIZE_T Size;

    /* Any case finds it; the bytes and the size are the module's. */
    KT_ASSERT_EQ(get(u"BOOT-FILE.TXT", &Data, &Size), STATUS_SUCCESS);
    KT_ASSERT_EQ(Size, Length);
    KT_ASSERT(RtlCompareMemory(Data, BOOT_FILE_TEXT, Length) == Length);
    KT_ASSERT_EQ(get(u"boot-file.txt", &Again, &Size), STATUS_SUCCESS);
    KT_ASSERT(Again == Data);
    /* Read-only: the PTE says so, and a write faults (and is caught). */
    KT_ASSERT(MiReadPte(Data) & MI_PTE_VALID);
    KT_ASSERT(!(MiReadPte(Data) & MI_PTE_WRITE));
    SEH_TRY
    {
        *(volatile UCHAR *)Data = 'X';
    }
    SEH_EXCEPT(EXCEPTION_EXECUTE_HANDLER)
    {
        Status = GetExceptionCode();
    }
    SEH_END;
    KT_ASSERT_EQ(Status, STATUS_ACCESS_VIOLATION);
    KT_ASSERT_EQ(*(PUCHAR)Data, 'N');
    /* An object in the namespace, of the boot-file type. */
    RtlInitUnicodeString(&Name, u"\\SystemRoot\\Boot-File.txt");
    KT_ASSERT_EQ(ObReferenceObjectByName(&Name, OBJ_CASE_INSENSITIVE, NULL, 0,
                                         MiBootFileType, KernelMode, NULL,
                                         &Object),
                 STATUS_SUCCESS);
    KT_ASSERT(((PMI_BOOT_FILE)Object)->Data == Data);
    ObDereferenceObject(Object);
    /* The refused modules left nothing under their names. */
    KT_ASSERT_EQ(get(u"empty.bin", &Data, &Size), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_ASSERT(MiBootFramesReleased > 0);
}
