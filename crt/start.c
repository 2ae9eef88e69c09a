/* SPDX-License-Identifier: MIT */
/* The arch-neutral half of start-up: _start (arch/<arch>/crt_arch.h) hands
 * over the initial stack pointer; this records the environment, runs the
 * preinit and init arrays, main and exit. The recorder below is an empty
 * weak default: the object of br_getenv and br_getauxval (crt/env.c)
 * overrides it, so a program that never asks pays one call to a `ret` and
 * no .bss, and one that does has envp and auxv before any array runs. */
#include <bedrock/crt.h>
#include <bedrock/process.h>
#include "crt_arch.h"
#ifdef BR__HARDENED
#include "internal.h"
#endif

typedef void (*br__init_fn)(int, char **, char **);
typedef void (*br__fini_fn)(void);

/* Bounds of the arrays, defined by the linker (hidden, so no GOT). */
#define HIDDEN __attribute__((__visibility__("hidden")))
extern HIDDEN br__init_fn __preinit_array_start[], __preinit_array_end[];
extern HIDDEN br__init_fn __init_array_start[], __init_array_end[];
extern HIDDEN br__fini_fn __fini_array_start[], __fini_array_end[];

int main(int argc, char **argv, char **envp);

/* Overridden by crt/env.c when that is linked. A weak definition rather
 * than a weak reference: calling it needs no address test, and aarch64
 * would load a weak reference's address through a GOT. */
void br__record_startup(char **envp);
__attribute__((__weak__)) void br__record_startup(char **envp)
{
	(void)envp;
}

/* argc, argv and envp are re-read from the initial stack at each use
 * instead of being kept: only sp then lives across the calls, which saves
 * callee-saved registers (30-60 bytes of start-up code per architecture). */
#define ARGC(sp) ((int)(sp)[0])
#define ARGV(sp) ((char **)((sp) + 1))
#define ENVP(sp) (ARGV(sp) + (sp)[0] + 1)

static inline __attribute__((__always_inline__)) void run_init(br__init_fn *f, br__init_fn *end, long *sp)
{
	/* Most programs have no constructors: expecting the loops to be empty
	 * keeps their argument set-up off the path (3 instructions on x86_64). */
	for (; __builtin_expect(f < end, 0); f++)
		(*f)(ARGC(sp), ARGV(sp), ENVP(sp));
}

static inline __attribute__((__always_inline__)) void run_fini(void)
{
	for (br__fini_fn *f = __fini_array_end; __builtin_expect(f > __fini_array_start, 0);)
		(*--f)();
}

/* Called by _start only; the argument is the kernel's initial stack. */
BR_NORETURN void br__start_c(long *sp) __attribute__((__used__));

BR_NORETURN void br__start_c(long *sp)
{
#ifdef BR__HARDENED
	/* The hardened profile (static-pie): first the relocations, before
	 * any pointer is read from memory; then thread pointer, TLS block and
	 * canary (crt/tls.c); ifuncs and read-only RELRO; the standard fds
	 * of a set-uid run (crt/secure.c). Only then any other code. */
	struct br__startup s;
	br__relocate(&s);
	br__scan_auxv(&s, br__auxv_from_envp(ENVP(sp)));
	br__tls_setup(&s);
	br__relocate_late(&s);
	br__secure_fds(s.secure);
#endif
	br__record_startup(ENVP(sp));
	run_init(__preinit_array_start, __preinit_array_end, sp);
	run_init(__init_array_start, __init_array_end, sp);
	int status = main(ARGC(sp), ARGV(sp), ENVP(sp));
	run_fini();
	br_exit_group(status);
}

/* Runs the fini arrays (last first) and ends the process. */
void br_exit(int status)
{
	run_fini();
	br_exit_group(status);
}
