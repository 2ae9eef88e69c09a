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
	br__ksigaction k = {0}, ko = {0};

	if (act) {
		k.handler = (void *)act->handler;
		k.flags = act->flags;
		k.mask = act->mask.bits;
		BR__SET_RESTORER(&k, br__restore_rt);
	}
	br_errno e = br_syscall_errno(br_syscall4(BR_SYS_rt_sigaction, sig, act ? (long)&k : 0,
						  old ? (long)&ko : 0, sizeof(br_sigset)));
	if (old && !e) {
		old->handler = (br_sighandler)ko.handler;
		old->flags = ko.flags;
		old->mask.bits = ko.mask;
	}
	return e;
}
