/*
 * The import check's own test: this unit reads the headers as the kernel
 * does (their kernel-internal forms), so it references names NT does not
 * export (KiCheckPagedCode, the lookaside slow paths), and
 * tools/check-imports.sh must refuse it (tests/ddk/ddk.mk).
 */
#define NT_USER_MODE 1 /* not a driver build: the kernel's forms */
#include <ntddk.h>

PVOID BadEntry(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    PAGED_CODE();
    return ExAllocateFromNPagedLookasideList(Lookaside);
}
