/* Helpers shared by the object manager's kernel tests. */
#ifndef OB_TEST_H
#define OB_TEST_H

#include "kernel/object.h"

/* Attributes naming Path (a u"" literal) with Flags. */
#define KT_OBJECT_ATTRIBUTES(Attributes, Name, Path, Flags)                    \
    do {                                                                       \
        RtlInitUnicodeString(&(Name), (Path));                                 \
        InitializeObjectAttributes(&(Attributes), &(Name), (Flags), NULL,      \
                                   NULL);                                      \
    } while (0)

/* ZwOpenEvent by Path; the status, the handle closed again. */
NTSTATUS KtOpenEventStatus(PCWSTR Path, ULONG Flags);
/* Bytes in use under the object manager's and the event and semaphore
 * types' tags. */
SIZE_T KtObjectPoolBytes(VOID);

#endif
