/* SPDX-License-Identifier: MIT */
/* Code the compiler turns into calls of its support routines: a popcount
 * (__popcountdi2 where the target has no instruction for it) and a 128-bit
 * division (__udivti3). Both must link with the flags bedrock hands out. */
#include <bedrock/bedrock.h>

int main(int argc, char **argv, char **envp)
{
	(void)argv, (void)envp;
	volatile unsigned long x = 0xF0F0F0F0F0F0F0F0ul + (unsigned long)argc - 1;
	volatile unsigned __int128 big = (unsigned __int128)x << 64 | 12345u;
	volatile unsigned long d = 1000003ul;
	unsigned __int128 q = big / d, r = big % d;
	/* Checked against the identity instead of a constant. */
	int ok = __builtin_popcountl(x) == 32 && q * d + r == big && r < d;
	static const char yes[] = "support routines ok\n";
	return ok && br_write_all(BR_STDOUT, yes, sizeof yes - 1) == BR_OK ? 0 : 1;
}
