/* SPDX-License-Identifier: MIT */
/* Formatting speed: N = argv[2] (default 1,000,000) formats of one line
 * into a buffer; argv[1] "int" (integers and a string) or "float" (%.3f and
 * %g). Built with bedrock (-DBEDROCK: br_fmt) and with glibc/musl
 * (snprintf); the sum of the lengths is the exit status's low byte, so
 * nothing is optimised away. */
#ifdef BEDROCK
#include <bedrock/bedrock.h>
BR_FMT_FLOAT;
#define FMT br_fmt
#else
#include <stdio.h>
#define FMT snprintf
#endif

static long num(const char *s, long dflt)
{
	long v = 0;
	if (!s)
		return dflt;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

int main(int argc, char **argv)
{
	char buf[128];
	unsigned long sum = 0;
	int fl = argc > 1 && argv[1][0] == 'f';
	long n = num(argc > 2 ? argv[2] : 0, 1000000);
	for (long i = 0; i < n; i++) {
		if (fl)
			sum += (unsigned long)FMT(buf, sizeof buf, "%.3f %g %e\n", (double)i / 7, (double)i * 1.5e-3,
						  (double)i + 0.25);
		else
			sum += (unsigned long)FMT(buf, sizeof buf, "line %ld: %s %08lx %-5d|\n", i, "text", (unsigned long)i * 2654435761u,
						  (int)(i & 1023));
	}
	return (int)(sum & 0x7f);
}
