/*
 * What the C headers below share, as MSVC's crtdefs.h: size_t and
 * wchar_t (stddef.h), and __cdecl for the kernel's GCC, which reads these
 * headers for the prototypes of the routines it exports (cdecl is its
 * default).
 */
#ifndef NT_CRT_CRTDEFS_H
#define NT_CRT_CRTDEFS_H

#include <stddef.h>

#if !defined(_MSC_VER) && !defined(__cdecl)
#define __cdecl
#endif

#endif
