/* SPDX-License-Identifier: MIT */
/* The differential test's state checks between operations: flags of
 * every slot, fstat and positions, and the contents of every file and pipe. */
#include "differential.h"

/* ------------------------------------------------------------ state checks */
/* F_GETFD and F_GETFL of every slot, in both worlds. */
void check_flags(void)
{
	unsigned mask = 0;

	for (int s = 0; s < NSLOTS; s++) {
		int v[2][2], e[2][2];
		for (int w = 0; w < 2; w++) {
			errno = 0;
			v[w][0] = fcntl(home(w, s), F_GETFD);
			e[w][0] = errno;
			errno = 0;
			v[w][1] = fcntl(home(w, s), F_GETFL);
			e[w][1] = errno;
		}
		if (v[B][0] != v[G][0] || e[B][0] != e[G][0] || v[B][1] != v[G][1] || e[B][1] != e[G][1])
			mismatch("after it, slot %d: bedrock F_GETFD %d (%s) F_GETFL 0%o (%s); glibc F_GETFD %d (%s) "
				 "F_GETFL 0%o (%s)",
				 s, v[B][0], errname(e[B][0]), v[B][1], errname(e[B][1]), v[G][0], errname(e[G][0]),
				 v[G][1], errname(e[G][1]));
		if (v[G][0] >= 0)
			mask |= 1u << s;
	}
	open_mask = mask;
}

/* fstat, position, FIONREAD and inode sharing of every slot. */
void check_deep(struct stat st[2][NSLOTS], bool ok[2][NSLOTS])
{
	for (int w = 0; w < 2; w++)
		for (int s = 0; s < NSLOTS; s++)
			ok[w][s] = fstat(home(w, s), &st[w][s]) == 0;
	for (int s = 0; s < NSLOTS; s++) {
		if (ok[B][s] != ok[G][s])
			mismatch("after it, slot %d is open only in the %s world", s, world_name[ok[B][s] ? B : G]);
		if (!ok[B][s])
			continue;
		struct stat *a = &st[B][s], *b = &st[G][s];
		if (a->st_mode != b->st_mode || a->st_size != b->st_size || a->st_nlink != b->st_nlink)
			mismatch("after it, slot %d: bedrock mode 0%o size %jd nlink %ju; glibc mode 0%o size %jd "
				 "nlink %ju",
				 s, a->st_mode, (intmax_t)a->st_size, (uintmax_t)a->st_nlink, b->st_mode,
				 (intmax_t)b->st_size, (uintmax_t)b->st_nlink);
		int alias[2] = {-1, -1};
		for (int w = 0; w < 2; w++)
			for (int t = 0; t < s && alias[w] < 0; t++)
				if (ok[w][t] && st[w][t].st_dev == st[w][s].st_dev && st[w][t].st_ino == st[w][s].st_ino)
					alias[w] = t;
		if (alias[B] != alias[G])
			mismatch("after it, slot %d shares its inode with slot %d (bedrock) / %d (glibc)", s, alias[B],
				 alias[G]);
		off_t pos[2];
		int pe[2], n[2], ne[2];
		for (int w = 0; w < 2; w++) {
			errno = 0;
			pos[w] = lseek(home(w, s), 0, SEEK_CUR);
			pe[w] = errno;
			n[w] = 0;
			errno = 0;
			ioctl(home(w, s), FIONREAD, &n[w]);
			ne[w] = errno;
		}
		if (pos[B] != pos[G] || pe[B] != pe[G] || n[B] != n[G] || ne[B] != ne[G])
			mismatch("after it, slot %d: bedrock position %jd (%s) FIONREAD %d (%s); glibc position %jd "
				 "(%s) FIONREAD %d (%s)",
				 s, (intmax_t)pos[B], errname(pe[B]), n[B], errname(ne[B]), (intmax_t)pos[G],
				 errname(pe[G]), n[G], errname(ne[G]));
	}
}

/* The data extents and bytes of a file, as one byte string. */
struct blob {
	unsigned char *p;
	size_t n, cap;
};

static void blob_add(struct blob *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			harness_fail("out of memory");
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

#define BLOB_MAX ((size_t)64 << 20)

static void read_file(int fd, struct blob *b)
{
	static unsigned char tmp[65536];
	off_t at = 0, hole;

	b->n = 0;
	while (b->n < BLOB_MAX && (at = lseek(fd, at, SEEK_DATA)) >= 0) {
		hole = lseek(fd, at, SEEK_HOLE);
		/* tmpfs answers SEEK_HOLE in the last page of a file of size
		 * 2^63 - 1 with 2^63 (INT64_MIN as off_t), not with the size. */
		if (hole <= at) {
			struct stat st;
			if (fstat(fd, &st) != 0 || st.st_size <= at)
				harness_fail("SEEK_HOLE at %jd gave %jd", (intmax_t)at, (intmax_t)hole);
			hole = st.st_size;
		}
		int64_t ext[2] = {at, hole};
		blob_add(b, ext, sizeof ext);
		while (at < hole && b->n < BLOB_MAX) {
			size_t want = (size_t)(hole - at) < sizeof tmp ? (size_t)(hole - at) : sizeof tmp;
			ssize_t got = pread(fd, tmp, want, at);
			if (got <= 0)
				break;
			blob_add(b, tmp, (size_t)got);
			at += got;
		}
		at = hole;
	}
}

static void drain_pipe(int fd, struct blob *b)
{
	static unsigned char tmp[65536];
	ssize_t got;

	b->n = 0;
	while ((got = read(fd, tmp, sizeof tmp)) > 0)
		blob_add(b, tmp, (size_t)got);
}

static void compare_blobs(const char *what, struct blob *b)
{
	if (b[B].n != b[G].n || memcmp(b[B].p, b[G].p, b[B].n) != 0) {
		size_t i = 0;
		while (i < b[B].n && i < b[G].n && b[B].p[i] == b[G].p[i])
			i++;
		mismatch("contents of %s differ: bedrock %zu bytes, glibc %zu bytes (extent headers and data), first "
			 "difference at %zu",
			 what, b[B].n, b[G].n, i);
	}
}

static struct blob blobs[2];

/* The contents of everything: files and memfds of the slots and the named
 * files (read), pipes (drained). */
void check_contents(void)
{
	struct stat st[2][NSLOTS];
	bool ok[2][NSLOTS];
	char what[64];

	check_deep(st, ok);
	for (int s = 0; s < NSLOTS; s++) {
		if (!ok[G][s])
			continue;
		bool seen = false;
		for (int t = 0; t < s; t++)
			if (ok[G][t] && st[G][t].st_dev == st[G][s].st_dev && st[G][t].st_ino == st[G][s].st_ino)
				seen = true;
		if (seen || !(S_ISREG(st[G][s].st_mode) || S_ISFIFO(st[G][s].st_mode)))
			continue;
		int fds[2], errs[2];
		for (int w = 0; w < 2; w++) {
			char p[64];
			snprintf(p, sizeof p, "/proc/self/fd/%d", home(w, s));
			fds[w] = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			errs[w] = errno;
		}
		if ((fds[B] < 0) != (fds[G] < 0))
			mismatch("re-opening slot %d: bedrock %s, glibc %s", s, errname(fds[B] < 0 ? errs[B] : 0),
				 errname(fds[G] < 0 ? errs[G] : 0));
		if (fds[B] < 0)
			continue;
		for (int w = 0; w < 2; w++) {
			if (S_ISFIFO(st[G][s].st_mode))
				drain_pipe(fds[w], &blobs[w]);
			else
				read_file(fds[w], &blobs[w]);
			close(fds[w]);
		}
		snprintf(what, sizeof what, "slot %d (%s)", s, S_ISFIFO(st[G][s].st_mode) ? "pipe, drained" : "file");
		compare_blobs(what, blobs);
	}
	for (int i = 0; i < 3; i++) {
		int fds[2];
		for (int w = 0; w < 2; w++)
			fds[w] = openat(dirfd_w[w], paths[i], O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if ((fds[B] < 0) != (fds[G] < 0))
			mismatch("file %s exists only in the %s world", paths[i], world_name[fds[B] >= 0 ? B : G]);
		if (fds[B] < 0)
			continue;
		for (int w = 0; w < 2; w++) {
			read_file(fds[w], &blobs[w]);
			close(fds[w]);
		}
		snprintf(what, sizeof what, "file %s", paths[i]);
		compare_blobs(what, blobs);
	}
}
