/*
 * The WDK's specstrings.h: the SAL annotations (sal.h) and the driver
 * ones (driverspecs.h), all expanding to nothing outside code analysis.
 */
#ifndef NT_SPECSTRINGS_H
#define NT_SPECSTRINGS_H

#include "driverspecs.h"
#include "sal.h"

#endif
