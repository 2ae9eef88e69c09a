/* SPDX-License-Identifier: MIT */
/* The program gdb.sh debugs: a SIGUSR1 handler, entered from raiser() (in
 * main), calls in_handler(), where gdb stops and takes a backtrace. Through
 * bedrock's return trampoline the backtrace must show
 * in_handler, handler, <signal handler called>, raiser, main.
 * Built with -g (its own frames need unwind information; the trampoline
 * has none and is found by its name or its bytes). */
#include <bedrock/bedrock.h>

/* Where gdb breaks; noinline and with a side effect so it stays a frame. */
__attribute__((noinline)) static void in_handler(int sig)
{
	__asm__ volatile("" : : "r"(sig) : "memory");
}

static void handler(int sig)
{
	in_handler(sig);
	__asm__ volatile("" : : : "memory");
}

/* The frame the signal interrupts. */
__attribute__((noinline)) static int raiser(void)
{
	int r = br_tgkill(br_getpid(), br_gettid(), BR_SIGUSR1);

	__asm__ volatile("" : : : "memory");
	return r;
}

int main(int argc, char **argv, char **envp)
{
	br_sigaction sa = { 0 };

	(void)argc, (void)argv, (void)envp;
	sa.handler = handler;
	if (br_rt_sigaction(BR_SIGUSR1, &sa, NULL))
		return 2;
	return raiser() ? 3 : 0;
}
