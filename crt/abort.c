/* SPDX-License-Identifier: MIT */
/* How the start-up and the stack protector give up: the message on
 * stderr, then death by SIGABRT, as glibc and musl do. The handler is
 * reset to the default and the signal unblocked first, so that a program
 * cannot catch or ignore it; if the process is still alive after kill (it
 * cannot be), it traps. An object of its own: a start-up step that may
 * fail (crt/secure.c) must not pull in the stack protector's object. */
#include <bedrock/signal.h>
#include <bedrock/syscall.h>
#include "internal.h"

void br__crt_abort(const char *msg)
{
	size_t n = 0;

	while (msg[n])
		n++;
	(void)br_syscall3(BR_SYS_write, 2, (long)msg, (long)n);

	/* SIG_DFL for SIGABRT (8-byte mask: the kernel's sigset size). */
	long act[4] = {0, 0, 0, 0};
	(void)br_syscall4(BR_SYS_rt_sigaction, BR_SIGABRT, (long)act, 0, 8);
	uint64_t set = (uint64_t)1 << (BR_SIGABRT - 1);
	(void)br_syscall4(BR_SYS_rt_sigprocmask, BR_SIG_UNBLOCK, (long)&set, 0, 8);
	(void)br_syscall2(BR_SYS_kill, br_syscall0(BR_SYS_getpid), BR_SIGABRT);
	__builtin_trap();
}

