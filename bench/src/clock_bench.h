/* SPDX-License-Identifier: MIT */
/* clock: ns per clock_gettime(CLOCK_MONOTONIC), the same code for every
 * variant (clock_bedrock.c, clock_libc.c define NOW(ts) and PRINT(s)).
 *
 *   clock-X N     N calls, nothing printed (whole-program timing)
 *   clock-X       11 rounds of 1,000,000 calls, each timed by the clock
 *                 itself; prints the median round as "ns-per-call x10",
 *                 e.g. "215" for 21.5 ns. */
#include "count.h"

/* A round's length in ns: the clock read before and after n calls. */
static long long round_ns(unsigned long n, long long *sink)
{
	struct ts a, b, t;
	NOW(a);
	for (unsigned long i = 0; i < n; i++) {
		NOW(t);
		*sink += t.nsec;
	}
	NOW(b);
	return (b.sec - a.sec) * 1000000000LL + (b.nsec - a.nsec);
}

static int clock_main(int argc, char **argv)
{
	volatile long long keep;
	long long sink = 0, r[11];
	char out[24], *p = out + sizeof out;

	if (argc > 1) {
		round_ns(loop_count(argc, argv), &sink);
		keep = sink;
		(void)keep;
		return 0;
	}
	for (int i = 0; i < 11; i++)
		r[i] = round_ns(1000000, &sink);
	keep = sink;
	(void)keep;
	/* Insertion sort, then the median: round / 10^6 calls * 10. */
	for (int i = 1; i < 11; i++)
		for (int j = i; j > 0 && r[j] < r[j - 1]; j--) {
			long long x = r[j];
			r[j] = r[j - 1];
			r[j - 1] = x;
		}
	unsigned long long v = (unsigned long long)(r[5] + 50000) / 100000;
	*--p = '\n';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	PRINT(p, (size_t)(out + sizeof out - p));
	return 0;
}
