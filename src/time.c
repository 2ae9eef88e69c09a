/* SPDX-License-Identifier: MIT */
/* The calls of time.h that the kernel also offers in the vDSO: the
 * function is looked up on first use (AT_SYSINFO_EHDR, then the symbol and
 * version of arch/<arch>/vdso_arch.h) and its address kept, so that a
 * program that never asks pays nothing at start-up and one that does pays
 * the lookup once. Without a vDSO (qemu-user maps none), or without the
 * symbol (aarch64 has no getcpu), the syscall is made instead, through a
 * function of the same shape kept in the same place.
 *
 * The addresses are kept in a static: state like what crt records, written
 * once. Threads that race on the first call each find the same address and
 * store it (relaxed atomics, so no torn pointer): the worst case is a lookup
 * done twice. */
#include <bedrock/crt.h>
#include <bedrock/time.h>

#include "vdso_arch.h"

void *br__vdso_lookup(const void *image, size_t len, const char *name, const char *version);
void br__vdso_reset(bool use_syscall);

/* The entries of the table below. */
enum { GETTIME, GETTIMEOFDAY, GETRES, GETCPU, NFUNCS };

/* What the vDSO's functions take and return: the syscall's raw result,
 * -errno on failure (they make the syscall themselves when they cannot
 * answer, e.g. for a clock they do not serve). */
typedef int (*gettime_fn)(int clock, br_timespec *ts);
typedef int (*gettimeofday_fn)(br_timeval *tv, void *tz);
typedef int (*getcpu_fn)(unsigned *cpu, unsigned *node, void *cache);

/* The syscalls, in the vDSO functions' shape: what the table holds when
 * there is no vDSO function, so that every call is one load and one
 * indirect call, with no test of which kind it is. */
static int sys_gettime(int clock, br_timespec *ts)
{
	return (int)br_syscall2(BR_SYS_clock_gettime, clock, (long)ts);
}

static int sys_getres(int clock, br_timespec *res)
{
	return (int)br_syscall2(BR_SYS_clock_getres, clock, (long)res);
}

static int sys_gettimeofday(br_timeval *tv, void *tz)
{
	return (int)br_syscall2(BR_SYS_gettimeofday, (long)tv, (long)tz);
}

static int sys_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	return (int)br_syscall3(BR_SYS_getcpu, (long)cpu, (long)node, (long)cache);
}

/* Not looked up yet (0), or the function to call: the vDSO's or sys_*. */
static uintptr_t vdso_fn[NFUNCS];

/* Looks function i up and keeps it; returns it. */
__attribute__((__noinline__, __cold__)) static uintptr_t resolve(int i, bool use_syscall)
{
	static const char *const names[NFUNCS] = { BR__VDSO_CLOCK_GETTIME, BR__VDSO_GETTIMEOFDAY,
						   BR__VDSO_CLOCK_GETRES, BR__VDSO_GETCPU };
	const uintptr_t sys[NFUNCS] = { (uintptr_t)sys_gettime, (uintptr_t)sys_gettimeofday, (uintptr_t)sys_getres,
					(uintptr_t)sys_getcpu };
	unsigned long base = use_syscall ? 0 : br_getauxval(BR_AT_SYSINFO_EHDR);
	void *f = NULL;

	/* The kernel's image: as long as its own headers say. */
	if (base && names[i][0])
		f = br__vdso_lookup((const void *)base, SIZE_MAX, names[i], BR__VDSO_VERSION);
	uintptr_t v = f ? (uintptr_t)f : sys[i];
	__atomic_store_n(&vdso_fn[i], v, __ATOMIC_RELAXED);
	return v;
}

/* For the tests: every call by the syscall from now on (use_syscall), or
 * the vDSO looked up again on the next call. */
void br__vdso_reset(bool use_syscall)
{
	for (int i = 0; i < NFUNCS; i++) {
		__atomic_store_n(&vdso_fn[i], 0, __ATOMIC_RELAXED);
		if (use_syscall)
			(void)resolve(i, true);
	}
}

/* The first call of each goes here, and on to the function found. */
__attribute__((__noinline__, __cold__)) static br_errno first_gettime(int clock, br_timespec *ts)
{
	return br_syscall_errno(((gettime_fn)resolve(GETTIME, false))(clock, ts));
}

__attribute__((__noinline__, __cold__)) static br_errno first_getres(int clock, br_timespec *res)
{
	return br_syscall_errno(((gettime_fn)resolve(GETRES, false))(clock, res));
}

__attribute__((__noinline__, __cold__)) static br_errno first_gettimeofday(br_timeval *tv)
{
	return br_syscall_errno(((gettimeofday_fn)resolve(GETTIMEOFDAY, false))(tv, NULL));
}

__attribute__((__noinline__, __cold__)) static br_errno first_getcpu(unsigned *cpu, unsigned *node)
{
	return br_syscall_errno(((getcpu_fn)resolve(GETCPU, false))(cpu, node, NULL));
}

/* The kept function i; 0 before the first call. */
#define KEPT(i) __atomic_load_n(&vdso_fn[i], __ATOMIC_RELAXED)

br_errno br_clock_gettime(int clock, br_timespec *ts)
{
	uintptr_t f = KEPT(GETTIME);

	if (__builtin_expect(!f, 0))
		return first_gettime(clock, ts);
	return br_syscall_errno(((gettime_fn)f)(clock, ts));
}

br_errno br_clock_getres(int clock, br_timespec *res)
{
	uintptr_t f = KEPT(GETRES);

	if (__builtin_expect(!f, 0))
		return first_getres(clock, res);
	return br_syscall_errno(((gettime_fn)f)(clock, res));
}

br_errno br_gettimeofday(br_timeval *tv)
{
	uintptr_t f = KEPT(GETTIMEOFDAY);

	if (__builtin_expect(!f, 0))
		return first_gettimeofday(tv);
	return br_syscall_errno(((gettimeofday_fn)f)(tv, NULL));
}

br_errno br_getcpu(unsigned *cpu, unsigned *node)
{
	uintptr_t f = KEPT(GETCPU);

	if (__builtin_expect(!f, 0))
		return first_getcpu(cpu, node);
	return br_syscall_errno(((getcpu_fn)f)(cpu, node, NULL));
}
