/* cat: copies standard input to standard output. Exit 0 at end of input,
 * 1 on a read or write error (the errno's name goes to stderr). */
#include <bedrock/crt.h>
#include <bedrock/io.h>

static int fail(const char *what, br_errno e)
{
	const char *name = br_errno_name(e);
	size_t len = 0;

	while (name && name[len])
		len++;
	(void)br_write_all(BR_STDERR, what, 6);
	(void)br_write_all(BR_STDERR, name, len);
	(void)br_write_all(BR_STDERR, "\n", 1);
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
			return fail("read: ", e);
		if (n == 0)
			return 0;
		e = br_write_all(BR_STDOUT, buf, n);
		if (e)
			return fail("write:", e);
	}
}
