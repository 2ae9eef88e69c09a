/* SPDX-License-Identifier: MIT */
/* rt_sigaction: the one signal call that needs more than moving registers,
 * since the kernel's struct differs per architecture (arch/<arch>/signal_arch.h)
 * and some architectures need bedrock's return trampoline. */
#include <bedrock/signal.h>

#ifdef BR__RESTORER_ASM
__asm__(BR__RESTORER_ASM);
#endif
/* The trampoline; only referenced where the architecture has one. */
void br__restore_rt(void) __attribute__((__visibility__("hidden")));

br_errno br_rt_sigaction(int sig, const br_sigaction *act, br_sigaction *old)
{
	br__ksigaction k = {0};
	/* qemu-user 7.2 for riscv64 writes the old action as 32 bytes (with an
	 * sa_restorer that architecture does not have), and before it reads
	 * the new one: the room keeps that write off k and the stack. */
	union {
		br__ksigaction a;
		unsigned char qemu_room[32];
	} ko = {0};

	if (act) {
		k.handler = (void *)act->handler;
		k.flags = act->flags;
		k.mask = act->mask.bits;
		BR__SET_RESTORER(&k, br__restore_rt);
	}
	br_errno e = br_syscall_errno(br_syscall4(BR_SYS_rt_sigaction, sig, act ? (long)&k : 0,
						  old ? (long)&ko.a : 0, sizeof(br_sigset)));
	if (old && !e) {
		old->handler = (br_sighandler)ko.a.handler;
		old->flags = ko.a.flags;
		old->mask.bits = ko.a.mask;
	}
	return e;
}
