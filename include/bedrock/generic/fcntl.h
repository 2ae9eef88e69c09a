/* SPDX-License-Identifier: MIT */
/* The open flags of asm-generic/fcntl.h that some architectures redefine
 * (arm64 does; x86_64 and riscv64 keep these values). */
#ifndef BEDROCK_GENERIC_FCNTL_H
#define BEDROCK_GENERIC_FCNTL_H

/* Direct I/O, bypassing the page cache. */
#define BR_O_DIRECT 040000u
/* Large-file flag; a no-op on 64-bit but reported by F_GETFL. */
#define BR_O_LARGEFILE 0100000u
/* Fail with ENOTDIR unless the path is a directory. */
#define BR_O_DIRECTORY 0200000u
/* Fail with ELOOP if the last component is a symbolic link. */
#define BR_O_NOFOLLOW 0400000u

#endif
