/*
 * Share access, NT's bookkeeping a driver keeps per shared thing it lets
 * callers open (a file system per file; any device that wants exclusive
 * readers or writers): who has it open for reading, writing and deleting,
 * and what they agreed to share. An open that wants what another refused
 * to share, or refuses what another already has, is a sharing violation.
 */
#include "kernel/io.h"

#define READ_BITS (FILE_EXECUTE | FILE_READ_DATA)
#define WRITE_BITS (FILE_WRITE_DATA | FILE_APPEND_DATA)

/* Records on the file object what this open wants and shares; TRUE when
 * it wants anything share access counts. */
static BOOLEAN note_open(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess,
                         PFILE_OBJECT FileObject)
{
    FileObject->ReadAccess = (DesiredAccess & READ_BITS) != 0;
    FileObject->WriteAccess = (DesiredAccess & WRITE_BITS) != 0;
    FileObject->DeleteAccess = (DesiredAccess & DELETE) != 0;
    if (!FileObject->ReadAccess && !FileObject->WriteAccess &&
        !FileObject->DeleteAccess)
        return FALSE;
    FileObject->SharedRead = (DesiredShareAccess & FILE_SHARE_READ) != 0;
    FileObject->SharedWrite = (DesiredShareAccess & FILE_SHARE_WRITE) != 0;
    FileObject->SharedDelete = (DesiredShareAccess & FILE_SHARE_DELETE) != 0;
    return TRUE;
}

static VOID add_open(PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    ShareAccess->OpenCount++;
    ShareAccess->Readers += FileObject->ReadAccess;
    ShareAccess->Writers += FileObject->WriteAccess;
    ShareAccess->Deleters += FileObject->DeleteAccess;
    ShareAccess->SharedRead += FileObject->SharedRead;
    ShareAccess->SharedWrite += FileObject->SharedWrite;
    ShareAccess->SharedDelete += FileObject->SharedDelete;
}

NTSTATUS NTAPI IoCheckShareAccess(ACCESS_MASK DesiredAccess,
                                  ULONG DesiredShareAccess,
                                  PFILE_OBJECT FileObject,
                                  PSHARE_ACCESS ShareAccess, BOOLEAN Update)
{
    ULONG Opens = ShareAccess->OpenCount;

    if (!note_open(DesiredAccess, DesiredShareAccess, FileObject))
        return STATUS_SUCCESS;
    /* Every open so far must share what this one wants, and this one
     * must share what any of them has. */
    if ((FileObject->ReadAccess && ShareAccess->SharedRead < Opens) ||
        (FileObject->WriteAccess && ShareAccess->SharedWrite < Opens) ||
        (FileObject->DeleteAccess && ShareAccess->SharedDelete < Opens) ||
        (ShareAccess->Readers != 0 && !FileObject->SharedRead) ||
        (ShareAccess->Writers != 0 && !FileObject->SharedWrite) ||
        (ShareAccess->Deleters != 0 && !FileObject->SharedDelete))
        return STATUS_SHARING_VIOLATION;
    if (Update)
        add_open(FileObject, ShareAccess);
    return STATUS_SUCCESS;
}

VOID NTAPI IoSetShareAccess(ACCESS_MASK DesiredAccess, ULONG DesiredShareAccess,
                            PFILE_OBJECT FileObject, PSHARE_ACCESS ShareAccess)
{
    RtlZeroMemory(ShareAccess, sizeof(*ShareAccess));
    if (note_open(DesiredAccess, DesiredShareAccess, FileObject))
        add_open(FileObject, ShareAccess);
}

VOID NTAPI IoUpdateShareAccess(PFILE_OBJECT FileObject,
                               PSHARE_ACCESS ShareAccess)
{
    if (FileObject->ReadAccess || FileObject->WriteAccess ||
        FileObject->DeleteAccess)
        add_open(FileObject, ShareAccess);
}

VOID NTAPI IoRemoveShareAccess(PFILE_OBJECT FileObject,
                               PSHARE_ACCESS ShareAccess)
{
    if (!FileObject->ReadAccess && !FileObject->WriteAccess &&
        !FileObject->DeleteAccess)
        return;
    ShareAccess->OpenCount--;
    ShareAccess->Readers -= FileObject->ReadAccess;
    ShareAccess->Writers -= FileObject->WriteAccess;
    ShareAccess->Deleters -= FileObject->DeleteAccess;
    ShareAccess->SharedRead -= FileObject->SharedRead;
    ShareAccess->SharedWrite -= FileObject->SharedWrite;
    ShareAccess->SharedDelete -= FileObject->SharedDelete;
}
