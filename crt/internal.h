/* SPDX-License-Identifier: MIT */
/* What the start-up objects share: the ELF records they read in their own
 * image, the auxiliary vector found from envp, and the entry points of
 * the optional start-up steps (crt/tls.c, crt/reloc.c, crt/secure.c).
 * Every symbol here is hidden: in a static-pie the relocator runs before
 * any GOT entry holds an address, so the start-up code reaches these
 * symbols PC-relatively only. */
#ifndef BR_CRT_INTERNAL_H
#define BR_CRT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define BR__HIDDEN __attribute__((__visibility__("hidden")))

/* Elf64_Phdr. */
typedef struct br__phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
} br__phdr;

/* Elf64_Ehdr, the fields read here. */
typedef struct br__ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
} br__ehdr;

/* Elf64_Rela and Elf64_Dyn. */
typedef struct br__rela {
	uint64_t offset, info;
	int64_t addend;
} br__rela;
typedef struct br__dyn {
	int64_t tag;
	uint64_t val;
} br__dyn;

#define BR__PT_LOAD 1
#define BR__PT_TLS 7
#define BR__PT_GNU_RELRO 0x6474e552
#define BR__AT_PAGESZ 6
#define BR__AT_HWCAP 16
#define BR__AT_SECURE 23
#define BR__AT_RANDOM 25

/* The ELF header of the running program, mapped by the kernel with the
 * first segment; defined by both ld.bfd and lld. */
extern const br__ehdr __ehdr_start BR__HIDDEN;

static inline const br__phdr *br__phdrs(void)
{
	return (const br__phdr *)((const char *)&__ehdr_start + __ehdr_start.phoff);
}

/* The auxiliary vector starts after envp's NULL. */
static inline unsigned long *br__auxv_from_envp(char **envp)
{
	while (*envp)
		envp++;
	return (unsigned long *)(envp + 1);
}

static inline unsigned long br__aux(const unsigned long *auxv, unsigned long type)
{
	for (; auxv[0]; auxv += 2)
		if (auxv[0] == type)
			return auxv[1];
	return 0;
}

/* What the start-up steps need, gathered in one pass over the program
 * headers (before relocation: nothing here is a stored pointer) and one
 * over the auxiliary vector. Lives on br__start_c's stack. */
struct br__startup {
	uintptr_t bias;
	const br__phdr *tls, *relro;
	const unsigned char *random;
	unsigned long hwcap, pagesz, secure;
	/* crt/reloc.c: the relocation tables of the dynamic section. */
	const br__rela *rela, *jmprel;
	uint64_t relasz, jmprelsz, relrsz;
	const uint64_t *relr;
	const unsigned char *symtab; /* Elf64_Sym[], for symbolic relocations */
};

/* Load bias (the segment at file offset 0 holds the ELF header, so its
 * link address is the header's), PT_TLS and PT_GNU_RELRO. */
static inline void br__scan_phdrs(struct br__startup *s)
{
	const br__phdr *p = br__phdrs();

	s->bias = 0;
	s->tls = s->relro = (const br__phdr *)0;
	for (unsigned i = 0; i < __ehdr_start.phnum; i++) {
		if (p[i].type == BR__PT_LOAD && p[i].offset == 0)
			s->bias = (uintptr_t)&__ehdr_start - (uintptr_t)p[i].vaddr;
		else if (p[i].type == BR__PT_TLS)
			s->tls = &p[i];
		else if (p[i].type == BR__PT_GNU_RELRO)
			s->relro = &p[i];
	}
}

static inline void br__scan_auxv(struct br__startup *s, const unsigned long *a)
{
	s->random = (const unsigned char *)0;
	s->hwcap = s->secure = 0;
	s->pagesz = 4096;
	const unsigned long want = 1ul << BR__AT_RANDOM | 1ul << BR__AT_HWCAP | 1ul << BR__AT_PAGESZ |
				   1ul << BR__AT_SECURE;
	for (; a[0]; a += 2) {
		/* Most entries are none of these: one test passes them. */
		if (a[0] >= 64 || !(want >> a[0] & 1))
			continue;
		if (a[0] == BR__AT_RANDOM)
			s->random = (const unsigned char *)a[1];
		else if (a[0] == BR__AT_HWCAP)
			s->hwcap = a[1];
		else if (a[0] == BR__AT_PAGESZ)
			s->pagesz = a[1];
		else if (a[0] == BR__AT_SECURE)
			s->secure = a[1];
	}
}

/* crt/tls.c: the thread pointer, the static TLS block (PT_TLS: .tdata
 * copied, .tbss zero) and the stack-protector canary from AT_RANDOM. */
void br__tls_setup(const struct br__startup *s) BR__HIDDEN;

/* crt/reloc.c (hardened profile): R_*_RELATIVE from DT_RELA and DT_RELR,
 * before anything reads a pointer from memory (also fills s: program
 * headers, dynamic section); then the R_*_IRELATIVE (ifunc) ones once TLS
 * and canary exist, and RELRO made read-only. */
void br__relocate(struct br__startup *s) BR__HIDDEN;
void br__relocate_late(const struct br__startup *s) BR__HIDDEN;

/* crt/ifunc.c (default profile): the IRELATIVE relocations a static
 * EXEC keeps between __rela_iplt_start and __rela_iplt_end. */
void br__apply_iplt(unsigned long hwcap) BR__HIDDEN;

/* crt/secure.c: under AT_SECURE (secure non-zero), fds 0, 1 and 2 are
 * open (/dev/null in place of a closed one) before the program writes. */
void br__secure_fds(unsigned long secure) BR__HIDDEN;

/* src/ssp.c: msg (BR__CRT_MSG) on stderr, then death by SIGABRT. */
__attribute__((__noreturn__)) void br__crt_abort(const char *msg) BR__HIDDEN;
#define BR__CRT_MSG(text) "bedrock: " text "\n"

#endif
