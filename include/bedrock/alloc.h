/* SPDX-License-Identifier: MIT */
/* A heap on anonymous mmap: small objects share 64 KiB runs by size class,
 * large blocks are mapped on their own and unmapped when freed. NOT
 * thread-safe: bedrock has no threads yet; until it does, only one thread
 * may use these functions at a time. Every pointer is 16-byte aligned. */
#ifndef BEDROCK_ALLOC_H
#define BEDROCK_ALLOC_H

#include <bedrock/base.h>
#include <bedrock/errno.h>

BR_BEGIN_DECLS

/* The alignment of every pointer the allocator returns. */
#define BR_ALLOC_ALIGN 16u

/* The largest request served from a shared run; above it a block gets a mapping of its own. */
#define BR_ALLOC_SMALL_MAX 8192u

/* Allocates size bytes, uninitialised (0 gives a minimal block). mmap(2) and munmap(2) of the trimmed ends when no run has room; ENOMEM leaves *out NULL. */
BR_MUST_USE br_errno br_alloc(size_t size, void **out);

/* Allocates count * size bytes, all zero, or fails with ENOMEM when the product overflows. */
BR_MUST_USE br_errno br_alloc_zeroed(size_t count, size_t size, void **out);

/* Allocates size bytes at a multiple of align, a power of two (EINVAL otherwise), freed by br_free. */
BR_MUST_USE br_errno br_alloc_aligned(size_t align, size_t size, void **out);

/* Resizes *p (NULL: allocates), keeping its first min(old, size) bytes; on error *p is unchanged and still valid. */
BR_MUST_USE br_errno br_realloc(void **p, size_t size);

/* Gives p's block back (NULL: nothing); a large block is munmap'ed, an emptied run may be. Traps on a double free or a pointer it never gave out. */
void br_free(void *p);

/* The bytes usable at p, at least what was asked for (0 for NULL). */
size_t br_alloc_usable_size(const void *p);

BR_END_DECLS

#endif
