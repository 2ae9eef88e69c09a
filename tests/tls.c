/* SPDX-License-Identifier: MIT */
/* Thread-local storage and ifuncs (crt/tls.c, crt/ifunc.c, crt/reloc.c):
 * _Thread_local variables with initial values (.tdata), zero ones (.tbss),
 * over-aligned ones; an ifunc whose resolver gets AT_HWCAP. In the default
 * profile the program asks for the start-up step with BR_USE_TLS; in the
 * hardened profile it is always there. Each value is checked before it is
 * written (the image was copied, the rest zeroed), then after writes. */
#include "tap.h"

BR_USE_TLS;

static _Thread_local int t_int = 42;
static _Thread_local uint64_t t_words[5] = {1, 0x1122334455667788u, 3, 0, 5};
static _Thread_local char t_zero[300];
static _Thread_local long t_zero_long;
static _Alignas(64) _Thread_local char t_a64[3] = {7, 8, 9};
static _Alignas(256) _Thread_local uint32_t t_a256 = 0xdeadbeefu;
/* An ordinary global, for comparison: not in the TLS block. */
static int plain_global = 1;

/* Resolved at start-up: the resolver records what it got. */
static int impl_answer(void)
{
	return 4242;
}
static unsigned long resolver_hwcap = 0x5a5a5a5au;
static int resolver_calls;
typedef int (*answer_fn)(void);
__attribute__((__used__)) static answer_fn resolve_answer(unsigned long hwcap)
{
	resolver_hwcap = hwcap;
	resolver_calls++;
	return impl_answer;
}
int ifunc_answer(void) __attribute__((__ifunc__("resolve_answer")));

/* Keeps the compiler from assuming values. */
static void *opaque(void *p)
{
	__asm__ volatile("" : "+r"(p));
	return p;
}

static void test_initial(void)
{
	tap_eq((uint64_t)*(volatile int *)opaque(&t_int), 42, ".tdata: an int starts at its initial value");
	uint64_t want[5] = {1, 0x1122334455667788u, 3, 0, 5};
	tap_mem(opaque(t_words), want, sizeof want, ".tdata: an array starts as initialised");
	bool zero = true;
	for (size_t i = 0; i < sizeof t_zero; i++)
		zero &= ((volatile char *)opaque(t_zero))[i] == 0;
	tap_ok(zero && *(volatile long *)opaque(&t_zero_long) == 0, ".tbss: 300 bytes and a long start zero");
	tap_eq((uintptr_t)opaque(t_a64) % 64, 0, "_Alignas(64) TLS variable is 64-byte aligned");
	tap_eq((uintptr_t)opaque(&t_a256) % 256, 0, "_Alignas(256) TLS variable is 256-byte aligned");
	char want64[3] = {7, 8, 9};
	tap_mem(opaque(t_a64), want64, 3, "the aligned .tdata array starts as initialised");
	tap_eq(*(volatile uint32_t *)opaque(&t_a256), 0xdeadbeefu, "the 256-aligned value starts as initialised");
}

static void test_block(void)
{
	/* All of them live in one block, away from the program's data. */
	uintptr_t lo = (uintptr_t)&t_int, hi = lo;
	uintptr_t addrs[] = {(uintptr_t)t_words, (uintptr_t)t_zero, (uintptr_t)&t_zero_long,
			     (uintptr_t)t_a64, (uintptr_t)&t_a256};
	for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
		lo = addrs[i] < lo ? addrs[i] : lo;
		hi = addrs[i] > hi ? addrs[i] : hi;
	}
	tap_ok(hi - lo < 4096, "the TLS variables lie within one block");
	uintptr_t g = (uintptr_t)&plain_global;
	tap_ok(g < lo || g > hi + 4096, "the block is not the program's .data (the image is copied)");

	t_int = 7;
	t_words[1] = 99;
	t_zero[299] = 'z';
	t_a256 = 1;
	tap_eq((uint64_t)*(volatile int *)opaque(&t_int), 7, "a TLS int keeps what was written");
	tap_ok(((volatile uint64_t *)opaque(t_words))[1] == 99 && ((volatile char *)opaque(t_zero))[299] == 'z' &&
		       *(volatile uint32_t *)opaque(&t_a256) == 1,
	       "writes to .tdata and .tbss variables stay");
	tap_ok(((volatile uint64_t *)opaque(t_words))[0] == 1 && ((volatile char *)opaque(t_zero))[298] == 0,
	       "neighbours are unchanged");
}

static void test_ifunc(void)
{
	tap_eq((uint64_t)ifunc_answer(), 4242, "an ifunc call reaches what its resolver chose");
	tap_eq((uint64_t)resolver_calls, 1, "the resolver ran once, at start-up");
	tap_eq(resolver_hwcap, br_getauxval(BR_AT_HWCAP), "the resolver got AT_HWCAP");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	test_initial();
	test_block();
	test_ifunc();
	return tap_done();
}
