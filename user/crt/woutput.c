/* _woutput: the printf engine (output_engine.h) for UTF-16 text. */
#define CRT_WIDE 1
#include "output_engine.h"
