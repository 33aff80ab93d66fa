/*
 * Calendar time to NT's system time: 100 ns units since 1601-01-01
 * 00:00 UTC, from the Gregorian date and time of day (RtlTimeFieldsToTime,
 * NT's name and check). Pure, so the host tests check it.
 */
#include "ntrtl.h"

static BOOLEAN is_leap_year(ULONG Year)
{
    return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}

static const UCHAR days_in_month[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};

BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
    ULONG Year = (ULONG)TimeFields->Year, Month = (ULONG)TimeFields->Month;
    ULONG Days, Index, InMonth;

    if (TimeFields->Year < 1601 || Month < 1 || Month > 12 ||
        TimeFields->Day < 1 || TimeFields->Hour < 0 || TimeFields->Hour > 23 ||
        TimeFields->Minute < 0 || TimeFields->Minute > 59 ||
        TimeFields->Second < 0 || TimeFields->Second > 59 ||
        TimeFields->Milliseconds < 0 || TimeFields->Milliseconds > 999)
        return FALSE;
    InMonth = days_in_month[Month - 1] + (Month == 2 && is_leap_year(Year));
    if ((ULONG)TimeFields->Day > InMonth)
        return FALSE;
    /* Whole years since 1601, with the leap days among them. */
    Days = (Year - 1601) * 365 + (Year - 1601) / 4 - (Year - 1601) / 100 +
           (Year - 1601) / 400;
    for (Index = 1; Index < Month; Index++)
        Days += days_in_month[Index - 1] + (Index == 2 && is_leap_year(Year));
    Days += (ULONG)TimeFields->Day - 1;
    Time->QuadPart =
        ((((LONGLONG)Days * 24 + TimeFields->Hour) * 60 + TimeFields->Minute) *
             60 +
         TimeFields->Second) *
            10000000LL +
        (LONGLONG)TimeFields->Milliseconds * 10000;
    return TRUE;
}
