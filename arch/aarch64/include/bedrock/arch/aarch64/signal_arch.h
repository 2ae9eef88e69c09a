/* SPDX-License-Identifier: MIT */
/* aarch64 signal ABI. rt_sigaction's struct carries sa_restorer; without
 * SA_RESTORER the kernel returns through the vDSO's trampoline, which a
 * static program may not have mapped (and qemu-user fakes), so bedrock
 * always supplies its own. */
#ifndef BR_ARCH_AARCH64_SIGNAL_ARCH_H
#define BR_ARCH_AARCH64_SIGNAL_ARCH_H

#include <bedrock/generic/sigaction.h>

/* The return trampoline, emitted once by src/signal.c. */
#define BR__RESTORER_ASM                                              \
	".text\n"                                                     \
	".global br__restore_rt\n"                                    \
	".hidden br__restore_rt\n"                                    \
	".type br__restore_rt, %function\n"                           \
	"br__restore_rt:\n"                                           \
	"	mov x8, #" BR__ASM_NUM(BR_SYS_rt_sigreturn) "\n"        \
	"	svc #0\n"                                             \
	".size br__restore_rt, . - br__restore_rt\n"

#endif
