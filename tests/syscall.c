/* SPDX-License-Identifier: MIT */
/* syscall.h: br_syscall0..6 reach the kernel with every argument in the
 * register the kernel reads it from, at full 64-bit width, and the BR_SYS_
 * numbers name the calls the kernel runs for them. Each stub is checked
 * with a call whose every argument has a visible effect: mmap (6), mremap
 * (5), pread64 (4), write and lseek (3), ftruncate (2), dup and close (1),
 * getpid/gettid/getppid (0). Then br_syscall_errno and br__ret_size on the
 * edges of the error range. */
#include "tap.h"

/* Not in bedrock's headers yet: the kernel's values, the same on all three. */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

#define GIB (1024ull * 1024 * 1024)

static size_t page;

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t p = tap_strlen(prefix);
	if (n < p)
		return false;
	for (size_t i = 0; i < p; i++)
		if (s[i] != prefix[i])
			return false;
	return true;
}

/* Where tap_slurp puts the /proc files read here. */
static char filebuf[1 << 16];

/* A number link such as /proc/self -> "1234"; -1 if unreadable. */
static int64_t link_number(const char *path, char *buf, size_t size, size_t *len)
{
	uint64_t v;
	const char *p = buf;
	if (br_readlinkat(BR_AT_FDCWD, path, buf, size, len) || !tap_parse_dec(&p, buf + *len, &v))
		return -1;
	return (int64_t)v;
}

/* Makes a scratch memfd through the wrappers (tested in fs.c). */
static int scratch_memfd(const char *name)
{
	br_owned_fd fd;
	if (br_memfd_create(name, BR_MFD_CLOEXEC, &fd))
		return -1;
	return br_owned_fd_into_raw(&fd);
}

/* Checked against the kernel's own view of the process: /proc/self names
 * the pid, /proc/thread-self "<pid>/task/<tid>", /proc/self/stat field 4
 * the parent. */
static void test_syscall0(void)
{
	char buf[64];
	size_t len;
	long pid = br_syscall0(BR_SYS_getpid);
	long tid = br_syscall0(BR_SYS_gettid);
	long ppid = br_syscall0(BR_SYS_getppid);

	tap_eq((uint64_t)pid, (uint64_t)link_number("/proc/self", buf, sizeof buf, &len),
	       "br_syscall0(BR_SYS_getpid) is the pid /proc/self names");
	bool ok = link_number("/proc/thread-self", buf, sizeof buf, &len) == pid;
	const char *p = buf;
	uint64_t v = 0;
	while (p < buf + len && *p != '/')
		p++;
	ok = ok && starts_with(p, (size_t)(buf + len - p), "/task/");
	p += 6;
	ok = ok && tap_parse_dec(&p, buf + len, &v) && p == buf + len;
	tap_ok(ok && (long)v == tid && tid == pid,
	       "br_syscall0(BR_SYS_gettid) is /proc/thread-self's tid, == pid in a single thread");

	/* /proc/self/stat: "pid (comm) state ppid ...", comm may hold spaces. */
	size_t n = tap_slurp("/proc/self/stat", filebuf, sizeof filebuf);
	const char *q = filebuf + n;
	while (q > filebuf && q[-1] != ')')
		q--;
	uint64_t statppid = 0;
	ok = q > filebuf && q + 3 < filebuf + n;
	if (ok) {
		/* q is at " S ppid": skip the state letter. */
		q += 2;
		ok = *q == ' ' && (q++, tap_parse_dec(&q, filebuf + n, &statppid));
	}
	tap_ok(ok && (long)statppid == ppid && ppid > 0,
	       "br_syscall0(BR_SYS_getppid) is field 4 of /proc/self/stat");
	tap_eq((uint64_t)br_syscall0(BR_SYS_sched_yield), 0, "br_syscall0(BR_SYS_sched_yield) returns 0");
}

/* dup returns a new number for the same open file; close frees a number so
 * that F_GETFD then fails; close(-1) returns the raw -EBADF. */
static void test_syscall1(void)
{
	int fd = scratch_memfd("bedrock-sys1");
	long d = br_syscall1(BR_SYS_dup, fd);
	br_stat a, b;

	tap_ok(d >= 0 && d != fd && tap_fd_open((int)d), "br_syscall1(BR_SYS_dup) returns a new open descriptor");
	tap_ok(!br_fstat(br_fd_from_raw(fd), &a) && !br_fstat(br_fd_from_raw((int)d), &b) && a.st_ino == b.st_ino &&
		       a.st_dev == b.st_dev,
	       "the duplicate refers to the same file (st_dev, st_ino)");
	tap_eq((uint64_t)br_syscall1(BR_SYS_close, d), 0, "br_syscall1(BR_SYS_close) returns 0");
	tap_ok(!tap_fd_open((int)d) && tap_fd_open(fd), "the closed number is free, the original still open");
	tap_eq((uint64_t)br_syscall1(BR_SYS_close, -1), (uint64_t)-9, "br_syscall1(BR_SYS_close, -1) is -EBADF (-9)");
	/* The argument is an int in the kernel: only its low 32 bits count. */
	d = br_syscall1(BR_SYS_dup, (long)(0xffffffff00000000ull | (unsigned)fd));
	tap_ok(d >= 0 && d != fd, "dup sees only the low 32 bits of an int argument");
	if (d >= 0)
		br_close_raw((int)d);
	br_close_raw(fd);
}

/* ftruncate(fd, length): length above 4 GiB must arrive whole, as the size
 * fstat and lseek(SEEK_END) then report. */
static void test_syscall2(void)
{
	int fd = scratch_memfd("bedrock-sys2");
	uint64_t len = 4 * GIB + 0x1001;
	br_stat st;

	tap_eq((uint64_t)br_syscall2(BR_SYS_ftruncate, fd, (long)len), 0,
	       "br_syscall2(BR_SYS_ftruncate, fd, 4 GiB + 0x1001) returns 0");
	tap_ok(!br_fstat(br_fd_from_raw(fd), &st) && (uint64_t)st.st_size == len, "fstat reports that size");
	tap_eq((uint64_t)br_syscall2(BR_SYS_ftruncate, -1, 0), (uint64_t)-9, "br_syscall2(BR_SYS_ftruncate, -1) is -EBADF");
	tap_eq((uint64_t)br_syscall2(BR_SYS_ftruncate, fd, -1), (uint64_t)-22,
	       "br_syscall2(BR_SYS_ftruncate, fd, -1) is -EINVAL (the sign reached the kernel)");
	br_close_raw(fd);
}

/* write(fd, buf, count) and lseek(fd, offset, whence): count bounds what is
 * written, the offset echoes back whole and signed. */
static void test_syscall3(void)
{
	int fd = scratch_memfd("bedrock-sys3");
	static const char msg[] = "0123456789abcdef";
	char back[16] = {0};
	size_t n;

	tap_eq((uint64_t)br_syscall3(BR_SYS_write, fd, (long)msg, 10), 10, "br_syscall3(BR_SYS_write, fd, buf, 10) returns 10");
	tap_ok(!br_pread(br_fd_from_raw(fd), back, sizeof back, 0, &n) && n == 10 && starts_with(back, n, "0123456789"),
	       "exactly those 10 bytes reached the file");
	long off = (long)(5 * GIB + 0x123);
	tap_eq((uint64_t)br_syscall3(BR_SYS_lseek, fd, off, BR_SEEK_SET), (uint64_t)off,
	       "br_syscall3(BR_SYS_lseek, fd, 5 GiB + 0x123, SEEK_SET) echoes the 64-bit offset");
	tap_eq((uint64_t)br_syscall3(BR_SYS_lseek, fd, -3, BR_SEEK_END), 7,
	       "lseek(fd, -3, SEEK_END) on 10 bytes is 7: the negative offset arrived signed");
	tap_eq((uint64_t)br_syscall3(BR_SYS_lseek, fd, 0, 77), (uint64_t)-22, "lseek with whence 77 is -EINVAL");
	br_close_raw(fd);
}

/* pread64(fd, buf, count, offset) at an offset above 4 GiB in a sparse
 * memfd: the bytes come from that offset and count bounds them. */
static void test_syscall4(void)
{
	int fd = scratch_memfd("bedrock-sys4");
	uint64_t at = 5 * GIB + 3;
	char buf[8] = {0};
	size_t n;

	bool ok = !br_pwrite(br_fd_from_raw(fd), "xyzw", 4, at, &n) && n == 4;
	long r = br_syscall4(BR_SYS_pread64, fd, (long)buf, 3, (long)(at + 1));
	tap_ok(ok && r == 3 && starts_with(buf, 3, "yzw") && buf[3] == 0,
	       "br_syscall4(BR_SYS_pread64, fd, buf, 3, 5 GiB + 4) reads the 3 bytes there");
	r = br_syscall4(BR_SYS_pread64, fd, (long)buf, 8, (long)(at - 2));
	tap_ok(r == 6 && buf[0] == 0 && buf[1] == 0 && starts_with(buf + 2, 4, "xyzw"),
	       "reading across the end returns what is there (6 bytes, hole reads as zeros)");
	tap_eq((uint64_t)br_syscall4(BR_SYS_pread64, fd, (long)buf, 1, -1), (uint64_t)-22,
	       "pread64 at offset -1 is -EINVAL (offset is signed in the kernel)");
	br_close_raw(fd);
}

/* mremap(old, old_len, new_len, MAYMOVE|FIXED, new_addr): the mapping moves
 * to exactly new_addr, grown to new_len, content kept. new_addr is the 5th
 * argument and only MREMAP_FIXED makes the kernel read it. */
static void test_syscall5(void)
{
	void *res, *old;
	bool ok = !br_mmap(0, 4 * page, BR_PROT_NONE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &res) &&
		  !br_mmap(0, page, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1),
			   0, &old);
	if (!tap_ok(ok, "scratch mappings for mremap")) {
		tap_skip("br_syscall5", "no scratch mappings");
		return;
	}
	((volatile char *)old)[0] = 'M';
	((volatile char *)old)[page - 1] = 'N';
	char *target = (char *)res + page;
	long r = br_syscall5(BR_SYS_mremap, (long)old, (long)page, (long)(2 * page), MREMAP_MAYMOVE | MREMAP_FIXED,
			     (long)target);
	tap_eq((uint64_t)r, (uint64_t)(uintptr_t)target,
	       "br_syscall5(BR_SYS_mremap, ..., MAYMOVE|FIXED, new_addr) returns new_addr");
	tap_ok(r == (long)(uintptr_t)target && target[0] == 'M' && target[page - 1] == 'N' && target[page] == 0,
	       "the content moved there; the grown second page reads zero");
	tap_ok(tap_mapped_as(target, 2 * page, "rw-p"), "/proc/self/maps: rw-p mapping of new_len bytes at new_addr");
	uint64_t s, t;
	char perms[5];
	tap_ok(!tap_maps_find(old, &s, &t, perms) || s != (uintptr_t)old || !tap_streq(perms, "rw-p"),
	       "the old address no longer holds that mapping");
	/* MAYMOVE|FIXED with new_addr not page-aligned: the kernel read it. */
	r = br_syscall5(BR_SYS_mremap, (long)target, (long)page, (long)page, MREMAP_MAYMOVE | MREMAP_FIXED,
			(long)((char *)res + 1));
	tap_eq((uint64_t)r, (uint64_t)-22, "mremap to an unaligned new_addr is -EINVAL");
	tap_unmap(res, 4 * page);
	tap_unmap(old, page);
}

/* mmap(addr, len, prot, flags, fd, offset): MAP_FIXED into a reservation of
 * our own makes addr observable; the range and permissions are read back
 * from /proc/self/maps; fd and offset decide the bytes seen, at an offset
 * above 4 GiB so the 6th register must carry all 64 bits. */
static void test_syscall6(void)
{
	int fd = scratch_memfd("bedrock-sys6");
	void *res;
	size_t n;
	uint64_t off = 5 * GIB;
	bool ok = fd >= 0 && !br_ftruncate(br_fd_from_raw(fd), off + 3 * page);
	static char fill[3][64];

	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 64; j++)
			fill[i][j] = (char)('A' + i);
		ok = ok && !br_pwrite(br_fd_from_raw(fd), fill[i], 64, off + (uint64_t)i * page, &n) && n == 64;
		ok = ok && !br_pwrite(br_fd_from_raw(fd), fill[i], 1, (uint64_t)i * page, &n);
	}
	ok = ok && !br_mmap(0, 4 * page, BR_PROT_NONE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &res);
	if (!tap_ok(ok, "memfd with 3 marked pages above 5 GiB and a reservation")) {
		tap_skip("br_syscall6", "no scratch file");
		return;
	}
	char *want = (char *)res + page;
	long r = br_syscall6(BR_SYS_mmap, (long)want, (long)(2 * page), BR_PROT_READ, BR_MAP_SHARED | BR_MAP_FIXED, fd,
			     (long)(off + page));
	tap_eq((uint64_t)r, (uint64_t)(uintptr_t)want, "br_syscall6(BR_SYS_mmap, addr, ..., MAP_FIXED) maps at addr");
	char *m = (char *)r;
	tap_ok(r == (long)(uintptr_t)want && m[0] == 'B' && m[63] == 'B' && m[page] == 'C' && m[64] == 0,
	       "the bytes are the file's from offset 5 GiB + 1 page (fd and 64-bit offset arrived)");
	tap_ok(tap_mapped_as(want, 2 * page, "r--s"), "/proc/self/maps: r--s over exactly len bytes (len, prot, flags)");

	/* The kernel enforces PROT_READ: read(2) into the mapping is EFAULT. */
	br_owned_fd rd BR_AUTOCLOSE = BR_NO_FD, wr BR_AUTOCLOSE = BR_NO_FD;
	ok = !br_pipe2(BR_O_CLOEXEC, &rd, &wr) && !br_write(br_borrow(wr), "z", 1, &n);
	tap_ok(ok && br_read(br_borrow(rd), m, 1, &n) == BR_EFAULT, "read(2) into the PROT_READ mapping is EFAULT");

	/* The same with the other prot and flags: private, writable, offset 0. */
	r = br_syscall6(BR_SYS_mmap, (long)want, (long)page, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_FIXED,
			fd, 0);
	tap_ok(r == (long)(uintptr_t)want && m[0] == 'A' && tap_mapped_as(want, page, "rw-p"),
	       "MAP_PRIVATE|PROT_READ|PROT_WRITE at offset 0: rw-p, the file's first page");
	if (r == (long)(uintptr_t)want) {
		m[0] = 'Z';
		char c = 0;
		tap_ok(!br_pread(br_fd_from_raw(fd), &c, 1, 0, &n) && c == 'A', "private writes do not reach the file");
	} else {
		tap_skip("private writes do not reach the file", "mapping failed");
	}
	tap_eq((uint64_t)br_syscall6(BR_SYS_mmap, 0, (long)page, BR_PROT_READ, BR_MAP_SHARED, fd, (long)(off + 1)),
	       (uint64_t)-22, "mmap with an unaligned offset is -EINVAL");
	tap_eq((uint64_t)br_syscall6(BR_SYS_mmap, 0, (long)page, BR_PROT_READ, BR_MAP_SHARED, -1, 0), (uint64_t)-9,
	       "mmap of fd -1 without MAP_ANONYMOUS is -EBADF");
	tap_unmap(res, 4 * page);
	br_close_raw(fd);
}

/* The stubs' clobber lists: values live across every stub must survive
 * (x86_64's syscall overwrites rcx and r11; the others only the result). */
static void test_preserved(void)
{
	volatile long seed = 0x5eed;
	long v[12], sum0 = 0, sum1 = 0;

	for (int i = 0; i < 12; i++) {
		v[i] = seed * (i + 3) + i;
		sum0 += v[i] * (i + 1);
	}
	for (int k = 0; k < 4; k++) {
		(void)br_syscall0(BR_SYS_getpid);
		(void)br_syscall1(BR_SYS_close, -1);
		(void)br_syscall2(BR_SYS_kill, 0, 0);
		(void)br_syscall3(BR_SYS_lseek, -1, 0, 0);
		(void)br_syscall4(BR_SYS_pread64, -1, 0, 0, 0);
		(void)br_syscall5(BR_SYS_mremap, 0, 0, 0, 0, 0);
		(void)br_syscall6(BR_SYS_mmap, 0, 0, 0, 0, -1, 0);
		for (int i = 0; i < 12; i++)
			v[i] += i;
	}
	for (int i = 0; i < 12; i++)
		sum1 += (v[i] - 4 * i) * (i + 1);
	tap_eq((uint64_t)sum1, (uint64_t)sum0, "values live across br_syscall0..6 survive (clobber lists)");
}

/* Only -4095..-1 are errors; -4096, 0 and positive values are results. */
static void test_errno(void)
{
	volatile long vals[] = {-1, -4095, -4096, 0, 1, -4094, (long)(~0ul >> 1), -(long)(~0ul >> 1) - 1};
	static const unsigned want[] = {1, 4095, 0, 0, 0, 4094, 0, 0};
	static const char *const names[] = {
		"br_syscall_errno(-1) is EPERM (1)",
		"br_syscall_errno(-4095) is 4095, the end of the error range",
		"br_syscall_errno(-4096) is OK: outside the error range",
		"br_syscall_errno(0) is OK",
		"br_syscall_errno(1) is OK",
		"br_syscall_errno(-4094) is 4094",
		"br_syscall_errno(LONG_MAX) is OK",
		"br_syscall_errno(LONG_MIN) is OK (an address, not an error)",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		tap_eq((uint64_t)br_syscall_errno(vals[i]), want[i], names[i]);

	size_t out = 123;
	tap_ok(br__ret_size(vals[0], &out) == BR_EPERM && out == 0, "br__ret_size(-1): EPERM and *out 0");
	out = 123;
	tap_ok(br__ret_size(vals[2], &out) == BR_OK && out == (size_t)-4096,
	       "br__ret_size(-4096): OK and *out is the value");
	out = 123;
	tap_ok(br__ret_size(vals[3], &out) == BR_OK && out == 0, "br__ret_size(0): OK and *out 0");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	page = br_getauxval(BR_AT_PAGESZ);
	if (!page)
		page = 4096;
	test_syscall0();
	test_syscall1();
	test_syscall2();
	test_syscall3();
	test_syscall4();
	test_syscall5();
	test_syscall6();
	test_preserved();
	test_errno();
	return tap_done();
}
