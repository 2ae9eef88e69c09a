/* SPDX-License-Identifier: MIT */
/* The stack protector's runtime: what a program compiled with
 * -fstack-protector* calls when a canary was overwritten, and (aarch64,
 * riscv64) the global canary the compilers read there.
 *
 * __stack_chk_fail says so on stderr and ends the process by SIGABRT, as
 * glibc and musl do: the handler is reset to the default and the signal
 * unblocked first, so that a program cannot catch or ignore it; if the
 * process is still alive after kill (it cannot be), it traps.
 *
 * __stack_chk_guard sits in .data.rel.ro: the hardened start-up writes it
 * from AT_RANDOM (crt/tls.c) and then makes RELRO read-only. x86_64 keeps
 * its canary in the TCB (%fs:0x28) instead; the variable costs 8 bytes
 * there. In the default profile, a program that uses the canary links
 * this object, and through br__tls_link the start-up step that sets it. */
#include <bedrock/io.h>
#include <bedrock/signal.h>
#include <bedrock/syscall.h>
#include "internal.h"

__attribute__((__section__(".data.rel.ro.br__stack_chk_guard")))
uintptr_t __stack_chk_guard = 0;

#ifndef BR__HARDENED
/* Default profile: pulls in crt/tls_preinit.c, which sets the canary. */
extern const char br__tls_link;
__attribute__((__used__)) static const char *const br__ssp_needs_tls = &br__tls_link;
#endif

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

/* Called by compiler-inserted code; the name is the compilers'. */
__attribute__((__noreturn__)) void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	br__crt_abort(BR__CRT_MSG("stack smashing detected"));
}
