/* SPDX-License-Identifier: MIT */
/* The smallest useful bedrock program: one write, exit status from main. */
#include <bedrock/io.h>

int main(int argc, char **argv, char **envp)
{
	static const char msg[] = "Hello from bedrock\n";
	size_t n;

	(void)argc, (void)argv, (void)envp;
	return br_write(BR_STDOUT, msg, sizeof msg - 1, &n) || n != sizeof msg - 1;
}
