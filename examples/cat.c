/* SPDX-License-Identifier: MIT */
/* cat: copies standard input to standard output. Exit 0 at end of input,
 * 1 on a read or write error, whose errno name goes to stderr. */
#include <bedrock/crt.h>
#include <bedrock/io.h>
#include <bedrock/string.h>

/* "<what><errno name>\n" on stderr, in one writev; returns 1. */
static int fail(const char *what, br_errno e)
{
	const char *name = br_errno_name(e);
	br_iovec iov[3] = { { (void *)what, br_strlen(what) }, { (void *)name, name ? br_strlen(name) : 0 },
			    { (void *)"\n", 1 } };
	size_t n;

	/* If stderr fails too there is nobody left to tell. */
	(void)!br_writev(BR_STDERR, iov, 3, &n);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	static char buf[1 << 16];

	(void)argc, (void)argv, (void)envp;
	for (;;) {
		size_t n;
		br_errno e = br_read(BR_STDIN, buf, sizeof buf, &n);
		if (e == BR_EINTR)
			continue;
		if (e)
			return fail("cat: read: ", e);
		if (n == 0)
			return 0;
		e = br_write_all(BR_STDOUT, buf, n);
		if (e)
			return fail("cat: write: ", e);
	}
}
