/* SPDX-License-Identifier: MIT */
/* io.h, the helpers that loop: br_write_all and br_write_all_partial,
 * against short writes, EAGAIN, EFAULT, EPIPE and signals (io_common.h). */
#include "io_common.h"

static char wa_buf[1 << 20];

/* br_write_all / br_write_all_partial: everything arrives, short writes
 * are continued, and on error the count is exactly what reached the file. */
static void test_write_all(void)
{
	size_t n = 99;

	fill(wa_buf, sizeof wa_buf, 29);
	{
		br_owned_fd f BR_AUTOCLOSE = mfd();
		tap_errno(br_write_all(br_borrow(f), wa_buf, sizeof wa_buf), BR_OK, "write_all: 1 MiB to a memfd");
		tap_eq(size_of(f), sizeof wa_buf, "write_all: size 1 MiB");
		tap_eq(pos_of(f), sizeof wa_buf, "write_all: position 1 MiB");
		file_has(f, 0, wa_buf, sizeof wa_buf, "write_all: every byte arrived");
		tap_errno(br_write_all_partial(br_borrow(f), wa_buf, 100, &n), BR_OK, "write_all_partial: 100 more");
		tap_eq(n, 100, "write_all_partial: written 100");
		file_has(f, sizeof wa_buf, wa_buf, 100, "write_all_partial: the 100 bytes");
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(f), wa_buf, 0, &n), BR_OK, "write_all_partial: len 0");
		tap_eq(n, 0, "write_all_partial: written 0");
		tap_eq(size_of(f), sizeof wa_buf + 100, "write_all_partial: len 0 wrote nothing");
	}

	/* The kernel caps one write at MAX_RW_COUNT (INT_MAX rounded down to a
	 * page): a longer buffer takes two writes, which the loop must issue. */
	{
		size_t len = 0x80000000u + 2 * page, cap = 0x7fffffffu & ~(page - 1);
		void *p = 0;
		br_owned_fd null BR_AUTOCLOSE = open_path("/dev/null", BR_O_WRONLY);
		tap_errno(br_mmap(0, len, BR_PROT_READ, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &p),
			  BR_OK, "write_all: map 2 GiB + 2 pages (zero pages)");
		tap_errno(br_write(br_borrow(null), p, len, &n), BR_OK, "write: 2 GiB + 2 pages to /dev/null");
		tap_eq(n, cap, "write: one write is cut at MAX_RW_COUNT");
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(null), p, len, &n), BR_OK,
			  "write_all_partial: 2 GiB + 2 pages to /dev/null");
		tap_eq(n, len, "write_all_partial: all of it, over the short write");
		tap_errno(br_write_all(br_borrow(null), p, len), BR_OK, "write_all: 2 GiB + 2 pages to /dev/null");
		if (p)
			tap_errno(br_munmap(p, len), BR_OK, "write_all: unmap");
	}

	/* A non-blocking pipe takes what fits, then EAGAIN: the count is what
	 * the pipe holds. */
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(BR_O_NONBLOCK, &r, &w);
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(w), wa_buf, sizeof wa_buf, &n), BR_EAGAIN,
			  "write_all_partial: full O_NONBLOCK pipe is EAGAIN");
		tap_ok(n > 0 && n < sizeof wa_buf, "write_all_partial: part got through");
		tap_eq(pending(r), n, "write_all_partial: written equals what the pipe holds");
		tap_eq(drain(r, back, sizeof back), n, "write_all_partial: drained that much");
		tap_mem(back, wa_buf, n, "write_all_partial: the first bytes, in order");
		tap_errno(br_write_all(br_borrow(w), wa_buf, sizeof wa_buf), BR_EAGAIN, "write_all: EAGAIN too");
	}

	/* A buffer whose second page is unmapped: one page, then EFAULT. */
	{
		char *p = 0;
		br_owned_fd f BR_AUTOCLOSE = mfd();
		tap_errno(br_mmap(0, 2 * page, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
				  br_fd_from_raw(-1), 0, (void **)&p),
			  BR_OK, "write_all: map two pages");
		if (p) {
			fill(p, page, 31);
			tap_errno(br_munmap(p + page, page), BR_OK, "write_all: unmap the second page");
			n = 99;
			tap_errno(br_write_all_partial(br_borrow(f), p, 2 * page, &n), BR_EFAULT,
				  "write_all_partial: half-unmapped buffer is EFAULT");
			tap_eq(size_of(f), n, "write_all_partial: written equals the bytes in the file");
			file_has(f, 0, p, n, "write_all_partial: and they are the first bytes");
			if (tap_under_qemu() && n == 0)
				tap_skip("write_all_partial: exactly the mapped page got through",
					 "qemu-user checks the whole buffer before write(2) and issues none");
			else
				tap_eq(n, page, "write_all_partial: exactly the mapped page got through");
			tap_errno(br_write_all(br_borrow(f), p, 2 * page), BR_EFAULT, "write_all: EFAULT too");
			tap_errno(br_munmap(p, page), BR_OK, "write_all: unmap the first page");
		}
	}

	ebadf_all("write_all_partial", call_write_all);
	for (int i = 0; i < TAP_NBAD; i++)
		tap_errno(br_write_all(br_fd_from_raw(tap_bad_fd[i].raw), "a", 1), BR_EBADF,
			  tap_nm("write_all", tap_bad_fd[i].what, "EBADF"));
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(0, &r, &w);
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(r), "abc", 3, &n), BR_EBADF,
			  "write_all_partial: read end of a pipe is EBADF");
		tap_eq(n, 0, "write_all_partial: written 0 on EBADF");
	}
}

/* The slow reader of test_write_all_signals: a SIGALRM handler that takes
 * at most one 4 KiB pipeful per timer tick, so the writer keeps blocking
 * and its writes are cut short or interrupted (EINTR) by the signal. */
static char slow_got[256 * 1024];
static volatile size_t slow_len;
static volatile int slow_ticks;
static int slow_fd = -1;

static void slow_reader(int sig)
{
	size_t n;
	(void)sig;
	slow_ticks++;
	if (slow_len < sizeof slow_got &&
	    br_read(br_fd_from_raw(slow_fd), slow_got + slow_len, 4096, &n) == BR_OK)
		slow_len += n;
}

/* br_write_all against signals: EPIPE when the reader is gone (SIGPIPE
 * ignored), and every byte through a 4 KiB pipe whose reader is a timer
 * signal handler, over short writes and EINTR. */
static void test_write_all_signals(void)
{
	br_sigaction ign = {.flags = 0}, dfl = {.flags = 0}, slow = {.flags = 0};
	size_t n = 99;

	ign.handler = BR_SIG_IGN;
	dfl.handler = BR_SIG_DFL;
	slow.handler = slow_reader;
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &ign, 0), BR_OK, "write_all: ignore SIGPIPE");
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(0, &r, &w);
		br_close(&r);
		tap_errno(br_write_all_partial(br_borrow(w), "abc", 3, &n), BR_EPIPE,
			  "write_all_partial: reader closed is EPIPE");
		tap_eq(n, 0, "write_all_partial: written 0 on EPIPE");
	}
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &dfl, 0), BR_OK, "write_all: SIGPIPE back to default");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	/* F_SETPIPE_SZ (1031): the smallest pipe, one page. */
	tap_eq((uint64_t)br_syscall3(BR_SYS_fcntl, w.raw, 1031, 4096), 4096, "write_all: pipe shrunk to 4 KiB");
	tap_errno(br_ioctl_fionbio(br_borrow(r), true), BR_OK, "write_all: reader non-blocking (the handler must not block)");
	slow_fd = r.raw;
	slow_len = 0;
	slow_ticks = 0;
	fill(wa_buf, sizeof slow_got, 37);
	br_itimerval tick = {{0, 2000}, {0, 2000}}, off = {{0, 0}, {0, 0}};
	tap_errno(br_rt_sigaction(BR_SIGALRM, &slow, 0), BR_OK, "write_all: SIGALRM handler, no SA_RESTART");
	tap_errno(br_setitimer(BR_ITIMER_REAL, &tick, 0), BR_OK, "write_all: 2 ms ticks");
	br_errno e = br_write_all_partial(br_borrow(w), wa_buf, sizeof slow_got, &n);
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, 0), BR_OK, "write_all: ticks off");
	tap_errno(br_rt_sigaction(BR_SIGALRM, &dfl, 0), BR_OK, "write_all: SIGALRM back to default");
	tap_errno(e, BR_OK, "write_all_partial: 256 KiB through a 4 KiB pipe to a slow reader");
	tap_eq(n, sizeof slow_got, "write_all_partial: written is all of it");
	tap_ok(slow_ticks >= 32, "write_all: the writer was interrupted by many signals");
	size_t got = slow_len;
	got += drain(r, slow_got + got, sizeof slow_got - got);
	tap_eq(got, sizeof slow_got, "write_all: the reader got every byte");
	tap_mem(slow_got, wa_buf, sizeof slow_got, "write_all: in order, none lost or doubled");
	slow_fd = -1;
}

int main(int argc, char **argv, char **envp)
{
	static const struct io_group groups[] = {
		{test_write_all, "write_all"},
		{test_write_all_signals, "write_all with signals"},
	};

	(void)argc, (void)argv, (void)envp;
	return io_run(groups, sizeof groups / sizeof groups[0]);
}
