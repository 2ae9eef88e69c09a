/* SPDX-License-Identifier: MIT */
/* The differential test's operations: drawn from the seeded random
 * stream, with bad arguments among them, and described for a report. */
#include "differential.h"

const char *const kind_name[K_COUNT] = {
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

void gen_op(void)
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

void describe(void)
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
