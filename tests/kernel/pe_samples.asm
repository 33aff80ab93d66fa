; The PE toolchain's sample images (tests/pe/), carried in the kernel for
; the loader's tests (tests/kernel/user_loader.c). The Makefile passes
; their paths.

global KtSampleExe, KtSampleExeEnd, KtSampleDll, KtSampleDllEnd

section .rodata
align 16
KtSampleExe:
    incbin SAMPLE_EXE
KtSampleExeEnd:
align 16
KtSampleDll:
    incbin SAMPLE_DLL
KtSampleDllEnd:
