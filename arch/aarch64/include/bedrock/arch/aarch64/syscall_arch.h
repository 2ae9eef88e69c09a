/* SPDX-License-Identifier: MIT */
/* aarch64 system calls.
 *
 * Convention: number in x8; arguments in x0..x5; `svc #0`; result in x0
 * (-4095..-1 is -errno). The kernel preserves every register but x0.
 * Nothing else lives here: raw values only, conversion to br_errno happens
 * in bedrock/syscall.h. */
#ifndef BR_ARCH_AARCH64_SYSCALL_ARCH_H
#define BR_ARCH_AARCH64_SYSCALL_ARCH_H

#include <bedrock/base.h>

BR_BEGIN_DECLS

#define BR__SVC(...) __asm__ __volatile__("svc #0" : "+r"(x0) : __VA_ARGS__ : "memory")

/* System call n with 0 arguments; returns the raw result. */
BR_INLINE long br_syscall0(long n)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0");
	__asm__ __volatile__("svc #0" : "=r"(x0) : "r"(x8) : "memory");
	return x0;
}

/* System call n with 1 argument; returns the raw result. */
BR_INLINE long br_syscall1(long n, long a)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	BR__SVC("r"(x8));
	return x0;
}

/* System call n with 2 arguments; returns the raw result. */
BR_INLINE long br_syscall2(long n, long a, long b)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	BR__SVC("r"(x8), "r"(x1));
	return x0;
}

/* System call n with 3 arguments; returns the raw result. */
BR_INLINE long br_syscall3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	BR__SVC("r"(x8), "r"(x1), "r"(x2));
	return x0;
}

/* System call n with 4 arguments; returns the raw result. */
BR_INLINE long br_syscall4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	BR__SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3));
	return x0;
}

/* System call n with 5 arguments; returns the raw result. */
BR_INLINE long br_syscall5(long n, long a, long b, long c, long d, long e)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	BR__SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4));
	return x0;
}

/* System call n with 6 arguments; returns the raw result. */
BR_INLINE long br_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	BR__SVC("r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5));
	return x0;
}

BR_END_DECLS

#endif
