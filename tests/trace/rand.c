/* SPDX-License-Identifier: MIT */
/* rand.h */
#include "trace.h"

void trace_rand(void)
{
	size_t n;

	SEG("br_getrandom", "getrandom(*, 1016, GRND_NONBLOCK)");
	USE(CALL(br_getrandom)(buf, 1016, BR_GRND_NONBLOCK, &n));
}
