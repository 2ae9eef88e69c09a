/* SPDX-License-Identifier: MIT */
/* hello, libc variant (glibc or musl, static). */
#include <unistd.h>
#include "msg.h"

int main(void)
{
	return write(1, MSG, MSG_LEN) != MSG_LEN;
}
