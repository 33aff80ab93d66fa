/*
 * The CMOS real-time clock, read once at boot for the system time
 * (HalQueryRealTimeClock, NT's HAL routine). The clock is taken as UTC,
 * as QEMU and Bochs keep it by default.
 */
#include "kernel/hal.h"
#include "kernel/x86.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B
#define RTC_CENTURY 0x32 /* where the ACPI FADT usually says it is */
#define RTC_A_UPDATING 0x80
#define RTC_B_24_HOUR 0x02
#define RTC_B_BINARY 0x04
#define RTC_HOUR_PM 0x80

static UCHAR read_cmos(UCHAR Index)
{
    outb(CMOS_INDEX, Index);
    return inb(CMOS_DATA);
}

static ULONG from_bcd(UCHAR Value)
{
    return (Value >> 4) * 10 + (Value & 0x0F);
}

typedef struct _RTC_READING {
    UCHAR Second, Minute, Hour, Day, Month, Year, Century, StatusB;
} RTC_READING;

/* One reading outside an update (which takes under 2 ms). */
static BOOLEAN read_rtc(RTC_READING *Reading)
{
    ULONG Tries;

    for (Tries = 0; read_cmos(RTC_STATUS_A) & RTC_A_UPDATING; Tries++)
        if (Tries > 100000)
            return FALSE; /* no clock there, or it is stuck */
    Reading->Second = read_cmos(RTC_SECONDS);
    Reading->Minute = read_cmos(RTC_MINUTES);
    Reading->Hour = read_cmos(RTC_HOURS);
    Reading->Day = read_cmos(RTC_DAY);
    Reading->Month = read_cmos(RTC_MONTH);
    Reading->Year = read_cmos(RTC_YEAR);
    Reading->Century = read_cmos(RTC_CENTURY);
    Reading->StatusB = read_cmos(RTC_STATUS_B);
    return TRUE;
}

BOOLEAN NTAPI HalQueryRealTimeClock(PTIME_FIELDS TimeFields)
{
    RTC_READING First, Second;
    ULONG Flags, Tries, Hour, Year, Century;
    BOOLEAN Read = FALSE, Pm;

    Flags = save_and_disable_interrupts();
    /* Two equal readings in a row: no update came between the bytes. */
    for (Tries = 0; Tries < 5 && !Read; Tries++)
        Read =
            read_rtc(&First) && read_rtc(&Second) &&
            RtlCompareMemory(&First, &Second, sizeof(First)) == sizeof(First);
    restore_interrupts(Flags);
    if (!Read)
        return FALSE;
    Pm = !(First.StatusB & RTC_B_24_HOUR) && (First.Hour & RTC_HOUR_PM);
    First.Hour &= (UCHAR)~RTC_HOUR_PM;
    if (!(First.StatusB & RTC_B_BINARY)) {
        First.Second = (UCHAR)from_bcd(First.Second);
        First.Minute = (UCHAR)from_bcd(First.Minute);
        First.Hour = (UCHAR)from_bcd(First.Hour);
        First.Day = (UCHAR)from_bcd(First.Day);
        First.Month = (UCHAR)from_bcd(First.Month);
        First.Year = (UCHAR)from_bcd(First.Year);
        First.Century = (UCHAR)from_bcd(First.Century);
    }
    Hour = First.Hour;
    if (!(First.StatusB & RTC_B_24_HOUR)) /* 12 is midnight or noon */
        Hour = Hour % 12 + (Pm ? 12 : 0);
    Century = First.Century >= 19 && First.Century <= 29
                  ? First.Century
                  : (First.Year < 70 ? 20 : 19);
    Year = Century * 100 + First.Year;
    TimeFields->Year = (CSHORT)Year;
    TimeFields->Month = First.Month;
    TimeFields->Day = First.Day;
    TimeFields->Hour = (CSHORT)Hour;
    TimeFields->Minute = First.Minute;
    TimeFields->Second = First.Second;
    TimeFields->Milliseconds = 0;
    TimeFields->Weekday = 0;
    return TRUE;
}
