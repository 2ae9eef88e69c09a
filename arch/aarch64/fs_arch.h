/* aarch64 file-system layouts: the open flags that differ between
 * architectures and the kernel's struct stat (asm-generic/stat.h; arm64 has its own open flags, arch/arm64/include/uapi/asm/fcntl.h). */
#ifndef BR_ARCH_AARCH64_FS_ARCH_H
#define BR_ARCH_AARCH64_FS_ARCH_H

#include <stdint.h>

/* Direct I/O, bypassing the page cache. */
#define BR_O_DIRECT 0200000u
/* Large-file flag; a no-op on 64-bit but reported by F_GETFL. */
#define BR_O_LARGEFILE 0400000u
/* Fail with ENOTDIR unless the path is a directory. */
#define BR_O_DIRECTORY 040000u
/* Fail with ELOOP if the last component is a symbolic link. */
#define BR_O_NOFOLLOW 0100000u

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
