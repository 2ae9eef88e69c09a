/* SPDX-License-Identifier: MIT */
/* riscv64 system calls.
 *
 * Convention: number in a7; arguments in a0..a5; `ecall`; result in a0
 * (-4095..-1 is -errno). The kernel preserves every register but a0.
 * Nothing else lives here: raw values only, conversion to br_errno happens
 * in bedrock/syscall.h. */
#ifndef BR_ARCH_RISCV64_SYSCALL_ARCH_H
#define BR_ARCH_RISCV64_SYSCALL_ARCH_H

#include <bedrock/base.h>

BR_BEGIN_DECLS

#define BR__ECALL(...) __asm__ __volatile__("ecall" : "+r"(a0) : __VA_ARGS__ : "memory")

/* System call n with 0 arguments; returns the raw result. */
BR_INLINE long br_syscall0(long n)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0");
	__asm__ __volatile__("ecall" : "=r"(a0) : "r"(a7) : "memory");
	return a0;
}

/* System call n with 1 argument; returns the raw result. */
BR_INLINE long br_syscall1(long n, long a)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	BR__ECALL("r"(a7));
	return a0;
}

/* System call n with 2 arguments; returns the raw result. */
BR_INLINE long br_syscall2(long n, long a, long b)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	BR__ECALL("r"(a7), "r"(a1));
	return a0;
}

/* System call n with 3 arguments; returns the raw result. */
BR_INLINE long br_syscall3(long n, long a, long b, long c)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	BR__ECALL("r"(a7), "r"(a1), "r"(a2));
	return a0;
}

/* System call n with 4 arguments; returns the raw result. */
BR_INLINE long br_syscall4(long n, long a, long b, long c, long d)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	BR__ECALL("r"(a7), "r"(a1), "r"(a2), "r"(a3));
	return a0;
}

/* System call n with 5 arguments; returns the raw result. */
BR_INLINE long br_syscall5(long n, long a, long b, long c, long d, long e)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	BR__ECALL("r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4));
	return a0;
}

/* System call n with 6 arguments; returns the raw result. */
BR_INLINE long br_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	BR__ECALL("r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5));
	return a0;
}

BR_END_DECLS

#endif
