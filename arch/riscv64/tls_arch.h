/* SPDX-License-Identifier: MIT */
/* riscv64 thread pointer and relocation types for crt/tls.c and
 * crt/reloc.c.
 *
 * TLS variant I with no TCB in the psABI: tp points at the first byte of
 * the static TLS block (the linker's local-exec offsets are symbol - block
 * start, with tp aligned to p_align). The compilers take the
 * stack-protector canary from the global __stack_chk_guard (src/ssp.c). */
#ifndef BR_ARCH_TLS_ARCH_H
#define BR_ARCH_TLS_ARCH_H

#include <stdint.h>

#define BR__TLS_VARIANT_II 0
#define BR__TLS_TCB_SIZE 0
#define BR__R_RELATIVE 3
#define BR__R_IRELATIVE 58
/* Symbolic relocations a static link may leave against its own symbols
 * (ld.bfd on riscv64 does): the symbol's address plus the addend. */
#define BR__R_ABS64 2
#define BR__R_GLOB_DAT 2
#define BR__R_JUMP_SLOT 5

/* Hidden: the start-up reaches it PC-relatively, without a GOT entry. */
extern uintptr_t __stack_chk_guard __attribute__((__visibility__("hidden")));

/* A register write: no system call. */
static inline long br__set_thread_pointer(void *tp)
{
	__asm__ volatile("mv tp, %0" : : "r"(tp) : "memory");
	return 0;
}

static inline void br__tcb_init(void *tp, uintptr_t canary)
{
	(void)tp;
	__stack_chk_guard = canary;
}

#endif
