; The routines a system-service stub calls through SharedUserData->SystemCall
; (docs/user-mode.md). The kernel finds them by name in ntdll's exports and
; stores one of the first and the third's address in KUSER_SHARED_DATA.
; On entry [esp] is the stub's return address and [esp + 4] its caller's,
; so the service's arguments start at esp + 8.
section .text

global _KiFastSystemCall
global _KiFastSystemCallRet
global _KiIntSystemCall

; sysenter: KiFastCallEntry reads the arguments at edx + 8.
_KiFastSystemCall:
    mov edx, esp
    sysenter
; sysexit comes back here (SharedUserData->SystemCallReturn), on the stack
; the stub called KiFastSystemCall with.
_KiFastSystemCallRet:
    ret

; int 0x2e: KiSystemService reads the arguments at edx.
_KiIntSystemCall:
    lea edx, [esp + 8]
    int 0x2e
    ret
