/* SPDX-License-Identifier: MIT */
/* loop, floor variant: N times write(-1, 0, 0), each must give -EBADF. */
#include "floor.h"
#include "count.h"

void floor_main(long *sp)
{
	unsigned long n = loop_count((int)sp[0], (char **)(sp + 1));
	for (unsigned long i = 0; i < n; i++)
		if (sys3(NR_write, -1, 0, 0) != -9)
			sys_exit(1);
	sys_exit(0);
}
