/* SPDX-License-Identifier: MIT */
/* Differential test: br_parse_i64/br_parse_u64 against glibc's
 * strtoll/strtoull, on x86_64. A hosted program with bedrock's src/parse.c
 * compiled in. Random texts from an alphabet of digits, letters of both
 * cases, signs, x/X and white space, in every base 0..37 (1 and 37 are
 * invalid), plus the 64-bit limits in every base and one past them.
 *
 * The model of what bedrock must answer, from glibc's: BR_EINVAL for a bad
 * base, when strtoll converted nothing or stopped before the end; BR_ERANGE
 * when it said ERANGE; otherwise the same value. The documented
 * differences: leading white space is refused (strtoll skips it), and
 * br_parse_u64 refuses a minus sign (strtoull negates). BR_DIFF_SEED (a
 * number or "time") adds a second seed; BR_DIFF_PARSE_CASES sets cases per
 * seed (default 1,000,000); BR_DIFF_INJECT=parse makes the bedrock side
 * accept trailing white space, to prove a difference is caught. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bedrock/parse.h>

#define DEFAULT_SEED 0x9a75e5eedULL
#define BLOCK 100000L

static uint64_t rng;
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

static bool inject;

static void gen(char *s, unsigned *base)
{
	static const char alpha[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFXZ+-xX \t\n";
	static const unsigned bases[] = {0, 0, 0, 2, 8, 10, 10, 10, 16, 16, 36, 1, 37};
	unsigned b = below(10) < 6 ? bases[below(sizeof bases / sizeof bases[0])] : below(38);
	*base = b;
	size_t n = 0;
	if (below(4) == 0) {
		/* Near the limits: a long run of the base's top digit, or the extremes. */
		static const char *const ext[] = {"9223372036854775807", "9223372036854775808", "-9223372036854775808",
						  "-9223372036854775809", "18446744073709551615", "18446744073709551616",
						  "0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff",
						  "0x10000000000000000", "01777777777777777777777", "02000000000000000000000"};
		strcpy(s, ext[below(sizeof ext / sizeof ext[0])]);
		if (below(3) == 0)
			*base = 0;
		return;
	}
	if (below(3) == 0)
		s[n++] = "+-"[below(2)];
	if (below(3) == 0) {
		s[n++] = '0';
		if (below(2))
			s[n++] = "xX"[below(2)];
	}
	unsigned len = below(4) == 0 ? below(30) : below(8);
	for (unsigned i = 0; i < len; i++) {
		/* Mostly digits valid in the base. */
		unsigned top = b >= 2 && b <= 36 ? b : 10;
		s[n++] = below(8) ? "0123456789abcdefghijklmnopqrstuvwxyz"[below(top)] : alpha[below(sizeof alpha - 1)];
	}
	s[n] = 0;
}

static int run(uint64_t seed, long cases, int *point)
{
	rng = seed;
	printf("# seed 0x%" PRIx64 " (rerun: BR_DIFF_SEED=0x%" PRIx64 "), %ld cases\n", seed, seed, cases);
	for (long from = 0; from < cases; from += BLOCK) {
		long to = from + BLOCK < cases ? from + BLOCK : cases;
		for (long c = from; c < to; c++) {
			char s[64];
			unsigned base;
			gen(s, &base);
			for (int sgn = 0; sgn < 2; sgn++) {
				char *end;
				errno = 0;
				long long sv = 0;
				unsigned long long uv = 0;
				if (sgn)
					sv = strtoll(s, &end, (int)base);
				else
					uv = strtoull(s, &end, (int)base);
				int err = errno;
				br_errno want;
				if (base == 1 || base > 36 || end == s || *end || s[0] == ' ' || s[0] == '\t' || s[0] == '\n' ||
				    (!sgn && s[0] == '-'))
					want = BR_EINVAL;
				else if (err == ERANGE)
					want = BR_ERANGE;
				else
					want = BR_OK;
				size_t len = strlen(s);
				if (inject && len && s[len - 1] == ' ')
					len--;
				int64_t bs = 0x5a5a;
				uint64_t bu = 0x5a5a;
				br_errno got = sgn ? br_parse_i64(s, len, base, &bs) : br_parse_u64(s, len, base, &bu);
				bool ok = got == want &&
					  (want ? (sgn ? bs == 0x5a5a : bu == 0x5a5a) : (sgn ? bs == sv : bu == uv));
				if (!ok) {
					printf("not ok - seed 0x%" PRIx64 " case %ld: br_parse_%s(\"%s\", base %u): got %d (%" PRId64
					       "/%" PRIu64 "), glibc: errno %d, value %lld/%llu, stopped at %ld\n",
					       seed, c, sgn ? "i64" : "u64", s, base, (int)got, bs, bu, err, sv, uv, (long)(end - s));
					printf("not ok %d - seed 0x%" PRIx64 ": cases %ld..%ld\n", ++*point, seed, from, to - 1);
					return 1;
				}
			}
		}
		printf("ok %d - seed 0x%" PRIx64 ": cases %ld..%ld agree with strtoll/strtoull\n", ++*point, seed, from, to - 1);
	}
	return 0;
}

static uint64_t parse_seed(const char *s)
{
	if (strcmp(s, "time") == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
	}
	return strtoull(s, NULL, 0);
}

int main(int argc, char **argv)
{
	uint64_t seeds[2] = {DEFAULT_SEED, 0};
	int nseeds = 1, point = 0;
	long cases = 1000000;
	const char *s = argc > 1 ? argv[1] : getenv("BR_DIFF_SEED");
	if (s && *s && (seeds[1] = parse_seed(s)) != seeds[0])
		nseeds = 2;
	if ((s = getenv("BR_DIFF_PARSE_CASES")) && *s)
		cases = atol(s) > 0 ? atol(s) : 1;
	inject = (s = getenv("BR_DIFF_INJECT")) && strcmp(s, "parse") == 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%ld\n", nseeds * ((cases + BLOCK - 1) / BLOCK));
	for (int i = 0; i < nseeds; i++)
		if (run(seeds[i], cases, &point))
			return 1;
	return 0;
}
