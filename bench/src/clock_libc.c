/* SPDX-License-Identifier: MIT */
/* clock, libc variant (glibc, musl): clock_gettime through the libc's vDSO. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct ts {
	long long sec, nsec;
};
#define NOW(x)                                                   \
	do {                                                     \
		struct timespec t_;                              \
		if (clock_gettime(CLOCK_MONOTONIC, &t_))         \
			exit(1);                                 \
		(x).sec = t_.tv_sec, (x).nsec = t_.tv_nsec;      \
	} while (0)
#define PRINT(s, n) ((void)!write(1, s, n))
#include "clock_bench.h"

int main(int argc, char **argv)
{
	return clock_main(argc, argv);
}
