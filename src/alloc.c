/* SPDX-License-Identifier: MIT */
/* The allocator (bedrock/alloc.h).
 *
 * Every mapping it makes starts at a multiple of RUN (64 KiB) with a header,
 * so that the header of any pointer it gave out is at
 * ((p - 1) rounded down to RUN): the pointer is always past its header and
 * less than RUN beyond it. Two kinds of mapping:
 *
 * - a run: RUN bytes holding blocks of one size class (16 B up to
 *   BR_ALLOC_SMALL_MAX), with a bitmap of the blocks in use in its header.
 *   The metadata is out of band: no pointer sits between blocks, so an
 *   overrun of one block corrupts the next block's bytes, never the lists.
 *   Runs with free blocks are on a list per class; a run that empties is
 *   unmapped unless it is the only one of its class.
 * - a large block: its own mapping, header then (at the requested
 *   alignment) the block; freed with one munmap.
 *
 * A RUN-aligned mapping is made by mapping more and trimming both ends
 * (mmap, then munmap of what lies before and after).
 *
 * State: the per-class lists below, the one piece of mutable global state
 * in the library besides what crt records; no locking (see alloc.h). */
#include <bedrock/alloc.h>
#include <bedrock/mm.h>
#include <bedrock/mem.h>

#define RUN ((uintptr_t)64 * 1024)
#define PAGE ((uintptr_t)4096)
#define NCLASS 32
#define RUN_MAGIC 0x6272756eu   /* "brun" */
#define LARGE_MAGIC 0x62726c67u /* "brlg" */
/* Where the blocks of a run start: after the header, 64-byte aligned. */
#define RUN_DATA 576u
/* Enough bits for the most blocks a run can hold (16-byte class). */
#define BITMAP_WORDS (((RUN - RUN_DATA) / 16 + 63) / 64)
/* A large block's header; its data starts at least this far in. */
#define LARGE_HDR 64u

struct run {
	uint32_t magic;
	uint16_t cls;
	uint16_t nfree;
	uint32_t nblocks;
	uint32_t size;
	struct run *next, *prev; /* the class's runs with a free block */
	uint64_t used[BITMAP_WORDS];
};

struct large {
	uint32_t magic;
	uint32_t pad;
	size_t map_len; /* from the header to the end of the mapping */
	size_t usable;  /* bytes from the pointer to the end of the mapping */
};

_Static_assert(sizeof(struct run) <= RUN_DATA, "run header too big");
_Static_assert(sizeof(struct large) <= LARGE_HDR, "large header too big");

static struct run *avail[NCLASS];
/* Runs of each class, with or without room (one is kept when it empties). */
static uint32_t nruns[NCLASS];

static size_t class_size(unsigned i)
{
	if (i < 8)
		return (size_t)(i + 1) * 16;
	unsigned j = i - 8, b = 7 + j / 4, k = j % 4;
	return (size_t)(5 + k) << (b - 2);
}

/* Classes: 16..128 by 16, then four per power of two (160 192 224 256 320 ...). */
static unsigned class_of(size_t size)
{
	if (size <= 128)
		return size ? (unsigned)((size + 15) / 16 - 1) : 0;
	size_t s = size - 1;
	unsigned b = 7; /* the highest set bit of s (s >= 128) */
	while (s >> (b + 1))
		b++;
	return 8 + (b - 7) * 4 + (unsigned)((s >> (b - 2)) & 3);
}

static void *header_of(const void *p)
{
	return (void *)(((uintptr_t)p - 1) & ~(RUN - 1));
}

/* A mapping of len bytes (a multiple of PAGE) that starts `before` bytes
 * ahead of an address that is a multiple of align (a multiple of RUN):
 * maps len + align - PAGE and unmaps both ends. Returns the start. */
static br_errno map_aligned(size_t len, uintptr_t align, uintptr_t before, void **out)
{
	size_t total = len + align - PAGE;
	void *m;
	*out = 0;
	if (total < len)
		return BR_ENOMEM;
	br_errno e = br_mmap(0, total, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
			     br_fd_from_raw(-1), 0, &m);
	if (e)
		return e;
	uintptr_t base = (uintptr_t)m;
	uintptr_t start = ((base + before + align - 1) & ~(align - 1)) - before;
	uintptr_t end = start + len;
	/* Trimming a mapping we own cannot fail but for a bug; then the ends
	 * stay mapped, which costs address space, not correctness. */
	if (start > base)
		(void)!br_munmap(m, start - base);
	if (base + total > end)
		(void)!br_munmap((void *)end, base + total - end);
	*out = (void *)start;
	return BR_OK;
}

static void list_push(struct run *r)
{
	unsigned c = r->cls;
	r->prev = 0;
	r->next = avail[c];
	if (avail[c])
		avail[c]->prev = r;
	avail[c] = r;
}

static void list_remove(struct run *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		avail[r->cls] = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->next = r->prev = 0;
}

static br_errno new_run(unsigned c, struct run **out)
{
	void *m;
	br_errno e = map_aligned(RUN, RUN, 0, &m);
	if (e)
		return e;
	struct run *r = m;
	/* Fresh anonymous memory is zero: the bitmap is empty. */
	r->magic = RUN_MAGIC;
	r->cls = (uint16_t)c;
	r->size = (uint32_t)class_size(c);
	r->nblocks = (uint32_t)((RUN - RUN_DATA) / r->size);
	r->nfree = (uint16_t)r->nblocks;
	nruns[c]++;
	list_push(r);
	*out = r;
	return BR_OK;
}

/* The lowest set bit's index (x != 0), without __builtin_ctzll, which is a
 * libgcc call where the CPU has no such instruction (riscv64 before Zbb). */
static unsigned ctz64(uint64_t x)
{
	static const unsigned char debruijn[64] = {
		0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28, 62, 5,  39, 46, 44, 42,
		22, 9,  24, 35, 59, 56, 49, 18, 29, 11, 63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21,
		23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12};
	return debruijn[((x & -x) * 0x022fdd63cc95386dull) >> 58];
}

static br_errno alloc_small(size_t size, void **out)
{
	unsigned c = class_of(size);
	struct run *r = avail[c];
	if (!r) {
		br_errno e = new_run(c, &r);
		if (e) {
			*out = 0;
			return e;
		}
	}
	for (unsigned w = 0;; w++) {
		uint64_t free_bits = ~r->used[w];
		if (!free_bits)
			continue;
		unsigned i = w * 64 + ctz64(free_bits);
		/* nfree > 0, so a free bit exists below nblocks. */
		r->used[w] |= (uint64_t)1 << (i % 64);
		if (--r->nfree == 0)
			list_remove(r);
		*out = (char *)r + RUN_DATA + (size_t)i * r->size;
		return BR_OK;
	}
}

static br_errno alloc_large(size_t size, size_t align, void **out)
{
	/* The pointer sits `off` bytes after the header: past the header and at
	 * the alignment, less than RUN in (one RUN exactly when align >= RUN). */
	uintptr_t off = align > LARGE_HDR ? (align < RUN ? align : RUN) : LARGE_HDR;
	uintptr_t a = align > RUN ? align : RUN;
	*out = 0;
	if (size > ((size_t)-1 >> 2) || a > ((size_t)-1 >> 2))
		return BR_ENOMEM;
	size_t len = (off + size + PAGE - 1) & ~(PAGE - 1);
	void *m;
	/* For align > RUN the pointer (header + RUN) must be the multiple of
	 * align: the mapping starts RUN before such an address. */
	br_errno e = map_aligned(len, a, a > RUN ? RUN : 0, &m);
	if (e)
		return e;
	struct large *l = m;
	l->magic = LARGE_MAGIC;
	l->map_len = len;
	l->usable = len - off;
	*out = (char *)m + off;
	return BR_OK;
}

br_errno br_alloc(size_t size, void **out)
{
	if (size <= BR_ALLOC_SMALL_MAX)
		return alloc_small(size, out);
	return alloc_large(size, BR_ALLOC_ALIGN, out);
}

br_errno br_alloc_zeroed(size_t count, size_t size, void **out)
{
	size_t total;
	if (__builtin_mul_overflow(count, size, &total)) {
		*out = 0;
		return BR_ENOMEM;
	}
	if (total > BR_ALLOC_SMALL_MAX)
		return alloc_large(total, BR_ALLOC_ALIGN, out); /* fresh mapping: already zero */
	br_errno e = alloc_small(total, out);
	if (!e)
		memset(*out, 0, total);
	return e;
}

br_errno br_alloc_aligned(size_t align, size_t size, void **out)
{
	*out = 0;
	if (align == 0 || (align & (align - 1)))
		return BR_EINVAL;
	if (align <= BR_ALLOC_ALIGN)
		return br_alloc(size, out);
	/* A small block with room to round up inside it: the run maps any
	 * interior pointer back to its block. Blocks of a power-of-two class
	 * of at least 64 B are already aligned to min(size, 64) (RUN_DATA is
	 * a multiple of 64), the rounding handles the rest. */
	if (align <= 2048 && size <= BR_ALLOC_SMALL_MAX - align) {
		void *p;
		/* At least one byte: the rounded pointer must stay inside the
		 * block (a 0-byte block of class align - 16 could round up to the
		 * start of the next one). */
		br_errno e = alloc_small((size ? size : 1) + align - BR_ALLOC_ALIGN, &p);
		if (e)
			return e;
		*out = (void *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
		return BR_OK;
	}
	return alloc_large(size, align, out);
}

/* The run, block index and block start of a small pointer. */
static struct run *small_block(void *p, unsigned *index)
{
	struct run *r = header_of(p);
	uintptr_t off = (uintptr_t)p - (uintptr_t)r - RUN_DATA;
	if (r->magic != RUN_MAGIC || (uintptr_t)p < (uintptr_t)r + RUN_DATA)
		__builtin_trap();
	*index = (unsigned)(off / r->size);
	if (*index >= r->nblocks || !(r->used[*index / 64] >> (*index % 64) & 1))
		__builtin_trap(); /* past the last block, or freed already */
	return r;
}

/* A large block's pointer is where alloc_large put it, not inside it. */
static struct large *large_check(struct large *l, const void *p)
{
	if ((uintptr_t)p != (uintptr_t)l + l->map_len - l->usable)
		__builtin_trap();
	return l;
}

size_t br_alloc_usable_size(const void *p)
{
	if (!p)
		return 0;
	struct large *l = header_of(p);
	if (l->magic == LARGE_MAGIC)
		return large_check(l, p)->usable;
	unsigned i;
	struct run *r = small_block((void *)(uintptr_t)p, &i);
	return (size_t)((uintptr_t)r + RUN_DATA + (size_t)(i + 1) * r->size - (uintptr_t)p);
}

void br_free(void *p)
{
	if (!p)
		return;
	struct large *l = header_of(p);
	if (l->magic == LARGE_MAGIC) {
		large_check(l, p)->magic = 0;
		(void)!br_munmap(l, l->map_len);
		return;
	}
	unsigned i;
	struct run *r = small_block(p, &i);
	r->used[i / 64] &= ~((uint64_t)1 << (i % 64));
	if (r->nfree++ == 0)
		list_push(r);
	if (r->nfree == r->nblocks && nruns[r->cls] > 1) {
		list_remove(r);
		nruns[r->cls]--;
		r->magic = 0;
		(void)!br_munmap(r, RUN);
	}
}

br_errno br_realloc(void **p, size_t size)
{
	void *old = *p, *q;
	if (!old)
		return br_alloc(size, p);
	size_t have = br_alloc_usable_size(old);
	struct large *l = header_of(old);
	if (size <= have) {
		if (l->magic == LARGE_MAGIC) {
			/* Shrinking a large block: give back whole pages at its end
			 * (not below the small limit, where a run would serve). */
			size_t keep = size > BR_ALLOC_SMALL_MAX ? size : BR_ALLOC_SMALL_MAX;
			uintptr_t end = (uintptr_t)l + l->map_len;
			uintptr_t cut = ((uintptr_t)old + keep + PAGE - 1) & ~(PAGE - 1);
			if (cut < end && !br_munmap((void *)cut, end - cut)) {
				l->map_len = cut - (uintptr_t)l;
				l->usable = cut - (uintptr_t)old;
			}
			return BR_OK;
		}
		/* A small block keeps its place unless the new size belongs to a
		 * class less than half as big. */
		if (size >= have / 2)
			return BR_OK;
	}
	br_errno e = br_alloc(size, &q);
	if (e)
		return size <= have ? BR_OK : e; /* a shrink may stay where it is */
	memcpy(q, old, size < have ? size : have);
	br_free(old);
	*p = q;
	return BR_OK;
}
