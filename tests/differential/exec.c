/* SPDX-License-Identifier: MIT */
/* The differential test's harness: one operation run in the bedrock world
 * (the inline wrappers) and in the glibc world, and the results compared. */
#include "differential.h"

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

bool is_writing(enum kind k)
{
	return k == K_WRITE || k == K_PWRITE || k == K_WRITEV || k == K_PWRITEV || k == K_PWRITEV2;
}

/* Can this operation block in world w? Only a stream read or write on a
 * pipe in blocking mode can (when empty, when full). Such an operation runs
 * with an interval timer armed (SIGALRM without SA_RESTART, every 1 ms), so
 * that it comes back with EINTR, or with the count it got through before it
 * had to wait. Nothing else touches the pipe meanwhile, so that result does
 * not depend on timing, and it is compared like any other. */
bool may_block(int w)
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

void on_alarm(int sig)
{
	(void)sig;
}

void arm(bool on)
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

void exec_b(struct res *r)
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

void exec_g(struct res *r)
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

void compare(const struct res *b, const struct res *g)
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
