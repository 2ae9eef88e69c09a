/* cat: copies standard input to standard output. Exit 0 at end of input,
 * 1 on a read or write error, whose errno name goes to stderr. */
#include <bedrock/crt.h>
#include <bedrock/io.h>

static int fail(const char *what, br_errno e)
{
	char msg[64];
	const char *name = br_errno_name(e);
	size_t len = 0;

	while (*what)
		msg[len++] = *what++;
	while (name && *name && len < sizeof msg - 1)
		msg[len++] = *name++;
	msg[len++] = '\n';
	/* If stderr fails too there is nobody left to tell. */
	if (br_write_all(BR_STDERR, msg, len))
		return 1;
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
