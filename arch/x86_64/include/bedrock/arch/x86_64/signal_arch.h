/* SPDX-License-Identifier: MIT */
/* x86_64 signal ABI. rt_sigaction's struct carries sa_restorer, and the
 * kernel insists on SA_RESTORER: a handler returns into sa_restorer, which
 * must issue rt_sigreturn. There is no vDSO fallback on x86_64. */
#ifndef BR_ARCH_X86_64_SIGNAL_ARCH_H
#define BR_ARCH_X86_64_SIGNAL_ARCH_H

#include <bedrock/generic/sigaction.h>

/* The return trampoline, emitted once by src/signal.c. */
#define BR__RESTORER_ASM                                              \
	".text\n"                                                     \
	".global br__restore_rt\n"                                    \
	".hidden br__restore_rt\n"                                    \
	".type br__restore_rt, @function\n"                           \
	"br__restore_rt:\n"                                           \
	"	mov $" BR__ASM_NUM(BR_SYS_rt_sigreturn) ", %eax\n"      \
	"	syscall\n"                                            \
	".size br__restore_rt, . - br__restore_rt\n"

#endif
