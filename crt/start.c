/* The arch-neutral half of start-up: _start (arch/<arch>/crt_arch.h) hands
 * over the initial stack pointer; this runs the preinit and init arrays,
 * main and exit. Nothing is recorded here: br_getenv and br_getauxval's
 * object (crt/env.c) registers its own recorder in .preinit_array, so a
 * program that never asks pays neither the code nor the .bss. */
#include <bedrock/crt.h>
#include <bedrock/process.h>
#include "crt_arch.h"

typedef void (*br__init_fn)(int, char **, char **);
typedef void (*br__fini_fn)(void);

/* Bounds of the arrays, defined by the linker (hidden, so no GOT). */
#define HIDDEN __attribute__((__visibility__("hidden")))
extern HIDDEN br__init_fn __preinit_array_start[], __preinit_array_end[];
extern HIDDEN br__init_fn __init_array_start[], __init_array_end[];
extern HIDDEN br__fini_fn __fini_array_start[], __fini_array_end[];

int main(int argc, char **argv, char **envp);

/* Called by _start only; the argument is the kernel's initial stack. */
BR_NORETURN void br__start_c(long *sp) __attribute__((__used__));

BR_NORETURN void br__start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;

	for (br__init_fn *f = __preinit_array_start; f < __preinit_array_end; f++)
		(*f)(argc, argv, envp);
	for (br__init_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)(argc, argv, envp);
	br_exit(main(argc, argv, envp));
}

/* Runs the fini arrays (last first) and ends the process. */
void br_exit(int status)
{
	for (br__fini_fn *f = __fini_array_end; f > __fini_array_start;)
		(*--f)();
	br_exit_group(status);
}
