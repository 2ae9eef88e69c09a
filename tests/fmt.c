/* SPDX-License-Identifier: MIT */
/* bedrock/fmt.h without floating point (this program does not say
 * BR_FMT_FLOAT): integers, characters, strings and pointers against
 * glibc's output (the expected strings were made by glibc 2.36's snprintf;
 * tests/differential/fmt.c compares a million random cases on x86_64),
 * snprintf's contract at every buffer size, a floating conversion without
 * the floating-point code, and the printing helpers: the bytes that reach
 * the descriptor, output past the 4 KiB stack buffer, errors. */
#include <bedrock/bedrock.h>
#include "tap.h"

static char out[8192];

static void check(size_t got_len, const char *want, const char *fmt)
{
	size_t wl = br_strlen(want);
	bool ok = got_len == wl && br_strcmp(out, want) == 0;
	if (!tap_ok(ok, tap_nm("fmt", fmt, want))) {
		tap_puts("#   got \"");
		tap_puts(out);
		tap_puts("\"\n");
	}
}

/* For formats the compiler would flag (unknown conversions): no format attribute here. */
static size_t unchecked(char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = br_vfmt(b, size, fmt, ap);
	va_end(ap);
	return n;
}

#define I(f, v, want) check(unchecked(out, sizeof out, f, v), want, f)

static void test_glibc_cases(void)
{
	I("%d", 0, "0");
	I("%d", -1, "-1");
	I("%d", 2147483647, "2147483647");
	I("%d", (-2147483647-1), "-2147483648");
	I("%i", 42, "42");
	I("%5d", 42, "   42");
	I("%-5d|", 42, "42   |");
	I("%05d", -42, "-0042");
	I("%+d", 7, "+7");
	I("% d", 7, " 7");
	I("%+ d", 7, "+7");
	I("%.3d", 7, "007");
	I("%.0d", 0, "");
	I("%8.3d", -7, "    -007");
	I("%-08.3d|", 7, "007     |");
	I("%08.3d", 7, "     007");
	I("%u", 4294967295u, "4294967295");
	I("%+u", 5, "5");
	I("% u", 5, "5");
	I("%o", 8, "10");
	I("%#o", 8, "010");
	I("%#o", 0, "0");
	I("%#.0o", 0, "0");
	I("%#.3o", 8, "010");
	I("%x", 255, "ff");
	I("%X", 255, "FF");
	I("%#x", 255, "0xff");
	I("%#X", 255, "0XFF");
	I("%#x", 0, "0");
	I("%#08x", 255, "0x0000ff");
	I("%#-8x|", 255, "0xff    |");
	I("%.0x", 0, "");
	I("%hhd", 255, "-1");
	I("%hhu", 257, "1");
	I("%hd", 65535, "-1");
	I("%hu", 65537, "1");
	I("%hx", -1, "ffff");
	I("%ld", -9223372036854775807L-1, "-9223372036854775808");
	I("%lu", 18446744073709551615UL, "18446744073709551615");
	I("%lld", 123456789012LL, "123456789012");
	I("%llx", 0xdeadbeefcafeULL, "deadbeefcafe");
	I("%lo", 01777777777777777777777UL, "1777777777777777777777");
	I("%zu", (size_t)-1, "18446744073709551615");
	I("%zd", (long)-5, "-5");
	I("%td", (long)-6, "-6");
	I("%jd", (long)-7, "-7");
	I("%jx", (unsigned long)-1, "ffffffffffffffff");
	I("%c", 'A', "A");
	I("%3c", 'A', "  A");
	I("%-3c|", 'A', "A  |");
	I("%05c", 'A', "    A");
	I("%s", "hello", "hello");
	I("%.3s", "hello", "hel");
	I("%8s", "hi", "      hi");
	I("%-8s|", "hi", "hi      |");
	I("%08s", "hi", "      hi");
	I("%.0s", "hi", "");
	I("%s", (char*)0, "(null)");
	I("%.5s", (char*)0, "");
	I("%.6s", (char*)0, "(null)");
	I("%10s", (char*)0, "    (null)");
	I("%p", (void*)0, "(nil)");
	I("%10p", (void*)0, "     (nil)");
	I("%-10p|", (void*)0, "(nil)     |");
	I("%p", (void*)0x1234, "0x1234");
	I("%+p", (void*)0x1234, "+0x1234");
	I("% p", (void*)0x1234, " 0x1234");
	I("%020p", (void*)0x1234, "0x000000000000001234");
	I("%.8p", (void*)0x1234, "0x00001234");
	I("%-12p|", (void*)0xffffffffffffffff, "0xffffffffffffffff|");
	I("%%%d", 5, "%5");
	I("%5%%d", 5, "%5");
	I("%'d", 1234567, "1234567");
	I("%y%d", 5, "%y5");
}

/* snprintf's contract: the full length back at every size; at most size - 1 bytes and a NUL; nothing past size. */
static void test_contract(void)
{
	static const char full[] = "value 12345 and text";
	char b[40];
	bool all = true;
	for (size_t size = 0; size <= sizeof full + 2; size++) {
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = '#';
		size_t n = br_fmt(b, size, "value %d and %s", 12345, "text");
		size_t stored = size ? (size - 1 < sizeof full - 1 ? size - 1 : sizeof full - 1) : 0;
		bool ok = n == sizeof full - 1;
		for (size_t i = 0; i < stored; i++)
			ok &= b[i] == full[i];
		if (size)
			ok &= b[stored] == 0;
		for (size_t i = size ? stored + 1 : 0; i < sizeof b; i++)
			ok &= b[i] == '#';
		all &= ok;
	}
	tap_ok(all, "fmt: every size from 0 to past the end: full length back, prefix and NUL stored, nothing beyond");
	tap_eq(br_fmt(0, 0, "%s%d", "abc", 123456), 9, "fmt: NULL buffer with size 0 measures");
	tap_eq(unchecked(b, sizeof b, ""), 0, "fmt: empty format");
	tap_ok(b[0] == 0, "fmt: empty format stores the NUL");
	char *big = out;
	size_t n = br_fmt(big, sizeof out, "%5000d|%-3000s|", 7, "x");
	tap_eq(n, 8002, "fmt: long output (widths 5000 and 3000)");
	tap_ok(big[4998] == ' ' && big[4999] == '7' && big[5000] == '|' && big[5001] == 'x' && big[5002] == ' ' &&
		       big[8000] == ' ' && big[8001] == '|' && big[8002] == 0,
	       "fmt: long output's bytes");
	tap_eq(br_fmt(b, sizeof b, "%d %d %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7, 8, 9), 17,
	       "fmt: nine arguments (some on the stack)");
	tap_ok(tap_streq(b, "1 2 3 4 5 6 7 8 9"), "fmt: nine arguments' text");
	tap_eq(br_fmt(b, sizeof b, "%*d|%-*d|%.*d", 5, 1, 4, 2, 3, 3), 14, "fmt: * width and precision");
	tap_ok(tap_streq(b, "    1|2   |003"), "fmt: * text");
	tap_eq(br_fmt(b, sizeof b, "%*d|%.*d", -4, 1, -1, 5), 6, "fmt: negative * width is '-', negative precision none");
	tap_ok(tap_streq(b, "1   |5"), "fmt: negative * text");
	long long big_ll = -9223372036854775807LL - 1;
	tap_eq(unchecked(b, sizeof b, "%lld|%hhd|%c%c", big_ll, 200, 'o', 'k'), 27, "fmt: mixed lengths in one format");
	tap_ok(tap_streq(b, "-9223372036854775808|-56|ok"), "fmt: mixed lengths' text");
	int stored = 5;
	tap_eq(unchecked(b, sizeof b, "a%nb%d", &stored, 3), 3, "fmt: %n stores nothing and consumes its pointer");
	tap_ok(tap_streq(b, "ab3") && stored == 5, "fmt: %n text, the int untouched");
	tap_eq(unchecked(b, sizeof b, "%ls|%d", (const char *)"wide", 4), 5, "fmt: %ls is printed literally, its pointer consumed");
	tap_ok(tap_streq(b, "%ls|4"), "fmt: %ls text");
	tap_eq(br_fmt(b, sizeof b, "%c", 0), 1, "fmt: %c of 0 is one NUL byte");
}

/* The floating-point formatter (internal), weak here as in fmt.c: null unless linked. */
extern const char br_fmt_float __attribute__((__weak__));

/* Without BR_FMT_FLOAT the floating-point code is not linked: the specification comes out literally and the next argument is still right. */
static void test_no_float(void)
{
	char b[64];
	tap_ok(&br_fmt_float == 0, "fmt: without BR_FMT_FLOAT the floating-point object is not linked");
	tap_eq(br_fmt(b, sizeof b, "%.3f|%d|%Le|%s", 1.5, 42, (long double)2, "end"), 15,
	       "fmt: without BR_FMT_FLOAT a float conversion is printed literally");
	tap_ok(tap_streq(b, "%.3f|42|%Le|end"), "fmt: ... and its argument consumed (double and long double)");
}

/* Reads what a pipe holds (non-blocking reader). */
static size_t take(br_fd r, char *b, size_t size)
{
	size_t got = 0, n;
	while (got < size && !br_read(r, b + got, size - got, &n) && n)
		got += n;
	return got;
}

static void test_print(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	char b[16384];
	if (!tap_errno(br_pipe2(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w), BR_OK, "print: pipe"))
		return;
	tap_errno(br_fprint(br_borrow(w), "%s=%d\n", "answer", 42), BR_OK, "fprint: to a pipe");
	size_t n = take(br_borrow(r), b, sizeof b);
	tap_ok(n == 10 && br_strncmp(b, "answer=42\n", 10) == 0, "fprint: the bytes arrived");
	tap_errno(br_fprint(br_borrow(w), "%9000d|", 5), BR_OK, "fprint: 9001 bytes (past the stack buffer)");
	n = take(br_borrow(r), b, sizeof b);
	tap_ok(n == 9001 && b[0] == ' ' && b[8999] == '5' && b[9000] == '|', "fprint: all 9001 bytes arrived");
	tap_errno(br_fprint(br_borrow(w), "%4095d", 1), BR_OK, "fprint: 4095 bytes");
	tap_eq(take(br_borrow(r), b, sizeof b), 4095, "fprint: 4095 bytes arrived");
	tap_errno(br_fprint(br_borrow(w), "%4096d", 1), BR_OK, "fprint: 4096 bytes (the stack buffer's limit)");
	tap_eq(take(br_borrow(r), b, sizeof b), 4096, "fprint: 4096 bytes arrived");
	tap_errno(br_fprint(br_borrow(w), "%4096d|", 1), BR_OK, "fprint: 4097 bytes (just past it)");
	n = take(br_borrow(r), b, sizeof b);
	tap_ok(n == 4097 && b[4095] == '1' && b[4096] == '|', "fprint: all 4097 bytes arrived");
	tap_errno(br_fprint(br_borrow(w), "%s", ""), BR_OK, "fprint: empty output");
	tap_eq(take(br_borrow(r), b, sizeof b), 0, "fprint: nothing arrived");
	tap_errno(br_fprint(br_borrow(r), "x"), BR_EBADF, "fprint: read end of a pipe is EBADF");
	for (int i = 0; i < TAP_NBAD; i++)
		tap_errno(br_fprint(br_fd_from_raw(tap_bad_fd[i].raw), "%d", i), BR_EBADF, tap_nm("fprint", tap_bad_fd[i].what, 0));

	/* br_print and br_eprint: stdout and stderr pointed at the pipe for a moment. */
	br_owned_fd save1 = BR_NO_FD, save2 = BR_NO_FD, one = br_owned_fd_from_raw(1), two = br_owned_fd_from_raw(2);
	if (br_fcntl_dupfd_cloexec(BR_STDOUT, 10, &save1) || br_fcntl_dupfd_cloexec(BR_STDERR, 10, &save2) ||
	    br_dup2(br_borrow(w), &one) || br_dup2(br_borrow(w), &two)) {
		tap_ok(false, "print: redirect stdout and stderr");
		return;
	}
	br_errno e1 = br_print("out %d\n", 1);
	br_errno e2 = br_eprint("err %d\n", 2);
	tap_errno(br_dup2(br_borrow(save1), &one), BR_OK, "print: stdout back");
	tap_errno(br_dup2(br_borrow(save2), &two), BR_OK, "print: stderr back");
	br_close(&save1);
	br_close(&save2);
	tap_errno(e1, BR_OK, "print: to stdout");
	tap_errno(e2, BR_OK, "eprint: to stderr");
	n = take(br_borrow(r), b, sizeof b);
	tap_ok(n == 12 && br_strncmp(b, "out 1\nerr 2\n", 12) == 0, "print, eprint: the bytes arrived, in order");
}

/* In a child: with the address space limited, output past the stack buffer cannot get its mapping: ENOMEM, and nothing is written. */
static void enomem_child(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	br_rlimit lim = {0, 0}, old;
	if (!tap_c_ok(br_pipe2(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w) == BR_OK, "fprint ENOMEM: pipe") ||
	    !tap_c_ok(br_prlimit64(0, 9 /* RLIMIT_AS */, 0, &old) == BR_OK, "fprint ENOMEM: read RLIMIT_AS"))
		return;
	/* Room for what is mapped now, not for 256 MiB more. */
	lim.cur = lim.max = 64u << 20;
	if (old.max < lim.max)
		lim.cur = lim.max = old.max;
	tap_c_errno(br_prlimit64(0, 9, &lim, 0), BR_OK, "fprint ENOMEM: RLIMIT_AS 64 MiB");
	tap_c_errno(br_fprint(br_borrow(w), "%268435456d", 1), BR_ENOMEM, "fprint: 256 MiB of output under a 64 MiB limit is ENOMEM");
	char c;
	size_t n = 9;
	tap_c_errno(br_read(br_borrow(r), &c, 1, &n), BR_EAGAIN, "fprint ENOMEM: nothing was written");
}

int main(void)
{
	tap_bad_fd[0].raw = tap_closed_number();
	test_glibc_cases();
	test_contract();
	test_no_float();
	tap_group(test_print, "print");
	if (tap_under_qemu())
		tap_skip("fprint ENOMEM under RLIMIT_AS", "qemu-user does not apply the guest's RLIMIT_AS to its mmap");
	else
		tap_in_child(enomem_child, "fprint ENOMEM: the child's checks ran, it exited 0");
	return tap_done();
}
