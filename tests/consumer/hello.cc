// SPDX-License-Identifier: MIT
// A C++ program built against bedrock's headers: C linkage of every
// declaration, BR_STDOUT and BR_NO_FD as C++ constants, a static
// constructor run by bedrock's start-up. main is declared extern "C":
// clang++ -ffreestanding does not treat main as special and would mangle it.
#include <bedrock/bedrock.h>

namespace {
int constructed = 0;
struct Before {
	Before() { constructed = 1; }
};
Before before;
}

extern "C" int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	br_owned_fd fd = BR_NO_FD;
	br_close(&fd);
	static const char msg[] = "Hello from a bedrock C++ consumer\n";
	if (!constructed || fd.raw != -1)
		return 2;
	return br_write_all(BR_STDOUT, msg, sizeof msg - 1) != BR_OK;
}
