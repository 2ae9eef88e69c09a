/* SPDX-License-Identifier: MIT */
/* x86_64 file-system layouts: the generic open flags and the kernel's own
 * struct stat (arch/x86/include/uapi/asm/stat.h). */
#ifndef BR_ARCH_X86_64_FS_ARCH_H
#define BR_ARCH_X86_64_FS_ARCH_H

#include <stdint.h>
#include <bedrock/generic/fcntl.h>

/* What fstat reports; the kernel's x86_64 layout, 144 bytes. */
typedef struct br_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t br__pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	int64_t br__unused[3];
} br_stat;

#endif
