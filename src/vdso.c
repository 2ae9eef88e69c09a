/* SPDX-License-Identifier: MIT */
/* The vDSO's ELF image, read just far enough to find one versioned
 * function: program headers (the first PT_LOAD gives the bias between the
 * image's addresses and its bytes, PT_DYNAMIC the dynamic section), the
 * dynamic section (symbol and string tables, DT_HASH for the number of
 * symbols, the version tables), then a linear search of the symbols: a
 * vDSO has a dozen or two. Every vDSO of the three architectures carries
 * DT_HASH (x86_64 and riscv64 link with --hash-style=both, arm64 with
 * sysv); an image without it is treated as having no symbols.
 *
 * Every read is checked against len, and the image's own sizes against
 * each other, so that any bytes at all give an answer and no read outside
 * [image, image + len) (tests/fuzz/fuzz_vdso.c): the kernel's image is
 * trusted, but one parser serves both. Fields are read byte by byte, so
 * that no alignment is assumed either. It only reads: any thread may call it. */
#include <bedrock/base.h>
#include <stddef.h>
#include <stdint.h>

void *br__vdso_lookup(const void *image, size_t len, const char *name, const char *version);

/* ELF constants (elf.h), for the 64-bit little-endian images of all three. */
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define DT_STRSZ 10
#define DT_VERSYM 0x6ffffff0
#define DT_VERDEF 0x6ffffffc
#define VER_FLG_BASE 1
#define STT_NOTYPE 0
#define STT_FUNC 2
#define STB_GLOBAL 1
#define STB_WEAK 2
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define DYN_SIZE 16
#define SYM_SIZE 24
#define VERDEF_SIZE 20
#define VERDAUX_SIZE 8
/* Bounds on loops over chains the image could make circular. */
#define MAX_VERDEFS 256

/* An image and how much of it may be read. */
struct img {
	const unsigned char *p;
	size_t len;
};

/* Whether n bytes at off lie inside the image. */
static bool fits(const struct img *m, uint64_t off, uint64_t n)
{
	return off <= m->len && n <= m->len - off;
}

static uint64_t rd(const struct img *m, uint64_t off, size_t n)
{
	uint64_t v = 0;

	/* Little-endian on all three architectures; byte by byte, so that
	 * nothing is assumed about alignment. */
	while (n--)
		v = v << 8 | m->p[off + n];
	return v;
}

/* Whether the NUL-terminated string at off (inside the image, ending before
 * end) is s. */
static bool name_is(const struct img *m, uint64_t off, uint64_t end, const char *s)
{
	for (;; off++, s++) {
		if (off >= end)
			return false;
		if (m->p[off] != (unsigned char)*s)
			return false;
		if (!*s)
			return true;
	}
}

/* Whether version index ndx is named version in the DT_VERDEF chain at
 * verdef (string table strtab..strend). */
static bool version_is(const struct img *m, uint64_t verdef, unsigned ndx, uint64_t strtab, uint64_t strend,
		       const char *version)
{
	uint64_t off = verdef;
	int i;

	for (i = 0; i < MAX_VERDEFS && fits(m, off, VERDEF_SIZE); i++) {
		unsigned flags = (unsigned)rd(m, off + 2, 2), vndx = (unsigned)rd(m, off + 4, 2);
		uint64_t aux = off + rd(m, off + 12, 4), next = rd(m, off + 16, 4);

		if (!(flags & VER_FLG_BASE) && (vndx & 0x7fff) == ndx)
			return fits(m, aux, VERDAUX_SIZE) && name_is(m, strtab + rd(m, aux, 4), strend, version);
		if (next == 0)
			break;
		off += next;
	}
	return false;
}

/* The address of function name, version version, in the ELF image of len
 * bytes at image (a vDSO); NULL when it is not there or the image makes no
 * sense. version NULL: any. */
void *br__vdso_lookup(const void *image, size_t len, const char *name, const char *version)
{
	struct img m = { (const unsigned char *)image, len };
	uint64_t phoff, bias_off = 0, bias_vaddr = 0, dyn = 0, dynsz = 0, extent = 0;
	uint64_t strtab = 0, strsz = 0, symtab = 0, hash = 0, versym = 0, verdef = 0;
	uint64_t nsyms, i;
	unsigned phnum;
	bool load = false, have_dyn = false;

	if (!fits(&m, 0, EHDR_SIZE) || rd(&m, 0, 4) != 0x464c457fu || m.p[4] != 2 || m.p[5] != 1 ||
	    rd(&m, 54, 2) != PHDR_SIZE)
		return NULL;
	phoff = rd(&m, 32, 8);
	phnum = (unsigned)rd(&m, 56, 2);
	if (!fits(&m, phoff, (uint64_t)phnum * PHDR_SIZE))
		return NULL;
	for (i = 0; i < phnum; i++) {
		uint64_t ph = phoff + i * PHDR_SIZE;
		uint32_t type = (uint32_t)rd(&m, ph, 4);
		uint64_t off = rd(&m, ph + 8, 8), vaddr = rd(&m, ph + 16, 8), filesz = rd(&m, ph + 32, 8);

		if (type == PT_LOAD) {
			if (!load) {
				load = true;
				bias_off = off;
				bias_vaddr = vaddr;
			}
			if (off + filesz >= off && off + filesz > extent)
				extent = off + filesz;
		} else if (type == PT_DYNAMIC) {
			have_dyn = true;
			dyn = off;
			dynsz = filesz;
		}
	}
	if (!load || !have_dyn)
		return NULL;
	/* Only what the segments say the image holds is read from here on. */
	if (extent < m.len)
		m.len = extent;
	if (!fits(&m, dyn, dynsz))
		return NULL;
	for (i = 0; i + DYN_SIZE <= dynsz; i += DYN_SIZE) {
		uint64_t tag = rd(&m, dyn + i, 8), val = rd(&m, dyn + i + 8, 8);
		/* The dynamic section holds addresses; their bytes are here. */
		uint64_t at = val - bias_vaddr + bias_off;

		if (tag == DT_NULL)
			break;
		if (tag == DT_STRTAB)
			strtab = at;
		else if (tag == DT_SYMTAB)
			symtab = at;
		else if (tag == DT_HASH)
			hash = at;
		else if (tag == DT_VERSYM)
			versym = at;
		else if (tag == DT_VERDEF)
			verdef = at;
		else if (tag == DT_STRSZ)
			strsz = val;
	}
	if (!strtab || !symtab || !hash || !fits(&m, hash, 8) || !fits(&m, strtab, strsz))
		return NULL;
	nsyms = rd(&m, hash + 4, 4);
	if (symtab > m.len || nsyms > (m.len - symtab) / SYM_SIZE)
		return NULL;
	if (versym && !fits(&m, versym, nsyms * 2))
		versym = 0;
	if (!verdef)
		versym = 0;
	for (i = 0; i < nsyms; i++) {
		uint64_t sym = symtab + i * SYM_SIZE;
		unsigned info = m.p[sym + 4], shndx = (unsigned)rd(&m, sym + 6, 2);
		uint64_t value = rd(&m, sym + 8, 8), at = value - bias_vaddr + bias_off;

		if ((info & 15) != STT_FUNC && (info & 15) != STT_NOTYPE)
			continue;
		if ((info >> 4) != STB_GLOBAL && (info >> 4) != STB_WEAK)
			continue;
		if (shndx == 0 || !name_is(&m, strtab + rd(&m, sym, 4), strtab + strsz, name))
			continue;
		if (version && versym &&
		    !version_is(&m, verdef, (unsigned)rd(&m, versym + 2 * i, 2) & 0x7fff, strtab, strtab + strsz,
				version))
			continue;
		/* A function outside the image is no function of it. */
		if (at >= m.len)
			return NULL;
		return (void *)(m.p + at);
	}
	return NULL;
}
