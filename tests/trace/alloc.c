/* SPDX-License-Identifier: MIT */
/* alloc.h: the first small block of a class maps a run (64 KiB at a multiple
 * of 64 KiB: 2 runs less a page mapped, the ends unmapped), later ones and
 * their frees issue nothing; a large block is a mapping of its own (a 64 B
 * header, the size in pages, 60 KiB of slack to align it, trimmed), given
 * back with one munmap; shrinking one unmaps its tail. */
#include "trace.h"

void trace_alloc(void)
{
	void *small = 0, *large = 0, *zero = 0, *al = 0;

	SEG("br_alloc (small: maps a run)",
	    "mmap(0, 0x1f000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $run; munmap(*, *)*");
	USE(CALL(br_alloc)(100, &small));
	SEG("br_alloc_usable_size", "");
	USE(CALL(br_alloc_usable_size)(small));
	SEG("br_free (small: the run stays)", "");
	CALL(br_free)(small);
	SEG("br_alloc (small: room in the run)", "");
	USE(CALL(br_alloc)(97, &small));
	SEG("br_free (small, again)", "");
	CALL(br_free)(small);
	SEG("br_alloc (large)",
	    "mmap(0, 0x110000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $large; munmap(*, *)*");
	USE(CALL(br_alloc)(0x100000, &large));
	SEG("br_realloc (large, shrinks in place)", "munmap(*, 0x80000) = 0");
	USE(CALL(br_realloc)(&large, 0x80000));
	SEG("br_free (large)", "munmap(*, 0x81000) = 0");
	CALL(br_free)(large);
	SEG("br_alloc_zeroed (large)",
	    "mmap(0, 0x40000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $zeroed; munmap(*, *)*");
	USE(CALL(br_alloc_zeroed)(3, 0x10000, &zero));
	SEG("br_free (zeroed)", "munmap(*, 0x31000) = 0");
	CALL(br_free)(zero);
	/* 2 MiB alignment: room for the 64 KiB before the pointer, 4 KiB, and
	 * 2 MiB less a page to find the alignment in. */
	SEG("br_alloc_aligned (2 MiB)",
	    "mmap(0, 0x210000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $aligned; munmap(*, *)*");
	USE(CALL(br_alloc_aligned)(0x200000, 0x1000, &al));
	SEG("br_free (aligned)", "munmap(*, 0x11000) = 0");
	CALL(br_free)(al);
}
