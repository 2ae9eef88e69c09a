/* SPDX-License-Identifier: MIT */
/* A formatted hello: br_print with %s and %d (integers and strings only,
 * so none of the floating-point code is linked), one write. */
#include <bedrock/fmt.h>

int main(int argc, char **argv, char **envp)
{
	(void)argv, (void)envp;
	return br_print("Hello from %s, %d argument%s\n", "bedrock", argc - 1, argc == 2 ? "" : "s") != BR_OK;
}
