/* SPDX-License-Identifier: MIT */
/* ifuncs in a fixed-address (EXEC) program: the static linker leaves one
 * R_*_IRELATIVE relocation per ifunc between __rela_iplt_start and
 * __rela_iplt_end (both ld.bfd and lld define them for a static
 * executable); each slot gets what its resolver returns. The resolver is
 * called with AT_HWCAP as its first argument (what aarch64 and riscv64
 * resolvers expect; x86_64 ones take none and use cpuid). Default
 * profile only, through crt/tls_preinit.c; the hardened relocator
 * (crt/reloc.c) finds these in the dynamic section instead. */
#include "internal.h"
#include "tls_arch.h"

extern const br__rela __rela_iplt_start[] BR__HIDDEN, __rela_iplt_end[] BR__HIDDEN;

void br__apply_iplt(unsigned long hwcap)
{
	for (const br__rela *r = __rela_iplt_start; r < __rela_iplt_end; r++) {
		if ((uint32_t)r->info != BR__R_IRELATIVE)
			br__crt_abort(BR__CRT_MSG("unexpected relocation in .rela.iplt"));
		uintptr_t (*resolver)(unsigned long, void *) = (uintptr_t(*)(unsigned long, void *))(uintptr_t)r->addend;
		*(uintptr_t *)(uintptr_t)r->offset = resolver(hwcap, (void *)0);
	}
}
