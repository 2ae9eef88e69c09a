/* SPDX-License-Identifier: MIT */
/* Differential test: bedrock's I/O wrappers against glibc, on x86_64.
 *
 * A hosted program (linked with glibc). Two worlds, "bedrock" and "glibc",
 * each own a table of NSLOTS descriptor slots. Every operation is generated
 * once from a seeded random stream and then run in both worlds, on objects
 * created identically (pipes, memfds, files in a directory of the world's
 * own): through bedrock's inline wrappers in one, through glibc's functions
 * in the other. Results must be identical: success or the errno value
 * (br_errno against errno), counts, positions, flags, new descriptor
 * numbers, the bytes read (the whole read buffer), and the fstat fields
 * that do not depend on time or inode numbers.
 *
 * Descriptor numbers: slot i lives at number 700 + i in the bedrock world
 * and 800 + i in the glibc world. A new descriptor (dup, pipe2, openat, ...)
 * is moved to its destination slot right after the operation (dup3 keeping
 * its close-on-exec flag, then close), so between operations the low
 * numbers the kernel hands out are the same in both worlds, and the numbers
 * dup and friends return can be compared exactly.
 *
 * Checked after every operation: each slot's F_GETFD and F_GETFL. Every
 * 100 operations: fstat, file position, FIONREAD and which slots share an
 * inode. Every 1000 operations (one TAP point each): the contents of every
 * file and memfd a slot refers to plus the named files (data extents and
 * bytes, via /proc/self/fd re-opens), and the contents of every pipe,
 * which are drained (in both worlds alike).
 *
 * Arguments include bad ones: closed slots, fd -1, INT_MIN, INT_MAX, 1023,
 * 1024 (the descriptor limit, set to 1024 here), 1 << 20, AT_FDCWD; NULL and
 * bad buffers, huge lengths (only with bad pointers), offsets of 2^63 and
 * above, 0 to 1025 iovecs, iovecs with a NULL base or a length >= 2^63,
 * unknown flags, zero lengths, non-blocking empty and full pipes. A read
 * or write that blocks (an empty or full pipe in blocking mode) runs under
 * a 1 ms interval timer and must come back with EINTR or a short count,
 * the same in both worlds.
 *
 * One documented divergence is modelled: br_fcntl_setfd refuses unknown
 * bits with EINVAL and issues no syscall (the kernel would ignore them), so
 * the glibc world expects EINVAL there without calling fcntl.
 *
 * Seeds: a fixed default seed always runs; a second seed comes from argv[1]
 * or BR_DIFF_SEED (a number, or "time"). BR_DIFF_OPS sets the number of
 * operations per seed (default 12000). BR_DIFF_INJECT=pread makes the
 * bedrock world read one byte further than asked, to prove that a wrong
 * wrapper is caught. On the first mismatch: the seed, the operation index,
 * the operation and both results, "not ok", exit status 1. */
#include "differential.h"

const char *const world_name[2] = {"bedrock", "glibc"};

/* ------------------------------------------------------------------ rng */
static uint64_t rng;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

bool chance(unsigned pct)
{
	return below(100) < pct;
}

/* ------------------------------------------------------------ reporting */
static uint64_t cur_seed;
static long cur_index = -1;
static int tap_n;
char op_text[512];

const char *errname(int e)
{
	static char buf[4][24];
	static int k;
	const char *n;

	if (e == 0)
		return "OK";
	n = strerrorname_np(e);
	if (n)
		return n;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "errno %d", e);
	return buf[k];
}

__attribute__((format(printf, 1, 2), noreturn)) void mismatch(const char *fmt, ...)
{
	va_list ap;

	printf("not ok %d - bedrock and glibc disagree\n", tap_n + 1);
	printf("# seed 0x%" PRIx64 " (rerun: BR_DIFF_SEED=0x%" PRIx64 "), operation %ld\n", cur_seed, cur_seed,
	       cur_index);
	printf("# operation: %s\n# ", op_text);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

__attribute__((format(printf, 1, 2), noreturn)) void harness_fail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! harness: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %s, seed 0x%" PRIx64 ", operation %ld)\n", errname(errno), cur_seed, cur_index);
	fflush(stdout);
	exit(1);
}


struct op op;
unsigned char wbuf[BUFSZ] __attribute__((aligned(4096)));
unsigned char rbuf[2][BUFSZ] __attribute__((aligned(4096)));
br_iovec biov[MAXIOV];
struct iovec giov[MAXIOV];
int dirfd_w[2];
static char dirpath[2][256];
unsigned open_mask; /* slots open (in both worlds; checked equal) */
bool inject_pread;
static unsigned long count_kind[K_COUNT], count_err[K_COUNT], count_timed, count_errno[BR_ERRNO_MAX + 1];

int home(int w, int slot)
{
	return (w == B ? HOME_B : HOME_G) + slot;
}

int fd_of(int w, struct fdarg a)
{
	return a.slot >= 0 ? home(w, a.slot) : a.raw;
}

const char *const paths[NPATHS] = {"f0", "f1", "f2", "missing/x", "", ".", "f0/x",
				    "/nonexistent-bedrock-differential/x", NULL, NULL /* long */};
static char long_name[300];

const char *path_of(int i)
{
	return i == (int)NPATHS - 1 ? long_name : paths[i];
}

static const char *const memfd_names[NNAMES] = {"m", "bedrock-differential", "", NULL, NULL /* long */};

const char *name_of(int i)
{
	return i == (int)NNAMES - 1 ? long_name : memfd_names[i];
}


/* ---------------------------------------------------------------- running */
static void run_op(long index)
{
	struct res r[2];

	cur_index = index;
	describe();
	bool blk[2] = {may_block(B), may_block(G)};
	if (blk[B] != blk[G])
		mismatch("before it, it could block only in the %s world", world_name[blk[B] ? B : G]);
	if (is_writing(op.kind))
		for (size_t i = 0; i < BUFSZ; i++)
			wbuf[i] = (unsigned char)rnd();
	memset(rbuf, 0xa5, sizeof rbuf);
	for (int w = 0; w < 2; w++) {
		if (blk[w])
			arm(true);
		if (w == B)
			exec_b(&r[B]);
		else
			exec_g(&r[G]);
		if (blk[w])
			arm(false);
	}
	count_timed += blk[B];
	count_kind[op.kind]++;
	if (r[G].err) {
		count_err[op.kind]++;
		if (r[G].err > 0 && r[G].err <= BR_ERRNO_MAX)
			count_errno[r[G].err]++;
	}
	compare(&r[B], &r[G]);
	check_flags();
}

/* Runs one fixed operation (the set-up), generated by hand. */
static void setup_op(long index, enum kind k, unsigned flags, int path, int dst, int dst2, int src)
{
	memset(&op, 0, offsetof(struct op, iov_len));
	op.kind = k;
	op.flags = flags;
	op.path = path;
	op.mode = 0644;
	op.dir_world = true;
	op.dst = dst;
	op.dst2 = dst2;
	op.fd = (struct fdarg){src, 0};
	run_op(index);
}

static void make_dirs(void)
{
	const char *bases[] = {"/dev/shm", getenv("TMPDIR"), "/tmp"};
	char top[200];

	for (size_t i = 0; i < 3; i++) {
		if (!bases[i])
			continue;
		snprintf(top, sizeof top, "%s/bedrock-differential-XXXXXX", bases[i]);
		if (mkdtemp(top))
			break;
		top[0] = 0;
	}
	if (!top[0])
		harness_fail("no temporary directory");
	for (int w = 0; w < 2; w++) {
		snprintf(dirpath[w], sizeof dirpath[w], "%s/%s", top, world_name[w]);
		if (mkdir(dirpath[w], 0700) != 0)
			harness_fail("mkdir %s", dirpath[w]);
		dirfd_w[w] = open(dirpath[w], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd_w[w] < 0)
			harness_fail("open %s", dirpath[w]);
	}
}

static void remove_dirs(void)
{
	char top[256];

	for (int w = 0; w < 2; w++) {
		for (int i = 0; i < 3; i++)
			unlinkat(dirfd_w[w], paths[i], 0);
		close(dirfd_w[w]);
		rmdir(dirpath[w]);
	}
	snprintf(top, sizeof top, "%s", dirpath[0]);
	*strrchr(top, '/') = 0;
	rmdir(top);
}

static int run_seed(uint64_t seed, long nops)
{
	long blocks = (nops + BLOCK - 1) / BLOCK, done = 0, index = 0;

	cur_seed = seed;
	rng = seed;
	memset(count_kind, 0, sizeof count_kind);
	memset(count_err, 0, sizeof count_err);
	memset(count_errno, 0, sizeof count_errno);
	count_timed = 0;
	printf("# seed 0x%" PRIx64 ": %ld operations\n", seed, nops);
	make_dirs();
	for (int s = 0; s < NSLOTS; s++) {
		close(home(B, s));
		close(home(G, s));
	}
	check_flags();
	/* The same objects in both worlds, made by compared operations. */
	setup_op(index++, K_PIPE2, O_NONBLOCK, 0, 0, 1, -1);
	setup_op(index++, K_PIPE2, 0, 0, 2, 3, -1);
	setup_op(index++, K_MEMFD, 0, 0, 4, 0, -1);
	setup_op(index++, K_OPENAT, O_RDWR | O_CREAT | O_TRUNC, 0, 5, 0, -1);
	setup_op(index++, K_OPENAT, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 1, 6, 0, -1);
	setup_op(index++, K_DUP, 0, 0, 7, 0, 5);
	if (open_mask != 0xff)
		harness_fail("set-up left slots 0x%x open", open_mask);

	for (long blk = 0; blk < blocks; blk++) {
		long end = (blk + 1) * BLOCK < nops ? (blk + 1) * BLOCK : nops, first = done;
		while (done < end) {
			gen_op();
			run_op(index++);
			if (++done % DEEP_EVERY == 0) {
				struct stat st[2][NSLOTS];
				bool ok[2][NSLOTS];
				check_deep(st, ok);
			}
		}
		check_contents();
		printf("ok %d - seed 0x%" PRIx64 ": operations %ld-%ld agree (results, errno, read bytes, fd flags, "
		       "positions, contents)\n",
		       ++tap_n, seed, first, end - 1);
		fflush(stdout);
	}
	/* Closing everything leaves both worlds alike too. */
	cur_index = index;
	snprintf(op_text, sizeof op_text, "final: close every slot");
	check_contents();
	for (int s = 0; s < NSLOTS; s++) {
		br_owned_fd o = br_owned_fd_from_raw(home(B, s));
		br_close(&o);
		close(home(G, s));
	}
	check_flags();
	if (open_mask)
		mismatch("slots 0x%x still open", open_mask);
	printf("ok %d - seed 0x%" PRIx64 ": final contents agree, all slots closed\n", ++tap_n, seed);
	printf("# seed 0x%" PRIx64 ": %ld operations, %lu of them on blocking pipes under the timer\n#", seed, index,
	       count_timed);
	for (int k = 0; k < K_COUNT; k++)
		printf(" %s %lu/%lu", kind_name[k], count_kind[k] - count_err[k], count_kind[k]);
	printf(" (succeeded/run)\n# errors:");
	for (int e = 1; e <= BR_ERRNO_MAX; e++)
		if (count_errno[e])
			printf(" %s %lu", errname(e), count_errno[e]);
	printf("\n");
	fflush(stdout);
	remove_dirs();
	return 0;
}

static uint64_t parse_seed(const char *s)
{
	if (strcmp(s, "time") == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 40);
	}
	char *end;
	errno = 0;
	uint64_t v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "differential: bad seed \"%s\" (a number or \"time\")\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uint64_t seeds[2] = {DEFAULT_SEED, 0};
	int nseeds = 1;
	long nops = DEFAULT_OPS;
	const char *s = argc > 1 ? argv[1] : getenv("BR_DIFF_SEED");
	struct rlimit rl;

	if (s && *s) {
		seeds[1] = parse_seed(s);
		if (seeds[1] != seeds[0])
			nseeds = 2;
	}
	if ((s = getenv("BR_DIFF_OPS")) && *s)
		nops = atol(s);
	if (nops < 1)
		nops = 1;
	inject_pread = (s = getenv("BR_DIFF_INJECT")) && strcmp(s, "pread") == 0;
	memset(long_name, 'n', sizeof long_name - 1);

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%ld\n", nseeds * ((nops + BLOCK - 1) / BLOCK + 1));
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: a blocked call ends with EINTR */
	if (sigaction(SIGALRM, &sa, NULL) != 0)
		harness_fail("sigaction");
	/* Descriptor numbers above FD_LIMIT - 1 are invalid in both worlds. */
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max < FD_LIMIT)
		harness_fail("RLIMIT_NOFILE below %d", FD_LIMIT);
	rl.rlim_cur = FD_LIMIT;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		harness_fail("setrlimit");
	if (inject_pread)
		printf("# BR_DIFF_INJECT=pread: bedrock's pread reads at offset + 1 (must be caught)\n");
	for (int i = 0; i < nseeds; i++)
		run_seed(seeds[i], nops);
	return 0;
}
