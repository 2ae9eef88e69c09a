/* SPDX-License-Identifier: MIT */
/* hello, floor variant: one write to stdout, exit status 1 if it was short. */
#include "floor.h"
#include "msg.h"

void floor_main(long *sp)
{
	(void)sp;
	sys_exit(sys3(NR_write, 1, (long)MSG, MSG_LEN) != MSG_LEN);
}
