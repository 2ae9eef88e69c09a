/* SPDX-License-Identifier: MIT */
/* Buffered output: N = argv[1] (default 1,000,000) formatted lines to
 * standard output (a file or a pipe). bedrock (-DBEDROCK): br_writer with a
 * 4096-byte buffer, as glibc's stdio has for files and pipes here; libc:
 * printf on stdout (fully buffered when it is not a terminal). */
#ifdef BEDROCK
#include <bedrock/bedrock.h>
#else
#include <stdio.h>
#endif

int main(int argc, char **argv)
{
	long n = 0;
	if (argc > 1)
		for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++)
			n = n * 10 + (*s - '0');
	else
		n = 1000000;
#ifdef BEDROCK
	static char buf[4096];
	br_writer w;
	br_writer_init(&w, BR_STDOUT, buf, sizeof buf);
	for (long i = 0; i < n; i++)
		if (br_writer_fmt(&w, "line %ld: %s %d\n", i, "some text", (int)(i % 1000)))
			return 1;
	return br_writer_flush(&w) != BR_OK;
#else
	for (long i = 0; i < n; i++)
		printf("line %ld: %s %d\n", i, "some text", (int)(i % 1000));
	return fflush(stdout) != 0;
#endif
}
