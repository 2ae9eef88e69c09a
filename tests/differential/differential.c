/* Differential test: bedrock's I/O wrappers against glibc, on x86_64.
 *
 * A hosted program (linked with glibc). Two worlds, "bedrock" and "glibc",
 * each own a table of NSLOTS descriptor slots. Every operation is generated
 * once from a seeded random stream and then run in both worlds, on objects
 * created identically (pipes, memfds, files in a directory of the world's
 * own): through bedrock's inline wrappers in one, through glibc's functions
 * in the other. Results must be identical: success or the errno value
 * (br_errno against errno), counts, positions, flags, new descriptor
 * numbers, the bytes read (the whole read buffer), and the fstat fields
 * that do not depend on time or inode numbers.
 *
 * Descriptor numbers: slot i lives at number 700 + i in the bedrock world
 * and 800 + i in the glibc world. A new descriptor (dup, pipe2, openat, ...)
 * is moved to its destination slot right after the operation (dup3 keeping
 * its close-on-exec flag, then close), so between operations the low
 * numbers the kernel hands out are the same in both worlds, and the numbers
 * dup and friends return can be compared exactly.
 *
 * Checked after every operation: each slot's F_GETFD and F_GETFL. Every
 * 100 operations: fstat, file position, FIONREAD and which slots share an
 * inode. Every 1000 operations (one TAP point each): the contents of every
 * file and memfd a slot refers to plus the named files (data extents and
 * bytes, via /proc/self/fd re-opens), and the contents of every pipe,
 * which are drained (in both worlds alike).
 *
 * Arguments include bad ones: closed slots, fd -1, INT_MIN, INT_MAX, 1023,
 * 1024 (the descriptor limit, set to 1024 here), 1 << 20, AT_FDCWD; NULL and
 * bad buffers, huge lengths (only with bad pointers), offsets of 2^63 and
 * above, 0 to 1025 iovecs, iovecs with a NULL base or a length >= 2^63,
 * unknown flags, zero lengths, non-blocking empty and full pipes. A read
 * or write that blocks (an empty or full pipe in blocking mode) runs under
 * a 1 ms interval timer and must come back with EINTR or a short count,
 * the same in both worlds.
 *
 * One documented divergence is modelled: br_fcntl_setfd refuses unknown
 * bits with EINVAL and issues no syscall (the kernel would ignore them), so
 * the glibc world expects EINVAL there without calling fcntl.
 *
 * Seeds: a fixed default seed always runs; a second seed comes from argv[1]
 * or BR_DIFF_SEED (a number, or "time"). BR_DIFF_OPS sets the number of
 * operations per seed (default 12000). BR_DIFF_INJECT=pread makes the
 * bedrock world read one byte further than asked, to prove that a wrong
 * wrapper is caught. On the first mismatch: the seed, the operation index,
 * the operation and both results, "not ok", exit status 1. */
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <bedrock/fs.h>
#include <bedrock/io.h>

#define NSLOTS 12
#define HOME_B 700
#define HOME_G 800
#define FD_LIMIT 1024
#define BUFSZ 16384
#define MAXIOV 1100
#define DEFAULT_SEED 0xbed0c0ffee5eedULL
#define DEFAULT_OPS 12000
#define BLOCK 1000
#define DEEP_EVERY 100

enum { B = 0, G = 1 };
static const char *const world_name[2] = {"bedrock", "glibc"};

/* ------------------------------------------------------------------ rng */
static uint64_t rng;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned pct)
{
	return below(100) < pct;
}

/* ------------------------------------------------------------ reporting */
static uint64_t cur_seed;
static long cur_index = -1;
static int tap_n;
static char op_text[512];

static const char *errname(int e)
{
	static char buf[4][24];
	static int k;
	const char *n;

	if (e == 0)
		return "OK";
	n = strerrorname_np(e);
	if (n)
		return n;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "errno %d", e);
	return buf[k];
}

static __attribute__((format(printf, 1, 2), noreturn)) void mismatch(const char *fmt, ...)
{
	va_list ap;

	printf("not ok %d - bedrock and glibc disagree\n", tap_n + 1);
	printf("# seed 0x%" PRIx64 " (rerun: BR_DIFF_SEED=0x%" PRIx64 "), operation %ld\n", cur_seed, cur_seed,
	       cur_index);
	printf("# operation: %s\n# ", op_text);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

static __attribute__((format(printf, 1, 2), noreturn)) void harness_fail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! harness: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %s, seed 0x%" PRIx64 ", operation %ld)\n", errname(errno), cur_seed, cur_index);
	fflush(stdout);
	exit(1);
}

/* ------------------------------------------------------------ operations */
enum kind {
	K_READ, K_WRITE, K_PREAD, K_PWRITE, K_READV, K_WRITEV, K_PREADV, K_PWRITEV, K_PREADV2, K_PWRITEV2,
	K_DUP, K_DUP2, K_DUP3, K_GETFD, K_SETFD, K_GETFL, K_SETFL, K_DUPFD_CLOEXEC,
	K_FIOCLEX, K_FIONCLEX, K_FIONBIO, K_FIONREAD,
	K_LSEEK, K_FTRUNCATE, K_CLOSE, K_PIPE2, K_MEMFD, K_OPENAT, K_FSTAT,
	K_COUNT
};

static const char *const kind_name[K_COUNT] = {
	"read", "write", "pread", "pwrite", "readv", "writev", "preadv", "pwritev", "preadv2", "pwritev2",
	"dup", "dup2", "dup3", "fcntl_getfd", "fcntl_setfd", "fcntl_getfl", "fcntl_setfl", "fcntl_dupfd_cloexec",
	"ioctl_fioclex", "ioctl_fionclex", "ioctl_fionbio", "ioctl_fionread",
	"lseek", "ftruncate", "close", "pipe2", "memfd_create", "openat", "fstat",
};

/* Relative weights of the kinds in the random stream. */
static const unsigned kind_weight[K_COUNT] = {
	10, 10, 5, 5, 6, 6, 4, 4, 6, 6,
	3, 3, 3, 2, 2, 2, 3, 2,
	1, 1, 2, 3,
	6, 3, 3, 3, 2, 5, 2,
};

/* A descriptor argument: a slot (its number in each world) or a raw value. */
struct fdarg {
	int slot; /* >= 0: the slot; -1: raw */
	int raw;
};

enum bufmode { BUF_GOOD, BUF_NULL, BUF_BAD };
enum iovmode { IOV_OK, IOV_NULLVEC, IOV_NULLBASE, IOV_HUGELEN, IOV_HUGECOUNT };

struct op {
	enum kind kind;
	struct fdarg fd, fd2; /* fd2: dup2/dup3 target, openat directory */
	int dst, dst2;        /* destination slots of new descriptors */
	size_t len;
	enum bufmode buf;
	uint64_t off;
	int64_t soff;
	int whence;
	unsigned flags, mode;
	int min;
	int path;      /* openat path index, memfd name index */
	bool dir_world; /* openat: the world's own directory */
	enum iovmode iovm;
	size_t niov;
	size_t iovk; /* the bad entry for IOV_NULLBASE / IOV_HUGELEN */
	size_t iov_len[MAXIOV];
};

struct res {
	int err;
	int64_t val, val2;
	bool data;                /* compare the read buffer */
	bool st;                  /* compare the stat fields */
	uint32_t st_mode;
	int64_t st_size, st_blksize;
	uint64_t st_nlink;
};

static struct op op;
static unsigned char wbuf[BUFSZ] __attribute__((aligned(4096)));
static unsigned char rbuf[2][BUFSZ] __attribute__((aligned(4096)));
static br_iovec biov[MAXIOV];
static struct iovec giov[MAXIOV];
static int dirfd_w[2];
static char dirpath[2][256];
static unsigned open_mask; /* slots open (in both worlds; checked equal) */
static bool inject_pread;
static unsigned long count_kind[K_COUNT], count_err[K_COUNT], count_timed, count_errno[BR_ERRNO_MAX + 1];

static int home(int w, int slot)
{
	return (w == B ? HOME_B : HOME_G) + slot;
}

static int fd_of(int w, struct fdarg a)
{
	return a.slot >= 0 ? home(w, a.slot) : a.raw;
}

static const char *const paths[] = {"f0", "f1", "f2", "missing/x", "", ".", "f0/x",
				    "/nonexistent-bedrock-differential/x", NULL, NULL /* long */};
#define NPATHS (sizeof paths / sizeof paths[0])
static char long_name[300];

static const char *path_of(int i)
{
	return i == (int)NPATHS - 1 ? long_name : paths[i];
}

static const char *const memfd_names[] = {"m", "bedrock-differential", "", NULL, NULL /* long */};
#define NNAMES (sizeof memfd_names / sizeof memfd_names[0])

static const char *name_of(int i)
{
	return i == (int)NNAMES - 1 ? long_name : memfd_names[i];
}

/* --------------------------------------------------------------- generator */
static int pick_slot(void)
{
	if (open_mask && chance(85)) {
		int s;
		do
			s = (int)below(NSLOTS);
		while (!(open_mask & (1u << s)));
		return s;
	}
	return (int)below(NSLOTS);
}

static struct fdarg gen_fd(void)
{
	static const int bad[] = {-1, INT_MIN, INT_MAX, 1023, FD_LIMIT, 1 << 20, -100};
	if (chance(92))
		return (struct fdarg){pick_slot(), 0};
	return (struct fdarg){-1, bad[below(sizeof bad / sizeof bad[0])]};
}

static size_t gen_len(size_t max)
{
	unsigned r = (unsigned)below(100);
	size_t n;
	if (r < 6)
		n = 0;
	else if (r < 45)
		n = 1 + below(16);
	else if (r < 75)
		n = 17 + below(496);
	else
		n = 513 + below(max - 512);
	return n > max ? max : n;
}

static void gen_buf(size_t max)
{
	op.buf = BUF_GOOD;
	op.len = gen_len(max);
	if (chance(4)) {
		op.buf = chance(50) ? BUF_NULL : BUF_BAD;
		static const size_t huge[] = {1, 100, (size_t)1 << 31, (size_t)1 << 40, (size_t)1 << 63, SIZE_MAX};
		if (chance(50))
			op.len = huge[below(sizeof huge / sizeof huge[0])];
	}
}

static uint64_t gen_off(bool for_write)
{
	unsigned r = (unsigned)below(100);
	if (r < 55)
		return below(65536);
	if (r < 70)
		return below(4096);
	if (r < 80)
		return below(1 << 20);
	if (r < 84)
		return ((uint64_t)1 << 32) + below(8192); /* above 4 GiB: both register halves */
	if (r < 88)
		return for_write ? below(16) : (uint64_t)1 << 40;
	static const uint64_t bad[] = {(uint64_t)1 << 63, UINT64_MAX, ((uint64_t)1 << 63) + 4096, UINT64_MAX - 1,
				       INT64_MAX};
	return bad[below(sizeof bad / sizeof bad[0])];
}

static void gen_iov(size_t maxtotal)
{
	unsigned r = (unsigned)below(100);
	size_t total = 0;

	op.iovm = IOV_OK;
	if (r < 5)
		op.niov = 0;
	else if (r < 60)
		op.niov = 1 + below(4);
	else if (r < 88)
		op.niov = 5 + below(12);
	else if (r < 94)
		op.niov = BR_IOV_MAX;
	else
		op.niov = BR_IOV_MAX + 1;
	for (size_t i = 0; i < op.niov; i++) {
		size_t l = op.niov > 16 ? below(16) : gen_len(1024);
		if (total + l > maxtotal)
			l = 0;
		op.iov_len[i] = l;
		total += l;
	}
	if (chance(6) && op.niov > 0) {
		static const enum iovmode m[] = {IOV_NULLVEC, IOV_NULLBASE, IOV_HUGELEN};
		op.iovm = m[below(3)];
		op.iovk = below(op.niov);
		if (op.iovm == IOV_NULLBASE && op.iov_len[op.iovk] == 0)
			op.iov_len[op.iovk] = 1 + below(64);
	} else if (chance(1)) {
		op.iovm = IOV_HUGECOUNT;
	}
}

static unsigned gen_rwf(void)
{
	static const unsigned f[] = {0,
				     0,
				     0,
				     BR_RWF_HIPRI,
				     BR_RWF_DSYNC,
				     BR_RWF_SYNC,
				     BR_RWF_NOWAIT,
				     BR_RWF_APPEND,
				     BR_RWF_DSYNC | BR_RWF_APPEND,
				     0x20,
				     0x80,
				     0x80000000u,
				     0xffffffffu};
	return f[below(sizeof f / sizeof f[0])];
}

static enum kind gen_kind(void)
{
	unsigned total = 0, r;
	for (int k = 0; k < K_COUNT; k++)
		total += kind_weight[k];
	r = (unsigned)below(total);
	for (int k = 0; k < K_COUNT; k++) {
		if (r < kind_weight[k])
			return (enum kind)k;
		r -= kind_weight[k];
	}
	return K_READ;
}

static void gen_op(void)
{
	unsigned nopen = (unsigned)__builtin_popcount(open_mask);

	memset(&op, 0, offsetof(struct op, iov_len));
	op.kind = gen_kind();
	/* Keep a few objects around: fewer than four open slots favour
	 * creating, more than ten disfavour closing. */
	if (nopen < 4 && chance(50)) {
		static const enum kind mk[] = {K_PIPE2, K_MEMFD, K_OPENAT, K_DUP};
		op.kind = mk[below(4)];
	}
	if (op.kind == K_CLOSE && nopen < 6 && chance(70))
		op.kind = K_FSTAT;
	op.fd = gen_fd();
	op.fd2 = gen_fd();
	op.dst = (int)below(NSLOTS);
	do
		op.dst2 = (int)below(NSLOTS);
	while (op.dst2 == op.dst);

	switch (op.kind) {
	case K_READ:
	case K_WRITE:
		gen_buf(op.kind == K_READ ? BUFSZ : 8192);
		break;
	case K_PREAD:
	case K_PWRITE:
		gen_buf(op.kind == K_PREAD ? BUFSZ : 8192);
		op.off = gen_off(op.kind == K_PWRITE);
		break;
	case K_READV:
	case K_WRITEV:
		gen_iov(op.kind == K_READV ? BUFSZ : 8192);
		break;
	case K_PREADV:
	case K_PWRITEV:
		gen_iov(op.kind == K_PREADV ? BUFSZ : 8192);
		op.off = gen_off(op.kind == K_PWRITEV);
		break;
	case K_PREADV2:
	case K_PWRITEV2:
		gen_iov(op.kind == K_PREADV2 ? BUFSZ : 8192);
		op.off = chance(40) ? UINT64_MAX : gen_off(op.kind == K_PWRITEV2);
		op.flags = gen_rwf();
		break;
	case K_DUP2:
	case K_DUP3:
		if (chance(8)) {
			static const int bad[] = {-1, FD_LIMIT, INT_MAX, 1 << 20};
			op.fd2 = (struct fdarg){-1, bad[below(4)]};
		} else {
			op.fd2 = (struct fdarg){(int)below(NSLOTS), 0};
			if (chance(10) && op.fd.slot >= 0)
				op.fd2 = op.fd; /* onto itself */
		}
		if (op.kind == K_DUP3) {
			static const unsigned f[] = {0, 0, O_CLOEXEC, O_CLOEXEC, O_NONBLOCK, 0x1, 0x80000000u};
			op.flags = f[below(sizeof f / sizeof f[0])];
		}
		break;
	case K_SETFD:
		op.flags = chance(85) ? (unsigned)below(2) : (unsigned)(2 + below(0xffff));
		break;
	case K_SETFL: {
		static const unsigned f[] = {O_APPEND, O_NONBLOCK, O_NONBLOCK, O_DIRECT, O_NOATIME, O_ASYNC,
					     O_RDWR,   O_CREAT,    O_TRUNC,    0x40000000u};
		op.flags = 0;
		for (unsigned i = 0, n = (unsigned)below(4); i < n; i++)
			op.flags |= f[below(sizeof f / sizeof f[0])];
		break;
	}
	case K_DUPFD_CLOEXEC: {
		static const int m[] = {0, 0, 3, 10, 100, 650, 1023, FD_LIMIT, INT_MAX, -1, INT_MIN};
		op.min = m[below(sizeof m / sizeof m[0])];
		break;
	}
	case K_FIONBIO:
		op.flags = (unsigned)below(2);
		break;
	case K_LSEEK: {
		unsigned r = (unsigned)below(100);
		if (r < 35)
			op.whence = SEEK_SET, op.soff = (int64_t)below(1 << 18);
		else if (r < 60)
			op.whence = SEEK_CUR, op.soff = (int64_t)below(140001) - 70000;
		else if (r < 80)
			op.whence = SEEK_END, op.soff = (int64_t)below(140001) - 70000;
		else if (r < 87)
			op.whence = SEEK_DATA, op.soff = (int64_t)below(1 << 18);
		else if (r < 94)
			op.whence = SEEK_HOLE, op.soff = (int64_t)below(1 << 18);
		else {
			static const int w[] = {5, -1, INT_MAX, SEEK_SET, SEEK_CUR, SEEK_DATA, SEEK_HOLE};
			static const int64_t o[] = {-1, INT64_MIN, INT64_MAX, INT64_MAX - 4096, (int64_t)1 << 33};
			op.whence = w[below(7)];
			op.soff = o[below(5)];
		}
		break;
	}
	case K_FTRUNCATE: {
		unsigned r = (unsigned)below(100);
		if (r < 80)
			op.off = below(1 << 17);
		else if (r < 90)
			op.off = below(64);
		else {
			static const uint64_t l[] = {(uint64_t)1 << 63, UINT64_MAX, (uint64_t)1 << 40};
			op.off = l[below(3)];
		}
		break;
	}
	case K_PIPE2: {
		static const unsigned f[] = {O_NONBLOCK, O_NONBLOCK, O_NONBLOCK | O_CLOEXEC, 0, O_CLOEXEC,
					     O_DIRECT | O_NONBLOCK, O_DIRECT, O_APPEND, 0x1, 0x80000000u};
		op.flags = f[below(sizeof f / sizeof f[0])];
		break;
	}
	case K_MEMFD: {
		static const unsigned f[] = {0, 0, MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_CLOEXEC | MFD_ALLOW_SEALING,
					     0x8 /* MFD_NOEXEC_SEAL */, 0x10 /* MFD_EXEC */, 0x18, 0x100, 0x80000000u};
		op.flags = f[below(sizeof f / sizeof f[0])];
		op.path = chance(90) ? (int)below(2) : (int)below(NNAMES);
		break;
	}
	case K_OPENAT: {
		static const unsigned extra[] = {O_CREAT, O_CREAT, O_CREAT, O_EXCL,     O_TRUNC,    O_APPEND,
						 O_APPEND, O_NONBLOCK, O_CLOEXEC, O_DIRECTORY, O_NOFOLLOW, O_PATH,
						 O_DSYNC,  O_NOATIME,  O_DIRECT,  0x40000000u};
		static const unsigned modes[] = {0600, 0644, 0400};
		op.flags = (unsigned)below(4); /* 3 is not a valid access mode */
		if (op.flags == 3 && chance(70))
			op.flags = O_RDWR;
		for (unsigned i = 0, n = (unsigned)below(4); i < n; i++)
			op.flags |= extra[below(sizeof extra / sizeof extra[0])];
		op.path = chance(80) ? (int)below(3) : (int)below(NPATHS);
		if (chance(4)) {
			op.path = 5; /* "." */
			op.flags = (chance(80) ? O_RDWR : O_RDONLY) | O_TMPFILE;
		}
		op.mode = modes[below(3)];
		op.dir_world = chance(90);
		if (!op.dir_world && chance(50))
			op.fd2 = (struct fdarg){-1, -1};
		else if (!op.dir_world && op.fd2.slot < 0)
			op.fd2.raw = -1; /* never AT_FDCWD: that would leave the worlds' directories */
		break;
	}
	default:
		break;
	}
}

static char *fd_text(struct fdarg a, char *buf, size_t n)
{
	if (a.slot >= 0)
		snprintf(buf, n, "slot %d (%d/%d)", a.slot, home(B, a.slot), home(G, a.slot));
	else
		snprintf(buf, n, "fd %d", a.raw);
	return buf;
}

static void describe(void)
{
	char f1[48], f2[48];
	static const char *const bufs[] = {"buf", "NULL", "(void *)1"};
	static const char *const iovs[] = {"", " NULL-iov", " NULL-base", " huge-len", " huge-count"};

	fd_text(op.fd, f1, sizeof f1);
	fd_text(op.fd2, f2, sizeof f2);
	switch (op.kind) {
	case K_READ:
	case K_WRITE:
	case K_PREAD:
	case K_PWRITE:
		snprintf(op_text, sizeof op_text, "%s(%s, %s, len %zu, off 0x%" PRIx64 ")", kind_name[op.kind], f1,
			 bufs[op.buf], op.len, op.off);
		break;
	case K_READV:
	case K_WRITEV:
	case K_PREADV:
	case K_PWRITEV:
	case K_PREADV2:
	case K_PWRITEV2:
		snprintf(op_text, sizeof op_text, "%s(%s, %zu iovecs%s (bad entry %zu), off 0x%" PRIx64 ", flags 0x%x)",
			 kind_name[op.kind], f1, op.niov, iovs[op.iovm], op.iovk, op.off, op.flags);
		break;
	case K_DUP2:
	case K_DUP3:
		snprintf(op_text, sizeof op_text, "%s(%s, target %s, flags 0x%x)", kind_name[op.kind], f1, f2,
			 op.flags);
		break;
	case K_LSEEK:
		snprintf(op_text, sizeof op_text, "lseek(%s, %" PRId64 ", whence %d)", f1, op.soff, op.whence);
		break;
	case K_PIPE2:
		snprintf(op_text, sizeof op_text, "pipe2(flags 0x%x) into slots %d, %d", op.flags, op.dst, op.dst2);
		break;
	case K_MEMFD:
		snprintf(op_text, sizeof op_text, "memfd_create(name #%d, flags 0x%x) into slot %d", op.path, op.flags,
			 op.dst);
		break;
	case K_OPENAT:
		snprintf(op_text, sizeof op_text, "openat(%s, path #%d \"%.20s\", flags 0%o, mode 0%o) into slot %d",
			 op.dir_world ? "world dir" : f2, op.path, path_of(op.path) ? path_of(op.path) : "(null)",
			 op.flags, op.mode, op.dst);
		break;
	default:
		snprintf(op_text, sizeof op_text, "%s(%s, flags 0x%x, off 0x%" PRIx64 ", min %d) into slot %d",
			 kind_name[op.kind], f1, op.flags, op.off, op.min, op.dst);
		break;
	}
}

/* ---------------------------------------------------------------- harness */
/* Moves a new descriptor of world w to its slot (keeping close-on-exec). */
static void adopt(int w, int fd, int slot)
{
	int h = home(w, slot), fl;

	if (fd < 0 || fd == h)
		return;
	fl = fcntl(fd, F_GETFD);
	if (fl < 0 || dup3(fd, h, (fl & FD_CLOEXEC) ? O_CLOEXEC : 0) < 0)
		harness_fail("cannot move fd %d to %d", fd, h);
	close(fd);
}

static void *buf_ptr(int w, bool reading)
{
	switch (op.buf) {
	case BUF_NULL:
		return NULL;
	case BUF_BAD:
		return (void *)1;
	default:
		return reading ? (void *)rbuf[w] : (void *)wbuf;
	}
}

/* Lays out the iovecs of world w contiguously in its buffer. */
static void build_iov(int w, bool reading)
{
	unsigned char *base = reading ? rbuf[w] : wbuf;
	size_t at = 0;

	for (size_t i = 0; i < op.niov && i < MAXIOV; i++) {
		void *p = base + at;
		size_t l = op.iov_len[i];
		if (op.iovm == IOV_NULLBASE && i == op.iovk)
			p = NULL;
		else
			at += l;
		if (op.iovm == IOV_HUGELEN && i == op.iovk)
			l = ((size_t)1 << 63) + l;
		if (w == B)
			biov[i] = (br_iovec){p, l};
		else
			giov[i] = (struct iovec){p, l};
	}
}

static size_t iov_count_b(void)
{
	return op.iovm == IOV_HUGECOUNT ? SIZE_MAX : op.niov;
}

static int iov_count_g(void)
{
	return op.iovm == IOV_HUGECOUNT ? -1 : (int)op.niov;
}

static const br_iovec *iov_b(void)
{
	return op.iovm == IOV_NULLVEC ? NULL : biov;
}

static const struct iovec *iov_g(void)
{
	return op.iovm == IOV_NULLVEC ? NULL : giov;
}

static bool is_reading(enum kind k)
{
	return k == K_READ || k == K_PREAD || k == K_READV || k == K_PREADV || k == K_PREADV2;
}

static bool is_writing(enum kind k)
{
	return k == K_WRITE || k == K_PWRITE || k == K_WRITEV || k == K_PWRITEV || k == K_PWRITEV2;
}

/* Can this operation block in world w? Only a stream read or write on a
 * pipe in blocking mode can (when empty, when full). Such an operation runs
 * with an interval timer armed (SIGALRM without SA_RESTART, every 1 ms), so
 * that it comes back with EINTR, or with the count it got through before it
 * had to wait. Nothing else touches the pipe meanwhile, so that result does
 * not depend on timing, and it is compared like any other. */
static bool may_block(int w)
{
	int fd = fd_of(w, op.fd), fl;
	struct stat st;
	bool stream;

	switch (op.kind) {
	case K_READ:
	case K_WRITE:
	case K_READV:
	case K_WRITEV:
		stream = true;
		break;
	case K_PREADV2:
	case K_PWRITEV2:
		stream = op.off == UINT64_MAX;
		break;
	default:
		stream = false;
	}
	if (!stream || fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))
		return false;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_NONBLOCK))
		return false;
	return (fl & O_ACCMODE) != (is_reading(op.kind) ? O_WRONLY : O_RDONLY);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void arm(bool on)
{
	struct itimerval it = {{0, on ? 1000 : 0}, {0, on ? 1000 : 0}};
	if (setitimer(ITIMER_REAL, &it, NULL) != 0)
		harness_fail("setitimer");
}

static void set_g(struct res *r, long ret)
{
	if (ret < 0) {
		r->err = errno;
		r->val = 0;
	} else {
		r->err = 0;
		r->val = ret;
	}
}

static void exec_b(struct res *r)
{
	br_fd fd = br_fd_from_raw(fd_of(B, op.fd));
	size_t n = 0;
	uint64_t u = 0;
	unsigned f = 0;
	br_owned_fd o = BR_NO_FD, o2 = BR_NO_FD;
	br_errno e = BR_OK;

	memset(r, 0, sizeof *r);
	switch (op.kind) {
	case K_READ:
		e = br_read(fd, buf_ptr(B, true), op.len, &n);
		r->data = true;
		break;
	case K_WRITE:
		e = br_write(fd, buf_ptr(B, false), op.len, &n);
		break;
	case K_PREAD:
		e = br_pread(fd, buf_ptr(B, true), op.len, op.off + (inject_pread ? 1 : 0), &n);
		r->data = true;
		break;
	case K_PWRITE:
		e = br_pwrite(fd, buf_ptr(B, false), op.len, op.off, &n);
		break;
	case K_READV:
		build_iov(B, true);
		e = br_readv(fd, iov_b(), iov_count_b(), &n);
		r->data = true;
		break;
	case K_WRITEV:
		build_iov(B, false);
		e = br_writev(fd, iov_b(), iov_count_b(), &n);
		break;
	case K_PREADV:
		build_iov(B, true);
		e = br_preadv(fd, iov_b(), iov_count_b(), op.off, &n);
		r->data = true;
		break;
	case K_PWRITEV:
		build_iov(B, false);
		e = br_pwritev(fd, iov_b(), iov_count_b(), op.off, &n);
		break;
	case K_PREADV2:
		build_iov(B, true);
		e = br_preadv2(fd, iov_b(), iov_count_b(), op.off, op.flags, &n);
		r->data = true;
		break;
	case K_PWRITEV2:
		build_iov(B, false);
		e = br_pwritev2(fd, iov_b(), iov_count_b(), op.off, op.flags, &n);
		break;
	case K_DUP:
		e = br_dup(fd, &o);
		r->val = o.raw;
		adopt(B, o.raw, op.dst);
		break;
	case K_DUP2:
	case K_DUP3: {
		int t = fd_of(B, op.fd2);
		o = br_owned_fd_from_raw(t);
		e = op.kind == K_DUP2 ? br_dup2(fd, &o) : br_dup3(fd, &o, op.flags);
		r->val = o.raw == t; /* replaced in place: the number stays */
		break;
	}
	case K_GETFD:
		e = br_fcntl_getfd(fd, &f);
		r->val = f;
		break;
	case K_SETFD:
		e = br_fcntl_setfd(fd, op.flags);
		break;
	case K_GETFL:
		e = br_fcntl_getfl(fd, &f);
		r->val = f;
		break;
	case K_SETFL:
		e = br_fcntl_setfl(fd, op.flags);
		break;
	case K_DUPFD_CLOEXEC:
		e = br_fcntl_dupfd_cloexec(fd, op.min, &o);
		r->val = o.raw;
		adopt(B, o.raw, op.dst);
		break;
	case K_FIOCLEX:
		e = br_ioctl_fioclex(fd);
		break;
	case K_FIONCLEX:
		e = br_ioctl_fionclex(fd);
		break;
	case K_FIONBIO:
		e = br_ioctl_fionbio(fd, op.flags != 0);
		break;
	case K_FIONREAD:
		e = br_ioctl_fionread(fd, &u);
		r->val = (int64_t)u;
		break;
	case K_LSEEK:
		e = br_lseek(fd, op.soff, op.whence, &u);
		r->val = (int64_t)u;
		break;
	case K_FTRUNCATE:
		e = br_ftruncate(fd, op.off);
		break;
	case K_CLOSE:
		o = br_owned_fd_from_raw(fd.raw);
		br_close(&o);
		r->val = o.raw; /* holds nothing afterwards */
		break;
	case K_PIPE2:
		e = br_pipe2(op.flags, &o, &o2);
		r->val = o.raw;
		r->val2 = o2.raw;
		adopt(B, o.raw, op.dst);
		adopt(B, o2.raw, op.dst2);
		break;
	case K_MEMFD:
		e = br_memfd_create(name_of(op.path), op.flags, &o);
		r->val = o.raw;
		adopt(B, o.raw, op.dst);
		break;
	case K_OPENAT: {
		br_fd dir = op.dir_world ? br_fd_from_raw(dirfd_w[B]) : br_fd_from_raw(fd_of(B, op.fd2));
		e = br_openat(dir, path_of(op.path), op.flags, op.mode, &o);
		r->val = o.raw;
		adopt(B, o.raw, op.dst);
		break;
	}
	case K_FSTAT: {
		br_stat st;
		memset(&st, 0, sizeof st);
		e = br_fstat(fd, &st);
		if (!e) {
			r->st = true;
			r->st_mode = st.st_mode;
			r->st_size = st.st_size;
			r->st_nlink = st.st_nlink;
			r->st_blksize = st.st_blksize;
		}
		break;
	}
	default:
		break;
	}
	if (is_reading(op.kind) || is_writing(op.kind))
		r->val = (int64_t)n;
	r->err = (int)e;
}

static void exec_g(struct res *r)
{
	int fd = fd_of(G, op.fd), fds[2] = {-1, -1};
	long ret = 0;

	memset(r, 0, sizeof *r);
	errno = 0;
	switch (op.kind) {
	case K_READ:
		set_g(r, read(fd, buf_ptr(G, true), op.len));
		r->data = true;
		break;
	case K_WRITE:
		set_g(r, write(fd, buf_ptr(G, false), op.len));
		break;
	case K_PREAD:
		set_g(r, pread(fd, buf_ptr(G, true), op.len, (off_t)op.off));
		r->data = true;
		break;
	case K_PWRITE:
		set_g(r, pwrite(fd, buf_ptr(G, false), op.len, (off_t)op.off));
		break;
	case K_READV:
		build_iov(G, true);
		set_g(r, readv(fd, iov_g(), iov_count_g()));
		r->data = true;
		break;
	case K_WRITEV:
		build_iov(G, false);
		set_g(r, writev(fd, iov_g(), iov_count_g()));
		break;
	case K_PREADV:
		build_iov(G, true);
		set_g(r, preadv(fd, iov_g(), iov_count_g(), (off_t)op.off));
		r->data = true;
		break;
	case K_PWRITEV:
		build_iov(G, false);
		set_g(r, pwritev(fd, iov_g(), iov_count_g(), (off_t)op.off));
		break;
	case K_PREADV2:
		build_iov(G, true);
		set_g(r, preadv2(fd, iov_g(), iov_count_g(), (off_t)op.off, (int)op.flags));
		r->data = true;
		break;
	case K_PWRITEV2:
		build_iov(G, false);
		set_g(r, pwritev2(fd, iov_g(), iov_count_g(), (off_t)op.off, (int)op.flags));
		break;
	case K_DUP:
		ret = dup(fd);
		set_g(r, ret);
		r->val = ret;
		adopt(G, (int)ret, op.dst);
		break;
	case K_DUP2:
	case K_DUP3: {
		int t = fd_of(G, op.fd2);
		ret = op.kind == K_DUP2 ? dup2(fd, t) : dup3(fd, t, (int)op.flags);
		set_g(r, ret);
		r->val = ret < 0 || ret == t; /* returns the target */
		break;
	}
	case K_GETFD:
		set_g(r, fcntl(fd, F_GETFD));
		break;
	case K_SETFD:
		if (op.flags & ~(unsigned)FD_CLOEXEC)
			r->err = EINVAL; /* bedrock's documented refusal, no syscall */
		else
			set_g(r, fcntl(fd, F_SETFD, (int)op.flags));
		r->val = 0;
		break;
	case K_GETFL:
		set_g(r, fcntl(fd, F_GETFL));
		break;
	case K_SETFL:
		set_g(r, fcntl(fd, F_SETFL, (int)op.flags));
		r->val = 0;
		break;
	case K_DUPFD_CLOEXEC:
		ret = fcntl(fd, F_DUPFD_CLOEXEC, op.min);
		set_g(r, ret);
		r->val = ret;
		adopt(G, (int)ret, op.dst);
		break;
	case K_FIOCLEX:
		set_g(r, ioctl(fd, FIOCLEX));
		break;
	case K_FIONCLEX:
		set_g(r, ioctl(fd, FIONCLEX));
		break;
	case K_FIONBIO: {
		int v = (int)op.flags;
		set_g(r, ioctl(fd, FIONBIO, &v));
		break;
	}
	case K_FIONREAD: {
		int v = 0;
		ret = ioctl(fd, FIONREAD, &v);
		set_g(r, ret);
		r->val = ret < 0 ? 0 : (int64_t)(unsigned)v;
		break;
	}
	case K_LSEEK:
		set_g(r, lseek(fd, (off_t)op.soff, op.whence));
		break;
	case K_FTRUNCATE:
		set_g(r, ftruncate(fd, (off_t)op.off));
		break;
	case K_CLOSE:
		close(fd); /* bedrock's br_close has no result to compare */
		r->err = 0;
		r->val = -1;
		break;
	case K_PIPE2:
		set_g(r, pipe2(fds, (int)op.flags));
		r->val = fds[0];
		r->val2 = fds[1];
		adopt(G, fds[0], op.dst);
		adopt(G, fds[1], op.dst2);
		break;
	case K_MEMFD:
		ret = memfd_create(name_of(op.path), op.flags);
		set_g(r, ret);
		r->val = ret;
		adopt(G, (int)ret, op.dst);
		break;
	case K_OPENAT: {
		int dir = op.dir_world ? dirfd_w[G] : fd_of(G, op.fd2);
		ret = openat(dir, path_of(op.path), (int)op.flags, op.mode);
		set_g(r, ret);
		r->val = ret;
		adopt(G, (int)ret, op.dst);
		break;
	}
	case K_FSTAT: {
		struct stat st;
		memset(&st, 0, sizeof st);
		ret = fstat(fd, &st);
		set_g(r, ret);
		if (ret == 0) {
			r->st = true;
			r->st_mode = st.st_mode;
			r->st_size = st.st_size;
			r->st_nlink = st.st_nlink;
			r->st_blksize = st.st_blksize;
		}
		r->val = 0;
		break;
	}
	default:
		break;
	}
}

static void compare(const struct res *b, const struct res *g)
{
	if (b->err != g->err || b->val != g->val || b->val2 != g->val2)
		mismatch("bedrock: %s, value %" PRId64 " %" PRId64 "; glibc: %s, value %" PRId64 " %" PRId64,
			 errname(b->err), b->val, b->val2, errname(g->err), g->val, g->val2);
	if (b->st != g->st ||
	    (b->st && (b->st_mode != g->st_mode || b->st_size != g->st_size || b->st_nlink != g->st_nlink ||
		       b->st_blksize != g->st_blksize)))
		mismatch("fstat: bedrock mode 0%o size %" PRId64 " nlink %" PRIu64 "; glibc mode 0%o size %" PRId64
			 " nlink %" PRIu64,
			 b->st_mode, b->st_size, b->st_nlink, g->st_mode, g->st_size, g->st_nlink);
	if (b->data && memcmp(rbuf[B], rbuf[G], BUFSZ) != 0) {
		size_t i = 0;
		while (rbuf[B][i] == rbuf[G][i])
			i++;
		mismatch("read buffers differ at byte %zu (bedrock 0x%02x, glibc 0x%02x), both read %" PRId64, i,
			 rbuf[B][i], rbuf[G][i], b->val);
	}
}

/* ------------------------------------------------------------ state checks */
/* F_GETFD and F_GETFL of every slot, in both worlds. */
static void check_flags(void)
{
	unsigned mask = 0;

	for (int s = 0; s < NSLOTS; s++) {
		int v[2][2], e[2][2];
		for (int w = 0; w < 2; w++) {
			errno = 0;
			v[w][0] = fcntl(home(w, s), F_GETFD);
			e[w][0] = errno;
			errno = 0;
			v[w][1] = fcntl(home(w, s), F_GETFL);
			e[w][1] = errno;
		}
		if (v[B][0] != v[G][0] || e[B][0] != e[G][0] || v[B][1] != v[G][1] || e[B][1] != e[G][1])
			mismatch("after it, slot %d: bedrock F_GETFD %d (%s) F_GETFL 0%o (%s); glibc F_GETFD %d (%s) "
				 "F_GETFL 0%o (%s)",
				 s, v[B][0], errname(e[B][0]), v[B][1], errname(e[B][1]), v[G][0], errname(e[G][0]),
				 v[G][1], errname(e[G][1]));
		if (v[G][0] >= 0)
			mask |= 1u << s;
	}
	open_mask = mask;
}

/* fstat, position, FIONREAD and inode sharing of every slot. */
static void check_deep(struct stat st[2][NSLOTS], bool ok[2][NSLOTS])
{
	for (int w = 0; w < 2; w++)
		for (int s = 0; s < NSLOTS; s++)
			ok[w][s] = fstat(home(w, s), &st[w][s]) == 0;
	for (int s = 0; s < NSLOTS; s++) {
		if (ok[B][s] != ok[G][s])
			mismatch("after it, slot %d is open only in the %s world", s, world_name[ok[B][s] ? B : G]);
		if (!ok[B][s])
			continue;
		struct stat *a = &st[B][s], *b = &st[G][s];
		if (a->st_mode != b->st_mode || a->st_size != b->st_size || a->st_nlink != b->st_nlink)
			mismatch("after it, slot %d: bedrock mode 0%o size %jd nlink %ju; glibc mode 0%o size %jd "
				 "nlink %ju",
				 s, a->st_mode, (intmax_t)a->st_size, (uintmax_t)a->st_nlink, b->st_mode,
				 (intmax_t)b->st_size, (uintmax_t)b->st_nlink);
		int alias[2] = {-1, -1};
		for (int w = 0; w < 2; w++)
			for (int t = 0; t < s && alias[w] < 0; t++)
				if (ok[w][t] && st[w][t].st_dev == st[w][s].st_dev && st[w][t].st_ino == st[w][s].st_ino)
					alias[w] = t;
		if (alias[B] != alias[G])
			mismatch("after it, slot %d shares its inode with slot %d (bedrock) / %d (glibc)", s, alias[B],
				 alias[G]);
		off_t pos[2];
		int pe[2], n[2], ne[2];
		for (int w = 0; w < 2; w++) {
			errno = 0;
			pos[w] = lseek(home(w, s), 0, SEEK_CUR);
			pe[w] = errno;
			n[w] = 0;
			errno = 0;
			ioctl(home(w, s), FIONREAD, &n[w]);
			ne[w] = errno;
		}
		if (pos[B] != pos[G] || pe[B] != pe[G] || n[B] != n[G] || ne[B] != ne[G])
			mismatch("after it, slot %d: bedrock position %jd (%s) FIONREAD %d (%s); glibc position %jd "
				 "(%s) FIONREAD %d (%s)",
				 s, (intmax_t)pos[B], errname(pe[B]), n[B], errname(ne[B]), (intmax_t)pos[G],
				 errname(pe[G]), n[G], errname(ne[G]));
	}
}

/* The data extents and bytes of a file, as one byte string. */
struct blob {
	unsigned char *p;
	size_t n, cap;
};

static void blob_add(struct blob *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			harness_fail("out of memory");
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

#define BLOB_MAX ((size_t)64 << 20)

static void read_file(int fd, struct blob *b)
{
	static unsigned char tmp[65536];
	off_t at = 0, hole;

	b->n = 0;
	while (b->n < BLOB_MAX && (at = lseek(fd, at, SEEK_DATA)) >= 0) {
		hole = lseek(fd, at, SEEK_HOLE);
		/* tmpfs answers SEEK_HOLE in the last page of a file of size
		 * 2^63 - 1 with 2^63 (INT64_MIN as off_t), not with the size. */
		if (hole <= at) {
			struct stat st;
			if (fstat(fd, &st) != 0 || st.st_size <= at)
				harness_fail("SEEK_HOLE at %jd gave %jd", (intmax_t)at, (intmax_t)hole);
			hole = st.st_size;
		}
		int64_t ext[2] = {at, hole};
		blob_add(b, ext, sizeof ext);
		while (at < hole && b->n < BLOB_MAX) {
			size_t want = (size_t)(hole - at) < sizeof tmp ? (size_t)(hole - at) : sizeof tmp;
			ssize_t got = pread(fd, tmp, want, at);
			if (got <= 0)
				break;
			blob_add(b, tmp, (size_t)got);
			at += got;
		}
		at = hole;
	}
}

static void drain_pipe(int fd, struct blob *b)
{
	static unsigned char tmp[65536];
	ssize_t got;

	b->n = 0;
	while ((got = read(fd, tmp, sizeof tmp)) > 0)
		blob_add(b, tmp, (size_t)got);
}

static void compare_blobs(const char *what, struct blob *b)
{
	if (b[B].n != b[G].n || memcmp(b[B].p, b[G].p, b[B].n) != 0) {
		size_t i = 0;
		while (i < b[B].n && i < b[G].n && b[B].p[i] == b[G].p[i])
			i++;
		mismatch("contents of %s differ: bedrock %zu bytes, glibc %zu bytes (extent headers and data), first "
			 "difference at %zu",
			 what, b[B].n, b[G].n, i);
	}
}

static struct blob blobs[2];

/* The contents of everything: files and memfds of the slots and the named
 * files (read), pipes (drained). */
static void check_contents(void)
{
	struct stat st[2][NSLOTS];
	bool ok[2][NSLOTS];
	char what[64];

	check_deep(st, ok);
	for (int s = 0; s < NSLOTS; s++) {
		if (!ok[G][s])
			continue;
		bool seen = false;
		for (int t = 0; t < s; t++)
			if (ok[G][t] && st[G][t].st_dev == st[G][s].st_dev && st[G][t].st_ino == st[G][s].st_ino)
				seen = true;
		if (seen || !(S_ISREG(st[G][s].st_mode) || S_ISFIFO(st[G][s].st_mode)))
			continue;
		int fds[2], errs[2];
		for (int w = 0; w < 2; w++) {
			char p[64];
			snprintf(p, sizeof p, "/proc/self/fd/%d", home(w, s));
			fds[w] = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			errs[w] = errno;
		}
		if ((fds[B] < 0) != (fds[G] < 0))
			mismatch("re-opening slot %d: bedrock %s, glibc %s", s, errname(fds[B] < 0 ? errs[B] : 0),
				 errname(fds[G] < 0 ? errs[G] : 0));
		if (fds[B] < 0)
			continue;
		for (int w = 0; w < 2; w++) {
			if (S_ISFIFO(st[G][s].st_mode))
				drain_pipe(fds[w], &blobs[w]);
			else
				read_file(fds[w], &blobs[w]);
			close(fds[w]);
		}
		snprintf(what, sizeof what, "slot %d (%s)", s, S_ISFIFO(st[G][s].st_mode) ? "pipe, drained" : "file");
		compare_blobs(what, blobs);
	}
	for (int i = 0; i < 3; i++) {
		int fds[2];
		for (int w = 0; w < 2; w++)
			fds[w] = openat(dirfd_w[w], paths[i], O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if ((fds[B] < 0) != (fds[G] < 0))
			mismatch("file %s exists only in the %s world", paths[i], world_name[fds[B] >= 0 ? B : G]);
		if (fds[B] < 0)
			continue;
		for (int w = 0; w < 2; w++) {
			read_file(fds[w], &blobs[w]);
			close(fds[w]);
		}
		snprintf(what, sizeof what, "file %s", paths[i]);
		compare_blobs(what, blobs);
	}
}

/* ---------------------------------------------------------------- running */
static void run_op(long index)
{
	struct res r[2];

	cur_index = index;
	describe();
	bool blk[2] = {may_block(B), may_block(G)};
	if (blk[B] != blk[G])
		mismatch("before it, it could block only in the %s world", world_name[blk[B] ? B : G]);
	if (is_writing(op.kind))
		for (size_t i = 0; i < BUFSZ; i++)
			wbuf[i] = (unsigned char)rnd();
	memset(rbuf, 0xa5, sizeof rbuf);
	for (int w = 0; w < 2; w++) {
		if (blk[w])
			arm(true);
		if (w == B)
			exec_b(&r[B]);
		else
			exec_g(&r[G]);
		if (blk[w])
			arm(false);
	}
	count_timed += blk[B];
	count_kind[op.kind]++;
	if (r[G].err) {
		count_err[op.kind]++;
		if (r[G].err > 0 && r[G].err <= BR_ERRNO_MAX)
			count_errno[r[G].err]++;
	}
	compare(&r[B], &r[G]);
	check_flags();
}

/* Runs one fixed operation (the set-up), generated by hand. */
static void setup_op(long index, enum kind k, unsigned flags, int path, int dst, int dst2, int src)
{
	memset(&op, 0, offsetof(struct op, iov_len));
	op.kind = k;
	op.flags = flags;
	op.path = path;
	op.mode = 0644;
	op.dir_world = true;
	op.dst = dst;
	op.dst2 = dst2;
	op.fd = (struct fdarg){src, 0};
	run_op(index);
}

static void make_dirs(void)
{
	const char *bases[] = {"/dev/shm", getenv("TMPDIR"), "/tmp"};
	char top[200];

	for (size_t i = 0; i < 3; i++) {
		if (!bases[i])
			continue;
		snprintf(top, sizeof top, "%s/bedrock-differential-XXXXXX", bases[i]);
		if (mkdtemp(top))
			break;
		top[0] = 0;
	}
	if (!top[0])
		harness_fail("no temporary directory");
	for (int w = 0; w < 2; w++) {
		snprintf(dirpath[w], sizeof dirpath[w], "%s/%s", top, world_name[w]);
		if (mkdir(dirpath[w], 0700) != 0)
			harness_fail("mkdir %s", dirpath[w]);
		dirfd_w[w] = open(dirpath[w], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd_w[w] < 0)
			harness_fail("open %s", dirpath[w]);
	}
}

static void remove_dirs(void)
{
	char top[256];

	for (int w = 0; w < 2; w++) {
		for (int i = 0; i < 3; i++)
			unlinkat(dirfd_w[w], paths[i], 0);
		close(dirfd_w[w]);
		rmdir(dirpath[w]);
	}
	snprintf(top, sizeof top, "%s", dirpath[0]);
	*strrchr(top, '/') = 0;
	rmdir(top);
}

static int run_seed(uint64_t seed, long nops)
{
	long blocks = (nops + BLOCK - 1) / BLOCK, done = 0, index = 0;

	cur_seed = seed;
	rng = seed;
	memset(count_kind, 0, sizeof count_kind);
	memset(count_err, 0, sizeof count_err);
	memset(count_errno, 0, sizeof count_errno);
	count_timed = 0;
	printf("# seed 0x%" PRIx64 ": %ld operations\n", seed, nops);
	make_dirs();
	for (int s = 0; s < NSLOTS; s++) {
		close(home(B, s));
		close(home(G, s));
	}
	check_flags();
	/* The same objects in both worlds, made by compared operations. */
	setup_op(index++, K_PIPE2, O_NONBLOCK, 0, 0, 1, -1);
	setup_op(index++, K_PIPE2, 0, 0, 2, 3, -1);
	setup_op(index++, K_MEMFD, 0, 0, 4, 0, -1);
	setup_op(index++, K_OPENAT, O_RDWR | O_CREAT | O_TRUNC, 0, 5, 0, -1);
	setup_op(index++, K_OPENAT, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 1, 6, 0, -1);
	setup_op(index++, K_DUP, 0, 0, 7, 0, 5);
	if (open_mask != 0xff)
		harness_fail("set-up left slots 0x%x open", open_mask);

	for (long blk = 0; blk < blocks; blk++) {
		long end = (blk + 1) * BLOCK < nops ? (blk + 1) * BLOCK : nops, first = done;
		while (done < end) {
			gen_op();
			run_op(index++);
			if (++done % DEEP_EVERY == 0) {
				struct stat st[2][NSLOTS];
				bool ok[2][NSLOTS];
				check_deep(st, ok);
			}
		}
		check_contents();
		printf("ok %d - seed 0x%" PRIx64 ": operations %ld-%ld agree (results, errno, read bytes, fd flags, "
		       "positions, contents)\n",
		       ++tap_n, seed, first, end - 1);
		fflush(stdout);
	}
	/* Closing everything leaves both worlds alike too. */
	cur_index = index;
	snprintf(op_text, sizeof op_text, "final: close every slot");
	check_contents();
	for (int s = 0; s < NSLOTS; s++) {
		br_owned_fd o = br_owned_fd_from_raw(home(B, s));
		br_close(&o);
		close(home(G, s));
	}
	check_flags();
	if (open_mask)
		mismatch("slots 0x%x still open", open_mask);
	printf("ok %d - seed 0x%" PRIx64 ": final contents agree, all slots closed\n", ++tap_n, seed);
	printf("# seed 0x%" PRIx64 ": %ld operations, %lu of them on blocking pipes under the timer\n#", seed, index,
	       count_timed);
	for (int k = 0; k < K_COUNT; k++)
		printf(" %s %lu/%lu", kind_name[k], count_kind[k] - count_err[k], count_kind[k]);
	printf(" (succeeded/run)\n# errors:");
	for (int e = 1; e <= BR_ERRNO_MAX; e++)
		if (count_errno[e])
			printf(" %s %lu", errname(e), count_errno[e]);
	printf("\n");
	fflush(stdout);
	remove_dirs();
	return 0;
}

static uint64_t parse_seed(const char *s)
{
	if (strcmp(s, "time") == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 40);
	}
	char *end;
	errno = 0;
	uint64_t v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "differential: bad seed \"%s\" (a number or \"time\")\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uint64_t seeds[2] = {DEFAULT_SEED, 0};
	int nseeds = 1;
	long nops = DEFAULT_OPS;
	const char *s = argc > 1 ? argv[1] : getenv("BR_DIFF_SEED");
	struct rlimit rl;

	if (s && *s) {
		seeds[1] = parse_seed(s);
		if (seeds[1] != seeds[0])
			nseeds = 2;
	}
	if ((s = getenv("BR_DIFF_OPS")) && *s)
		nops = atol(s);
	if (nops < 1)
		nops = 1;
	inject_pread = (s = getenv("BR_DIFF_INJECT")) && strcmp(s, "pread") == 0;
	memset(long_name, 'n', sizeof long_name - 1);

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%ld\n", nseeds * ((nops + BLOCK - 1) / BLOCK + 1));
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: a blocked call ends with EINTR */
	if (sigaction(SIGALRM, &sa, NULL) != 0)
		harness_fail("sigaction");
	/* Descriptor numbers above FD_LIMIT - 1 are invalid in both worlds. */
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max < FD_LIMIT)
		harness_fail("RLIMIT_NOFILE below %d", FD_LIMIT);
	rl.rlim_cur = FD_LIMIT;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		harness_fail("setrlimit");
	if (inject_pread)
		printf("# BR_DIFF_INJECT=pread: bedrock's pread reads at offset + 1 (must be caught)\n");
	for (int i = 0; i < nseeds; i++)
		run_seed(seeds[i], nops);
	return 0;
}
