/* SPDX-License-Identifier: MIT */
/* aarch64 vDSO: the names and the version src/time.c looks up (the kernel's
 * arch/arm64/kernel/vdso/vdso.lds.S). It has no getcpu: always the syscall. */
#ifndef BR_AARCH64_VDSO_ARCH_H
#define BR_AARCH64_VDSO_ARCH_H

#define BR__VDSO_VERSION "LINUX_2.6.39"
#define BR__VDSO_CLOCK_GETTIME "__kernel_clock_gettime"
#define BR__VDSO_GETTIMEOFDAY "__kernel_gettimeofday"
#define BR__VDSO_CLOCK_GETRES "__kernel_clock_getres"
#define BR__VDSO_GETCPU ""

#endif
