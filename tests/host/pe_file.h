/*
 * A PE file the toolchain built, read for the host tests
 * (tests/host/pe_file.c): the file whole in 8-byte aligned memory (the
 * image layer reads it as the structures it holds), checked, and its
 * laid-out image, zeroed as fresh pages are.
 */
#ifndef PE_FILE_H
#define PE_FILE_H

#include "kernel/image.h"

typedef struct _PE_FILE {
    PUCHAR File;
    ULONG FileSize;
    PUCHAR Image;
    ULONG ImageSize;
} PE_FILE;

/* Directory/Name read, verified and laid out; FALSE (said why when the
 * file cannot be opened) otherwise. */
BOOLEAN PeLoadFile(const char *Directory, const char *Name, PE_FILE *Pe);
VOID PeReleaseFile(PE_FILE *Pe);

#endif
