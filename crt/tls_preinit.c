/* SPDX-License-Identifier: MIT */
/* How the default profile runs crt/tls.c only for programs that need it.
 *
 * No linker pulls an archive member in because a program has a PT_TLS
 * segment or an ifunc: neither makes a reference to any symbol. So this
 * object is pulled in by a reference to br__tls_link, made by src/ssp.c
 * (any program compiled with a stack protector references that object)
 * or by BR_USE_TLS (bedrock/crt.h), which a program with _Thread_local
 * variables or ifuncs writes once (without it, crt/bedrock-default.ld
 * makes the link fail with that advice). Once linked, its .preinit_array entry
 * runs before every other initialiser of bedrock's (crt/start.c runs the
 * preinit array first): thread pointer, TLS block and canary, then the
 * IRELATIVE relocations (resolvers may use both). hello links none of it
 * and its start-up is unchanged.
 *
 * The hardened profile does all of this in its start-up unconditionally;
 * br__tls_link exists there too, so BR_USE_TLS works in both. */
#include "internal.h"

/* The symbol BR_USE_TLS and src/ssp.c refer to. */
const char br__tls_link = 1;

#ifndef BR__HARDENED
static void br__tls_preinit(int argc, char **argv, char **envp)
{
	struct br__startup s;

	(void)argc, (void)argv;
	br__scan_phdrs(&s);
	br__scan_auxv(&s, br__auxv_from_envp(envp));
	br__tls_setup(&s);
	br__apply_iplt(s.hwcap);
}

/* Writable, as compilers emit init arrays: a read-only .preinit_array
 * can make ld.bfd (-z norelro) put text and .bss in one RWX segment. */
__attribute__((__used__, __section__(".preinit_array")))
static void (*br__tls_preinit_entry)(int, char **, char **) = br__tls_preinit;
#endif
