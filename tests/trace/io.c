/* SPDX-License-Identifier: MIT */
/* io.h: counts 1001.., iovec counts 3..10, offsets 0xN23456789. The
 * preadv family passes the offset as pos_l (the whole 64-bit offset) and
 * pos_h (offset >> 32). */
#include "trace.h"

void trace_io(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	size_t n;

	SEG("br_write", "write(60, *, 1001) = 1001");
	USE(CALL(br_write)(mem, buf, 1001, &n));
	SEG("br_read", "read(60, *, 1003) = 0");
	USE(CALL(br_read)(mem, buf, 1003, &n));
	SEG("br_pwrite", "pwrite64(60, *, 1004, 0x223456789) = 1004");
	USE(CALL(br_pwrite)(mem, buf, 1004, 0x223456789u, &n));
	SEG("br_pread", "pread64(60, *, 1005, 0x123456789) = 1005");
	USE(CALL(br_pread)(mem, buf, 1005, 0x123456789u, &n));
	SEG("br_writev", "writev(60, *, 3) = 10 + 11 + 12");
	USE(CALL(br_writev)(mem, iov, 3, &n));
	SEG("br_readv", "readv(60, *, 4) = 10 + 11 + 12 + 13");
	USE(CALL(br_readv)(mem, iov, 4, &n));
	SEG("br_pwritev", "pwritev(60, *, 5, 0x323456789, 3) = 10 + 11 + 12 + 13 + 14");
	USE(CALL(br_pwritev)(mem, iov, 5, 0x323456789u, &n));
	SEG("br_preadv", "preadv(60, *, 6, 0x423456789, 4)");
	USE(CALL(br_preadv)(mem, iov, 6, 0x423456789u, &n));
	SEG("br_pwritev2", "pwritev2(60, *, 7, 0x523456789, 5, RWF_DSYNC)");
	USE(CALL(br_pwritev2)(mem, iov, 7, 0x523456789u, BR_RWF_DSYNC, &n));
	SEG("br_preadv2", "preadv2(60, *, 8, 0x623456789, 6, RWF_NOWAIT)");
	USE(CALL(br_preadv2)(mem, iov, 8, 0x623456789u, BR_RWF_NOWAIT, &n));
	/* UINT64_MAX means "the file position": both halves all ones. */
	SEG("br_pwritev2 (file position)", "pwritev2(60, *, 9, -1, 0xFFFFFFFF, RWF_SYNC)");
	USE(CALL(br_pwritev2)(mem, iov, 9, UINT64_MAX, BR_RWF_SYNC, &n));
	SEG("br_preadv2 (file position)", "preadv2(60, *, 10, -1, 0xFFFFFFFF, 0)");
	USE(CALL(br_preadv2)(mem, iov, 10, UINT64_MAX, 0, &n));
}

/* The one helper that loops, and only when a write is short. */
void trace_io_pipe(void)
{
	br_fd r = br_fd_from_raw(FD_PIPE_R), w = br_fd_from_raw(FD_PIPE_W);
	br_fd small_w = br_fd_from_raw(FD_SMALL_W);
	uint64_t avail;
	size_t n;

	/* Goes through in one write: exactly one write(2). */
	SEG("br_write_all", "write(51, *, 1009) = 1009");
	USE(CALL(br_write_all)(w, buf, 1009));
	SEG("br_ioctl_fionread", "ioctl(50, FIONREAD, *) = 0");
	USE(CALL(br_ioctl_fionread)(r, &avail));
	SEG("br_read (drain the pipe)", "read(50, *, 1009) = 1009");
	USE(CALL(br_read)(r, buf, 1009, &n));
	/* A pipe of one page, non-blocking: the first write is short, the loop
	 * writes the rest from where it stopped and stops at EAGAIN. */
	SEG("br_write_all (short write, then EAGAIN)",
	    "write(53, $p1, 70000) = $n1 > 0 < 70000; write(53, $p1 + $n1, 70000 - $n1) = -1 EAGAIN");
	USE(CALL(br_write_all)(small_w, buf, 70000));
	SEG("setup: drain the small pipe", "read(52, *, 70001)");
	USE(br_syscall3(BR_SYS_read, FD_SMALL_R, (long)buf, sizeof buf));
	SEG("br_write_all_partial (short write, then EAGAIN)",
	    "write(53, $p2, 70001) = $n2 > 0 < 70001; write(53, $p2 + $n2, 70001 - $n2) = -1 EAGAIN");
	USE(CALL(br_write_all_partial)(small_w, buf, 70001, &n));
}
