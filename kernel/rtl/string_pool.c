/*
 * Where the Rtl string routines' Allocate forms get their buffers: paged
 * pool with the tag NT's kernel gives them ('Strg' as poolmon shows it),
 * freed (by RtlFree*String) without a tag check, as NT frees them. Kernel only;
 * the host tests supply their own.
 */
#include "ntex.h"
#include "ntrtl.h"

#define TAG_STRING 'grtS'

PVOID NTAPI RtlpAllocateStringRoutine(SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PagedPool, NumberOfBytes, TAG_STRING);
}

VOID NTAPI RtlpFreeStringRoutine(PVOID Buffer)
{
    ExFreePool(Buffer); /* NT's: whatever tag a driver gave the buffer */
}
