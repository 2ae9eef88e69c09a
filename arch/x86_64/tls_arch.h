/* SPDX-License-Identifier: MIT */
/* x86_64 thread pointer, TCB and relocation types for crt/tls.c and
 * crt/reloc.c.
 *
 * TLS variant II: %fs points at the thread control block and the static
 * TLS block ends right below it (the linker's local-exec offsets are
 * negative: symbol - round_up(p_memsz, p_align)). The compilers read two
 * fields of the TCB: the self-pointer at %fs:0 (code that needs the thread
 * pointer as an address loads it from there) and the stack-protector
 * canary at %fs:0x28. 64 bytes covers glibc's tcbhead_t up to the pointer
 * guard at 0x30. */
#ifndef BR_ARCH_TLS_ARCH_H
#define BR_ARCH_TLS_ARCH_H

#include <bedrock/syscall.h>

#define BR__TLS_VARIANT_II 1
#define BR__TLS_TCB_SIZE 64
#define BR__R_RELATIVE 8
#define BR__R_IRELATIVE 37
/* Symbolic relocations a static link may leave against its own symbols
 * (ld.bfd on riscv64 does): the symbol's address plus the addend. */
#define BR__R_ABS64 1
#define BR__R_GLOB_DAT 6
#define BR__R_JUMP_SLOT 7

/* arch_prctl(ARCH_SET_FS): the one system call of the set-up. */
static inline long br__set_thread_pointer(void *tp)
{
	return br_syscall2(BR_SYS_arch_prctl, 0x1002, (long)tp);
}

/* The self-pointer at %fs:0 and the canary at %fs:0x28. */
static inline void br__tcb_init(void *tp, uintptr_t canary)
{
	((void **)tp)[0] = tp;
	((uintptr_t *)tp)[5] = canary;
}

#endif
