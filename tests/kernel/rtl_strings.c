/*
 * The Rtl string routines and the C run-time exports as the kernel build
 * compiles them (GCC, -fshort-wchar): buffers from the string pool,
 * wide literals as WCHAR, the exported cdecl and stdcall entry points
 * called through pointers as a driver's import would.
 */
#include "crt/stdio.h"
#include "crt/string.h"
#include "kernel/ktest.h"
#include "kernel/pool.h"
#include "kernel/pool_pages.h"
#include "ntddk.h"

#define TAG_STRING 'grtS'

KTEST(rtl_string_allocations_are_paged_pool_tagged_strg)
{
    KT_CLEANUP_SECTION;
    ANSI_STRING Ansi;
    UNICODE_STRING Unicode = {0, 0, NULL};
    PPOOL_HEADER Header;

    RtlInitAnsiString(&Ansi, "\\Device\\Null");
    KT_ASSERT_EQ(RtlAnsiStringToUnicodeString(&Unicode, &Ansi, TRUE),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Unicode.Length, 24);
    KT_ASSERT_EQ(Unicode.MaximumLength, 26);
    KT_ASSERT((ULONG_PTR)Unicode.Buffer >= MI_PAGED_POOL_START &&
              (ULONG_PTR)Unicode.Buffer < MI_PAGED_POOL_END);
    Header = (PPOOL_HEADER)Unicode.Buffer - 1;
    KT_ASSERT_EQ(Header->PoolTag, TAG_STRING);
    KT_ASSERT(wcscmp(Unicode.Buffer, L"\\Device\\Null") == 0);
    KT_CLEANUP;
    RtlFreeUnicodeString(&Unicode);
    KT_ASSERT(Unicode.Buffer == NULL);
}

KTEST(io_get_current_process_is_ps_get_current_process)
{
    KT_ASSERT(IoGetCurrentProcess() == PsGetCurrentProcess());
    KT_ASSERT(IoGetCurrentProcess() != NULL);
}

/* Through pointers, as an import table calls them. */
typedef int(__attribute__((cdecl)) * SNPRINTF)(char *, size_t, const char *,
                                               ...);
typedef int(__attribute__((cdecl)) * SWPRINTF)(wchar_t *, const wchar_t *, ...);
typedef VOID(NTAPI *INIT_UNICODE)(PUNICODE_STRING, PCWSTR);

KTEST(crt_exports_format_nt_strings_with_a_16_bit_wchar)
{
    static volatile SNPRINTF Snprintf = _snprintf;
    static volatile SWPRINTF Swprintf = swprintf;
    static volatile INIT_UNICODE InitUnicode = RtlInitUnicodeString;
    UNICODE_STRING Name;
    char Narrow[16];
    wchar_t Wide[16];

    KT_ASSERT_EQ(sizeof(wchar_t), sizeof(WCHAR));
    InitUnicode(&Name, L"Null");
    KT_ASSERT_EQ(Name.Length, 8);
    KT_ASSERT_EQ(Snprintf(Narrow, sizeof(Narrow), "<%wZ:%d>", &Name, 7), 8);
    KT_ASSERT(strcmp(Narrow, "<Null:7>") == 0);
    KT_ASSERT_EQ(Snprintf(Narrow, 4, "%s", "toolong"), -1);
    KT_ASSERT_EQ(Swprintf(Wide, L"%s-%S", L"w", "n"), 3);
    KT_ASSERT(wcscmp(Wide, L"w-n") == 0);
}
