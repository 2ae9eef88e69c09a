/* SPDX-License-Identifier: MIT */
/* riscv64 file-system layouts: the generic open flags and the generic
 * struct stat (asm-generic/fcntl.h, asm-generic/stat.h). */
#ifndef BR_ARCH_RISCV64_FS_ARCH_H
#define BR_ARCH_RISCV64_FS_ARCH_H

#include <bedrock/generic/fcntl.h>
#include <bedrock/generic/stat.h>

#endif
