/* SPDX-License-Identifier: MIT */
/* cat, libc variant: the logic of examples/cat.c (64 KiB buffer, retry on
 * EINTR, write everything, the error to stderr, exit 1) with read/write. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what, int e)
{
	const char *msg = strerror(e);
	(void)!write(2, what, 6);
	(void)!write(2, msg, strlen(msg));
	(void)!write(2, "\n", 1);
	return 1;
}

int main(void)
{
	static char buf[1 << 16];

	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail("read: ", errno);
		if (n == 0)
			return 0;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(1, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return fail("write:", errno);
			off += w;
		}
	}
}
