/* aarch64 signal ABI. rt_sigaction's struct carries sa_restorer; without
 * SA_RESTORER the kernel returns through the vDSO's trampoline, which a
 * static program may not have mapped (and qemu-user fakes), so bedrock
 * always supplies its own: rt_sigreturn is 139. */
#ifndef BR_ARCH_AARCH64_SIGNAL_ARCH_H
#define BR_ARCH_AARCH64_SIGNAL_ARCH_H

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
	".type br__restore_rt, %function\n"       \
	"br__restore_rt:\n"                       \
	"	mov x8, #139\n"                   \
	"	svc #0\n"                         \
	".size br__restore_rt, . - br__restore_rt\n"

/* Point the kernel's struct at the trampoline. */
#define BR__SET_RESTORER(k, fn) ((k)->flags |= 0x04000000ul, (k)->restorer = (fn))

#endif
