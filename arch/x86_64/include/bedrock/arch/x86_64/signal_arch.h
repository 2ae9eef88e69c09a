/* SPDX-License-Identifier: MIT */
/* x86_64 signal ABI. rt_sigaction's struct carries sa_restorer, and the
 * kernel insists on SA_RESTORER: a handler returns into sa_restorer, which
 * must issue rt_sigreturn. There is no vDSO fallback on x86_64. */
#ifndef BR_ARCH_X86_64_SIGNAL_ARCH_H
#define BR_ARCH_X86_64_SIGNAL_ARCH_H

#include <bedrock/base.h>
#include <bedrock/generic/sigaction.h>

/* The return trampoline, emitted once by src/signal.c, in the shape that
 * debuggers recognise as a signal frame (glibc's and musl's): a nop before
 * it (an unwinder looks up return address - 1, which must not fall into the
 * function before), the name __restore_rt, and `mov $15,%rax` in its
 * sign-extended imm32 form 48 c7 c0 0f 00 00 00 followed by syscall 0f 05.
 * gdb's amd64-linux sigtramp test accepts a pc whose function is named
 * __restore_rt, or one with no name (or a name containing "sigaction") whose
 * bytes are exactly those; any other name, br__restore_rt included, is no
 * trampoline to it. So the code has that one name, as a local symbol
 * (nothing but br_* is exported); C refers to it as br__restore_rt
 * through the asm label below. */
#define BR__RESTORER_ASM                                              \
	".text\n"                                                     \
	"	nop\n"                                               \
	".type __restore_rt, @function\n"                             \
	"__restore_rt:\n"                                             \
	"	movq $" BR__ASM_NUM(BR_SYS_rt_sigreturn) ", %rax\n"    \
	"	syscall\n"                                            \
	".size __restore_rt, . - __restore_rt\n"

BR_BEGIN_DECLS
/* The trampoline above, under the name C uses (only src/signal.c does). */
void br__restore_rt(void) __asm__("__restore_rt");
BR_END_DECLS

#endif
