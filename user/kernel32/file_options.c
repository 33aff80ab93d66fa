/*
 * CreateFile's arguments as NtCreateFile's, the way NT's kernel32 maps
 * them (pure: the host tests run it): the Win32 disposition becomes the
 * NT one, the FILE_FLAG_ bits become create options, the access gains
 * SYNCHRONIZE and FILE_READ_ATTRIBUTES (every handle may wait and be
 * queried), and only the valid attribute bits but DIRECTORY pass.
 */
#include "kernel32p.h"

static const struct {
    DWORD Flag;
    ULONG Option;
} flag_options[] = {
    {FILE_FLAG_WRITE_THROUGH, FILE_WRITE_THROUGH},
    {FILE_FLAG_NO_BUFFERING, FILE_NO_INTERMEDIATE_BUFFERING},
    {FILE_FLAG_SEQUENTIAL_SCAN, FILE_SEQUENTIAL_ONLY},
    {FILE_FLAG_RANDOM_ACCESS, FILE_RANDOM_ACCESS},
    {FILE_FLAG_BACKUP_SEMANTICS, FILE_OPEN_FOR_BACKUP_INTENT},
    {FILE_FLAG_OPEN_REPARSE_POINT, FILE_OPEN_REPARSE_POINT},
    {FILE_FLAG_OPEN_NO_RECALL, FILE_OPEN_NO_RECALL},
    {FILE_FLAG_DELETE_ON_CLOSE, FILE_DELETE_ON_CLOSE},
};

BOOL BasepCreateFileParameters(DWORD dwDesiredAccess,
                               DWORD dwCreationDisposition,
                               DWORD dwFlagsAndAttributes,
                               PBASE_CREATE_FILE Create)
{
    ULONG Index;

    switch (dwCreationDisposition) {
    case CREATE_NEW:
        Create->CreateDisposition = FILE_CREATE;
        break;
    case CREATE_ALWAYS:
        Create->CreateDisposition = FILE_OVERWRITE_IF;
        break;
    case OPEN_EXISTING:
        Create->CreateDisposition = FILE_OPEN;
        break;
    case OPEN_ALWAYS:
        Create->CreateDisposition = FILE_OPEN_IF;
        break;
    case TRUNCATE_EXISTING:
        Create->CreateDisposition = FILE_OVERWRITE;
        break;
    default:
        return FALSE;
    }
    Create->CreateOptions = 0;
    for (Index = 0; Index < ARRAYSIZE(flag_options); Index++)
        if (dwFlagsAndAttributes & flag_options[Index].Flag)
            Create->CreateOptions |= flag_options[Index].Option;
    /* Without FILE_FLAG_OVERLAPPED the I/O manager waits for each request
     * itself; without backup semantics the name must not be a directory. */
    if (!(dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED))
        Create->CreateOptions |= FILE_SYNCHRONOUS_IO_NONALERT;
    if (!(dwFlagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS))
        Create->CreateOptions |= FILE_NON_DIRECTORY_FILE;
    Create->DesiredAccess =
        dwDesiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES |
        ((dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) ? DELETE : 0);
    Create->FileAttributes =
        dwFlagsAndAttributes &
        (FILE_ATTRIBUTE_VALID_FLAGS & ~(ULONG)FILE_ATTRIBUTE_DIRECTORY);
    Create->ObjectAttributes =
        (dwFlagsAndAttributes & FILE_FLAG_POSIX_SEMANTICS)
            ? 0
            : OBJ_CASE_INSENSITIVE;
    return TRUE;
}
