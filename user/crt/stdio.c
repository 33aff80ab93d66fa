/*
 * printf and friends. Console output goes out through kernel32's
 * WriteConsoleA on the standard output, a buffer's worth at a time;
 * sprintf and snprintf write memory, snprintf never past its size and
 * always terminated (C99: it returns the length the whole text needs).
 */
#include "crt.h"
#include "windows.h"

#define CONSOLE_BUFFER 256

typedef struct _CONSOLE_SINK {
    char Buffer[CONSOLE_BUFFER];
    size_t Used;
} CONSOLE_SINK;

static void flush(CONSOLE_SINK *Sink)
{
    DWORD Written;

    if (Sink->Used != 0)
        WriteConsoleA(GetStdHandle(STD_OUTPUT_HANDLE), Sink->Buffer,
                      (DWORD)Sink->Used, &Written, NULL);
    Sink->Used = 0;
}

static void console_write(void *Context, const char *Text, size_t Length)
{
    CONSOLE_SINK *Sink = Context;

    while (Length-- != 0) {
        if (Sink->Used == CONSOLE_BUFFER)
            flush(Sink);
        Sink->Buffer[Sink->Used++] = *Text++;
    }
}

int vprintf(const char *Format, va_list Args)
{
    CONSOLE_SINK Sink;
    int Count;

    Sink.Used = 0;
    Count = _output(console_write, &Sink, Format, Args);
    flush(&Sink);
    return Count;
}

int printf(const char *Format, ...)
{
    va_list Args;
    int Count;

    va_start(Args, Format);
    Count = vprintf(Format, Args);
    va_end(Args);
    return Count;
}

int puts(const char *String)
{
    return printf("%s\n", String) < 0 ? EOF : 0;
}

int putchar(int Character)
{
    printf("%c", Character);
    return (unsigned char)Character;
}

typedef struct _MEMORY_SINK {
    char *Buffer;
    size_t Size; /* room left, the terminator's included */
} MEMORY_SINK;

static void memory_write(void *Context, const char *Text, size_t Length)
{
    MEMORY_SINK *Sink = Context;

    while (Length-- != 0) {
        if (Sink->Size > 1) {
            *Sink->Buffer++ = *Text;
            Sink->Size--;
        }
        Text++;
    }
}

int vsnprintf(char *Buffer, size_t Size, const char *Format, va_list Args)
{
    MEMORY_SINK Sink = {Buffer, Size};
    int Count = _output(memory_write, &Sink, Format, Args);

    if (Size != 0)
        *Sink.Buffer = 0;
    return Count;
}

int snprintf(char *Buffer, size_t Size, const char *Format, ...)
{
    va_list Args;
    int Count;

    va_start(Args, Format);
    Count = vsnprintf(Buffer, Size, Format, Args);
    va_end(Args);
    return Count;
}

int sprintf(char *Buffer, const char *Format, ...)
{
    va_list Args;
    int Count;

    va_start(Args, Format);
    Count = vsnprintf(Buffer, (size_t)-1 / 2, Format, Args);
    va_end(Args);
    return Count;
}
