/* SPDX-License-Identifier: MIT */
/* The stack protector's runtime: what a program compiled with
 * -fstack-protector* calls when a canary was overwritten, and (aarch64,
 * riscv64) the global canary the compilers read there.
 *
 * __stack_chk_fail says so on stderr and ends the process by SIGABRT, as
 * glibc and musl do (crt/abort.c).
 *
 * __stack_chk_guard sits in .data.rel.ro: the hardened start-up writes it
 * from AT_RANDOM (crt/tls.c) and then makes RELRO read-only. x86_64 keeps
 * its canary in the TCB (%fs:0x28) instead; the variable costs 8 bytes
 * there. In the default profile, a program that uses the canary links
 * this object, and through br__tls_link the start-up step that sets it. */
#include "internal.h"

__attribute__((__section__(".data.rel.ro.br__stack_chk_guard")))
uintptr_t __stack_chk_guard = 0;

#ifndef BR__HARDENED
/* Default profile: pulls in crt/tls_preinit.c, which sets the canary. */
extern const char br__tls_link;
__attribute__((__used__)) static const char *const br__ssp_needs_tls = &br__tls_link;
#endif

/* Called by compiler-inserted code; the name is the compilers'. */
/* Declared by bedrock/crt.h. */

void __stack_chk_fail(void)
{
	br__crt_abort(BR__CRT_MSG("stack smashing detected"));
}
