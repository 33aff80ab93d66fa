/* PE files for the host tests (pe_file.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_file.h"

BOOLEAN PeLoadFile(const char *Directory, const char *Name, PE_FILE *Pe)
{
    char Path[256];
    FILE *Stream;
    long Size;
    PIMAGE_NT_HEADERS NtHeaders;

    snprintf(Path, sizeof(Path), "%s/%s", Directory, Name);
    Stream = fopen(Path, "rb");
    if (Stream == NULL) {
        printf("cannot open %s\n", Path);
        return FALSE;
    }
    fseek(Stream, 0, SEEK_END);
    Size = ftell(Stream);
    rewind(Stream);
    Pe->FileSize = (ULONG)Size;
    Pe->File = aligned_alloc(8, ((ULONG)Size + 7) & ~7UL);
    if (Pe->File == NULL ||
        fread(Pe->File, 1, (size_t)Size, Stream) != (size_t)Size) {
        fclose(Stream);
        return FALSE;
    }
    fclose(Stream);
    if (!NT_SUCCESS(RtlpVerifyImageFile(Pe->File, Pe->FileSize, &NtHeaders)))
        return FALSE;
    Pe->ImageSize = NtHeaders->OptionalHeader.SizeOfImage;
    Pe->Image = aligned_alloc(4096, Pe->ImageSize);
    if (Pe->Image == NULL)
        return FALSE;
    memset(Pe->Image, 0, Pe->ImageSize);
    return NT_SUCCESS(
        RtlpCopyImageFile(Pe->File, Pe->FileSize, Pe->Image, Pe->ImageSize));
}

VOID PeReleaseFile(PE_FILE *Pe)
{
    free(Pe->File);
    free(Pe->Image);
    memset(Pe, 0, sizeof(*Pe));
}
