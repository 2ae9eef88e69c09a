/* SPDX-License-Identifier: MIT */
/* mm.h */
#include "trace.h"

void trace_mm(void)
{
	void *a = 0, *b = 0;

	SEG("br_mmap (anonymous)", "mmap(0, 0x3000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $anon");
	USE(CALL(br_mmap)(0, 3 * 4096, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
			  br_fd_from_raw(-1), 0, &a));
	SEG("br_mprotect", "mprotect($anon, 0x1000, PROT_READ) = 0");
	USE(CALL(br_mprotect)(a, 4096, BR_PROT_READ));
	SEG("br_munmap", "munmap($anon, 0x3000) = 0");
	USE(CALL(br_munmap)(a, 3 * 4096));
	/* A 64-bit, page-aligned file offset (past the end: never touched). */
	SEG("br_mmap (file)", "mmap(0, 0x2000, PROT_READ, MAP_SHARED, 60, 0x123456000) = $filemap");
	USE(CALL(br_mmap)(0, 2 * 4096, BR_PROT_READ, BR_MAP_SHARED, br_fd_from_raw(FD_MEM), 0x123456000u, &b));
	SEG("br_munmap (file)", "munmap($filemap, 0x2000) = 0");
	USE(CALL(br_munmap)(b, 2 * 4096));
}
