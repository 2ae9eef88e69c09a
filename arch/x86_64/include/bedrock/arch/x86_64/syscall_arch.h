/* SPDX-License-Identifier: MIT */
/* x86_64 system calls.
 *
 * Convention: number in rax; arguments in rdi, rsi, rdx, r10, r8, r9;
 * `syscall`; result in rax (-4095..-1 is -errno). The instruction itself
 * overwrites rcx (return rip) and r11 (rflags); the kernel preserves every
 * other register. Nothing else lives here: raw values only, conversion to
 * br_errno happens in bedrock/syscall.h. */
#ifndef BR_ARCH_X86_64_SYSCALL_ARCH_H
#define BR_ARCH_X86_64_SYSCALL_ARCH_H

#include <bedrock/base.h>

BR_BEGIN_DECLS

#define BR__SYSCALL_CLOBBERS "rcx", "r11", "memory"

/* System call n with 0 arguments; returns the raw result. */
BR_INLINE long br_syscall0(long n)
{
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n) : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 1 argument; returns the raw result. */
BR_INLINE long br_syscall1(long n, long a)
{
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a) : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 2 arguments; returns the raw result. */
BR_INLINE long br_syscall2(long n, long a, long b)
{
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 3 arguments; returns the raw result. */
BR_INLINE long br_syscall3(long n, long a, long b, long c)
{
	long ret;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c)
			     : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 4 arguments; returns the raw result. */
BR_INLINE long br_syscall4(long n, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			     : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 5 arguments; returns the raw result. */
BR_INLINE long br_syscall5(long n, long a, long b, long c, long d, long e)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	__asm__ __volatile__("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			     : BR__SYSCALL_CLOBBERS);
	return ret;
}

/* System call n with 6 arguments; returns the raw result. */
BR_INLINE long br_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ __volatile__("syscall" : "=a"(ret)
			     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			     : BR__SYSCALL_CLOBBERS);
	return ret;
}

BR_END_DECLS

#endif
