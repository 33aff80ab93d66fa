/*
 * Basic NT types, as the WDK defines them for x86.
 *
 * The same widths and struct tags as the WDK, so that driver code written
 * against it compiles here unchanged. Three compilers read this file: GCC
 * for the kernel (ELF, i386), clang in MSVC mode for PE images (drivers,
 * ntdll, programs: _MSC_VER is defined) and the host's compiler for the
 * unit tests (LP64). ULONG_PTR is unsigned long, as the WDK has it; on the
 * host that is 64 bits, which is right for a pointer-sized type, while
 * ULONG must stay 32 bits there, the only place the host differs.
 *
 * NTKERNELAPI, NTHALAPI and NTSYSAPI are empty: a driver's calls go to
 * _Name@N, which the import library's thunk resolves, so a declaration
 * with and one without them agree. Exported variables (data) must be
 * declared DECLSPEC_IMPORT, as the WDK does for them.
 */
#ifndef NTDEF_H
#define NTDEF_H

#include <stdarg.h>
#include <stddef.h>

#include "specstrings.h"

/* A driver sees __try's filter values and GetExceptionCode through
 * ntdef.h, as under the WDK (include/crt is on its include path). */
#if defined(_MSC_VER) && !defined(NT_USER_MODE)
#include <excpt.h>
#endif

#if defined(_MSC_VER)
#define NTAPI __stdcall
#define FASTCALL __fastcall
#define DECLSPEC_NORETURN __declspec(noreturn)
#define DECLSPEC_IMPORT __declspec(dllimport)
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#define DECLSPEC_NOINLINE __declspec(noinline)
#define FORCEINLINE __forceinline
#define UNALIGNED __unaligned
#elif defined(__i386__)
#define NTAPI __attribute__((stdcall))
#define FASTCALL __attribute__((fastcall))
#else
#define NTAPI /* the host has one calling convention */
#define FASTCALL
#endif
#if !defined(_MSC_VER)
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_IMPORT
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define FORCEINLINE static inline __attribute__((always_inline))
#define UNALIGNED
#endif
#define NTSYSAPI
/* MSVC's keyword for the C convention (clang in MSVC mode has it). */
#if !defined(_MSC_VER) && !defined(__cdecl)
#if defined(__i386__)
#define __cdecl __attribute__((cdecl))
#else
#define __cdecl
#endif
#endif
#define NTKERNELAPI
#define NTHALAPI
#define NTSYSCALLAPI

#if defined(__cplusplus)
#define EXTERN_C extern "C"
#define NT_BEGIN_EXTERN_C extern "C" {
#define NT_END_EXTERN_C }
#else
#define EXTERN_C extern
#define NT_BEGIN_EXTERN_C
#define NT_END_EXTERN_C
#endif

/* Who reads the headers: the kernel (GCC) and the host tests define the
 * routines and see kernel-internal forms; ring 3 (user/include's winnt.h
 * defines NT_USER_MODE first) has its own; a driver is clang in MSVC mode
 * without NT_USER_MODE, and its inline forms reach only names NT's
 * ntoskrnl.exe and hal.dll export (docs/ddk.md). */
#if defined(_MSC_VER) && !defined(NT_USER_MODE)
#define NT_DRIVER_BUILD 1
#endif

NT_BEGIN_EXTERN_C

#define IN
#define OUT
#define OPTIONAL
#define VOID void
#define CONST const

typedef void *PVOID;
typedef const void *PCVOID;
typedef char CHAR, *PCHAR;
typedef char CCHAR;
typedef signed char SCHAR;
typedef char *PSTR, *PSZ;
typedef const char *PCSTR, *PCSZ;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef short CSHORT; /* a count or a calendar field, as NT names it */
typedef unsigned short USHORT, *PUSHORT;
#if defined(_MSC_VER)
typedef wchar_t WCHAR, *PWCHAR, *PWCH; /* unsigned short in C, as in C++ */
#else
typedef unsigned short WCHAR, *PWCHAR, *PWCH; /* the kernel writes u"" */
#endif
typedef const WCHAR *PCWCH;
typedef int INT;
typedef unsigned int UINT;
typedef signed char INT8, *PINT8;
typedef short INT16, *PINT16;
typedef int INT32, *PINT32;
typedef long long INT64, *PINT64;
typedef unsigned char UINT8, *PUINT8;
typedef unsigned short UINT16, *PUINT16;
typedef unsigned int UINT32, *PUINT32;
typedef unsigned long long UINT64, *PUINT64;
typedef int LONG32, *PLONG32;
typedef unsigned int ULONG32, *PULONG32;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64;
#if defined(__LP64__)
typedef int LONG, *PLONG;
typedef unsigned int ULONG, *PULONG;
#else
typedef long LONG, *PLONG;
typedef unsigned long ULONG, *PULONG;
#endif
typedef ULONG LOGICAL, *PLOGICAL;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef long LONG_PTR, *PLONG_PTR;
typedef unsigned long ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef LONG_PTR INT_PTR, *PINT_PTR;
typedef ULONG_PTR UINT_PTR, *PUINT_PTR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

#define MINCHAR 0x80
#define MAXCHAR 0x7F
#define MINSHORT 0x8000
#define MAXSHORT 0x7FFF
#define MINLONG 0x80000000
#define MAXLONG 0x7FFFFFFF
#define MAXUCHAR 0xFF
#define MAXUSHORT 0xFFFF
#define MAXULONG 0xFFFFFFFF

#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef void *HANDLE, **PHANDLE;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;
typedef WCHAR *PWSTR;
typedef const WCHAR *PCWSTR;

typedef struct _UNICODE_STRING {
    USHORT Length; /* bytes, without a terminator */
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;
#define UNICODE_NULL ((WCHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

/* Counted 8-bit strings: ANSI, OEM, or plain bytes (STRING). */
typedef struct _STRING {
    USHORT Length; /* bytes, without a terminator */
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;
typedef const OEM_STRING *PCOEM_STRING;
#define ANSI_NULL ((CHAR)0)

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

#define OBJ_PROTECT_CLOSE 0x00000001L /* a handle attribute only */
#define OBJ_INHERIT 0x00000002L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define OBJ_VALID_ATTRIBUTES 0x000007F2L

typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s)                              \
    do {                                                                       \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);                               \
        (p)->RootDirectory = (r);                                              \
        (p)->Attributes = (a);                                                 \
        (p)->ObjectName = (n);                                                 \
        (p)->SecurityDescriptor = (s);                                         \
        (p)->SecurityQualityOfService = NULL;                                  \
    } while (0)
/* A physical page frame number: physical address >> PAGE_SHIFT. */
typedef ULONG PFN_NUMBER, *PPFN_NUMBER;

#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field)                                  \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define CONTAINING_RECORD(address, type, field)                                \
    ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define RTL_NUMBER_OF(A) (sizeof(A) / sizeof((A)[0]))
#define ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define ARGUMENT_PRESENT(ArgumentPointer)                                      \
    ((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)NULL)
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#if defined(__cplusplus)
#define C_ASSERT(e) static_assert(e, #e)
#else
#define C_ASSERT(e) _Static_assert(e, #e)
#endif

/* A counted string over a literal, as an initializer (C++ drops the
 * literal's const, as the WDK's does). */
#if defined(__cplusplus)
extern "C++" {
template <typename T> constexpr T *NtpConstCast(const T *Pointer)
{
    return const_cast<T *>(Pointer);
}
}
#define RTL_CONSTANT_STRING(s)                                                 \
    {                                                                          \
        sizeof(s) - sizeof((s)[0]), sizeof(s), NtpConstCast(s)                 \
    }
#else
#define RTL_CONSTANT_STRING(s)                                                 \
    {                                                                          \
        sizeof(s) - sizeof((s)[0]), sizeof(s), (s)                             \
    }
#endif
#define DECLARE_CONST_UNICODE_STRING(_var, _string)                            \
    const WCHAR _var##_buffer[] = _string;                                     \
    const UNICODE_STRING _var = {sizeof(_string) - sizeof(WCHAR),              \
                                 sizeof(_string), (PWCH)_var##_buffer}
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str)                        \
    extern const UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)
#define DECLARE_UNICODE_STRING_SIZE(_var, _size)                               \
    WCHAR _var##_buffer[_size];                                                \
    UNICODE_STRING _var = {0, (_size) * sizeof(WCHAR), _var##_buffer}

NT_END_EXTERN_C

#endif
