/* SPDX-License-Identifier: MIT */
/* riscv64 signal ABI. The generic struct sigaction has no sa_restorer and
 * there is no SA_RESTORER: the kernel always returns from a handler through
 * the vDSO's rt_sigreturn trampoline. */
#ifndef BR_ARCH_RISCV64_SIGNAL_ARCH_H
#define BR_ARCH_RISCV64_SIGNAL_ARCH_H

#include <stdint.h>

/* The kernel's struct sigaction for rt_sigaction on this architecture. */
typedef struct br__ksigaction {
	void *handler;
	unsigned long flags;
	uint64_t mask;
} br__ksigaction;

/* Nothing to point anywhere. */
#define BR__SET_RESTORER(k, fn) ((void)(k))

#endif
