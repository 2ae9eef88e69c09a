/* SPDX-License-Identifier: MIT */
/* fmt.h: br_fmt/br_vfmt are pure; the printing helpers issue exactly one
 * write of the whole output (past 4 KiB formatted in a mapping of its own);
 * the writer (a 1024-byte buffer here) writes only when its buffer is
 * full, when a write is at least the buffer's size, and when flushed. */
#include "trace.h"

static char wbuf[1024];

static size_t vfmt(char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = CALL(br_vfmt)(b, size, fmt, ap);
	va_end(ap);
	return n;
}

static br_errno vfprint(br_fd fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = CALL(br_vfprint)(fd, fmt, ap);
	va_end(ap);
	return e;
}

static br_errno writer_vfmt(br_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = CALL(br_writer_vfmt)(w, fmt, ap);
	va_end(ap);
	return e;
}

void trace_fmt(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	char small[64];
	br_writer w;

	SEG("br_fmt", "");
	USE(CALL(br_fmt)(small, sizeof small, "%d %s %p %x", 1234, "abc", (void *)small, 77u));
	SEG("br_vfmt", "");
	USE(vfmt(small, sizeof small, "%-10d|%5s", -5, "ab"));
	SEG("br_fprint", "write(60, *, 1011) = 1011");
	USE(CALL(br_fprint)(mem, "%1011d", 7));
	/* The write's buffer is the mapping, but qemu -strace prints mmap's
	 * result as its host address: "*" there. */
	SEG("br_fprint (over 4 KiB: formatted in a mapping)",
	    "mmap(0, 5012, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $fmtmap; "
	    "write(60, *, 5012) = 5012; munmap($fmtmap, 5012) = 0");
	USE(CALL(br_fprint)(mem, "%5012d", 8));
	SEG("br_vfprint", "write(60, *, 1013) = 1013");
	USE(vfprint(mem, "%1013s", "x"));
	SEG("setup: stdout and stderr to the memfd (saved at 63, 64)",
	    "dup3(1, 63, O_CLOEXEC) = 63; dup3(2, 64, O_CLOEXEC) = 64; dup3(60, 1, 0) = 1; dup3(60, 2, 0) = 2");
	USE(br_syscall3(BR_SYS_dup3, 1, 63, BR_O_CLOEXEC));
	USE(br_syscall3(BR_SYS_dup3, 2, 64, BR_O_CLOEXEC));
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 1, 0));
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 2, 0));
	SEG("br_print", "write(1, *, 1014) = 1014");
	USE(CALL(br_print)("%1014d", 9));
	SEG("br_eprint", "write(2, *, 1015) = 1015");
	USE(CALL(br_eprint)("%1015d", 10));
	SEG("setup: stdout and stderr back",
	    "dup3(63, 1, 0) = 1; dup3(64, 2, 0) = 2; close(63) = 0; close(64) = 0");
	USE(br_syscall3(BR_SYS_dup3, 63, 1, 0));
	USE(br_syscall3(BR_SYS_dup3, 64, 2, 0));
	USE(br_syscall1(BR_SYS_close, 63));
	USE(br_syscall1(BR_SYS_close, 64));
	SEG("br_writer_init", "");
	CALL(br_writer_init)(&w, mem, wbuf, sizeof wbuf);
	SEG("br_writer_write (buffered)", "");
	USE(CALL(br_writer_write)(&w, buf, 1000));
	SEG("br_writer_write (fills the buffer)", "write(60, *, 1024) = 1024");
	USE(CALL(br_writer_write)(&w, buf, 1016));
	SEG("br_writer_fmt (buffered)", "");
	USE(CALL(br_writer_fmt)(&w, "%17d", 11));
	/* 992 + 17 bytes were buffered: they go first, then the 1100 bytes. */
	SEG("br_writer_write (larger than the buffer: straight through)",
	    "write(60, *, 1009) = 1009; write(60, *, 1100) = 1100");
	USE(CALL(br_writer_write)(&w, buf, 1100));
	SEG("br_writer_vfmt (longer than the buffer)", "write(60, *, 1024) = 1024; write(60, *, 1024) = 1024");
	USE(writer_vfmt(&w, "%2100d", 12));
	SEG("br_writer_flush", "write(60, *, 52) = 52");
	USE(CALL(br_writer_flush)(&w));
	SEG("br_writer_flush (nothing buffered)", "");
	USE(CALL(br_writer_flush)(&w));
}
