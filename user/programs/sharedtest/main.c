/*
 * sharedtest: the user side of the sample shared-memory driver
 * (drivers/samples/shared/ntmini_shared.h has the contract). The driver
 * maps a page into this process and sets our event from a timer's DPC;
 * the page is seen both ways, the named event pulses, and closing the
 * handle takes the page away.
 */
#include <stdio.h>
#include <windows.h>
#include <winioctl.h>

#include "../../../drivers/samples/shared/ntmini_shared.h"

static int passed, failed;

static void check(int Condition, const char *Name, const char *Why)
{
    if (Condition) {
        printf("PASS %s\n", Name);
        passed++;
    } else {
        printf("FAIL %s: %s (error %lu)\n", Name, Why, GetLastError());
        failed++;
    }
}

static ULONG peek(HANDLE Device, ULONG Offset)
{
    ULONG Value = Offset;
    DWORD Bytes;

    if (!DeviceIoControl(Device, IOCTL_SHARED_PEEK, &Value, sizeof(Value),
                         &Value, sizeof(Value), &Bytes, NULL))
        return 0xFFFFFFFF;
    return Value;
}

int main(void)
{
    HANDLE Device, Event, Named;
    volatile ULONG *Page = NULL;
    MEMORY_BASIC_INFORMATION Info;
    ULONG First;
    DWORD Bytes;

    Device = CreateFileA(NTMINI_SHARED_USER_NAME, GENERIC_READ | GENERIC_WRITE,
                         0, NULL, OPEN_EXISTING, 0, NULL);
    check(Device != INVALID_HANDLE_VALUE, "open_the_device", "CreateFile");
    if (Device == INVALID_HANDLE_VALUE)
        return 1;
    Event = CreateEventA(NULL, FALSE, FALSE, NULL);
    check(DeviceIoControl(Device, IOCTL_SHARED_MAP, &Event, sizeof(Event),
                          (PVOID)&Page, sizeof(Page), &Bytes, NULL) &&
              Bytes == sizeof(Page) && Page != NULL,
          "the_driver_maps_a_page_into_this_process", "IOCTL_SHARED_MAP");
    if (Page == NULL)
        return 1;
    check(WaitForSingleObject(Event, 2000) == WAIT_OBJECT_0,
          "the_dpc_sets_our_event", "no tick in 2 s");
    First = Page[0];
    check(First != 0, "the_dpc_writes_the_page", "the counter is 0");
    check(WaitForSingleObject(Event, 2000) == WAIT_OBJECT_0 && Page[0] > First,
          "the_counter_moves", "no second tick");
    Page[1] = 0x5EA5EA5E;
    check(peek(Device, 4) == 0x5EA5EA5E, "the_driver_sees_what_we_write",
          "IOCTL_SHARED_PEEK read something else");
    check(peek(Device, 0) >= First, "we_see_what_the_driver_writes",
          "the driver's counter is behind ours");
    Named = OpenEventW(SYNCHRONIZE, FALSE, NTMINI_SHARED_EVENT_USER);
    check(Named != NULL && WaitForSingleObject(Named, 2000) == WAIT_OBJECT_0,
          "the_named_event_opens_by_name", "OpenEvent");
    /* A second map on the same open is refused. */
    check(!DeviceIoControl(Device, IOCTL_SHARED_MAP, &Event, sizeof(Event),
                           (PVOID)&First, sizeof(Page), &Bytes, NULL),
          "one_mapping_per_open", "a second IOCTL_SHARED_MAP succeeded");
    CloseHandle(Device);
    check(VirtualQuery((PVOID)Page, &Info, sizeof(Info)) == sizeof(Info) &&
              Info.State == MEM_FREE,
          "closing_the_handle_unmaps_the_page", "the page is still there");
    if (Named != NULL)
        CloseHandle(Named);
    CloseHandle(Event);
    printf("%d passed, %d failed\n", passed, failed);
    return failed;
}
