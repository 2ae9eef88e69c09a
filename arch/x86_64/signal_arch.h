/* x86_64 signal ABI. rt_sigaction's struct carries sa_restorer, and the
 * kernel insists on SA_RESTORER: a handler returns into sa_restorer, which
 * must issue rt_sigreturn (15). There is no vDSO fallback on x86_64. */
#ifndef BR_ARCH_X86_64_SIGNAL_ARCH_H
#define BR_ARCH_X86_64_SIGNAL_ARCH_H

#include <stdint.h>

/* The kernel's struct sigaction for rt_sigaction on this architecture. */
typedef struct br__ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
} br__ksigaction;

/* The return trampoline, emitted once by src/signal.c. */
#define BR__RESTORER_ASM                          \
	".text\n"                                 \
	".global br__restore_rt\n"                \
	".hidden br__restore_rt\n"                \
	".type br__restore_rt, @function\n"       \
	"br__restore_rt:\n"                       \
	"	mov $15, %eax\n"                  \
	"	syscall\n"                        \
	".size br__restore_rt, . - br__restore_rt\n"

/* Point the kernel's struct at the trampoline. */
#define BR__SET_RESTORER(k, fn) ((k)->flags |= 0x04000000ul, (k)->restorer = (fn))

#endif
