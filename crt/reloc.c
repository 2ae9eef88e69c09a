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
#define DT_SYMTAB 6
#define DT_RELA 7
#define DT_RELASZ 8
#define DT_JMPREL 23
#define DT_RELRSZ 35
#define DT_RELR 36

extern const br__dyn _DYNAMIC[] BR__HIDDEN;

/* One pass over the dynamic section: where the tables are. Its values are
 * link-time addresses (nobody relocates .dynamic). */
static void ranges(struct br__startup *s)
{
	s->rela = s->jmprel = (const br__rela *)0;
	s->relasz = s->jmprelsz = s->relrsz = 0;
	s->relr = (const uint64_t *)0;
	const uint64_t want = 1ull << DT_RELA | 1ull << DT_RELASZ | 1ull << DT_JMPREL | 1ull << DT_PLTRELSZ |
			      1ull << DT_RELR | 1ull << DT_RELRSZ | 1ull << DT_SYMTAB;
	for (const br__dyn *d = _DYNAMIC; d->tag != DT_NULL; d++) {
		/* Most tags are none of these: one test passes them. */
		if ((uint64_t)d->tag >= 64 || !(want >> d->tag & 1))
			continue;
		uintptr_t at = s->bias + d->val;
		if (d->tag == DT_RELA)
			s->rela = (const br__rela *)at;
		else if (d->tag == DT_RELASZ)
			s->relasz = d->val;
		else if (d->tag == DT_JMPREL)
			s->jmprel = (const br__rela *)at;
		else if (d->tag == DT_PLTRELSZ)
			s->jmprelsz = d->val;
		else if (d->tag == DT_RELR)
			s->relr = (const uint64_t *)at;
		else if (d->tag == DT_RELRSZ)
			s->relrsz = d->val;
		else if (d->tag == DT_SYMTAB)
			s->symtab = (const unsigned char *)at;
	}
}

static int symbolic(uint32_t type)
{
	return type == BR__R_ABS64 || type == BR__R_GLOB_DAT || type == BR__R_JUMP_SLOT;
}

/* R_*_RELATIVE: base + addend. Symbolic ones against the program's own
 * symbols (a static link resolved them all; ld.bfd on riscv64 still
 * emits R_RISCV_64 for some): base + st_value + addend, or just the
 * addend for an undefined weak symbol (st_shndx 0, value 0). Elf64_Sym
 * is 24 bytes with st_shndx at 6 and st_value at 8. */
static void relative_and_symbolic(const struct br__startup *s, const br__rela *r, uint64_t size)
{
	uintptr_t base = s->bias;

	for (const br__rela *e = r, *end = (const br__rela *)((const char *)r + size); e < end; e++) {
		uint32_t type = (uint32_t)e->info;
		uintptr_t *where = (uintptr_t *)(base + e->offset);
		if (type == BR__R_RELATIVE) {
			*where = base + (uintptr_t)e->addend;
		} else if (symbolic(type) && s->symtab) {
			const unsigned char *sym = s->symtab + 24 * (e->info >> 32);
			uint16_t shndx = (uint16_t)(sym[6] | sym[7] << 8);
			uint64_t value = 0;
			for (int i = 7; i >= 0; i--)
				value = value << 8 | sym[8 + i];
			*where = (shndx ? base + (uintptr_t)value : 0) + (uintptr_t)e->addend;
		}
	}
}

void br__relocate(struct br__startup *s)
{
	br__scan_phdrs(s);
	ranges(s);

	uintptr_t base = s->bias;
	relative_and_symbolic(s, s->rela, s->relasz);
	relative_and_symbolic(s, s->jmprel, s->jmprelsz);

	/* RELR: an even word is an address to relocate, then the odd words
	 * after it are bitmaps of the next 63 words each. */
	uintptr_t *where = (uintptr_t *)0;
	for (uint64_t i = 0; i < s->relrsz / 8; i++) {
		uint64_t w = s->relr[i];
		if (!(w & 1)) {
			where = (uintptr_t *)(base + w);
			*where++ += base;
		} else {
			for (unsigned b = 0; (w >>= 1) != 0; b++)
				if (w & 1)
					where[b] += base;
			where += 63;
		}
	}
}

static void irelative(uintptr_t base, const br__rela *r, uint64_t size, unsigned long hwcap, int s_has_symtab)
{
	for (const br__rela *e = r, *end = (const br__rela *)((const char *)r + size); e < end; e++) {
		uint32_t type = (uint32_t)e->info;
		if (type == BR__R_IRELATIVE) {
			uintptr_t (*resolver)(unsigned long, void *) =
				(uintptr_t(*)(unsigned long, void *))(base + (uintptr_t)e->addend);
			*(uintptr_t *)(base + e->offset) = resolver(hwcap, (void *)0);
		} else if (type != BR__R_RELATIVE && type != 0 && !(symbolic(type) && s_has_symtab)) {
			/* A symbol the static link left unresolved: nothing
			 * here can bind it. */
			br__crt_abort(BR__CRT_MSG("unsupported relocation in a static-pie"));
		}
	}
}

void br__relocate_late(const struct br__startup *s)
{
	uintptr_t base = s->bias;

	irelative(base, s->rela, s->relasz, s->hwcap, s->symtab != 0);
	/* Some linkers (ld.bfd on riscv64) count the PLT's relocations in
	 * DT_RELASZ as well: those are done already. */
	const char *rs = (const char *)s->rela, *js = (const char *)s->jmprel;
	if (!(s->rela && js >= rs && js < rs + s->relasz))
		irelative(base, s->jmprel, s->jmprelsz, s->hwcap, s->symtab != 0);

	/* Whole pages only: the end rounds down so that a page shared with
	 * .data/.bss stays writable (the linkers end RELRO on a page
	 * boundary, so nothing of it is lost). */
	const br__phdr *relro = s->relro;
	if (relro) {
		uintptr_t page = s->pagesz;
		uintptr_t start = (base + relro->vaddr) & ~(page - 1);
		uintptr_t end = (base + relro->vaddr + relro->memsz) & ~(page - 1);
		if (end > start && br_syscall3(BR_SYS_mprotect, (long)start, (long)(end - start), BR_PROT_READ) < 0)
			br__crt_abort(BR__CRT_MSG("cannot make RELRO read-only"));
	}
}
