/*
 * The symbol the compiler references when a program uses floating point
 * (MSVC's convention; the value is MSVC's). The x87 needs no set-up here:
 * the kernel gives each thread its own FPU state.
 */
int _fltused = 0x9875;
