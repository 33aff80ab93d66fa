/*
 * Basic NT types, as the WDK defines them for x86.
 *
 * The same widths and struct tags as the WDK, so that driver code written
 * against it compiles here unchanged. The pure parts of the kernel also build
 * for an LP64 host (the unit tests); there ULONG must stay 32 bits, which is
 * the only place the host differs.
 */
#ifndef NTDEF_H
#define NTDEF_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__i386__)
#define NTAPI __attribute__((stdcall))
#else
#define NTAPI /* the host has one calling convention */
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
#define FORCEINLINE static inline __attribute__((always_inline))
#define DECLSPEC_NORETURN __attribute__((noreturn))

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
typedef const char *PCSTR, *PCSZ;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef short CSHORT; /* a count or a calendar field, as NT names it */
typedef unsigned short USHORT, *PUSHORT;
typedef unsigned short WCHAR, *PWCHAR;
typedef int INT;
typedef unsigned int UINT;
#if defined(__LP64__)
typedef int LONG, *PLONG;
typedef unsigned int ULONG, *PULONG;
#else
typedef long LONG, *PLONG;
typedef unsigned long ULONG, *PULONG;
#endif
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef __INTPTR_TYPE__ LONG_PTR, *PLONG_PTR;
typedef __UINTPTR_TYPE__ ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

#define MAXLONG 0x7FFFFFFF
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
#define CONTAINING_RECORD(address, type, field)                                \
    ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define ARRAYSIZE(A) (sizeof(A) / sizeof((A)[0]))
#define UNREFERENCED_PARAMETER(P) ((void)(P))

#endif
