/* SPDX-License-Identifier: MIT */
/* mm.h: br_mmap, br_munmap and br_mprotect, checked against what the
 * kernel reports afterwards: /proc/self/maps for ranges and permissions,
 * pread/pwrite for the bytes of shared file mappings, and read(2)/write(2)
 * EFAULT for what a protection allows (so nothing here touches memory the
 * kernel would fault on). */
#include "tap.h"

#define GIB (1024ull * 1024 * 1024)
#define NOFD br_fd_from_raw(-1)
#define ANON (BR_MAP_PRIVATE | BR_MAP_ANONYMOUS)
#define RW (BR_PROT_READ | BR_PROT_WRITE)

static size_t page;
/* Sentinel for out-pointers that must be reset to NULL on error. */
static char sentinel;

/* The kernel lists no mapping at addr. */
static bool unmapped(const void *addr)
{
	uint64_t s, t;
	char p[5];
	return !tap_maps_find(addr, &s, &t, p);
}

/* What the kernel lets it do with [addr, addr + len): read(2) from a pipe
 * into it needs write access, write(2) from it read access; EFAULT
 * otherwise. The pipe is drained each time, so no bytes linger. */
static br_owned_fd prd = {-1}, pwr = {-1};

static br_errno kernel_reads(const void *addr, size_t len)
{
	size_t n;
	br_errno e = br_write(br_borrow(pwr), addr, len, &n);
	static char drain[256];
	while (!e && n) {
		size_t m;
		if (br_read(br_borrow(prd), drain, n < sizeof drain ? n : sizeof drain, &m) || !m)
			break;
		n -= m;
	}
	return e;
}

static br_errno kernel_writes(void *addr, size_t len)
{
	size_t n;
	static const char fill[256];
	static char drain[256];
	if (br_write(br_borrow(pwr), fill, len, &n) || n != len)
		return BR_EIO;
	br_errno e = br_read(br_borrow(prd), addr, len, &n);
	/* A failed read leaves the bytes in the pipe. */
	if (e)
		(void)!br_read(br_borrow(prd), drain, len, &n);
	return e;
}

/* Anonymous private memory: page-aligned, zero-filled, read-write, listed
 * as rw-p over exactly the length asked for (rounded up to pages). */
static void test_anon(void)
{
	void *p = &sentinel;
	tap_errno(br_mmap(0, 3 * page, RW, ANON, NOFD, 0, &p), BR_OK, "mmap 3 anonymous pages");
	if (!p || p == &sentinel) {
		tap_skip("anonymous mapping checks", "mmap failed");
		return;
	}
	unsigned char *m = p;
	tap_eq((uintptr_t)p % page, 0, "the address is page-aligned");
	bool zero = true;
	for (size_t i = 0; i < 3 * page; i++)
		zero &= m[i] == 0;
	tap_ok(zero, "the pages read as zero");
	for (size_t i = 0; i < 3 * page; i++)
		m[i] = (unsigned char)(i * 7);
	bool same = true;
	for (size_t i = 0; i < 3 * page; i++)
		same &= m[i] == (unsigned char)(i * 7);
	tap_ok(same, "written bytes read back");
	tap_ok(tap_mapped_as(p, 3 * page, "rw-p"), "/proc/self/maps: rw-p over exactly 3 pages");

	/* A length that is not a page multiple is rounded up. */
	void *q;
	tap_ok(!br_mmap(0, page + 1, BR_PROT_READ, ANON, NOFD, 0, &q) && tap_mapped_as(q, 2 * page, "r--p"),
	       "mmap of page + 1 bytes, PROT_READ: r--p over 2 pages");
	tap_unmap(q, page + 1);
	tap_ok(unmapped(q), "munmap of page + 1 bytes removed both pages");

	/* munmap in the middle splits the mapping in two. */
	tap_errno(br_munmap(m + page, page), BR_OK, "munmap of the middle page");
	tap_ok(tap_mapped_as(m, page, "rw-p") && unmapped(m + page) && tap_mapped_as(m + 2 * page, page, "rw-p"),
	       "/proc/self/maps: the first and last pages remain, the middle is gone");
	tap_ok(m[0] == 0 && m[2 * page + 1] == (unsigned char)((2 * page + 1) * 7), "the remaining pages keep their bytes");
	tap_errno(br_munmap(m, 3 * page), BR_OK, "munmap over a range with a hole succeeds");
	tap_ok(unmapped(m) && unmapped(m + 2 * page), "nothing is left of the range");
	tap_errno(br_munmap(m, 3 * page), BR_OK, "munmap of an unmapped range succeeds (nothing to do)");
}

/* MAP_FIXED places a mapping at an address we own (a reservation), which
 * replaces what was there. */
static void test_fixed(void)
{
	void *res, *p = &sentinel;
	if (!tap_ok(!br_mmap(0, 4 * page, BR_PROT_NONE, ANON, NOFD, 0, &res) && tap_mapped_as(res, 4 * page, "---p"),
		    "a PROT_NONE reservation of 4 pages is ---p")) {
		tap_skip("MAP_FIXED", "no reservation");
		return;
	}
	char *want = (char *)res + page;
	tap_errno(br_mmap(want, page, RW, ANON | BR_MAP_FIXED, NOFD, 0, &p), BR_OK, "MAP_FIXED inside it");
	tap_ok(p == want && tap_mapped_as(want, page, "rw-p") && tap_mapped_as(res, page, "---p") &&
		       tap_mapped_as(want + page, 2 * page, "---p"),
	       "the mapping is at addr, splitting the reservation");
	p = &sentinel;
	tap_errno(br_mmap(want + 1, page, RW, ANON | BR_MAP_FIXED, NOFD, 0, &p), BR_EINVAL,
		  "MAP_FIXED at an unaligned address is EINVAL");
	tap_ok(p == 0, "*addr_out is NULL on error");
	tap_unmap(res, 4 * page);
}

/* A memfd mapped MAP_SHARED: stores are the file's bytes (pread sees them)
 * and pwrite shows in the mapping; MAP_PRIVATE stores stay private; the
 * offset selects the page, above 4 GiB too. */
static void test_file(void)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	size_t n;
	char c;
	uint64_t high = 5 * GIB;

	if (!tap_ok(!br_memfd_create("bedrock-mm", BR_MFD_CLOEXEC, &fd) &&
			    !br_ftruncate(br_borrow(fd), high + 2 * page),
		    "a memfd of 5 GiB + 2 pages (sparse)")) {
		tap_skip("file mappings", "no memfd");
		return;
	}
	void *p;
	tap_errno(br_mmap(0, 2 * page, RW, BR_MAP_SHARED, br_borrow(fd), 0, &p), BR_OK, "mmap MAP_SHARED of the memfd");
	if (!p)
		return;
	char *m = p;
	m[0] = 'S';
	m[page + 5] = 'T';
	tap_ok(!br_pread(br_borrow(fd), &c, 1, 0, &n) && n == 1 && c == 'S', "a store at offset 0 is visible via pread");
	tap_ok(!br_pread(br_borrow(fd), &c, 1, page + 5, &n) && c == 'T', "a store in the second page too");
	tap_ok(!br_pwrite(br_borrow(fd), "W", 1, 9, &n) && ((volatile char *)m)[9] == 'W',
	       "a pwrite shows in the mapping");
	tap_ok(tap_mapped_as(p, 2 * page, "rw-s"), "/proc/self/maps: rw-s");
	tap_unmap(p, 2 * page);

	/* Offset one page: the mapping starts at the file's second page. */
	tap_ok(!br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_borrow(fd), page, &p) && ((char *)p)[5] == 'T',
	       "offset = 1 page maps the file's second page");
	tap_unmap(p, page);

	/* Private: a store is copy-on-write, the file keeps its byte. */
	tap_ok(!br_mmap(0, page, RW, BR_MAP_PRIVATE, br_borrow(fd), 0, &p) && ((char *)p)[0] == 'S',
	       "MAP_PRIVATE maps the file's bytes");
	((volatile char *)p)[0] = 'P';
	tap_ok(!br_pread(br_borrow(fd), &c, 1, 0, &n) && c == 'S', "a private store does not reach the file");
	tap_unmap(p, page);

	/* Offset above 4 GiB: all 64 bits of the offset must arrive. */
	bool ok = !br_pwrite(br_borrow(fd), "hi", 2, high + page + 1, &n) &&
		  !br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_borrow(fd), high + page, &p);
	tap_ok(ok && ((char *)p)[1] == 'h' && ((char *)p)[2] == 'i' && ((char *)p)[0] == 0,
	       "offset 5 GiB + 1 page maps the bytes written there");
	if (ok)
		tap_unmap(p, page);

	/* Reading a shared mapping past the end of the file is SIGBUS, so the
	 * file's size is not checked through the mapping; only that mapping
	 * past the end is allowed. */
	ok = !br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_borrow(fd), high + 4 * page, &p);
	tap_ok(ok, "mapping beyond the end of the file is allowed (no access made)");
	if (ok)
		tap_unmap(p, page);
}

/* mprotect changes what the kernel allows, seen in /proc/self/maps and in
 * read(2)/write(2) through the range. */
static void test_mprotect(void)
{
	void *p;
	if (!tap_ok(!br_mmap(0, 2 * page, RW, ANON, NOFD, 0, &p), "mmap 2 pages for mprotect")) {
		tap_skip("mprotect", "no mapping");
		return;
	}
	char *m = p;
	m[0] = 'x';
	tap_ok(kernel_reads(m, 16) == BR_OK && kernel_writes(m, 16) == BR_OK, "read-write: the kernel reads and writes it");

	tap_errno(br_mprotect(m, page, BR_PROT_READ), BR_OK, "mprotect(first page, PROT_READ)");
	tap_ok(tap_mapped_as(m, page, "r--p") && tap_mapped_as(m + page, page, "rw-p"),
	       "/proc/self/maps: r--p then rw-p (the mapping was split)");
	tap_errno(kernel_writes(m, 16), BR_EFAULT, "read(2) into the read-only page is EFAULT");
	tap_errno(kernel_reads(m, 16), BR_OK, "write(2) from it still works");

	tap_errno(br_mprotect(m, 2 * page, BR_PROT_NONE), BR_OK, "mprotect(both, PROT_NONE)");
	tap_ok(tap_mapped_as(m, 2 * page, "---p"), "/proc/self/maps: ---p over both pages (merged again)");
	tap_errno(kernel_reads(m + page, 16), BR_EFAULT, "write(2) from a PROT_NONE page is EFAULT");

	tap_errno(br_mprotect(m, 2 * page, RW), BR_OK, "mprotect back to read-write");
	tap_ok(tap_mapped_as(m, 2 * page, "rw-p") && kernel_writes(m, 16) == BR_OK && kernel_reads(m + page, 16) == BR_OK,
	       "rw-p and usable again");

	tap_errno(br_mprotect(m + 1, page, BR_PROT_READ), BR_EINVAL, "mprotect at an unaligned address is EINVAL");
	tap_errno(br_mprotect(m, page, 0x100), BR_EINVAL, "mprotect with an unknown prot bit is EINVAL");
	tap_unmap(m, 2 * page);
	tap_errno(br_mprotect(m, page, BR_PROT_READ), BR_ENOMEM, "mprotect of an unmapped range is ENOMEM");
}

/* Argument errors come back as the kernel's errno with *addr_out NULL. */
static void test_errors(void)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD, ro BR_AUTOCLOSE = BR_NO_FD;
	void *p;
	int closed;

	p = &sentinel;
	tap_errno(br_mmap(0, 0, RW, ANON, NOFD, 0, &p), BR_EINVAL, "mmap of length 0 is EINVAL");
	tap_ok(p == 0, "*addr_out is NULL");

	/* A number that was open and no longer is. */
	{
		br_owned_fd tmp;
		closed = br_memfd_create("bedrock-mm-closed", 0, &tmp) ? 1000 : tmp.raw;
		br_close(&tmp);
	}
	p = &sentinel;
	tap_errno(br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_fd_from_raw(closed), 0, &p), BR_EBADF,
		  "mmap of a closed descriptor is EBADF");
	tap_ok(p == 0, "*addr_out is NULL");
	p = &sentinel;
	tap_errno(br_mmap(0, page, BR_PROT_READ, BR_MAP_PRIVATE, NOFD, 0, &p), BR_EBADF,
		  "mmap of fd -1 without MAP_ANONYMOUS is EBADF");

	(void)!br_memfd_create("bedrock-mm-err", BR_MFD_CLOEXEC, &fd);
	(void)!br_ftruncate(br_borrow(fd), 2 * page);
	p = &sentinel;
	tap_errno(br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_borrow(fd), 1, &p), BR_EINVAL,
		  "mmap at an unaligned offset is EINVAL");
	tap_ok(p == 0, "*addr_out is NULL");
	tap_errno(br_mmap(0, page, BR_PROT_READ, 0, br_borrow(fd), 0, &p), BR_EINVAL,
		  "mmap with neither MAP_SHARED nor MAP_PRIVATE is EINVAL");

	/* Shared and writable needs a descriptor open for writing. */
	char path[32] = "/proc/self/fd/";
	char num[24];
	const char *s = tap_num((uint64_t)fd.raw, false, num);
	size_t k = 14;
	while (*s)
		path[k++] = *s++;
	path[k] = 0;
	bool ok = !br_openat(BR_AT_FDCWD, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &ro);
	p = &sentinel;
	tap_errno(ok ? br_mmap(0, page, RW, BR_MAP_SHARED, br_borrow(ro), 0, &p) : BR_ENOENT, BR_EACCES,
		  "MAP_SHARED|PROT_WRITE of a read-only descriptor is EACCES");
	tap_ok(p == 0, "*addr_out is NULL");

	/* A pipe cannot be mapped. */
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	tap_errno(br_mmap(0, page, BR_PROT_READ, BR_MAP_SHARED, br_borrow(r), 0, &p), BR_ENODEV,
		  "mmap of a pipe is ENODEV");

	/* munmap: unaligned address and zero length. */
	void *q;
	if (br_mmap(0, page, RW, ANON, NOFD, 0, &q)) {
		tap_skip("munmap errors", "no mapping");
		return;
	}
	tap_errno(br_munmap((char *)q + 1, page), BR_EINVAL, "munmap at an unaligned address is EINVAL");
	tap_errno(br_munmap(q, 0), BR_EINVAL, "munmap of length 0 is EINVAL");
	tap_ok(tap_mapped_as(q, page, "rw-p"), "the mapping is still there after both");
	tap_unmap(q, page);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	page = br_getauxval(BR_AT_PAGESZ);
	if (!page)
		page = 4096;
	if (br_pipe2(BR_O_CLOEXEC, &prd, &pwr))
		tap_diag("no pipe: the protection checks will fail");
	test_anon();
	test_fixed();
	test_file();
	test_mprotect();
	test_errors();
	br_close(&prd);
	br_close(&pwr);
	return tap_done();
}
