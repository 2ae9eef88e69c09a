/* SPDX-License-Identifier: MIT */
/* The calls of time.h that the kernel also offers in the vDSO: the
 * function is looked up on first use (AT_SYSINFO_EHDR, then the symbol and
 * version of arch/<arch>/vdso_arch.h) and its address kept, so that a
 * program that never asks pays nothing at start-up and one that does pays
 * the lookup once. Without a vDSO (qemu-user maps none), or without the
 * symbol (aarch64 has no getcpu), the syscall is made instead.
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

/* Not looked up yet (0), looked up and absent (NONE), or the address. */
#define NONE ((uintptr_t)1)
static uintptr_t vdso_fn[NFUNCS];

/* What the vDSO's functions take and return: the syscall's raw result,
 * -errno on failure (they make the syscall themselves when they cannot
 * answer, e.g. for a clock they do not serve). */
typedef int (*gettime_fn)(int clock, br_timespec *ts);
typedef int (*gettimeofday_fn)(br_timeval *tv, void *tz);
typedef int (*getcpu_fn)(unsigned *cpu, unsigned *node, void *cache);

/* The lookup, out of the way of the calls that follow it. */
__attribute__((__noinline__, __cold__)) static uintptr_t resolve(int i)
{
	static const char *const names[NFUNCS] = { BR__VDSO_CLOCK_GETTIME, BR__VDSO_GETTIMEOFDAY,
						   BR__VDSO_CLOCK_GETRES, BR__VDSO_GETCPU };
	unsigned long base = br_getauxval(BR_AT_SYSINFO_EHDR);
	void *f = NULL;

	/* The kernel's image: as long as its own headers say. */
	if (base && names[i][0])
		f = br__vdso_lookup((const void *)base, SIZE_MAX, names[i], BR__VDSO_VERSION);
	uintptr_t v = f ? (uintptr_t)f : NONE;
	__atomic_store_n(&vdso_fn[i], v, __ATOMIC_RELAXED);
	return v;
}

/* The vDSO function i, or NULL for the syscall. */
static inline uintptr_t fn(int i)
{
	uintptr_t v = __atomic_load_n(&vdso_fn[i], __ATOMIC_RELAXED);

	if (__builtin_expect(v == 0, 0))
		v = resolve(i);
	return v == NONE ? 0 : v;
}

/* For the tests: every call by the syscall from now on (use_syscall), or
 * the vDSO looked up again on the next call. */
void br__vdso_reset(bool use_syscall)
{
	for (int i = 0; i < NFUNCS; i++)
		__atomic_store_n(&vdso_fn[i], use_syscall ? NONE : 0, __ATOMIC_RELAXED);
}

br_errno br_clock_gettime(int clock, br_timespec *ts)
{
	uintptr_t f = fn(GETTIME);

	if (f)
		return br_syscall_errno(((gettime_fn)f)(clock, ts));
	return br_syscall_errno(br_syscall2(BR_SYS_clock_gettime, clock, (long)ts));
}

br_errno br_clock_getres(int clock, br_timespec *res)
{
	uintptr_t f = fn(GETRES);

	if (f)
		return br_syscall_errno(((gettime_fn)f)(clock, res));
	return br_syscall_errno(br_syscall2(BR_SYS_clock_getres, clock, (long)res));
}

br_errno br_gettimeofday(br_timeval *tv)
{
	uintptr_t f = fn(GETTIMEOFDAY);

	if (f)
		return br_syscall_errno(((gettimeofday_fn)f)(tv, NULL));
	return br_syscall_errno(br_syscall2(BR_SYS_gettimeofday, (long)tv, 0));
}

br_errno br_getcpu(unsigned *cpu, unsigned *node)
{
	uintptr_t f = fn(GETCPU);

	if (f)
		return br_syscall_errno(((getcpu_fn)f)(cpu, node, NULL));
	return br_syscall_errno(br_syscall3(BR_SYS_getcpu, (long)cpu, (long)node, 0));
}
