/* SPDX-License-Identifier: MIT */
/* x86_64 vDSO: the names and the version src/time.c looks up (the kernel's
 * arch/x86/entry/vdso/vdso.lds.S). getcpu answers from rdpid/lsl without a
 * syscall. */
#ifndef BR_X86_64_VDSO_ARCH_H
#define BR_X86_64_VDSO_ARCH_H

#define BR__VDSO_VERSION "LINUX_2.6"
#define BR__VDSO_CLOCK_GETTIME "__vdso_clock_gettime"
#define BR__VDSO_GETTIMEOFDAY "__vdso_gettimeofday"
#define BR__VDSO_CLOCK_GETRES "__vdso_clock_getres"
#define BR__VDSO_GETCPU "__vdso_getcpu"

#endif
