/* SPDX-License-Identifier: MIT */
/* Start-up: what _start recorded, and exit. The user writes
 * int main(int argc, char **argv, char **envp); bedrock's _start runs the
 * preinit and init arrays, calls main and passes its result to br_exit. */
#ifndef BEDROCK_CRT_H
#define BEDROCK_CRT_H

#include <bedrock/base.h>

BR_BEGIN_DECLS

/* The entry point the kernel starts the program at: it records argv, envp
 * and auxv, runs the init arrays and main, then br_exit. Never call it. */
void _start(void);

/* What code built with -fstack-protector calls when a canary was
 * overwritten: says so on stderr and dies by SIGABRT (the name the
 * compilers choose). */
BR_NORETURN void __stack_chk_fail(void);

/* The stack canary where the compiler reads it from memory (aarch64,
 * riscv64; x86_64 keeps it in the TCB at %fs:0x28), from AT_RANDOM. */
extern uintptr_t __stack_chk_guard;

/* Runs the fini arrays (last first) and ends the process with status & 0xff
 * (exit_group). */
BR_NORETURN void br_exit(int status);

/* The auxiliary-vector value of type (BR_AT_*), 0 if the kernel gave none. */
unsigned long br_getauxval(unsigned long type);

/* The value of environment variable name, NULL if unset (or name is NULL,
 * empty or contains '='). Points into the environment; do not modify. */
const char *br_getenv(const char *name);

/* Written once at file scope by a program with _Thread_local variables or
 * ifuncs: links the start-up step that sets the thread pointer, the TLS
 * block and the ifunc relocations (default profile; hardened has it). */
#define BR_USE_TLS                                   \
	extern const char br__tls_link;              \
	__attribute__((__used__)) static const char *const br__use_tls = &br__tls_link

/* auxv type: the program headers of the executable. */
#define BR_AT_PHDR 3
/* auxv type: the size of one program header. */
#define BR_AT_PHNUM 5
/* auxv type: the system page size. */
#define BR_AT_PAGESZ 6
/* auxv type: the entry point of the executable. */
#define BR_AT_ENTRY 9
/* auxv type: the real user id. */
#define BR_AT_UID 11
/* auxv type: hardware capability bits. */
#define BR_AT_HWCAP 16
/* auxv type: non-zero when the program runs set-uid or with capabilities. */
#define BR_AT_SECURE 23
/* auxv type: the address of 16 random bytes. */
#define BR_AT_RANDOM 25
/* auxv type: the path name the program was executed as. */
#define BR_AT_EXECFN 31
/* auxv type: the address of the vDSO's ELF header. */
#define BR_AT_SYSINFO_EHDR 33

BR_END_DECLS

#endif
