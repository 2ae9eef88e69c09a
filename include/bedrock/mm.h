/* SPDX-License-Identifier: MIT */
/* Memory mappings. */
#ifndef BEDROCK_MM_H
#define BEDROCK_MM_H

#include <bedrock/fd.h>

BR_BEGIN_DECLS

/* Page may be read. */
#define BR_PROT_READ 0x1u
/* Page may be written. */
#define BR_PROT_WRITE 0x2u
/* Page may be executed. */
#define BR_PROT_EXEC 0x4u
/* No access. */
#define BR_PROT_NONE 0x0u
/* Changes are shared with other mappings of the file. */
#define BR_MAP_SHARED 0x01u
/* Changes are private (copy on write). */
#define BR_MAP_PRIVATE 0x02u
/* Place the mapping exactly at addr. */
#define BR_MAP_FIXED 0x10u
/* Not backed by a file; fd is ignored (pass BR_NO_FD's raw -1). */
#define BR_MAP_ANONYMOUS 0x20u

/* mmap(2): maps len bytes; *addr_out is the mapping (NULL on error). */
BR_MUST_USE BR_INLINE br_errno br_mmap(void *addr, size_t len, unsigned prot, unsigned flags, br_fd fd,
				       uint64_t offset, void **addr_out)
{
	long r = br_syscall6(BR_SYS_mmap, (long)addr, (long)len, (long)prot, (long)flags, fd.raw, (long)offset);
	br_errno e = br_syscall_errno(r);
	*addr_out = e ? (void *)0 : (void *)r;
	return e;
}

/* munmap(2): removes the mappings in [addr, addr + len). */
BR_MUST_USE BR_INLINE br_errno br_munmap(void *addr, size_t len)
{
	return br_syscall_errno(br_syscall2(BR_SYS_munmap, (long)addr, (long)len));
}

/* mprotect(2): changes the protection of [addr, addr + len). */
BR_MUST_USE BR_INLINE br_errno br_mprotect(void *addr, size_t len, unsigned prot)
{
	return br_syscall_errno(br_syscall3(BR_SYS_mprotect, (long)addr, (long)len, (long)prot));
}

BR_END_DECLS

#endif
