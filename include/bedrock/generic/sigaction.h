/* SPDX-License-Identifier: MIT */
/* The kernel's struct sigaction for rt_sigaction where it carries
 * sa_restorer (x86_64, aarch64): the handler returns into the restorer,
 * which issues rt_sigreturn. SA_RESTORER is 0x04000000 on both. */
#ifndef BEDROCK_GENERIC_SIGACTION_H
#define BEDROCK_GENERIC_SIGACTION_H

#include <stdint.h>

/* The kernel's struct sigaction with sa_restorer. */
typedef struct br__ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
} br__ksigaction;

/* Point the kernel's struct at the trampoline (SA_RESTORER). */
#define BR__SET_RESTORER(k, fn) ((k)->flags |= 0x04000000ul, (k)->restorer = (fn))

/* A number as assembler text: the trampolines take rt_sigreturn's number
 * from the syscall table instead of writing it by hand. */
#define BR__ASM_NUM(n) BR__ASM_NUM_(n)
#define BR__ASM_NUM_(n) #n

#endif
