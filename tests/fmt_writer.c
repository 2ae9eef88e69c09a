/* SPDX-License-Identifier: MIT */
/* bedrock/fmt.h's buffered writer: what reaches a pipe and when (nothing
 * until the buffer is full or flushed, exactly the buffer at a time, large
 * writes straight through in order), formatted output longer than the
 * buffer, a writer without a buffer, the first error kept (EBADF, EPIPE)
 * and later output dropped, and every byte through a 4 KiB pipe whose
 * reader is a timer signal handler, so that the writes are cut short and
 * interrupted (EINTR): none lost, none doubled. */
#include <bedrock/bedrock.h>
#include "tap.h"

static uint64_t pending(br_fd r)
{
	uint64_t n = 0;
	if (br_ioctl_fionread(r, &n))
		return (uint64_t)-1;
	return n;
}

static size_t take(br_fd r, char *b, size_t size)
{
	size_t got = 0, n;
	while (got < size && !br_read(r, b + got, size - got, &n) && n)
		got += n;
	return got;
}

static char got[300000];

static void test_buffering(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	char buf[64];
	br_writer wr;
	if (!tap_errno(br_pipe2(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w), BR_OK, "writer: pipe"))
		return;
	br_writer_init(&wr, br_borrow(w), buf, sizeof buf);
	tap_errno(br_writer_write(&wr, "hello ", 6), BR_OK, "writer: write 6 bytes");
	tap_errno(br_writer_fmt(&wr, "%s %d\n", "world", 42), BR_OK, "writer: fmt 9 bytes");
	tap_eq(pending(br_borrow(r)), 0, "writer: nothing written before the buffer fills");
	tap_errno(br_writer_flush(&wr), BR_OK, "writer: flush");
	size_t n = take(br_borrow(r), got, sizeof got);
	tap_ok(n == 15 && br_strncmp(got, "hello world 42\n", 15) == 0, "writer: flush wrote it all, in order");
	tap_errno(br_writer_flush(&wr), BR_OK, "writer: flush with nothing buffered");
	tap_eq(pending(br_borrow(r)), 0, "writer: ... writes nothing");

	/* 100 writes of 10 bytes through 64: whole buffers go out as it fills. */
	char ten[10];
	bool ok = true;
	for (int i = 0; i < 100; i++) {
		for (int j = 0; j < 10; j++)
			ten[j] = (char)('a' + (i + j) % 26);
		ok &= br_writer_write(&wr, ten, 10) == BR_OK;
		uint64_t p = pending(br_borrow(r));
		ok &= p == (uint64_t)(10 * (i + 1)) / 64 * 64;
	}
	tap_ok(ok, "writer: small writes: the pipe holds whole buffers only, as each fills");
	tap_errno(br_writer_flush(&wr), BR_OK, "writer: flush the rest");
	n = take(br_borrow(r), got, sizeof got);
	ok = n == 1000;
	for (int i = 0; i < 100 && ok; i++)
		for (int j = 0; j < 10; j++)
			ok &= got[10 * i + j] == (char)('a' + (i + j) % 26);
	tap_ok(ok, "writer: 1000 bytes, in order");

	/* A write of at least the buffer's size goes straight through, after what is buffered. */
	char big[200];
	for (int i = 0; i < 200; i++)
		big[i] = (char)i;
	tap_errno(br_writer_write(&wr, "xyz", 3), BR_OK, "writer: 3 bytes buffered");
	tap_errno(br_writer_write(&wr, big, sizeof big), BR_OK, "writer: 200 bytes (larger than the buffer)");
	tap_eq(pending(br_borrow(r)), 203, "writer: both written at once, nothing left buffered");
	n = take(br_borrow(r), got, sizeof got);
	tap_ok(n == 203 && got[0] == 'x' && got[2] == 'z' && tap_mem(got + 3, big, 200, "writer: large write's bytes"),
	       "writer: buffered bytes first, then the large write");

	/* Formatted output longer than the buffer. */
	tap_errno(br_writer_fmt(&wr, "[%300d]", 7), BR_OK, "writer: fmt of 302 bytes through a 64-byte buffer");
	tap_errno(br_writer_flush(&wr), BR_OK, "writer: flush");
	n = take(br_borrow(r), got, sizeof got);
	tap_ok(n == 302 && got[0] == '[' && got[1] == ' ' && got[299] == ' ' && got[300] == '7' && got[301] == ']',
	       "writer: 302 bytes, in order");

	/* Without a buffer every write goes straight through. */
	br_writer_init(&wr, br_borrow(w), 0, 100);
	tap_errno(br_writer_write(&wr, "ab", 2), BR_OK, "writer: no buffer: write");
	tap_eq(pending(br_borrow(r)), 2, "writer: no buffer: written at once");
	tap_errno(br_writer_fmt(&wr, "%d-%d", 1, 2), BR_OK, "writer: no buffer: fmt");
	tap_eq(pending(br_borrow(r)), 5, "writer: no buffer: fmt written at once");
	tap_errno(br_writer_flush(&wr), BR_OK, "writer: no buffer: flush");
	n = take(br_borrow(r), got, sizeof got);
	tap_ok(n == 5 && br_strncmp(got, "ab1-2", 5) == 0, "writer: no buffer: bytes");
}

static void test_errors(void)
{
	char buf[32];
	br_writer wr;
	br_writer_init(&wr, br_fd_from_raw(tap_bad_fd[0].raw), buf, sizeof buf);
	tap_errno(br_writer_write(&wr, "abc", 3), BR_OK, "writer: closed fd: buffered write succeeds");
	tap_errno(br_writer_flush(&wr), BR_EBADF, "writer: closed fd: flush is EBADF");
	tap_errno(br_writer_write(&wr, "abc", 3), BR_EBADF, "writer: the error is kept: write");
	tap_errno(br_writer_fmt(&wr, "%d", 1), BR_EBADF, "writer: the error is kept: fmt");
	tap_errno(br_writer_flush(&wr), BR_EBADF, "writer: the error is kept: flush again");
	for (int i = 1; i < TAP_NBAD; i++) {
		br_writer_init(&wr, br_fd_from_raw(tap_bad_fd[i].raw), buf, sizeof buf);
		tap_errno(br_writer_write(&wr, buf, sizeof buf), BR_EBADF, tap_nm("writer: a full buffer", tap_bad_fd[i].what, 0));
	}

	br_sigaction ign = {.flags = 0}, dfl = {.flags = 0};
	ign.handler = BR_SIG_IGN;
	dfl.handler = BR_SIG_DFL;
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &ign, 0), BR_OK, "writer: ignore SIGPIPE");
	{
		br_owned_fd r = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		if (tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "writer: pipe")) {
			br_close(&r);
			br_writer_init(&wr, br_borrow(w), buf, sizeof buf);
			tap_errno(br_writer_fmt(&wr, "%100d", 1), BR_EPIPE, "writer: reader gone: EPIPE when the buffer fills");
			tap_errno(br_writer_flush(&wr), BR_EPIPE, "writer: flush returns the kept EPIPE");
		}
	}
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &dfl, 0), BR_OK, "writer: SIGPIPE back to default");
}

/* The slow reader: a SIGALRM handler that takes at most one 4 KiB pipeful per tick. */
static volatile size_t slow_len;
static volatile int slow_ticks;
static int slow_fd = -1;

static void slow_reader(int sig)
{
	size_t n;
	(void)sig;
	slow_ticks++;
	if (slow_len < sizeof got && br_read(br_fd_from_raw(slow_fd), got + slow_len, 4096, &n) == BR_OK)
		slow_len += n;
}

static char want[sizeof got];

static void test_interrupted(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	br_sigaction slow = {.flags = 0}, dfl = {.flags = 0};
	static char buf[1000];
	br_writer wr;

	if (!tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "writer: pipe for the slow reader"))
		return;
	tap_eq((uint64_t)br_syscall3(BR_SYS_fcntl, w.raw, 1031, 4096), 4096, "writer: pipe shrunk to 4 KiB");
	tap_errno(br_ioctl_fionbio(br_borrow(r), true), BR_OK, "writer: reader non-blocking");
	slow_fd = r.raw;
	slow_len = 0;
	slow_ticks = 0;
	slow.handler = slow_reader;
	dfl.handler = BR_SIG_DFL;
	br_itimerval tick = {{0, 2000}, {0, 2000}}, off = {{0, 0}, {0, 0}};
	tap_errno(br_rt_sigaction(BR_SIGALRM, &slow, 0), BR_OK, "writer: SIGALRM handler, no SA_RESTART");
	/* The expected stream: numbered lines, some long. */
	size_t wl = 0;
	int lines = 0;
	while (wl < sizeof want - 3000) {
		size_t n = br_fmt(want + wl, sizeof want - wl, "line %d %*s|\n", lines, lines % 97 == 0 ? 2500 : lines % 13,
				  "x");
		wl += n;
		lines++;
	}
	br_writer_init(&wr, br_borrow(w), buf, sizeof buf);
	tap_errno(br_setitimer(BR_ITIMER_REAL, &tick, 0), BR_OK, "writer: 2 ms ticks");
	br_errno e = BR_OK;
	for (int i = 0; i < lines && !e; i++)
		e = br_writer_fmt(&wr, "line %d %*s|\n", i, i % 97 == 0 ? 2500 : i % 13, "x");
	if (!e)
		e = br_writer_flush(&wr);
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, 0), BR_OK, "writer: ticks off");
	tap_errno(br_rt_sigaction(BR_SIGALRM, &dfl, 0), BR_OK, "writer: SIGALRM back to default");
	tap_errno(e, BR_OK, "writer: every line through a 4 KiB pipe to a slow reader");
	tap_ok(slow_ticks >= 32, "writer: the writes were interrupted by many signals");
	size_t n = slow_len;
	n += take(br_borrow(r), got + n, sizeof got - n);
	tap_eq(n, wl, "writer: the reader got every byte");
	tap_mem(got, want, wl, "writer: in order, none lost or doubled");
	slow_fd = -1;
}

int main(void)
{
	tap_bad_fd[0].raw = tap_closed_number();
	tap_group(test_buffering, "buffering");
	tap_group(test_errors, "errors");
	tap_group(test_interrupted, "interrupted");
	return tap_done();
}
