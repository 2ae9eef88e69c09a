/* SPDX-License-Identifier: MIT */
/* Formatting and printing: snprintf's contract with glibc's output, byte
 * for byte (conversions d i u o x X c s p % e f g a E F G A, flags - + space
 * # 0 ', width and precision as numbers or *, lengths hh h l ll L q j z t),
 * printing helpers and a buffered writer. Not supported: positional
 * arguments (%1$d), %n (its pointer is consumed, nothing is stored), %m,
 * and wide characters (%lc prints the character's low byte, %ls prints its
 * specification literally). An unknown conversion is copied literally.
 *
 * Floating point is opt-in, so that a program that formats only integers
 * and strings carries none of its code: write BR_FMT_FLOAT; once at file
 * scope in any source file of the program (or link with -Wl,-u,br_fmt_float).
 * Without it a floating conversion consumes its argument and prints its
 * specification literally (e.g. "%.3f"). See docs/fmt.md. */
#ifndef BEDROCK_FMT_H
#define BEDROCK_FMT_H

#include <stdarg.h>
#include <bedrock/fd.h>

BR_BEGIN_DECLS

/* The compiler checks the format string and arguments as printf's (argument f is the format, a the first value, 0 for a va_list). */
#define BR_FMT_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

/* snprintf: writes at most size - 1 bytes of the output and a NUL (when size > 0); returns the full length, so a result >= size means it was truncated. */
size_t br_fmt(char *buf, size_t size, const char *fmt, ...) BR_FMT_PRINTF(3, 4);
/* vsnprintf: br_fmt with a va_list. */
size_t br_vfmt(char *buf, size_t size, const char *fmt, va_list ap) BR_FMT_PRINTF(3, 0);

/* Formats and writes the whole output to fd in one write(2) (looping only over a short write or EINTR, as br_write_all does); output beyond 4 KiB is formatted into a mapping made for it (mmap, write, munmap). */
BR_MUST_USE br_errno br_fprint(br_fd fd, const char *fmt, ...) BR_FMT_PRINTF(2, 3);
/* br_fprint with a va_list. */
BR_MUST_USE br_errno br_vfprint(br_fd fd, const char *fmt, va_list ap) BR_FMT_PRINTF(2, 0);
/* br_fprint to standard output. */
BR_MUST_USE br_errno br_print(const char *fmt, ...) BR_FMT_PRINTF(1, 2);
/* br_fprint to standard error. */
BR_MUST_USE br_errno br_eprint(const char *fmt, ...) BR_FMT_PRINTF(1, 2);

/* Buffered output over a descriptor into the caller's buffer (fields private); the first error is kept and later output dropped. */
typedef struct br_writer {
	int fd;
	br_errno err;
	char *buf;
	size_t size;
	size_t len;
} br_writer;

/* Starts a writer on fd with the size bytes at buf (size 0: every write goes straight through). */
void br_writer_init(br_writer *w, br_fd fd, void *buf, size_t size);
/* Buffers len bytes, writing out the buffer when full; len >= the buffer's size goes straight to fd after what is buffered. Returns the kept error (writes loop over short writes and EINTR). */
BR_MUST_USE br_errno br_writer_write(br_writer *w, const void *data, size_t len);
/* Formats into the writer as br_fmt would format, with no length limit; returns the kept error. */
BR_MUST_USE br_errno br_writer_fmt(br_writer *w, const char *fmt, ...) BR_FMT_PRINTF(2, 3);
/* br_writer_fmt with a va_list. */
BR_MUST_USE br_errno br_writer_vfmt(br_writer *w, const char *fmt, va_list ap) BR_FMT_PRINTF(2, 0);
/* Writes out what is buffered; returns the first error the writer met (BR_OK if none), which stays. */
BR_MUST_USE br_errno br_writer_flush(br_writer *w);

/* Defined by the floating-point formatter: what BR_FMT_FLOAT refers to, so that the linker takes it in. */
extern const char br_fmt_float;
/* Opt-in to floating-point conversions in br_fmt and friends: put this once at file scope in the program. */
#define BR_FMT_FLOAT \
	__attribute__((__used__)) static const char *const br__fmt_float_ref = &br_fmt_float

BR_END_DECLS

#endif
