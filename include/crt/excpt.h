/*
 * Structured exception handling as MSVC's excpt.h spells it: the filter
 * values, the dispositions an exception handler returns, and the
 * intrinsics a __try/__except filter and a __finally block may call
 * (clang in MSVC mode provides them).
 */
#ifndef NT_CRT_EXCPT_H
#define NT_CRT_EXCPT_H

#include "crtdefs.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION -1

unsigned long __cdecl _exception_code(void);
void *__cdecl _exception_info(void);
int __cdecl _abnormal_termination(void);

#define GetExceptionCode _exception_code
#define exception_code _exception_code
#define GetExceptionInformation()                                              \
    ((struct _EXCEPTION_POINTERS *)_exception_info())
#define exception_info() ((struct _EXCEPTION_POINTERS *)_exception_info())
#define AbnormalTermination _abnormal_termination
#define abnormal_termination _abnormal_termination

#ifdef __cplusplus
}
#endif

#endif
