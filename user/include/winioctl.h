/*
 * winioctl.h: what a program needs to compute the control codes it sends
 * with DeviceIoControl: CTL_CODE, the METHOD_ and FILE_*_ACCESS values
 * and the FILE_DEVICE_ types, from the same include/devioctl.h drivers
 * use, so both sides compute the same code.
 */
#ifndef USER_WINIOCTL_H
#define USER_WINIOCTL_H

#include "winnt.h"

#include "devioctl.h"

#endif
