/*
 * The console, keyboard and serial devices as a program sees them: text
 * written through \??\CON, keys read through \??\KeyboardClass0 (at once
 * when typed already, or a pending read the keyboard's DPC completes).
 */
#include "kernel/console.h"
#include "kernel/io.h"
#include "kernel/ktest.h"
#include "tests/kernel/kt_io_driver.h"
#include "tests/kernel/test_devices.h"

static VOID drain(VOID)
{
    CHAR Ignored;

    while (KiConsoleInputGet(&Ignored))
        ;
}

KTEST(io_console_device_takes_text)
{
    KT_CLEANUP_SECTION;
    static const CHAR Text[] = "io: written through \\??\\CON\n";
    IO_STATUS_BLOCK Iosb;
    HANDLE Console = NULL, Keyboard = NULL;

    KT_ASSERT_EQ(KtIoOpen(u"\\??\\CON", FILE_SYNCHRONOUS_IO_NONALERT, &Console),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWriteFile(Console, NULL, NULL, NULL, &Iosb, (PVOID)Text,
                             sizeof(Text) - 1, NULL, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, sizeof(Text) - 1);
    /* The keyboard only reads. */
    KT_ASSERT_EQ(KtIoOpen(u"\\??\\KeyboardClass0", FILE_SYNCHRONOUS_IO_NONALERT,
                          &Keyboard),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwWriteFile(Keyboard, NULL, NULL, NULL, &Iosb, (PVOID)Text, 1,
                             NULL, NULL),
                 STATUS_INVALID_DEVICE_REQUEST);
    KT_CLEANUP;
    if (Console != NULL)
        ZwClose(Console);
    if (Keyboard != NULL)
        ZwClose(Keyboard);
}

KTEST(io_keyboard_read_waits_for_a_key)
{
    KT_CLEANUP_SECTION;
    CHAR Buffer[8] = {0};
    IO_STATUS_BLOCK Iosb;
    HANDLE Keyboard = NULL, Event = NULL;
    LARGE_INTEGER Zero = {.QuadPart = 0};
    LARGE_INTEGER Second = {.QuadPart = -10000000LL};

    drain();
    KT_ASSERT_EQ(
        ZwCreateEvent(&Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
        STATUS_SUCCESS);
    KT_ASSERT_EQ(KtIoOpen(u"\\??\\KeyboardClass0", 0, &Keyboard),
                 STATUS_SUCCESS);
    /* An asynchronous handle has no position: the read names one. */
    KT_ASSERT_EQ(ZwReadFile(Keyboard, Event, NULL, NULL, &Iosb, Buffer,
                            sizeof(Buffer), &Zero, NULL),
                 STATUS_PENDING);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, &Zero), STATUS_TIMEOUT);
    KtKeyboardInject(0x23); /* h */
    KtKeyboardInject(0xA3);
    KT_ASSERT_EQ(ZwWaitForSingleObject(Event, FALSE, &Second), STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Status, STATUS_SUCCESS);
    KT_ASSERT_EQ(Iosb.Information, 1);
    KT_ASSERT_EQ(Buffer[0], 'h');
    /* Typed with no read waiting: the next read on a synchronous handle
     * gets it. */
    KtKeyboardInject(0x17); /* i */
    KtKeyboardInject(0x97);
    ZwClose(Keyboard);
    Keyboard = NULL;
    KT_ASSERT_EQ(KtIoOpen(u"\\??\\KeyboardClass0", FILE_SYNCHRONOUS_IO_NONALERT,
                          &Keyboard),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(ZwReadFile(Keyboard, NULL, NULL, NULL, &Iosb, Buffer,
                            sizeof(Buffer), NULL, NULL),
                 STATUS_SUCCESS);
    KT_ASSERT_EQ(Buffer[0], 'i');
    KT_CLEANUP;
    if (Keyboard != NULL)
        ZwClose(Keyboard);
    if (Event != NULL)
        ZwClose(Event);
    drain();
}
