/*
 * MSVC's counted sprintf family, char and wide: _snprintf, _vsnprintf,
 * _snwprintf, _vsnwprintf. Unlike C99's snprintf they write at most Count
 * characters and terminate only when there is room: the result is the
 * length when the text fits (terminated if shorter than Count), -1 when
 * it does not (Count characters written, no terminator). strsafe.h's
 * printf routines are built on them, as Microsoft's are.
 */
#include "crt.h"

typedef struct _COUNTED_SINK {
    void *Buffer;
    size_t Count; /* room, in characters */
    size_t Used;
} COUNTED_SINK;

static void counted_write(void *Context, const char *Text, size_t Length)
{
    COUNTED_SINK *Sink = Context;

    for (; Length != 0; Length--, Text++, Sink->Used++)
        if (Sink->Used < Sink->Count)
            ((char *)Sink->Buffer)[Sink->Used] = *Text;
}

static void counted_wwrite(void *Context, const CRT_WCHAR *Text, size_t Length)
{
    COUNTED_SINK *Sink = Context;

    for (; Length != 0; Length--, Text++, Sink->Used++)
        if (Sink->Used < Sink->Count)
            ((CRT_WCHAR *)Sink->Buffer)[Sink->Used] = *Text;
}

int _vsnprintf(char *Buffer, size_t Count, const char *Format, va_list Args)
{
    COUNTED_SINK Sink = {Buffer, Count, 0};

    _output(counted_write, &Sink, Format, Args);
    if (Sink.Used > Count)
        return -1;
    if (Sink.Used < Count)
        Buffer[Sink.Used] = 0;
    return (int)Sink.Used;
}

int _snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = _vsnprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}

int _vsnwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format,
                va_list Args)
{
    COUNTED_SINK Sink = {Buffer, Count, 0};

    _woutput(counted_wwrite, &Sink, (const CRT_WCHAR *)Format, Args);
    if (Sink.Used > Count)
        return -1;
    if (Sink.Used < Count)
        Buffer[Sink.Used] = 0;
    return (int)Sink.Used;
}

int _snwprintf(wchar_t *Buffer, size_t Count, const wchar_t *Format, ...)
{
    va_list Args;
    int Result;

    va_start(Args, Format);
    Result = _vsnwprintf(Buffer, Count, Format, Args);
    va_end(Args);
    return Result;
}
