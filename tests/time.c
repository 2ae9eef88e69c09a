/* SPDX-License-Identifier: MIT */
/* time.h: clocks move, sleeps last, timers report their settings; the calls
 * served by the vDSO agree with the syscalls they stand for (the same clock,
 * in order, the same second), the syscall path (forced by a test hook, and
 * the only one under qemu-user, which maps no vDSO) gives the kernel's
 * errors, and the vDSO's ELF lookup finds the real symbols and nothing in
 * cut or damaged copies of the image. */
#include "tap.h"

/* src/time.c's test hook: every call by the syscall (true), or the vDSO
 * looked up again (false). */
void br__vdso_reset(bool use_syscall);
/* src/vdso.c's lookup. */
void *br__vdso_lookup(const void *image, size_t len, const char *name, const char *version);

static int64_t ns(br_timespec t)
{
	return t.sec * 1000000000 + t.nsec;
}

/* The names the three architectures give clock_gettime in their vDSO, with
 * the version of each (arch/<arch>/vdso_arch.h; listed here so that the
 * test needs no per-architecture code: exactly one pair must be found). */
static const char *const names[][2] = {
	{ "__vdso_clock_gettime", "LINUX_2.6" },
	{ "__kernel_clock_gettime", "LINUX_2.6.39" },
	{ "__vdso_clock_gettime", "LINUX_4.15" },
};

static unsigned char copy[65536];

/* Whether the text from line to end ends with s. */
static bool ends_with(const char *line, const char *end, const char *s)
{
	size_t n = tap_strlen(s);

	if ((size_t)(end - line) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (end[-(long)n + (long)i] != s[i])
			return false;
	return true;
}

/* The size of the [vdso] mapping at base, from /proc/self/maps; 0 if none. */
static size_t vdso_size(uint64_t base)
{
	static char maps[65536];
	size_t n = tap_slurp("/proc/self/maps", maps, sizeof maps - 1);
	const char *p = maps, *end = maps + n;

	while (p < end) {
		const char *line = p, *s = p;
		uint64_t lo, hi;

		while (p < end && *p != '\n')
			p++;
		if (tap_parse_hex(&s, p, &lo) && s < p && *s++ == '-' && tap_parse_hex(&s, p, &hi) && lo == base &&
		    ends_with(line, p, "[vdso]"))
			return (size_t)(hi - lo);
		p++;
	}
	return 0;
}

/* What the kernel says, through the vDSO (if any) and through the syscall. */
static void agree(void)
{
	br_timespec v1, s, v2, rv, rs;
	br_timeval tv;
	unsigned cpu = 99999, node = 99999, cpu2 = 99999, node2 = 99999;

	br__vdso_reset(false);
	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, &v1), BR_OK, "vDSO: clock_gettime MONOTONIC");
	br__vdso_reset(true);
	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, &s), BR_OK, "syscall: clock_gettime MONOTONIC");
	br__vdso_reset(false);
	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, &v2), BR_OK, "vDSO again: clock_gettime MONOTONIC");
	tap_ok(ns(v1) <= ns(s) && ns(s) <= ns(v2) && ns(v2) - ns(v1) < 1000000000,
	       "MONOTONIC: vDSO <= syscall <= vDSO, within a second");

	br__vdso_reset(false);
	tap_errno(br_clock_gettime(BR_CLOCK_REALTIME, &v1), BR_OK, "vDSO: clock_gettime REALTIME");
	tap_errno(br_gettimeofday(&tv), BR_OK, "vDSO: gettimeofday");
	br__vdso_reset(true);
	tap_errno(br_clock_gettime(BR_CLOCK_REALTIME, &s), BR_OK, "syscall: clock_gettime REALTIME");
	tap_ok(s.sec - v1.sec <= 1 && s.sec >= v1.sec && tv.sec - v1.sec <= 1 && tv.sec >= v1.sec &&
		       tv.usec >= 0 && tv.usec < 1000000,
	       "REALTIME: vDSO, gettimeofday and syscall in the same second, in order");
	tap_errno(br_gettimeofday(&tv), BR_OK, "syscall: gettimeofday");
	tap_ok(tv.sec - s.sec <= 1 && tv.sec >= s.sec, "syscall gettimeofday: the same second");

	br__vdso_reset(false);
	tap_errno(br_clock_getres(BR_CLOCK_MONOTONIC, &rv), BR_OK, "vDSO: clock_getres MONOTONIC");
	tap_errno(br_clock_getres(BR_CLOCK_MONOTONIC, NULL), BR_OK, "vDSO: clock_getres NULL");
	br__vdso_reset(true);
	tap_errno(br_clock_getres(BR_CLOCK_MONOTONIC, &rs), BR_OK, "syscall: clock_getres MONOTONIC");
	tap_ok(rv.sec == rs.sec && rv.nsec == rs.nsec && rs.nsec > 0 && rs.nsec <= 10000000,
	       "clock_getres: vDSO and syscall agree (at most 10 ms)");

	br__vdso_reset(false);
	tap_errno(br_getcpu(&cpu, &node), BR_OK, "vDSO: getcpu");
	tap_errno(br_getcpu(NULL, NULL), BR_OK, "vDSO: getcpu, both NULL");
	br__vdso_reset(true);
	tap_errno(br_getcpu(&cpu2, &node2), BR_OK, "syscall: getcpu");
	tap_ok(cpu < 4096 && cpu2 < 4096 && node < 1024 && node2 < 1024, "getcpu: a CPU and a node");

	/* Errors: the vDSO hands what it cannot serve to the kernel. */
	for (int use_syscall = 0; use_syscall < 2; use_syscall++) {
		br__vdso_reset(use_syscall);
		tap_errno(br_clock_gettime(12345, &v1), BR_EINVAL,
			  use_syscall ? "syscall: unknown clock: EINVAL" : "vDSO: unknown clock: EINVAL");
		tap_errno(br_clock_getres(-12345, &rv), BR_EINVAL,
			  use_syscall ? "syscall: getres unknown clock: EINVAL" : "vDSO: getres unknown clock: EINVAL");
		tap_errno(br_clock_gettime(BR_CLOCK_PROCESS_CPUTIME_ID, &v1), BR_OK,
			  use_syscall ? "syscall: PROCESS_CPUTIME_ID" : "vDSO: PROCESS_CPUTIME_ID (the kernel's)");
	}
	/* Bad pointers give EFAULT from the syscall only. */
	br__vdso_reset(true);
	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, (br_timespec *)8), BR_EFAULT, "syscall: bad pointer: EFAULT");
	br_errno e = br_clock_getres(BR_CLOCK_MONOTONIC, (br_timespec *)8);
	if (tap_under_qemu() && e == BR_OK)
		tap_skip("syscall: getres bad pointer: EFAULT",
			 "qemu-user 7.2 does not check its copy of the result out (native run: EFAULT)");
	else
		tap_errno(e, BR_EFAULT, "syscall: getres bad pointer: EFAULT");
	tap_errno(br_gettimeofday((br_timeval *)8), BR_EFAULT, "syscall: gettimeofday bad pointer: EFAULT");
	tap_errno(br_getcpu((unsigned *)8, NULL), BR_EFAULT, "syscall: getcpu bad pointer: EFAULT");
	br__vdso_reset(false);
}

/* Through the vDSO a bad pointer is a crash, as with every libc: checked in
 * a child, which must die of SIGSEGV (or, with no vDSO, see EFAULT). */
static void bad_pointer_child(bool have_vdso)
{
	int pid, status = 0, got;

	if (br_fork(&pid) != BR_OK) {
		tap_ok(false, "fork for the bad-pointer child");
		return;
	}
	if (pid == 0)
		br_exit_group(br_clock_gettime(BR_CLOCK_MONOTONIC, (br_timespec *)8) == BR_EFAULT ? 14 : 1);
	if (br_wait4(pid, &status, 0, NULL, &got) != BR_OK)
		status = -1;
	if (have_vdso)
		tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGSEGV,
		       "vDSO: a bad pointer is SIGSEGV (as with libc), not EFAULT");
	else
		tap_ok(br_wifexited(status) && br_wexitstatus(status) == 14, "no vDSO: a bad pointer is EFAULT");
}

/* br__vdso_lookup on the real image and on copies of it. */
static void lookup(uint64_t base)
{
	const void *img = (const void *)base;
	int found = -1, count = 0;

	for (int i = 0; i < 3; i++)
		if (br__vdso_lookup(img, SIZE_MAX, names[i][0], names[i][1])) {
			found = i;
			count++;
		}
	if (!tap_ok(count == 1, "lookup: clock_gettime found under exactly one name and version"))
		return;
	void *f = br__vdso_lookup(img, SIZE_MAX, names[found][0], names[found][1]);
	tap_ok(br__vdso_lookup(img, SIZE_MAX, names[found][0], NULL) == f, "lookup: any version finds the same");
	tap_ok(!br__vdso_lookup(img, SIZE_MAX, names[found][0], "LINUX_1.0"), "lookup: another version: none");
	tap_ok(!br__vdso_lookup(img, SIZE_MAX, "__vdso_no_such_function", NULL), "lookup: an unknown name: none");
	tap_ok(!br__vdso_lookup(img, SIZE_MAX, "", NULL), "lookup: the empty name: none");

	size_t size = vdso_size(base);
	if (!tap_ok(size > 0 && size <= sizeof copy, "the [vdso] mapping in /proc/self/maps"))
		return;
	/* A copy: the same function at the same offset. */
	for (size_t i = 0; i < size; i++)
		copy[i] = ((const unsigned char *)img)[i];
	void *g = br__vdso_lookup(copy, size, names[found][0], names[found][1]);
	tap_ok(g && (uintptr_t)g - (uintptr_t)copy == (uintptr_t)f - (uintptr_t)base,
	       "lookup in a copy: the same offset");
	/* Cut short: nothing found, or something inside what is left. */
	bool inside = true;
	for (size_t cut = 0; cut < size; cut += cut < 256 ? 1 : 97) {
		void *h = br__vdso_lookup(copy, cut, names[found][0], names[found][1]);
		if (h && (uintptr_t)h - (uintptr_t)copy >= cut)
			inside = false;
	}
	tap_ok(inside, "lookup in every cut copy: nothing outside the bytes given");
	copy[1] = 'X';
	tap_ok(!br__vdso_lookup(copy, size, names[found][0], names[found][1]), "lookup: bad ELF magic: none");
	copy[1] = 'E';
	copy[4] = 1; /* ELFCLASS32 */
	tap_ok(!br__vdso_lookup(copy, size, names[found][0], names[found][1]), "lookup: a 32-bit image: none");
}

int main(int argc, char **argv, char **envp)
{
	br_timespec a, b, req = {0, 20000000};
	(void)argc, (void)argv, (void)envp;

	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, &a), BR_OK, "clock_gettime MONOTONIC");
	tap_ok(a.nsec >= 0 && a.nsec < 1000000000, "nsec in range");
	tap_errno(br_nanosleep(&req, 0), BR_OK, "nanosleep 20 ms");
	tap_errno(br_clock_gettime(BR_CLOCK_MONOTONIC, &b), BR_OK, "clock_gettime again");
	tap_ok(ns(b) - ns(a) >= 20000000, "at least 20 ms passed");
	tap_errno(br_clock_gettime(BR_CLOCK_REALTIME, &a), BR_OK, "clock_gettime REALTIME");
	tap_ok(a.sec > 1600000000, "realtime is after 2020");
	tap_errno(br_clock_gettime(BR_CLOCK_BOOTTIME, &a), BR_OK, "clock_gettime BOOTTIME");
	tap_errno(br_clock_gettime(12345, &a), BR_EINVAL, "unknown clock: EINVAL");

	uint64_t base = br_getauxval(BR_AT_SYSINFO_EHDR);
	if (tap_under_qemu() && !base)
		tap_skip("a vDSO is mapped (AT_SYSINFO_EHDR)", "qemu-user 7.2 maps none: every call is the syscall here");
	else
		tap_ok(base != 0, "a vDSO is mapped (AT_SYSINFO_EHDR)");
	agree();
	bad_pointer_child(base != 0);
	if (base)
		lookup(base);
	else
		tap_skip("lookup in the real vDSO", "no vDSO (qemu-user)");

	br_timespec bad = {0, 1000000000};
	tap_errno(br_nanosleep(&bad, 0), BR_EINVAL, "nanosleep nsec 1e9: EINVAL");
	bad.nsec = -1;
	tap_errno(br_nanosleep(&bad, 0), BR_EINVAL, "nanosleep nsec -1: EINVAL");
	br_errno e = br_nanosleep((const br_timespec *)8, 0);
	if (tap_under_qemu() && e == BR_EINVAL)
		/* qemu 7.2's nanosleep ignores its failed copy of req and sleeps
		 * on an uninitialised one; the kernel answers EFAULT (native run). */
		tap_skip("nanosleep bad pointer: EFAULT", "qemu-user 7.2 does not check the copy of req");
	else
		tap_errno(e, BR_EFAULT, "nanosleep bad pointer: EFAULT");

	/* An armed timer reads back (the kernel rounds to its tick, so only
	 * the order of magnitude is checked), then disarms to zero. */
	br_itimerval on = {{0, 0}, {100, 0}}, off = {{0, 0}, {0, 0}}, old;
	tap_errno(br_setitimer(BR_ITIMER_REAL, &on, 0), BR_OK, "arm ITIMER_REAL for 100 s");
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, &old), BR_OK, "disarm, reading the old value");
	tap_ok(old.value.sec >= 98 && old.value.sec <= 100, "old value about 100 s");
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, &old), BR_OK, "disarm again");
	tap_ok(old.value.sec == 0 && old.value.usec == 0, "it was disarmed");
	tap_errno(br_setitimer(7, &off, 0), BR_EINVAL, "unknown timer: EINVAL");
	br_itimerval badv = {{0, 0}, {0, 1000000}};
	tap_errno(br_setitimer(BR_ITIMER_REAL, &badv, 0), BR_EINVAL, "usec 1e6: EINVAL");
	tap_errno(br_setitimer(BR_ITIMER_REAL, (const br_itimerval *)8, 0), BR_EFAULT, "bad pointer: EFAULT");
	return tap_done();
}
