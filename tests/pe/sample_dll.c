/*
 * A DLL built by the PE toolchain (clang-16 in MSVC mode, lld-link-16),
 * for the host test of the image layer: exports by name, a data export,
 * one by ordinal only and a forwarder (sample_dll.def).
 */
__declspec(dllexport) int __stdcall AddNumbers(int a, int b)
{
    return a + b;
}

__declspec(dllexport) int Counter = 5;

int Hidden(void)
{
    return 7;
}

int __stdcall _DllMainCRTStartup(void *Instance, unsigned long Reason,
                                 void *Reserved)
{
    (void)Instance;
    (void)Reason;
    (void)Reserved;
    return 1;
}
