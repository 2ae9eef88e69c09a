/* SPDX-License-Identifier: MIT */
/* aarch64 file-system layouts: its own values of the open flags that arm64
 * redefines (arch/arm64/include/uapi/asm/fcntl.h) and the generic struct
 * stat (asm-generic/stat.h). */
#ifndef BR_ARCH_AARCH64_FS_ARCH_H
#define BR_ARCH_AARCH64_FS_ARCH_H

/* Direct I/O, bypassing the page cache. */
#define BR_O_DIRECT 0200000u
/* Large-file flag; a no-op on 64-bit but reported by F_GETFL. */
#define BR_O_LARGEFILE 0400000u
/* Fail with ENOTDIR unless the path is a directory. */
#define BR_O_DIRECTORY 040000u
/* Fail with ELOOP if the last component is a symbolic link. */
#define BR_O_NOFOLLOW 0100000u

#include <bedrock/generic/stat.h>

#endif
