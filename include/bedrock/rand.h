/* SPDX-License-Identifier: MIT */
/* Random bytes from the kernel. */
#ifndef BEDROCK_RAND_H
#define BEDROCK_RAND_H

#include <bedrock/syscall.h>

BR_BEGIN_DECLS

/* getrandom flag: fail with EAGAIN instead of blocking before the pool is ready. */
#define BR_GRND_NONBLOCK 0x1u
/* getrandom flag: draw from the blocking pool. */
#define BR_GRND_RANDOM 0x2u
/* getrandom flag: do not block even if the pool is not initialised. */
#define BR_GRND_INSECURE 0x4u

/* getrandom(2): fills up to len bytes; requests above 32 MiB may be short. */
BR_MUST_USE BR_INLINE br_errno br_getrandom(void *buf, size_t len, unsigned flags, size_t *nfilled)
{
	return br__ret_size(br_syscall3(BR_SYS_getrandom, (long)buf, (long)len, (long)flags), nfilled);
}

BR_END_DECLS

#endif
