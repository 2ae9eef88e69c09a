/* SPDX-License-Identifier: MIT */
/* Pipe producer for the cat benchmark (hosted): writes SIZE bytes (argv[1],
 * default 1 GiB) to stdout in 64 KiB writes from one zeroed buffer. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long long left = argc > 1 ? strtoull(argv[1], 0, 0) : 1ULL << 30;
	while (left) {
		size_t n = left < sizeof buf ? (size_t)left : sizeof buf;
		ssize_t w = write(1, buf, n);
		if (w <= 0)
			return 1;
		left -= (unsigned long long)w;
	}
	return 0;
}
