/* SPDX-License-Identifier: MIT */
/* riscv64 vDSO: the names and the version src/time.c looks up (the kernel's
 * arch/riscv/kernel/vdso/vdso.lds.S). Its getcpu is itself an ecall; taken
 * all the same, it costs what the syscall does. */
#ifndef BR_RISCV64_VDSO_ARCH_H
#define BR_RISCV64_VDSO_ARCH_H

#define BR__VDSO_VERSION "LINUX_4.15"
#define BR__VDSO_CLOCK_GETTIME "__vdso_clock_gettime"
#define BR__VDSO_GETTIMEOFDAY "__vdso_gettimeofday"
#define BR__VDSO_CLOCK_GETRES "__vdso_clock_getres"
#define BR__VDSO_GETCPU "__vdso_getcpu"

#endif
