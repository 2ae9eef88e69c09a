/* SPDX-License-Identifier: MIT */
/* clock, bedrock variant: br_clock_gettime (the vDSO, looked up on first use). */
#include <bedrock/io.h>
#include <bedrock/time.h>

struct ts {
	long long sec, nsec;
};
#define NOW(x)                                                                     \
	do {                                                                       \
		br_timespec t_;                                                    \
		if (br_clock_gettime(BR_CLOCK_MONOTONIC, &t_))                     \
			br_exit_group(1);                                          \
		(x).sec = t_.sec, (x).nsec = t_.nsec;                              \
	} while (0)
#define PRINT(s, n) ((void)!br_write_all(BR_STDOUT, s, n))
#include <bedrock/process.h>
#include "clock_bench.h"

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	return clock_main(argc, argv);
}
