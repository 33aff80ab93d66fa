/*
 * QEMU's isa-debug-exit device: a write to its port ends the emulator with
 * status (value << 1) | 1. Only the test runner adds the device; on a real
 * PC the kernel never calls this.
 */
#include "kernel/console.h"
#include "kernel/x86.h"

#define DEBUG_EXIT_PORT 0xF4

VOID HaliQemuExit(ULONG Code)
{
    outl(DEBUG_EXIT_PORT, Code);
}
