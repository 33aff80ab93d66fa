/*
 * KeBugCheckEx for the host tests: remembers the stop and jumps back to
 * the test that expected it (BUGCHECKS); an unexpected stop aborts. Include
 * it in the one test file of a binary that defines no KeBugCheckEx.
 */
#ifndef HOST_BUGCHECK_H
#define HOST_BUGCHECK_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "ntddk.h"

static jmp_buf bugcheck_return;
static int bugcheck_armed;
static ULONG bugcheck_code;
static ULONG_PTR bugcheck_parameter[4];

VOID NTAPI KeBugCheckEx(ULONG Code, ULONG_PTR P1, ULONG_PTR P2, ULONG_PTR P3,
                        ULONG_PTR P4)
{
    bugcheck_code = Code;
    bugcheck_parameter[0] = P1;
    bugcheck_parameter[1] = P2;
    bugcheck_parameter[2] = P3;
    bugcheck_parameter[3] = P4;
    if (!bugcheck_armed) {
        printf("unexpected bug check %#lx (%#lx, %#lx, %#lx, %#lx)\n",
               (unsigned long)Code, (unsigned long)P1, (unsigned long)P2,
               (unsigned long)P3, (unsigned long)P4);
        abort();
    }
    bugcheck_armed = 0;
    longjmp(bugcheck_return, 1);
}

/* Runs Statement and yields TRUE when it bug checked. */
#define BUGCHECKS(Statement)                                                   \
    (bugcheck_code = 0, bugcheck_armed = 1,                                    \
     setjmp(bugcheck_return) ? 1 : ((Statement), bugcheck_armed = 0, 0))

#endif
