/* SPDX-License-Identifier: MIT */
/* fd.h (the three descriptor forms, close, BR_AUTOCLOSE) and the
 * descriptor operations of io.h: dup, dup2, dup3, fcntl F_GETFD/F_SETFD/
 * F_GETFL/F_SETFL/F_DUPFD_CLOEXEC, ioctl FIOCLEX/FIONCLEX/FIONBIO/FIONREAD.
 * Every answer is checked against what the kernel reports afterwards: which
 * numbers are open, their F_GETFD and F_GETFL flags, which open file a
 * number refers to (its bytes and inode) and the descriptors left open. */
#include "tap.h"

#define GIB (1ULL << 30)

/* The lowest number not open: what dup and open must hand out next. */
static int lowest_free(void)
{
	int i = 0;
	while (tap_fd_open(i))
		i++;
	return i;
}

/* A memfd holding content (so that which file a number refers to can be
 * told by reading it), positioned at 0. */
static br_owned_fd mfd_with(const char *content, unsigned flags)
{
	br_owned_fd m = BR_NO_FD;
	size_t len = tap_strlen(content), n = 0;

	tap_errno(br_memfd_create("bedrock-fd", flags, &m), BR_OK, "set-up: memfd_create");
	if (br_pwrite(br_borrow(m), content, len, 0, &n) || n != len)
		tap_ok(false, "set-up: fill the memfd");
	return m;
}

/* F_GETFD of raw, or 99 when F_GETFD fails. */
static unsigned fdflags(int raw)
{
	unsigned fl;
	return br_fcntl_getfd(br_fd_from_raw(raw), &fl) ? 99 : fl;
}

/* F_GETFL of raw, or ~0u when F_GETFL fails. */
static unsigned flflags(int raw)
{
	unsigned fl;
	return br_fcntl_getfl(br_fd_from_raw(raw), &fl) ? ~0u : fl;
}

static uint64_t inode_of(int raw)
{
	br_stat st;
	return br_fstat(br_fd_from_raw(raw), &st) ? 0 : st.st_ino;
}

static uint64_t pos_of(int raw)
{
	uint64_t p;
	return br_lseek(br_fd_from_raw(raw), 0, BR_SEEK_CUR, &p) ? UINT64_MAX : p;
}

/* Whether raw refers to the open file whose bytes start with want. */
static bool holds(int raw, const char *want, const char *name)
{
	char buf[32];
	size_t len = tap_strlen(want), n = 0;

	if (br_pread(br_fd_from_raw(raw), buf, len, 0, &n) || n != len)
		return tap_eq(n, len, name);
	return tap_mem(buf, want, len, name);
}

/* The three forms: constants, borrowing and the conversions round-trip. */
static void test_forms(void)
{
	tap_eq((uint64_t)BR_STDIN.raw, 0, "BR_STDIN is 0");
	tap_eq((uint64_t)BR_STDOUT.raw, 1, "BR_STDOUT is 1");
	tap_eq((uint64_t)BR_STDERR.raw, 2, "BR_STDERR is 2");
	tap_ok(BR_NO_FD.raw == -1, "BR_NO_FD holds -1");
	tap_ok(sizeof(br_fd) == sizeof(int) && sizeof(br_owned_fd) == sizeof(int), "both forms are one int");
	tap_ok(tap_fd_open(BR_STDOUT.raw), "BR_STDOUT is open (TAP goes there)");

	br_owned_fd m BR_AUTOCLOSE = mfd_with("forms", BR_MFD_CLOEXEC);
	br_fd b = br_borrow(m);
	tap_eq((uint64_t)b.raw, (uint64_t)m.raw, "br_borrow: the same number");
	holds(b.raw, "forms", "br_borrow: usable for I/O");
	tap_eq((uint64_t)br_fd_from_raw(m.raw).raw, (uint64_t)m.raw, "br_fd_from_raw: the same number");
	tap_eq((uint64_t)br_fd_from_raw(-1).raw, (uint64_t)-1, "br_fd_from_raw(-1) keeps -1");
	tap_eq((uint64_t)br_owned_fd_from_raw(m.raw).raw, (uint64_t)m.raw, "br_owned_fd_from_raw: the same number");

	/* into_raw then from_raw: ownership moves, the descriptor stays open. */
	int n = m.raw;
	int raw = br_owned_fd_into_raw(&m);
	tap_eq((uint64_t)raw, (uint64_t)n, "br_owned_fd_into_raw: returns the number");
	tap_ok(m.raw == -1, "br_owned_fd_into_raw: leaves BR_NO_FD");
	tap_ok(tap_fd_open(n), "br_owned_fd_into_raw: does not close");
	br_close(&m);
	tap_ok(tap_fd_open(n), "br_close of the emptied owner closes nothing");
	m = br_owned_fd_from_raw(raw);
	tap_eq((uint64_t)m.raw, (uint64_t)n, "br_owned_fd_from_raw: takes it back");
	holds(br_borrow(m).raw, "forms", "round trip: still the same file");
	br_owned_fd none = BR_NO_FD;
	tap_ok(br_owned_fd_into_raw(&none) == -1 && none.raw == -1, "br_owned_fd_into_raw of BR_NO_FD gives -1");
}

/* br_close and br_close_raw: closed afterwards, -1 left behind, a second
 * close harmless even after the number was reused. */
static void test_close(void)
{
	br_owned_fd a = mfd_with("a", 0);
	int n = a.raw;

	tap_ok(tap_fd_open(n), "br_close: open before");
	br_close(&a);
	tap_ok(!tap_fd_open(n), "br_close: closed after");
	tap_ok(a.raw == -1, "br_close: leaves raw -1");
	br_close(&a);
	tap_ok(a.raw == -1, "br_close twice: harmless");

	/* A stale copy closed again must not hit the number's next owner. */
	br_owned_fd c = mfd_with("c", 0);
	br_owned_fd stale = c;
	br_close(&c);
	br_owned_fd d BR_AUTOCLOSE = mfd_with("d", 0);
	tap_eq((uint64_t)d.raw, (uint64_t)stale.raw, "br_close: the number is free for reuse");
	br_close(&c);
	tap_ok(tap_fd_open(d.raw), "br_close of the emptied owner leaves the reused number open");
	holds(d.raw, "d", "and it is still the new file");

	br_owned_fd none = BR_NO_FD;
	br_close(&none);
	tap_ok(none.raw == -1, "br_close of BR_NO_FD: nothing happens");

	br_owned_fd r = mfd_with("r", 0);
	int rn = br_owned_fd_into_raw(&r);
	br_close_raw(rn);
	tap_ok(!tap_fd_open(rn), "br_close_raw: closes");
	br_close_raw(rn);
	br_close_raw(-1);
	br_close_raw(1 << 30);
	br_close_raw(INT32_MAX);
	tap_ok(true, "br_close_raw of closed, -1, 1<<30 and INT32_MAX returns");
	tap_ok(tap_fd_open(d.raw), "br_close_raw of bad numbers closed nothing else");
}

/* BR_AUTOCLOSE: closes at scope exit, unless ownership was given away. */
static void test_autoclose(void)
{
	int n, kept;
	{
		br_owned_fd a BR_AUTOCLOSE = mfd_with("auto", 0);
		n = a.raw;
		tap_ok(tap_fd_open(n), "BR_AUTOCLOSE: open inside the scope");
	}
	tap_ok(!tap_fd_open(n), "BR_AUTOCLOSE: closed at scope exit");
	{
		br_owned_fd a BR_AUTOCLOSE = mfd_with("kept", 0);
		kept = br_owned_fd_into_raw(&a);
	}
	tap_ok(tap_fd_open(kept), "BR_AUTOCLOSE after into_raw: left open");
	holds(kept, "kept", "BR_AUTOCLOSE after into_raw: same file");
	br_close_raw(kept);
	for (int i = 0; i < 3; i++) {
		br_owned_fd a BR_AUTOCLOSE = mfd_with("loop", 0);
		n = a.raw;
	}
	tap_ok(!tap_fd_open(n), "BR_AUTOCLOSE: closed on every loop iteration");
	{
		br_owned_fd none BR_AUTOCLOSE = BR_NO_FD;
		(void)none;
	}
	tap_ok(tap_fd_open(BR_STDOUT.raw), "BR_AUTOCLOSE of BR_NO_FD closed nothing");
}

/* dup: lowest free number, no close-on-exec, same open file; EBADF and
 * EMFILE leave BR_NO_FD. */
static void test_dup(void)
{
	br_owned_fd src BR_AUTOCLOSE = mfd_with("dup-src", BR_MFD_CLOEXEC);
	br_owned_fd d BR_AUTOCLOSE = {12345};
	int want = lowest_free();

	tap_errno(br_dup(br_borrow(src), &d), BR_OK, "dup: succeeds");
	tap_eq((uint64_t)d.raw, (uint64_t)want, "dup: the lowest free number");
	tap_eq(fdflags(d.raw), 0, "dup: no FD_CLOEXEC on the copy");
	tap_eq(fdflags(src.raw), BR_FD_CLOEXEC, "dup: the original keeps FD_CLOEXEC");
	tap_eq(inode_of(d.raw), inode_of(src.raw), "dup: same inode");
	/* One open file: the position and the status flags are shared. */
	char c;
	size_t n;
	tap_errno(br_read(br_borrow(d), &c, 1, &n), BR_OK, "dup: read 1 through the copy");
	tap_eq(pos_of(src.raw), 1, "dup: the original's position moved too");
	tap_errno(br_fcntl_setfl(br_borrow(d), BR_O_NONBLOCK), BR_OK, "dup: F_SETFL O_NONBLOCK on the copy");
	tap_ok(flflags(src.raw) & BR_O_NONBLOCK, "dup: the original sees O_NONBLOCK");
	br_owned_fd d2 BR_AUTOCLOSE = BR_NO_FD;
	want = lowest_free();
	tap_errno(br_dup(br_borrow(d), &d2), BR_OK, "dup: of a dup");
	tap_eq((uint64_t)d2.raw, (uint64_t)want, "dup: again the lowest free number");

	for (int i = 0; i < TAP_NBAD; i++) {
		br_owned_fd out = {12345};
		tap_errno(br_dup(br_fd_from_raw(tap_bad_fd[i].raw), &out), BR_EBADF, tap_nm("dup", tap_bad_fd[i].what, "EBADF"));
		tap_ok(out.raw == -1, tap_nm("dup", tap_bad_fd[i].what, "out is BR_NO_FD"));
	}

	/* An exhausted table: with RLIMIT_NOFILE at the lowest free number,
	 * every allowed number is taken. */
	br_rlimit old, low;
	if (tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &old), BR_OK, "dup: read RLIMIT_NOFILE")) {
		int free_now = lowest_free();
		low = (br_rlimit){(uint64_t)free_now, old.max};
		br_owned_fd out = {12345}, out2 = {12345};
		br_errno set = br_prlimit64(0, BR_RLIMIT_NOFILE, &low, 0);
		br_errno e = br_dup(br_borrow(src), &out);
		br_errno e2 = br_fcntl_dupfd_cloexec(br_borrow(src), 0, &out2);
		br_errno back = br_prlimit64(0, BR_RLIMIT_NOFILE, &old, 0);
		tap_errno(set, BR_OK, "dup: lower RLIMIT_NOFILE");
		tap_errno(e, BR_EMFILE, "dup: exhausted table is EMFILE");
		tap_ok(out.raw == -1, "dup: out is BR_NO_FD on EMFILE");
		tap_errno(e2, BR_EMFILE, "fcntl_dupfd_cloexec: exhausted table is EMFILE");
		tap_ok(out2.raw == -1, "fcntl_dupfd_cloexec: out is BR_NO_FD on EMFILE");
		tap_errno(back, BR_OK, "dup: restore RLIMIT_NOFILE");
		br_close(&out);
		br_close(&out2);
	}
}

/* dup2: the target keeps its number, refers to fd's file and loses
 * close-on-exec; dup2(fd, fd) checks fd only (emulated where the kernel has
 * no dup2); on error the target is untouched. */
static void test_dup2(void)
{
	br_owned_fd a BR_AUTOCLOSE = mfd_with("file-A", BR_MFD_CLOEXEC);
	br_owned_fd b BR_AUTOCLOSE = mfd_with("file-B", BR_MFD_CLOEXEC);
	int bn = b.raw;

	tap_errno(br_dup2(br_borrow(a), &b), BR_OK, "dup2: onto an open target");
	tap_eq((uint64_t)b.raw, (uint64_t)bn, "dup2: the target keeps its number");
	holds(b.raw, "file-A", "dup2: the target now reads file A");
	tap_eq(inode_of(b.raw), inode_of(a.raw), "dup2: same inode as the source");
	tap_eq(fdflags(b.raw), 0, "dup2: FD_CLOEXEC cleared on the target");
	tap_eq(fdflags(a.raw), BR_FD_CLOEXEC, "dup2: the source keeps FD_CLOEXEC");

	/* dup2(fd, fd) changes nothing, not even close-on-exec. */
	int an = a.raw;
	tap_errno(br_dup2(br_borrow(a), &a), BR_OK, "dup2(fd, fd): succeeds on an open fd");
	tap_eq((uint64_t)a.raw, (uint64_t)an, "dup2(fd, fd): same number");
	tap_eq(fdflags(a.raw), BR_FD_CLOEXEC, "dup2(fd, fd): FD_CLOEXEC untouched");
	holds(a.raw, "file-A", "dup2(fd, fd): still file A");
	for (int i = 0; i < TAP_NBAD; i++) {
		br_owned_fd t = {tap_bad_fd[i].raw};
		tap_errno(br_dup2(br_fd_from_raw(tap_bad_fd[i].raw), &t), BR_EBADF,
			  tap_nm("dup2(fd, fd)", tap_bad_fd[i].what, "EBADF"));
		tap_ok(t.raw == tap_bad_fd[i].raw && !tap_fd_open(tap_bad_fd[i].raw),
		       tap_nm("dup2(fd, fd)", tap_bad_fd[i].what, "nothing opened"));
	}

	br_owned_fd c BR_AUTOCLOSE = mfd_with("file-C", BR_MFD_CLOEXEC);
	int cn = c.raw;
	for (int i = 0; i < TAP_NBAD; i++) {
		tap_errno(br_dup2(br_fd_from_raw(tap_bad_fd[i].raw), &c), BR_EBADF, tap_nm("dup2", tap_bad_fd[i].what, "EBADF"));
		tap_ok(c.raw == cn, tap_nm("dup2", tap_bad_fd[i].what, "target number untouched"));
	}
	holds(c.raw, "file-C", "dup2: after EBADF the target still reads file C");
	tap_eq(fdflags(c.raw), BR_FD_CLOEXEC, "dup2: after EBADF the target keeps FD_CLOEXEC");
	for (int i = 1; i < TAP_NBAD; i++) {
		br_owned_fd t = {tap_bad_fd[i].raw};
		tap_errno(br_dup2(br_borrow(a), &t), BR_EBADF, tap_nm("dup2: target", tap_bad_fd[i].what, "EBADF"));
		tap_ok(t.raw == tap_bad_fd[i].raw, tap_nm("dup2: target", tap_bad_fd[i].what, "untouched"));
	}

	/* Onto a free number: it becomes open, on file A. */
	br_owned_fd t BR_AUTOCLOSE = {tap_bad_fd[0].raw};
	tap_errno(br_dup2(br_borrow(a), &t), BR_OK, "dup2: onto a closed number");
	tap_ok(t.raw == tap_bad_fd[0].raw && tap_fd_open(t.raw), "dup2: that number is open now");
	holds(t.raw, "file-A", "dup2: on file A");
	tap_eq(fdflags(t.raw), 0, "dup2: without FD_CLOEXEC");
}

/* dup3: like dup2 but BR_DUP_CLOEXEC sets close-on-exec, fd == target is
 * EINVAL (even for closed numbers), unknown flags are EINVAL. */
static void test_dup3(void)
{
	br_owned_fd a BR_AUTOCLOSE = mfd_with("file-A", 0);
	br_owned_fd b BR_AUTOCLOSE = mfd_with("file-B", 0);
	br_owned_fd c BR_AUTOCLOSE = mfd_with("file-C", BR_MFD_CLOEXEC);
	int bn = b.raw, cn = c.raw;

	tap_errno(br_dup3(br_borrow(a), &b, BR_DUP_CLOEXEC), BR_OK, "dup3: BR_DUP_CLOEXEC");
	tap_eq((uint64_t)b.raw, (uint64_t)bn, "dup3: the target keeps its number");
	holds(b.raw, "file-A", "dup3: the target now reads file A");
	tap_eq(fdflags(b.raw), BR_FD_CLOEXEC, "dup3: BR_DUP_CLOEXEC set FD_CLOEXEC");
	tap_eq(fdflags(a.raw), 0, "dup3: the source still without FD_CLOEXEC");
	tap_errno(br_dup3(br_borrow(a), &c, 0), BR_OK, "dup3: flags 0");
	holds(c.raw, "file-A", "dup3: flags 0 target reads file A");
	tap_eq(fdflags(c.raw), 0, "dup3: flags 0 cleared FD_CLOEXEC");
	tap_eq((uint64_t)c.raw, (uint64_t)cn, "dup3: flags 0 target keeps its number");

	tap_errno(br_dup3(br_borrow(a), &a, 0), BR_EINVAL, "dup3(fd, fd) is EINVAL");
	tap_errno(br_dup3(br_borrow(a), &a, BR_DUP_CLOEXEC), BR_EINVAL, "dup3(fd, fd, CLOEXEC) is EINVAL");
	tap_ok(tap_fd_open(a.raw) && fdflags(a.raw) == 0, "dup3(fd, fd): fd still open, flags unchanged");
	{
		br_owned_fd t = {tap_bad_fd[0].raw};
		tap_errno(br_dup3(br_fd_from_raw(tap_bad_fd[0].raw), &t, 0), BR_EINVAL,
			  "dup3(fd, fd) of a closed number is EINVAL (checked first)");
	}

	br_owned_fd d BR_AUTOCLOSE = mfd_with("file-D", BR_MFD_CLOEXEC);
	int dn = d.raw;
	static const unsigned bogus[] = {1u, BR_O_NONBLOCK, 0x80000000u, BR_DUP_CLOEXEC | 1u};
	static const char *bogus_name[] = {"flag 1", "flag O_NONBLOCK", "flag 0x80000000", "CLOEXEC|1"};
	for (int i = 0; i < 4; i++) {
		tap_errno(br_dup3(br_borrow(a), &d, bogus[i]), BR_EINVAL, tap_nm("dup3", bogus_name[i], "EINVAL"));
		tap_ok(d.raw == dn, tap_nm("dup3", bogus_name[i], "target number untouched"));
	}
	holds(d.raw, "file-D", "dup3: after EINVAL the target still reads file D");
	tap_eq(fdflags(d.raw), BR_FD_CLOEXEC, "dup3: after EINVAL the target keeps FD_CLOEXEC");

	for (int i = 0; i < TAP_NBAD; i++) {
		tap_errno(br_dup3(br_fd_from_raw(tap_bad_fd[i].raw), &d, 0), BR_EBADF,
			  tap_nm("dup3", tap_bad_fd[i].what, "EBADF"));
		tap_ok(d.raw == dn, tap_nm("dup3", tap_bad_fd[i].what, "target number untouched"));
	}
	holds(d.raw, "file-D", "dup3: after EBADF the target still reads file D");
	for (int i = 1; i < TAP_NBAD; i++) {
		br_owned_fd t = {tap_bad_fd[i].raw};
		tap_errno(br_dup3(br_borrow(a), &t, 0), BR_EBADF, tap_nm("dup3: target", tap_bad_fd[i].what, "EBADF"));
		tap_ok(t.raw == tap_bad_fd[i].raw, tap_nm("dup3: target", tap_bad_fd[i].what, "untouched"));
	}
	br_owned_fd t BR_AUTOCLOSE = {tap_bad_fd[0].raw};
	tap_errno(br_dup3(br_borrow(a), &t, BR_DUP_CLOEXEC), BR_OK, "dup3: onto a closed number");
	tap_ok(tap_fd_open(t.raw), "dup3: that number is open now");
	tap_eq(fdflags(t.raw), BR_FD_CLOEXEC, "dup3: with FD_CLOEXEC");
}

/* F_GETFD / F_SETFD: FD_CLOEXEC only; other bits refused, flags kept. */
static void test_getfd_setfd(void)
{
	br_owned_fd c BR_AUTOCLOSE = mfd_with("c", BR_MFD_CLOEXEC);
	br_owned_fd p BR_AUTOCLOSE = mfd_with("p", 0);
	unsigned fl = 77;

	tap_errno(br_fcntl_getfd(br_borrow(c), &fl), BR_OK, "fcntl_getfd: succeeds");
	tap_eq(fl, BR_FD_CLOEXEC, "fcntl_getfd: MFD_CLOEXEC memfd has FD_CLOEXEC");
	tap_errno(br_fcntl_getfd(br_borrow(p), &fl), BR_OK, "fcntl_getfd: plain memfd");
	tap_eq(fl, 0, "fcntl_getfd: plain memfd has none");

	tap_errno(br_fcntl_setfd(br_borrow(p), BR_FD_CLOEXEC), BR_OK, "fcntl_setfd: FD_CLOEXEC");
	tap_eq(fdflags(p.raw), BR_FD_CLOEXEC, "fcntl_setfd: F_GETFD shows FD_CLOEXEC");
	tap_errno(br_fcntl_setfd(br_borrow(p), 0), BR_OK, "fcntl_setfd: 0");
	tap_eq(fdflags(p.raw), 0, "fcntl_setfd: F_GETFD shows none");
	tap_eq(fdflags(c.raw), BR_FD_CLOEXEC, "fcntl_setfd: another descriptor untouched");

	/* The kernel would ignore unknown bits (and set FD_CLOEXEC from bit
	 * 0 of 3): bedrock refuses them so that a typo is not half-applied. */
	static const unsigned bogus[] = {2u, 3u, 0x80000000u, ~0u};
	static const char *bogus_name[] = {"2", "3 (FD_CLOEXEC|2)", "0x80000000", "~0"};
	for (int i = 0; i < 4; i++) {
		tap_errno(br_fcntl_setfd(br_borrow(p), bogus[i]), BR_EINVAL, tap_nm("fcntl_setfd", bogus_name[i], "EINVAL"));
		tap_eq(fdflags(p.raw), 0, tap_nm("fcntl_setfd", bogus_name[i], "flags unchanged (0)"));
		tap_errno(br_fcntl_setfd(br_borrow(c), bogus[i]), BR_EINVAL, tap_nm("fcntl_setfd", bogus_name[i], "EINVAL"));
		tap_eq(fdflags(c.raw), BR_FD_CLOEXEC, tap_nm("fcntl_setfd", bogus_name[i], "flags unchanged (CLOEXEC)"));
	}

	for (int i = 0; i < TAP_NBAD; i++) {
		fl = 77;
		tap_errno(br_fcntl_getfd(br_fd_from_raw(tap_bad_fd[i].raw), &fl), BR_EBADF,
			  tap_nm("fcntl_getfd", tap_bad_fd[i].what, "EBADF"));
		tap_eq(fl, 0, tap_nm("fcntl_getfd", tap_bad_fd[i].what, "flags 0"));
		tap_errno(br_fcntl_setfd(br_fd_from_raw(tap_bad_fd[i].raw), BR_FD_CLOEXEC), BR_EBADF,
			  tap_nm("fcntl_setfd", tap_bad_fd[i].what, "EBADF"));
	}
	tap_ok(!tap_fd_open(tap_bad_fd[0].raw), "fcntl_setfd: the closed number stayed closed");
}

/* F_GETFL / F_SETFL: access mode and status flags of the open file. */
static void test_getfl_setfl(void)
{
	br_owned_fd m BR_AUTOCLOSE = mfd_with("m", 0);
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	unsigned fl = 77;

	tap_errno(br_pipe2(BR_O_NONBLOCK | BR_O_CLOEXEC, &r, &w), BR_OK, "set-up: pipe2 O_NONBLOCK");
	tap_errno(br_fcntl_getfl(br_borrow(m), &fl), BR_OK, "fcntl_getfl: succeeds");
	tap_eq(fl & BR_O_ACCMODE, BR_O_RDWR, "fcntl_getfl: memfd is O_RDWR");
	tap_eq(fl & (BR_O_NONBLOCK | BR_O_APPEND), 0, "fcntl_getfl: memfd neither O_NONBLOCK nor O_APPEND");
	tap_eq(flflags(r.raw) & BR_O_ACCMODE, BR_O_RDONLY, "fcntl_getfl: pipe read end is O_RDONLY");
	tap_eq(flflags(w.raw) & BR_O_ACCMODE, BR_O_WRONLY, "fcntl_getfl: pipe write end is O_WRONLY");
	tap_ok(flflags(r.raw) & BR_O_NONBLOCK, "fcntl_getfl: pipe2 O_NONBLOCK shows");
	tap_ok(!(flflags(r.raw) & BR_O_CLOEXEC), "fcntl_getfl: O_CLOEXEC is not a status flag");

	tap_errno(br_fcntl_setfl(br_borrow(m), BR_O_APPEND | BR_O_NONBLOCK), BR_OK, "fcntl_setfl: O_APPEND|O_NONBLOCK");
	tap_eq(flflags(m.raw) & (BR_O_APPEND | BR_O_NONBLOCK), BR_O_APPEND | BR_O_NONBLOCK,
	       "fcntl_setfl: F_GETFL shows both");
	size_t n;
	tap_errno(br_write(br_borrow(m), "!", 1, &n), BR_OK, "fcntl_setfl: write at position 0");
	holds(m.raw, "m!", "fcntl_setfl: O_APPEND made it append");
	tap_errno(br_fcntl_setfl(br_borrow(m), BR_O_RDONLY), BR_OK, "fcntl_setfl: 0 (and access mode O_RDONLY)");
	fl = flflags(m.raw);
	tap_eq(fl & (BR_O_APPEND | BR_O_NONBLOCK), 0, "fcntl_setfl: both cleared");
	tap_eq(fl & BR_O_ACCMODE, BR_O_RDWR, "fcntl_setfl: the access mode cannot change");

	for (int i = 0; i < TAP_NBAD; i++) {
		fl = 77;
		tap_errno(br_fcntl_getfl(br_fd_from_raw(tap_bad_fd[i].raw), &fl), BR_EBADF,
			  tap_nm("fcntl_getfl", tap_bad_fd[i].what, "EBADF"));
		tap_eq(fl, 0, tap_nm("fcntl_getfl", tap_bad_fd[i].what, "flags 0"));
		tap_errno(br_fcntl_setfl(br_fd_from_raw(tap_bad_fd[i].raw), BR_O_APPEND), BR_EBADF,
			  tap_nm("fcntl_setfl", tap_bad_fd[i].what, "EBADF"));
	}
}

/* F_DUPFD_CLOEXEC: lowest free number >= min, with close-on-exec. */
static void test_dupfd_cloexec(void)
{
	br_owned_fd src BR_AUTOCLOSE = mfd_with("dupfd", 0);
	br_owned_fd d BR_AUTOCLOSE = {12345};
	int want = lowest_free();

	tap_errno(br_fcntl_dupfd_cloexec(br_borrow(src), 0, &d), BR_OK, "fcntl_dupfd_cloexec: min 0");
	tap_eq((uint64_t)d.raw, (uint64_t)want, "fcntl_dupfd_cloexec: min 0 gives the lowest free number");
	tap_eq(fdflags(d.raw), BR_FD_CLOEXEC, "fcntl_dupfd_cloexec: FD_CLOEXEC set");
	tap_eq(fdflags(src.raw), 0, "fcntl_dupfd_cloexec: the source still without");
	tap_eq(inode_of(d.raw), inode_of(src.raw), "fcntl_dupfd_cloexec: same inode");

	tap_ok(!tap_fd_open(100) && !tap_fd_open(101), "set-up: 100 and 101 are free");
	br_owned_fd h BR_AUTOCLOSE = BR_NO_FD, h2 BR_AUTOCLOSE = BR_NO_FD;
	tap_errno(br_fcntl_dupfd_cloexec(br_borrow(src), 100, &h), BR_OK, "fcntl_dupfd_cloexec: min 100");
	tap_eq((uint64_t)h.raw, 100, "fcntl_dupfd_cloexec: gives 100");
	tap_errno(br_fcntl_dupfd_cloexec(br_borrow(src), 100, &h2), BR_OK, "fcntl_dupfd_cloexec: min 100 again");
	tap_eq((uint64_t)h2.raw, 101, "fcntl_dupfd_cloexec: gives 101");
	tap_eq(fdflags(h2.raw), BR_FD_CLOEXEC, "fcntl_dupfd_cloexec: 101 has FD_CLOEXEC");

	br_rlimit lim = {0, 0};
	if (br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &lim))
		tap_ok(false, "set-up: read RLIMIT_NOFILE");
	static const int mins[] = {-1, INT32_MIN, INT32_MAX, 0};
	static const char *min_name[] = {"min -1", "min INT32_MIN", "min INT32_MAX", "min RLIMIT_NOFILE"};
	for (int i = 0; i < 4; i++) {
		int min = i == 3 ? (int)lim.cur : mins[i];
		br_owned_fd out = {12345};
		tap_errno(br_fcntl_dupfd_cloexec(br_borrow(src), min, &out), BR_EINVAL,
			  tap_nm("fcntl_dupfd_cloexec", min_name[i], "EINVAL"));
		tap_ok(out.raw == -1, tap_nm("fcntl_dupfd_cloexec", min_name[i], "out is BR_NO_FD"));
	}
	for (int i = 0; i < TAP_NBAD; i++) {
		br_owned_fd out = {12345};
		tap_errno(br_fcntl_dupfd_cloexec(br_fd_from_raw(tap_bad_fd[i].raw), 0, &out), BR_EBADF,
			  tap_nm("fcntl_dupfd_cloexec", tap_bad_fd[i].what, "EBADF"));
		tap_ok(out.raw == -1, tap_nm("fcntl_dupfd_cloexec", tap_bad_fd[i].what, "out is BR_NO_FD"));
	}
}

/* FIOCLEX / FIONCLEX: flip FD_CLOEXEC as F_GETFD sees it, nothing else. */
static void test_fioclex(void)
{
	br_owned_fd m BR_AUTOCLOSE = mfd_with("m", 0);
	br_owned_fd other BR_AUTOCLOSE = BR_NO_FD;
	unsigned fl_before = flflags(m.raw);

	tap_errno(br_dup(br_borrow(m), &other), BR_OK, "set-up: dup");
	tap_errno(br_ioctl_fioclex(br_borrow(m)), BR_OK, "ioctl_fioclex: succeeds");
	tap_eq(fdflags(m.raw), BR_FD_CLOEXEC, "ioctl_fioclex: F_GETFD shows FD_CLOEXEC");
	tap_errno(br_ioctl_fioclex(br_borrow(m)), BR_OK, "ioctl_fioclex: again");
	tap_eq(fdflags(m.raw), BR_FD_CLOEXEC, "ioctl_fioclex: still FD_CLOEXEC");
	tap_eq(fdflags(other.raw), 0, "ioctl_fioclex: a dup of it untouched (per descriptor)");
	tap_eq(flflags(m.raw), fl_before, "ioctl_fioclex: F_GETFL untouched");
	tap_errno(br_ioctl_fionclex(br_borrow(m)), BR_OK, "ioctl_fionclex: succeeds");
	tap_eq(fdflags(m.raw), 0, "ioctl_fionclex: F_GETFD shows none");
	tap_errno(br_ioctl_fionclex(br_borrow(m)), BR_OK, "ioctl_fionclex: again");
	tap_eq(fdflags(m.raw), 0, "ioctl_fionclex: still none");
	tap_eq(flflags(m.raw), fl_before, "ioctl_fionclex: F_GETFL untouched");

	for (int i = 0; i < TAP_NBAD; i++) {
		tap_errno(br_ioctl_fioclex(br_fd_from_raw(tap_bad_fd[i].raw)), BR_EBADF,
			  tap_nm("ioctl_fioclex", tap_bad_fd[i].what, "EBADF"));
		tap_errno(br_ioctl_fionclex(br_fd_from_raw(tap_bad_fd[i].raw)), BR_EBADF,
			  tap_nm("ioctl_fionclex", tap_bad_fd[i].what, "EBADF"));
	}
	/* ioctl does not work on O_PATH descriptors (the seed's Linux note). */
	br_owned_fd p BR_AUTOCLOSE = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, "/tmp", BR_O_PATH, 0, &p), BR_OK, "set-up: O_PATH descriptor");
	tap_errno(br_ioctl_fioclex(br_borrow(p)), BR_EBADF, "ioctl_fioclex: O_PATH is EBADF");
	tap_eq(fdflags(p.raw), 0, "ioctl_fioclex: O_PATH flags unchanged");
	tap_errno(br_ioctl_fionclex(br_borrow(p)), BR_EBADF, "ioctl_fionclex: O_PATH is EBADF");
}

/* FIONBIO: sets and clears O_NONBLOCK on the open file (seen by F_GETFL
 * and by a read that would block). */
static void test_fionbio(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD, d BR_AUTOCLOSE = BR_NO_FD;
	char c;
	size_t n = 99;

	tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "set-up: blocking pipe");
	tap_errno(br_dup(br_borrow(r), &d), BR_OK, "set-up: dup of the read end");
	tap_ok(!(flflags(r.raw) & BR_O_NONBLOCK), "ioctl_fionbio: blocking to start with");
	tap_errno(br_ioctl_fionbio(br_borrow(r), true), BR_OK, "ioctl_fionbio(true): succeeds");
	tap_ok(flflags(r.raw) & BR_O_NONBLOCK, "ioctl_fionbio(true): F_GETFL shows O_NONBLOCK");
	tap_ok(flflags(d.raw) & BR_O_NONBLOCK, "ioctl_fionbio(true): the dup shares it");
	tap_ok(!(flflags(w.raw) & BR_O_NONBLOCK), "ioctl_fionbio(true): the write end is another file");
	tap_errno(br_read(br_borrow(r), &c, 1, &n), BR_EAGAIN, "ioctl_fionbio(true): empty pipe read is EAGAIN");
	tap_eq(n, 0, "ioctl_fionbio(true): count 0");
	tap_errno(br_ioctl_fionbio(br_borrow(r), false), BR_OK, "ioctl_fionbio(false): succeeds");
	tap_ok(!(flflags(r.raw) & BR_O_NONBLOCK), "ioctl_fionbio(false): O_NONBLOCK cleared");
	tap_ok(!(flflags(d.raw) & BR_O_NONBLOCK), "ioctl_fionbio(false): cleared for the dup too");
	tap_errno(br_ioctl_fionbio(br_borrow(r), false), BR_OK, "ioctl_fionbio(false): again");
	tap_ok(!(flflags(r.raw) & BR_O_NONBLOCK), "ioctl_fionbio(false): still clear");
	tap_eq(flflags(r.raw) & BR_O_ACCMODE, BR_O_RDONLY, "ioctl_fionbio: access mode untouched");

	for (int i = 0; i < TAP_NBAD; i++) {
		tap_errno(br_ioctl_fionbio(br_fd_from_raw(tap_bad_fd[i].raw), true), BR_EBADF,
			  tap_nm("ioctl_fionbio", tap_bad_fd[i].what, "EBADF"));
	}
}

/* FIONREAD: exact bytes in a pipe, size minus position for a regular file
 * (widened as unsigned above 2 GiB), ENOTTY elsewhere. */
static void test_fionread(void)
{
	static char buf[1234];
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	uint64_t nb = 99;
	size_t n;

	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)i;
	tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "set-up: pipe");
	tap_errno(br_ioctl_fionread(br_borrow(r), &nb), BR_OK, "ioctl_fionread: empty pipe");
	tap_eq(nb, 0, "ioctl_fionread: 0 in an empty pipe");
	tap_errno(br_write_all(br_borrow(w), buf, sizeof buf), BR_OK, "set-up: 1234 bytes into the pipe");
	tap_errno(br_ioctl_fionread(br_borrow(r), &nb), BR_OK, "ioctl_fionread: pipe with data");
	tap_eq(nb, 1234, "ioctl_fionread: exactly 1234");
	tap_errno(br_read(br_borrow(r), buf, 234, &n), BR_OK, "set-up: read 234");
	tap_errno(br_ioctl_fionread(br_borrow(r), &nb), BR_OK, "ioctl_fionread: after a read");
	tap_eq(nb, 1000, "ioctl_fionread: 1000 left");

	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	uint64_t p;
	tap_errno(br_memfd_create("bedrock-fionread", BR_MFD_CLOEXEC, &m), BR_OK, "set-up: memfd");
	tap_errno(br_write_all(br_borrow(m), buf, 100), BR_OK, "set-up: 100 bytes");
	tap_errno(br_lseek(br_borrow(m), 30, BR_SEEK_SET, &p), BR_OK, "set-up: position 30");
	tap_errno(br_ioctl_fionread(br_borrow(m), &nb), BR_OK, "ioctl_fionread: regular file");
	tap_eq(nb, 70, "ioctl_fionread: size minus position is 70");
	tap_errno(br_ftruncate(br_borrow(m), 3 * GIB + 5), BR_OK, "set-up: ftruncate to 3 GiB + 5");
	tap_errno(br_lseek(br_borrow(m), 0, BR_SEEK_SET, &p), BR_OK, "set-up: position 0");
	tap_errno(br_ioctl_fionread(br_borrow(m), &nb), BR_OK, "ioctl_fionread: 3 GiB file");
	tap_eq(nb, 3 * GIB + 5, "ioctl_fionread: the kernel's int widened as unsigned");

	br_owned_fd null BR_AUTOCLOSE = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, "/dev/null", BR_O_RDONLY | BR_O_CLOEXEC, 0, &null), BR_OK,
		  "set-up: open /dev/null");
	nb = 99;
	tap_errno(br_ioctl_fionread(br_borrow(null), &nb), BR_ENOTTY, "ioctl_fionread: /dev/null is ENOTTY");
	tap_eq(nb, 0, "ioctl_fionread: 0 on ENOTTY");
	br_owned_fd op BR_AUTOCLOSE = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, "/tmp", BR_O_PATH, 0, &op), BR_OK, "set-up: O_PATH descriptor");
	tap_errno(br_ioctl_fionread(br_borrow(op), &nb), BR_EBADF, "ioctl_fionread: O_PATH is EBADF");
	for (int i = 0; i < TAP_NBAD; i++) {
		nb = 99;
		tap_errno(br_ioctl_fionread(br_fd_from_raw(tap_bad_fd[i].raw), &nb), BR_EBADF,
			  tap_nm("ioctl_fionread", tap_bad_fd[i].what, "EBADF"));
		tap_eq(nb, 0, tap_nm("ioctl_fionread", tap_bad_fd[i].what, "0"));
	}
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	int before = tap_open_fds();
	tap_ok(before >= 0, "set-up: /proc/self/fd readable");
	tap_bad_fd[0].raw = tap_closed_number();
	tap_ok(!tap_fd_open(tap_bad_fd[0].raw), "set-up: the closed number is not open");
	tap_group(test_forms, "forms");
	tap_group(test_close, "close");
	tap_group(test_autoclose, "BR_AUTOCLOSE");
	tap_group(test_dup, "dup");
	tap_group(test_dup2, "dup2");
	tap_group(test_dup3, "dup3");
	tap_group(test_getfd_setfd, "fcntl_getfd/setfd");
	tap_group(test_getfl_setfl, "fcntl_getfl/setfl");
	tap_group(test_dupfd_cloexec, "fcntl_dupfd_cloexec");
	tap_group(test_fioclex, "ioctl_fioclex/fionclex");
	tap_group(test_fionbio, "ioctl_fionbio");
	tap_group(test_fionread, "ioctl_fionread");
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "no descriptor leaked overall");
	return tap_done();
}
