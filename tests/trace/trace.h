/* SPDX-License-Identifier: MIT */
/* The trace program's shared pieces (tests/trace/: main.c and one file per
 * module). Each segment states the syscalls its call must issue, next to
 * the call:
 *
 *	SEG("br_pwrite", "pwrite64(60, *, 1004, 0x223456789) = 1004");
 *	USE(CALL(br_pwrite)(mem, buf, 1004, 0x223456789u, &n));
 *
 * in the notation that notation.py parses (its head and HACKING.md describe
 * it). The program prints every segment's name and expectation at its
 * end; check.py matches them against the trace. */
#ifndef BEDROCK_TRACE_H
#define BEDROCK_TRACE_H

#include <bedrock/bedrock.h>

#ifdef TRACE_OUT_OF_LINE
/* A call through a volatile pointer: the compiler cannot see the target,
 * so it calls the external definition instead of inlining the body. */
#define CALL(f) (*(__typeof__(&f) volatile *)&(__typeof__(&f)){&f})
#else
#define CALL(f) f
#endif

/* Where results go: volatile, so no call is dropped as unused. */
extern volatile long trace_sink;
#define USE(x) (trace_sink = (long)(x))

/* The descriptor numbers the expectations name: every long-lived
 * descriptor is moved to a fixed number, since under qemu-user the lowest
 * free number depends on what qemu itself has open. */
enum {
	FD_PIPE_R = 50, /* blocking pipe */
	FD_PIPE_W = 51,
	FD_SMALL_R = 52, /* non-blocking pipe of one page */
	FD_SMALL_W = 53,
	FD_MEM = 60,  /* memfd */
	FD_DUP = 61,  /* dup2/dup3 target */
	FD_ROOT = 62, /* "/" */
};

/* Starts the next segment: its name (a function's name first, for the
 * coverage check) and the calls it must issue. check.py finds the names
 * of the sources by the literal "SEG(" followed by a string. */
#define SEG(name, expect) trace_seg(name, expect)
void trace_seg(const char *name, const char *expect);
/* Adds a segment to the report without starting it (the prelude, the
 * last segment). */
void expect_segment(const char *name, const char *expect);

/* Setup outside any wrapper under test: moves a fresh descriptor to a fixed
 * number (close-on-exec, like everything here) and closes the original:
 * "dup3($x, TO, O_CLOEXEC) = TO; close($x) = 0". */
void move_fd(int from, int to);

/* Forks with br_fork (the caller's SEG names it), runs child() in the child
 * (it must end in an exit wrapper) and returns the child's pid (-1 if the
 * fork failed) once the child has exited, after a segment of its own,
 * "setup: run the child, wait for its SIGCHLD". Needs a SIGCHLD handler
 * that calls trace_child_gone(). */
int fork_child(void (*child)(void));
void trace_child_gone(void);

/* A buffer for every call; one iovec array for all vectored calls, iov[i]
 * of 10 + i bytes. */
extern char buf[70001];
extern br_iovec iov[10];

/* The modules, in the order they run: each tests/trace/<m>.c defines
 * trace_<m>(). The order matters (fs_setup creates the descriptors the
 * others use; signal leaves pipe 50 empty for process). */
#define TRACE_MODULES \
	X(fs_setup)   \
	X(io)         \
	X(fd)         \
	X(io_pipe)    \
	X(fs)         \
	X(mm)         \
	X(rand)       \
	X(time)       \
	X(signal)     \
	X(net)        \
	X(event)      \
	X(process)    \
	X(fs_links)   \
	X(cred)       \
	X(system)     \
	X(mount)      \
	X(tty)        \
	X(netif)      \
	X(syscall)    \
	X(errno)      \
	X(alloc)      \
	X(string)     \
	X(parse)      \
	X(fmt)        \
	X(crt)

#define X(m) void trace_##m(void);
TRACE_MODULES
#undef X

#endif
