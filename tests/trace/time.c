/* SPDX-License-Identifier: MIT */
/* time.h */
#include "trace.h"

void trace_time(void)
{
	br_timespec ts, req = {0, 1017};
	br_itimerval zero = {{0, 0}, {0, 0}}, old;

	SEG("br_clock_gettime", "clock_gettime(CLOCK_BOOTTIME, *) = 0");
	USE(CALL(br_clock_gettime)(BR_CLOCK_BOOTTIME, &ts));
	SEG("br_nanosleep", "nanosleep(*, *) = 0");
	USE(CALL(br_nanosleep)(&req, &ts));
	SEG("br_setitimer", "setitimer(ITIMER_VIRTUAL, *, *) = 0");
	USE(CALL(br_setitimer)(BR_ITIMER_VIRTUAL, &zero, &old));
}
