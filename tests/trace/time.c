/* SPDX-License-Identifier: MIT */
/* time.h */
#include "trace.h"

void trace_time(void)
{
	br_timespec ts, req = {0, 1017};
	br_itimerval zero = {{0, 0}, {0, 0}}, old;

	br_timeval tv;
	unsigned cpu, node;

	/* ---- time (vDSO) ---- */
	/* Through the vDSO where the kernel maps one: no syscall at all, the
	 * lookup on first use included (it only reads memory). qemu-user maps
	 * no vDSO: there the fallback syscall shows. */
	SEG("br_clock_gettime", "[strace]  [qemu] clock_gettime(CLOCK_BOOTTIME, *) = 0");
	USE(CALL(br_clock_gettime)(BR_CLOCK_BOOTTIME, &ts));
	SEG("br_clock_getres", "[strace]  [qemu] clock_getres(CLOCK_MONOTONIC, *) = 0");
	USE(CALL(br_clock_getres)(BR_CLOCK_MONOTONIC, &ts));
	SEG("br_gettimeofday", "[strace]  [qemu] gettimeofday(*, *) = 0");
	USE(CALL(br_gettimeofday)(&tv));
	/* Only x86_64's vDSO answers getcpu itself (aarch64's has none,
	 * riscv64's makes the syscall). */
	SEG("br_getcpu", "[strace x86_64]  [qemu] getcpu(*, *, *) = 0  [generic] getcpu(*, *, *) = 0");
	USE(CALL(br_getcpu)(&cpu, &node));
	/* ---- end time (vDSO) ---- */
	SEG("br_nanosleep", "nanosleep(*, *) = 0");
	USE(CALL(br_nanosleep)(&req, &ts));
	SEG("br_setitimer", "setitimer(ITIMER_VIRTUAL, *, *) = 0");
	USE(CALL(br_setitimer)(BR_ITIMER_VIRTUAL, &zero, &old));
}
