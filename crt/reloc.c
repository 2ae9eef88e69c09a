/* SPDX-License-Identifier: MIT */
/* The self-relocator of the hardened profile (static-pie).
 *
 * The kernel maps a static-pie at a random base and nobody relocates it:
 * every pointer stored in its data (function pointers in .init_array,
 * string tables, GOT entries) still holds its link-time value, an offset
 * from 0. br__relocate adds the base to each of them, as the dynamic
 * section lists them: R_*_RELATIVE entries of DT_RELA, and DT_RELR's
 * packed bitmaps (lld --pack-dyn-relocs=relr, ld.bfd -z
 * pack-relative-relocs). It runs first thing in br__start_c, before any
 * pointer is read from memory, so it reads nothing but the dynamic section
 * and the ELF header, both reached PC-relatively (hidden symbols, no GOT),
 * and calls nothing.
 *
 * br__relocate_late runs once the thread pointer and canary exist: the
 * R_*_IRELATIVE (ifunc) relocations, whose resolvers are ordinary
 * (possibly stack-protected) code, then PT_GNU_RELRO made read-only: the
 * GOT, .init_array/.fini_array, .data.rel.ro and __stack_chk_guard cannot
 * be overwritten for the rest of the run. */
#include <bedrock/mm.h>
#include <bedrock/syscall.h>
#include "internal.h"
#include "tls_arch.h"

#define DT_NULL 0
#define DT_PLTRELSZ 2
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_JMPREL 23
#define DT_RELRSZ 35
#define DT_RELR 36

extern const br__dyn _DYNAMIC[] BR__HIDDEN;

/* Counted by br__relocate, reported by br__relocate_late (when writing a
 * message is safe). Lives on no page that needs relocating: a local. */
struct br__rel_ranges {
	const br__rela *rela, *jmprel;
	uint64_t relasz, jmprelsz;
	const uint64_t *relr;
	uint64_t relrsz;
};

static void ranges(uintptr_t base, struct br__rel_ranges *r)
{
	r->rela = r->jmprel = (const br__rela *)0;
	r->relasz = r->jmprelsz = r->relrsz = 0;
	r->relr = (const uint64_t *)0;
	for (const br__dyn *d = _DYNAMIC; d->tag != DT_NULL; d++) {
		if (d->tag == DT_RELA)
			r->rela = (const br__rela *)(base + d->val);
		else if (d->tag == DT_RELASZ)
			r->relasz = d->val;
		else if (d->tag == DT_JMPREL)
			r->jmprel = (const br__rela *)(base + d->val);
		else if (d->tag == DT_PLTRELSZ)
			r->jmprelsz = d->val;
		else if (d->tag == DT_RELR)
			r->relr = (const uint64_t *)(base + d->val);
		else if (d->tag == DT_RELRSZ)
			r->relrsz = d->val;
	}
}

__attribute__((__always_inline__)) static inline void relative(uintptr_t base, const br__rela *r, uint64_t size)
{
	for (const br__rela *e = r, *end = (const br__rela *)((const char *)r + size); e < end; e++)
		if ((uint32_t)e->info == BR__R_RELATIVE)
			*(uintptr_t *)(base + e->offset) = base + (uintptr_t)e->addend;
}

void br__relocate(void)
{
	uintptr_t base = br__load_bias();
	struct br__rel_ranges r;

	ranges(base, &r);
	relative(base, r.rela, r.relasz);
	/* RELR: an even word is an address to relocate, then the odd words
	 * after it are bitmaps of the next 63 words each. */
	uintptr_t *where = (uintptr_t *)0;
	for (uint64_t i = 0; i < r.relrsz / 8; i++) {
		uint64_t e = r.relr[i];
		if (!(e & 1)) {
			where = (uintptr_t *)(base + e);
			*where++ += base;
		} else {
			for (unsigned b = 0; (e >>= 1) != 0; b++)
				if (e & 1)
					where[b] += base;
			where += 63;
		}
	}
}

static void irelative(uintptr_t base, const br__rela *r, uint64_t size, unsigned long hwcap)
{
	for (const br__rela *e = r, *end = (const br__rela *)((const char *)r + size); e < end; e++) {
		uint32_t type = (uint32_t)e->info;
		if (type == BR__R_IRELATIVE) {
			uintptr_t (*resolver)(unsigned long, void *) =
				(uintptr_t(*)(unsigned long, void *))(base + (uintptr_t)e->addend);
			*(uintptr_t *)(base + e->offset) = resolver(hwcap, (void *)0);
		} else if (type != BR__R_RELATIVE && type != 0) {
			/* A symbol the static link left unresolved: nothing
			 * here can bind it. */
			br__crt_abort(BR__CRT_MSG("unsupported relocation in a static-pie"));
		}
	}
}

void br__relocate_late(unsigned long *auxv)
{
	uintptr_t base = br__load_bias();
	struct br__rel_ranges r;
	unsigned long hwcap = br__aux(auxv, BR__AT_HWCAP);

	ranges(base, &r);
	irelative(base, r.rela, r.relasz, hwcap);
	/* Some linkers (ld.bfd on riscv64) count the PLT's relocations in
	 * DT_RELASZ as well: those are done already. */
	const char *rs = (const char *)r.rela, *js = (const char *)r.jmprel;
	if (!(r.rela && js >= rs && js < rs + r.relasz))
		irelative(base, r.jmprel, r.jmprelsz, hwcap);

	/* Whole pages only: the end rounds down so that a page shared with
	 * .data/.bss stays writable (the linkers end RELRO on a page
	 * boundary, so nothing of it is lost). */
	const br__phdr *relro = br__find_phdr(BR__PT_GNU_RELRO);
	if (relro) {
		uintptr_t page = br__aux(auxv, BR__AT_PAGESZ);
		if (!page)
			page = 4096;
		uintptr_t start = (base + relro->vaddr) & ~(page - 1);
		uintptr_t end = (base + relro->vaddr + relro->memsz) & ~(page - 1);
		if (end > start && br_syscall3(BR_SYS_mprotect, (long)start, (long)(end - start), BR_PROT_READ) < 0)
			br__crt_abort(BR__CRT_MSG("cannot make RELRO read-only"));
	}
}
