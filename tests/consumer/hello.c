/* SPDX-License-Identifier: MIT */
/* A program outside the bedrock tree, built against its public headers. */
#include <bedrock/bedrock.h>

int main(int argc, char **argv, char **envp)
{
	static const char msg[] = "Hello from a bedrock consumer\n";

	(void)argc, (void)argv, (void)envp;
	return br_write_all(BR_STDOUT, msg, sizeof msg - 1) != BR_OK;
}
