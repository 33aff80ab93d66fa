/* _output: the printf engine (output_engine.h) for char text. */
#define CRT_WIDE 0
#include "output_engine.h"
