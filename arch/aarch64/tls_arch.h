/* SPDX-License-Identifier: MIT */
/* aarch64 thread pointer, TCB and relocation types for crt/tls.c and
 * crt/reloc.c.
 *
 * TLS variant I: tpidr_el0 points at a 16-byte thread control block (the
 * dtv pointer and a reserved word) and the static TLS block starts after
 * it, at tp + round_up(16, p_align) (the linker's local-exec offsets
 * assume exactly that). The compilers take the stack-protector canary
 * from the global __stack_chk_guard (src/ssp.c), not from the TCB. */
#ifndef BR_ARCH_TLS_ARCH_H
#define BR_ARCH_TLS_ARCH_H

#include <stdint.h>

#define BR__TLS_VARIANT_II 0
#define BR__TLS_TCB_SIZE 16
#define BR__R_RELATIVE 1027
#define BR__R_IRELATIVE 1032
/* Symbolic relocations a static link may leave against its own symbols
 * (ld.bfd on riscv64 does): the symbol's address plus the addend. */
#define BR__R_ABS64 257
#define BR__R_GLOB_DAT 1025
#define BR__R_JUMP_SLOT 1026

/* Hidden: the start-up reaches it PC-relatively, without a GOT entry. */
extern uintptr_t __stack_chk_guard __attribute__((__visibility__("hidden")));

/* A register write: no system call. */
static inline long br__set_thread_pointer(void *tp)
{
	__asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
	return 0;
}

static inline void br__tcb_init(void *tp, uintptr_t canary)
{
	(void)tp;
	__stack_chk_guard = canary;
}

#endif
