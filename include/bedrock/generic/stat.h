/* SPDX-License-Identifier: MIT */
/* The kernel's generic struct stat (asm-generic/stat.h), used by the
 * architectures of the generic syscall table (aarch64, riscv64). */
#ifndef BEDROCK_GENERIC_STAT_H
#define BEDROCK_GENERIC_STAT_H

#include <stdint.h>

/* What fstat reports; the generic layout of asm-generic/stat.h, 128 bytes. */
typedef struct br_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t br__pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t br__pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t br__unused[2];
} br_stat;

#endif
