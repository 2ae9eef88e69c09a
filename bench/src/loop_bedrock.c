/* SPDX-License-Identifier: MIT */
/* loop, bedrock variant: N times write(-1, 0, 0), each must give EBADF. */
#include <bedrock/io.h>
#include "count.h"

int main(int argc, char **argv, char **envp)
{
	unsigned long n = loop_count(argc, argv);
	(void)envp;
	for (unsigned long i = 0; i < n; i++) {
		size_t nw;
		if (br_write(br_fd_from_raw(-1), 0, 0, &nw) != BR_EBADF)
			return 1;
	}
	return 0;
}
