/* SPDX-License-Identifier: MIT */
/* The %d hello with a libc's printf (glibc, musl, the kernel's nolibc):
 * the same output as examples/hello_fmt.c. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	printf("Hello from %s, %d argument%s\n", "bedrock", argc - 1, argc == 2 ? "" : "s");
	return 0;
}
