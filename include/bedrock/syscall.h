/* SPDX-License-Identifier: MIT */
/* Raw system calls: br_syscall0..6(BR_SYS_<name>, ...) reach any syscall
 * the kernel has, and the conversions from a raw result to br_errno that
 * every wrapper uses, so they happen in exactly one place. */
#ifndef BEDROCK_SYSCALL_H
#define BEDROCK_SYSCALL_H

#include <bedrock/base.h>
#include <bedrock/errno.h>
#include <bedrock/arch.h>

BR_BEGIN_DECLS

/* The errno carried by a raw result: the kernel returns -4095..-1 for errors. */
BR_INLINE br_errno br_syscall_errno(long r)
{
	unsigned long e = (unsigned long)r > -4096UL ? -(unsigned long)r : 0;
#ifndef __clang__
	/* The range, said outright, lets gcc fold `br_x(...) == BR_EFOO` into
	 * `r == -EFOO`: no instruction over a bare syscall (bench/). clang
	 * does worse with the hint and better without it. */
	if (e > 4095)
		__builtin_unreachable();
#endif
	return (br_errno)e;
}

/* A raw result as br_errno and, on success, an id (a pid, session, group)
 * in *out (-1 on error). */
BR_INLINE br_errno br__ret_id(long r, int *out)
{
	br_errno e = br_syscall_errno(r);
	*out = e ? -1 : (int)r;
	return e;
}

/* A raw result as br_errno and, on success, a byte count in *out (0 on error). */
BR_INLINE br_errno br__ret_size(long r, size_t *out)
{
	br_errno e = br_syscall_errno(r);
	*out = e ? 0 : (size_t)r;
	return e;
}

BR_END_DECLS

#endif
