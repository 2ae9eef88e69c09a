/* SPDX-License-Identifier: MIT */
/* The loop length from argv[1] (decimal), 1000000 when absent; the same
 * code in every variant so that only the per-call cost differs. */
static unsigned long loop_count(int argc, char **argv)
{
	unsigned long n = 0;
	if (argc < 2)
		return 1000000;
	for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	return n;
}
