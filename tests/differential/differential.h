/* SPDX-License-Identifier: MIT */
/* The differential test's shared declarations: one program in four files,
 * differential.c (reporting, the slots, running a seed, main), gen.c (the
 * random operations and their description), exec.c (running an operation
 * in each world) and check.c (the state compared between operations). */
#ifndef BR_DIFFERENTIAL_H
#define BR_DIFFERENTIAL_H

#define _GNU_SOURCE
#undef _FORTIFY_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <bedrock/fs.h>
#include <bedrock/io.h>

#define NSLOTS 12
#define HOME_B 700
#define HOME_G 800
#define FD_LIMIT 1024
#define BUFSZ 16384
#define MAXIOV 1100
#define DEFAULT_SEED 0xbed0c0ffee5eedULL
#define DEFAULT_OPS 12000
#define BLOCK 1000
#define DEEP_EVERY 100

enum { B = 0, G = 1 };

enum kind {
	K_READ, K_WRITE, K_PREAD, K_PWRITE, K_READV, K_WRITEV, K_PREADV, K_PWRITEV, K_PREADV2, K_PWRITEV2,
	K_DUP, K_DUP2, K_DUP3, K_GETFD, K_SETFD, K_GETFL, K_SETFL, K_DUPFD_CLOEXEC,
	K_FIOCLEX, K_FIONCLEX, K_FIONBIO, K_FIONREAD,
	K_LSEEK, K_FTRUNCATE, K_CLOSE, K_PIPE2, K_MEMFD, K_OPENAT, K_FSTAT,
	K_COUNT
};

struct fdarg {
	int slot; /* >= 0: the slot; -1: raw */
	int raw;
};

enum bufmode { BUF_GOOD, BUF_NULL, BUF_BAD };
enum iovmode { IOV_OK, IOV_NULLVEC, IOV_NULLBASE, IOV_HUGELEN, IOV_HUGECOUNT };

struct op {
	enum kind kind;
	struct fdarg fd, fd2; /* fd2: dup2/dup3 target, openat directory */
	int dst, dst2;        /* destination slots of new descriptors */
	size_t len;
	enum bufmode buf;
	uint64_t off;
	int64_t soff;
	int whence;
	unsigned flags, mode;
	int min;
	int path;      /* openat path index, memfd name index */
	bool dir_world; /* openat: the world's own directory */
	enum iovmode iovm;
	size_t niov;
	size_t iovk; /* the bad entry for IOV_NULLBASE / IOV_HUGELEN */
	size_t iov_len[MAXIOV];
};

struct res {
	int err;
	int64_t val, val2;
	bool data;                /* compare the read buffer */
	bool st;                  /* compare the stat fields */
	uint32_t st_mode;
	int64_t st_size, st_blksize;
	uint64_t st_nlink;
};

/* The paths openat is given and the names memfd_create is given (the
 * last of each: long_name). */
#define NPATHS 10
#define NNAMES 5

extern const char *const world_name[2];
extern char op_text[512];
extern struct op op;
extern unsigned char wbuf[BUFSZ];
extern unsigned char rbuf[2][BUFSZ];
extern br_iovec biov[MAXIOV];
extern struct iovec giov[MAXIOV];
extern int dirfd_w[2];
/* The slots open (in both worlds; checked equal). */
extern unsigned open_mask;
extern bool inject_pread;
extern const char *const paths[NPATHS];
extern const char *const kind_name[K_COUNT];

uint64_t below(uint64_t n);
bool chance(unsigned pct);
const char *errname(int e);
__attribute__((format(printf, 1, 2), noreturn)) void mismatch(const char *fmt, ...);
__attribute__((format(printf, 1, 2), noreturn)) void harness_fail(const char *fmt, ...);
int home(int w, int slot);
int fd_of(int w, struct fdarg a);
const char *path_of(int i);
const char *name_of(int i);
void gen_op(void);
void describe(void);
bool is_writing(enum kind k);
bool may_block(int w);
void on_alarm(int sig);
void arm(bool on);
void exec_b(struct res *r);
void exec_g(struct res *r);
void compare(const struct res *b, const struct res *g);
void check_flags(void);
void check_deep(struct stat st[2][NSLOTS], bool ok[2][NSLOTS]);
void check_contents(void);

#endif
