/* SPDX-License-Identifier: MIT */
/* The one place that selects the architecture: by the compiler's predefined
 * macros, so one installed include tree serves every target. Everything the
 * architectures disagree on lives in arch/<arch>/include/bedrock/arch/<arch>/
 * (installed as bedrock/arch/<arch>/) and is pulled in here; layouts several
 * architectures share are in bedrock/generic/. */
#ifndef BEDROCK_ARCH_H
#define BEDROCK_ARCH_H

#if defined(__x86_64__) && !defined(__ILP32__)
#include <bedrock/arch/x86_64/syscall_arch.h>
#include <bedrock/arch/x86_64/syscall_nr.h>
#include <bedrock/arch/x86_64/fs_arch.h>
#include <bedrock/arch/x86_64/signal_arch.h>
#include <bedrock/arch/x86_64/event_arch.h>
#elif defined(__aarch64__) && !defined(__ILP32__)
#include <bedrock/arch/aarch64/syscall_arch.h>
#include <bedrock/arch/aarch64/syscall_nr.h>
#include <bedrock/arch/aarch64/fs_arch.h>
#include <bedrock/arch/aarch64/signal_arch.h>
#include <bedrock/arch/aarch64/event_arch.h>
#elif defined(__riscv) && __riscv_xlen == 64
#include <bedrock/arch/riscv64/syscall_arch.h>
#include <bedrock/arch/riscv64/syscall_nr.h>
#include <bedrock/arch/riscv64/fs_arch.h>
#include <bedrock/arch/riscv64/signal_arch.h>
#include <bedrock/arch/riscv64/event_arch.h>
#else
#error "bedrock supports x86_64, aarch64 and riscv64 (64-bit Linux)"
#endif

#endif
