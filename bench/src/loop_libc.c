/* SPDX-License-Identifier: MIT */
/* loop, libc variant: N times write(-1, 0, 0), each must fail with EBADF. */
#include <errno.h>
#include <unistd.h>
#include "count.h"

int main(int argc, char **argv)
{
	unsigned long n = loop_count(argc, argv);
	for (unsigned long i = 0; i < n; i++)
		if (write(-1, 0, 0) != -1 || errno != EBADF)
			return 1;
	return 0;
}
