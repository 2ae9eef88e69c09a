/* SPDX-License-Identifier: MIT */
/* net.h, the pure half: byte order, address constructors and their
 * lengths (Unix paths, abstract names), text both ways against what glibc's
 * inet_pton/inet_ntop accept and print (the expected strings were produced
 * by glibc 2.36; a random differential run of 3,000,000 inputs agreed),
 * br_sockaddr_parse with scope ids, br_sockaddr_format, br_sockaddr_equal,
 * and the control-message builders and parsers. No syscall here except
 * the close of surplus descriptors in br_cmsg_take_rights, checked with
 * real descriptors. */
#include "tap.h"

static void hex16(const char *hex, uint8_t out[16])
{
	for (int i = 0; i < 16; i++) {
		int hi = hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10;
		int lo = hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
}

static void test_byte_order(void)
{
	tap_eq(br_htons(0x1234), 0x3412, "htons swaps on a little-endian target");
	tap_eq(br_ntohs(br_htons(0xbeef)), 0xbeef, "ntohs undoes htons");
	tap_eq(br_htonl(0x01020304), 0x04030201, "htonl");
	tap_eq(br_ntohl(br_htonl(0xdeadbeef)), 0xdeadbeef, "ntohl undoes htonl");
	br_sockaddr_any a = br_sockaddr_inet(BR_INADDR_LOOPBACK, 8080);
	const uint8_t *b = (const uint8_t *)&a.in;
	static const uint8_t want[8] = {2, 0, 0x1f, 0x90, 127, 0, 0, 1};
	tap_mem(b, want, 8, "sockaddr_inet: family, port and address bytes as the kernel reads them");
	tap_eq(a.len, 16, "sockaddr_inet: length 16");
	tap_eq(br_sockaddr_port(&a), 8080, "sockaddr_port of IPv4");
	br_in6_addr lo = br_in6addr_loopback();
	a = br_sockaddr_inet6(&lo, 443, 7);
	tap_eq(a.len, 28, "sockaddr_inet6: length 28");
	tap_ok(a.in6.sin6_family == BR_AF_INET6 && a.in6.sin6_port == br_htons(443) && a.in6.sin6_scope_id == 7 &&
		       a.in6.sin6_addr.bytes[15] == 1 && a.in6.sin6_flowinfo == 0,
	       "sockaddr_inet6: fields");
	tap_eq(br_sockaddr_port(&a), 443, "sockaddr_port of IPv6");
	br_in6_addr any = br_in6addr_any();
	uint8_t zero[16] = {0};
	tap_mem(any.bytes, zero, 16, "in6addr_any is ::");
}

static const struct {
	const char *in, *out, *hex;
} v6_ok[] = {
	{"::", "::", "00000000000000000000000000000000"},
	{"::1", "::1", "00000000000000000000000000000001"},
	{"1::", "1::", "00010000000000000000000000000000"},
	{"::ffff:1.2.3.4", "::ffff:1.2.3.4", "00000000000000000000ffff01020304"},
	{"::1.2.3.4", "::1.2.3.4", "00000000000000000000000001020304"},
	{"1:0:0:2:0:0:0:3", "1:0:0:2::3", "00010000000000020000000000000003"},
	{"1:0:0:2:0:0:3:4", "1::2:0:0:3:4", "00010000000000020000000000030004"},
	{"fe80::1", "fe80::1", "fe800000000000000000000000000001"},
	{"2001:db8::ff00:42:8329", "2001:db8::ff00:42:8329", "20010db8000000000000ff0000428329"},
	{"0:0:0:0:0:1:0:0", "::1:0:0", "00000000000000000000000100000000"},
	{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "00010002000300040005000600070008"},
	{"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", "00010002000300040005000600070000"},
	{"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8", "00000002000300040005000600070008"},
	{"0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1", "00000001000000010000000100000001"},
	{"::0.0.0.2", "::2", "00000000000000000000000000000002"},
	{"::ffff:0.0.0.0", "::ffff:0.0.0.0", "00000000000000000000ffff00000000"},
	{"::fffe:1.2.3.4", "::fffe:102:304", "00000000000000000000fffe01020304"},
	{"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304", "00010002000300040005000601020304"},
	{"::0.1.0.0", "::0.1.0.0", "00000000000000000000000000010000"},
	{"ABCD:EF01::", "abcd:ef01::", "abcdef01000000000000000000000000"},
	{"0001:02:003::", "1:2:3::", "00010002000300000000000000000000"},
};

static const char *const v6_bad[] = {
	"1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", ":::", "12345::", "1.2.3.4", "::1.2.3", "::1.2.3.04",
	"::1.2.3.4:5", "g::", "1:2:3:4:5:6:7:1.2.3.4", "", "::%1", "1:2:3:4:5:6:7:8::", "::1 ", " ::1", "[::1]",
};

static const char *const v4_bad[] = {
	"256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "0x1.2.3.4", "1.2.3.4.5",
	"", "1.2.3.1000", "-1.2.3.4", "1.2.3.4/8",
};

static void test_text(void)
{
	char buf[BR_INET6_ADDRSTRLEN];
	br_in6_addr a;
	br_in_addr a4;
	uint8_t want[16];
	int ok_parse = 0, ok_print = 0, ok_bad = 0;
	size_t n6 = sizeof v6_ok / sizeof v6_ok[0];
	size_t nb6 = sizeof v6_bad / sizeof v6_bad[0], nb4 = sizeof v4_bad / sizeof v4_bad[0];

	for (size_t i = 0; i < n6; i++) {
		hex16(v6_ok[i].hex, want);
		if (br_inet_pton6(v6_ok[i].in, &a) == BR_OK && __builtin_memcmp(a.bytes, want, 16) == 0)
			ok_parse++;
		else
			tap_diag(tap_nm("inet_pton6 differs from glibc on", v6_ok[i].in, 0));
		size_t len = br_inet_ntop6(&a, buf);
		if (tap_streq(buf, v6_ok[i].out) && len == tap_strlen(buf))
			ok_print++;
		else
			tap_diag(tap_nm("inet_ntop6 differs from glibc, printed", buf, v6_ok[i].out));
	}
	tap_eq((uint64_t)ok_parse, n6, "inet_pton6 gives glibc's bytes for every valid text");
	tap_eq((uint64_t)ok_print, n6, "inet_ntop6 prints what glibc prints (:: compression, embedded IPv4)");
	for (size_t i = 0; i < nb6; i++) {
		a.bytes[0] = 0x55;
		if (br_inet_pton6(v6_bad[i], &a) == BR_EINVAL && a.bytes[0] == 0)
			ok_bad++;
		else
			tap_diag(tap_nm("inet_pton6 accepted what glibc refuses", v6_bad[i], 0));
	}
	tap_eq((uint64_t)ok_bad, nb6, "inet_pton6 refuses (EINVAL, out ::) every text glibc refuses");

	ok_bad = 0;
	for (size_t i = 0; i < nb4; i++) {
		a4.s_addr = 5;
		if (br_inet_pton4(v4_bad[i], &a4) == BR_EINVAL && a4.s_addr == 0)
			ok_bad++;
		else
			tap_diag(tap_nm("inet_pton4 accepted what glibc refuses", v4_bad[i], 0));
	}
	tap_eq((uint64_t)ok_bad, nb4, "inet_pton4 refuses leading zeros, missing or extra parts, spaces, > 255");
	tap_errno(br_inet_pton4("192.168.0.255", &a4), BR_OK, "inet_pton4 192.168.0.255");
	tap_eq(a4.s_addr, br_htonl(0xc0a800ff), "in network byte order");
	tap_eq(br_inet_ntop4(&a4, buf), 13, "inet_ntop4 length");
	tap_ok(tap_streq(buf, "192.168.0.255"), "inet_ntop4 text");
	tap_errno(br_inet_pton4("0.0.0.0", &a4), BR_OK, "inet_pton4 0.0.0.0");
	a4.s_addr = 0xffffffffu;
	tap_eq(br_inet_ntop4(&a4, buf), 15, "inet_ntop4 of 255.255.255.255 fills BR_INET_ADDRSTRLEN - 1");
	hex16("ffffffffffffffffffffffffffffffff", a.bytes);
	tap_eq(br_inet_ntop6(&a, buf), 39, "the longest IPv6 text fits");
	hex16("0000000000000000000000ffffffffff", a.bytes);
	hex16("00000000000000000000ffffffffffff", a.bytes);
	tap_eq(br_inet_ntop6(&a, buf), 22, "::ffff:255.255.255.255 fits");
}

static void test_parse_format(void)
{
	br_sockaddr_any a, b;
	char buf[BR_SOCKADDR_STRLEN];

	tap_errno(br_sockaddr_parse("10.1.2.3", 80, &a), BR_OK, "sockaddr_parse IPv4");
	tap_ok(a.in.sin_family == BR_AF_INET && a.len == 16 && a.in.sin_addr.s_addr == br_htonl(0x0a010203),
	       "as an AF_INET address");
	tap_eq(br_sockaddr_format(&a, buf, sizeof buf), 11, "format length");
	tap_ok(tap_streq(buf, "10.1.2.3:80"), "format a.b.c.d:port");
	tap_errno(br_sockaddr_parse("fe80::1%42", 65535, &a), BR_OK, "sockaddr_parse with a numeric scope id");
	tap_ok(a.in6.sin6_family == BR_AF_INET6 && a.in6.sin6_scope_id == 42 && a.len == 28 &&
		       br_sockaddr_port(&a) == 65535,
	       "family, scope, port");
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "[fe80::1%42]:65535"), "format [v6%scope]:port");
	tap_errno(br_sockaddr_parse("::1", 1, &a), BR_OK, "sockaddr_parse ::1");
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "[::1]:1"), "format [::1]:1 (no scope)");
	tap_errno(br_sockaddr_parse("::1%", 1, &a), BR_EINVAL, "an empty scope is EINVAL");
	tap_errno(br_sockaddr_parse("::1%eth0", 1, &a), BR_EINVAL, "a scope by name is EINVAL (numeric only)");
	tap_errno(br_sockaddr_parse("::1%4294967296", 1, &a), BR_EINVAL, "a scope beyond 32 bits is EINVAL");
	tap_errno(br_sockaddr_parse("::1%4294967295", 1, &a), BR_OK, "scope 2^32-1");
	tap_eq(br_sockaddr_format(&a, buf, sizeof buf), tap_strlen("[::1%4294967295]:1"), "and its text");
	tap_errno(br_sockaddr_parse("1.2.3.4%1", 1, &a), BR_EINVAL, "no scope on IPv4");
	tap_errno(br_sockaddr_parse("localhost", 1, &a), BR_EINVAL, "no name lookup");
	tap_eq(a.len, 0, "out is zeroed on error");

	/* Truncation: the whole length comes back, the text is cut and ends. */
	br_sockaddr_parse("10.1.2.3", 80, &a) == BR_OK ? (void)0 : (void)tap_ok(false, "parse");
	tap_eq(br_sockaddr_format(&a, buf, 5), 11, "format into 5 bytes still returns 11");
	tap_ok(tap_streq(buf, "10.1"), "and writes 4 bytes and a NUL");
	buf[0] = 'x';
	tap_eq(br_sockaddr_format(&a, buf, 0), 11, "format into 0 bytes writes nothing");
	tap_eq((uint64_t)buf[0], 'x', "not even the NUL");

	tap_errno(br_sockaddr_unix_abstract("a\0b\x01", 4, &a), BR_OK, "abstract name with a 0 byte inside");
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "@a\\x00b\\x01"), "formats as @ with \\xHH escapes");
	tap_errno(br_sockaddr_unix("/run/x.sock", &a), BR_OK, "unix path");
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "/run/x.sock"), "formats as the path");
	a.len = 2;
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "(unnamed)"), "family alone formats as (unnamed)");
	a.sa.sa_family = 16;
	br_sockaddr_format(&a, buf, sizeof buf);
	tap_ok(tap_streq(buf, "(family 16)"), "other families by number");

	br_sockaddr_parse("::1", 9, &a) == BR_OK ? (void)0 : (void)tap_ok(false, "parse");
	b = a;
	tap_ok(br_sockaddr_equal(&a, &b), "equal to a copy");
	b.in6.sin6_scope_id = 1;
	tap_ok(!br_sockaddr_equal(&a, &b), "the scope matters");
	b = a;
	b.in6.sin6_port = 1;
	tap_ok(!br_sockaddr_equal(&a, &b), "the port matters");
	b = br_sockaddr_inet(1, 9);
	tap_ok(!br_sockaddr_equal(&a, &b), "the family matters");
	a = br_sockaddr_inet(1, 9);
	b.in.br__zero[3] = 7;
	tap_ok(br_sockaddr_equal(&a, &b), "IPv4 padding does not matter");
	(void)!br_sockaddr_unix_abstract("ab", 2, &a);
	(void)!br_sockaddr_unix_abstract("abc", 3, &b);
	tap_ok(!br_sockaddr_equal(&a, &b), "abstract names of different lengths differ");
	(void)!br_sockaddr_unix_abstract("ab", 2, &b);
	tap_ok(br_sockaddr_equal(&a, &b), "equal abstract names");
}

static void test_unix_lengths(void)
{
	char path[120];
	br_sockaddr_any a;

	tap_errno(br_sockaddr_unix("/tmp/s", &a), BR_OK, "unix path");
	tap_eq(a.len, 2 + 6 + 1, "length = family + path + NUL");
	tap_ok(a.un.sun_path[6] == 0, "NUL-terminated");
	for (int i = 0; i < 107; i++)
		path[i] = 'p';
	path[107] = 0;
	tap_errno(br_sockaddr_unix(path, &a), BR_OK, "107-byte path");
	tap_eq(a.len, 110, "107 bytes and the NUL fill sun_path: length 110");
	path[107] = 'q';
	path[108] = 0;
	tap_errno(br_sockaddr_unix(path, &a), BR_OK, "108-byte path (no room for a NUL: Linux takes it)");
	tap_eq(a.len, 110, "length 110, no NUL");
	tap_ok(a.un.sun_path[107] == 'q', "the last byte is the path's");
	path[108] = 'r';
	path[109] = 0;
	tap_errno(br_sockaddr_unix(path, &a), BR_ENAMETOOLONG, "109-byte path is ENAMETOOLONG");
	tap_ok(a.len == 2 && a.un.sun_family == BR_AF_UNIX, "out is the unnamed address");
	tap_errno(br_sockaddr_unix("", &a), BR_EINVAL, "empty path is EINVAL");
	tap_errno(br_sockaddr_unix_abstract("srv", 3, &a), BR_OK, "abstract name");
	tap_ok(a.len == 2 + 1 + 3 && a.un.sun_path[0] == 0 && a.un.sun_path[1] == 's',
	       "length = family + 0 byte + name, no NUL");
	tap_errno(br_sockaddr_unix_abstract(path, 107, &a), BR_OK, "107-byte abstract name");
	tap_eq(a.len, 110, "fills the address");
	tap_errno(br_sockaddr_unix_abstract(path, 108, &a), BR_ENAMETOOLONG, "108-byte abstract name is ENAMETOOLONG");
	tap_errno(br_sockaddr_unix_abstract(0, 0, &a), BR_OK, "empty abstract name");
	tap_eq(a.len, 3, "is the 0 byte alone");
}

static void test_cmsg(void)
{
	size_t control[64];
	br_fd fds[3] = {{10}, {11}, {12}};
	br_msghdr msg = {0, 0, 0, 0, control, 0, 0};

	tap_eq(BR_CMSG_LEN(12), 28, "CMSG_LEN(12) is 16 + 12");
	tap_eq(BR_CMSG_SPACE(12), 32, "CMSG_SPACE(12) is 16 + 16");
	tap_eq(br_cmsg_put_rights(control, sizeof control, fds, 3), 32, "put_rights of 3 takes CMSG_SPACE(12)");
	br_cmsghdr *c = (br_cmsghdr *)(void *)control;
	tap_ok(c->len == 28 && c->level == BR_SOL_SOCKET && c->type == BR_SCM_RIGHTS, "header");
	int got[3];
	__builtin_memcpy(got, br_cmsg_data(c), sizeof got);
	tap_ok(got[0] == 10 && got[1] == 11 && got[2] == 12, "the descriptors follow the header");
	tap_eq(br_cmsg_put_rights(control, 31, fds, 3), 0, "put_rights into too small a buffer writes nothing");
	tap_eq(br_cmsg_put_rights(control, sizeof control, fds, 0), 0, "put_rights of none");
	tap_eq(br_cmsg_put_rights(control, sizeof control, fds, BR_SCM_MAX_FD + 1), 0, "more than SCM_MAX_FD");

	br_ucred cred = {1, 2, 3}, back = {0, 0, 0};
	size_t used = br_cmsg_put_rights(control, sizeof control, fds, 1);
	used += br_cmsg_put_creds((char *)control + used, sizeof control - used, &cred);
	tap_eq(used, 24 + 32, "rights then creds: 24 + 32 bytes");
	msg.controllen = used;
	tap_ok(br_cmsg_firsthdr(&msg) == c, "firsthdr");
	br_cmsghdr *d = br_cmsg_nxthdr(&msg, c);
	tap_ok(d && d->type == BR_SCM_CREDENTIALS && d->len == 28, "nxthdr finds the credentials");
	tap_ok(d && !br_cmsg_nxthdr(&msg, d), "and nothing after");
	tap_ok(br_cmsg_creds(&msg, &back) && back.pid == 1 && back.uid == 2 && back.gid == 3, "cmsg_creds reads them");
	msg.controllen = 24;
	tap_ok(!br_cmsg_creds(&msg, &back), "no credentials in a buffer cut before them");
	msg.controllen = 15;
	tap_ok(!br_cmsg_firsthdr(&msg), "no header fits in 15 bytes");
	/* One message of CMSG_LEN(4) = 20 bytes in a buffer of 20: its
	 * padding runs past the end, and there is no next one. */
	br_fd one[1] = {{7}};
	br_cmsg_put_rights(control, sizeof control, one, 1);
	control[3] = 0x5555555555555555u; /* garbage where a next header would start */
	msg.controllen = BR_CMSG_LEN(sizeof(int));
	tap_ok(br_cmsg_firsthdr(&msg) && !br_cmsg_nxthdr(&msg, br_cmsg_firsthdr(&msg)),
	       "nxthdr stops at a buffer that ends inside the last message's padding");
	msg.controllen = 40;
	c->len = 1000;
	tap_ok(!br_cmsg_nxthdr(&msg, c), "nxthdr refuses a message longer than the buffer");
	tap_eq(br_cmsg_put_creds(control, 31, &cred), 0, "put_creds into 31 bytes writes nothing");

	/* take_rights with real descriptors: 3 carried, room for 1. */
	br_owned_fd r[3] = {BR_NO_FD, BR_NO_FD, BR_NO_FD}, w = BR_NO_FD, kept[1] = {BR_NO_FD};
	int before = tap_open_fds();
	for (int i = 0; i < 3; i++)
		if (br_pipe2(BR_O_CLOEXEC, &r[i], &w) == BR_OK)
			br_close(&w);
	br_fd real[3] = {br_borrow(r[0]), br_borrow(r[1]), br_borrow(r[2])};
	msg.controllen = br_cmsg_put_rights(control, sizeof control, real, 3);
	size_t n = 9;
	tap_eq(br_cmsg_take_rights(&msg, kept, 1, &n), 3, "take_rights counts 3 carried");
	tap_eq(n, 1, "and took 1");
	tap_eq(kept[0].raw, (uint64_t)r[0].raw, "the first one");
	tap_ok(!tap_fd_open(r[1].raw) && !tap_fd_open(r[2].raw), "the two it had no room for are closed");
	tap_eq(br_cmsg_take_rights(&msg, kept, 1, &n), 0, "a second take finds nothing (slots set to -1)");
	br_close(&kept[0]);
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "no descriptor left open");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	test_byte_order();
	test_text();
	test_parse_format();
	test_unix_lengths();
	test_cmsg();
	return tap_done();
}
