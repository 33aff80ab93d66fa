; NTSTATUS raw_system_call(ULONG Number, PVOID Arguments): the int 0x2e
; path with a number of the caller's choosing (ntdll's stubs only know
; the table's), for the unknown-service test.
section .text
global _raw_system_call

_raw_system_call:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    int 0x2e
    ret
