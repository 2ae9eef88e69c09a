/* Raw system calls: br_syscall0..6(BR_SYS_<name>, ...) reach any syscall
 * the kernel has, and the conversions from a raw result to br_errno that
 * every wrapper uses, so they happen in exactly one place. */
#ifndef BEDROCK_SYSCALL_H
#define BEDROCK_SYSCALL_H

#include <bedrock/base.h>
#include <bedrock/errno.h>
#include <bedrock/arch.h>

/* The errno carried by a raw result: the kernel returns -4095..-1 for errors. */
BR_INLINE br_errno br_syscall_errno(long r)
{
	return (unsigned long)r > -4096UL ? (br_errno)-r : BR_OK;
}

/* A raw result as br_errno and, on success, a byte count in *out (0 on error). */
BR_INLINE br_errno br__ret_size(long r, size_t *out)
{
	br_errno e = br_syscall_errno(r);
	*out = e ? 0 : (size_t)r;
	return e;
}

#endif
