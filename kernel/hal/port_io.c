/*
 * READ_PORT_* and WRITE_PORT_* (include/ntport.h): hal.dll's port I/O on
 * x86, for drivers. The port number is the pointer's low 16 bits, as
 * NT's HAL takes it.
 */
#include "kernel/x86.h"
#include "ntport.h"

#define PORT(Pointer) ((USHORT)(ULONG_PTR)(Pointer))

UCHAR NTAPI READ_PORT_UCHAR(PUCHAR Port)
{
    return inb(PORT(Port));
}

USHORT NTAPI READ_PORT_USHORT(PUSHORT Port)
{
    return inw(PORT(Port));
}

ULONG NTAPI READ_PORT_ULONG(PULONG Port)
{
    return inl(PORT(Port));
}

VOID NTAPI READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    insb(PORT(Port), Buffer, Count);
}

VOID NTAPI READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    insw(PORT(Port), Buffer, Count);
}

VOID NTAPI READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
    insl(PORT(Port), Buffer, Count);
}

VOID NTAPI WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value)
{
    outb(PORT(Port), Value);
}

VOID NTAPI WRITE_PORT_USHORT(PUSHORT Port, USHORT Value)
{
    outw(PORT(Port), Value);
}

VOID NTAPI WRITE_PORT_ULONG(PULONG Port, ULONG Value)
{
    outl(PORT(Port), Value);
}

VOID NTAPI WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    outsb(PORT(Port), Buffer, Count);
}

VOID NTAPI WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    outsw(PORT(Port), Buffer, Count);
}

VOID NTAPI WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
    outsl(PORT(Port), Buffer, Count);
}
