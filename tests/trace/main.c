/* SPDX-License-Identifier: MIT */
/* The program that tests/trace/check.py runs under strace or qemu -strace:
 * together with one file per module (io.c, fd.c, fs.c, ...) it calls every
 * public function of every public header once or more, each in a segment
 * of its own, with distinctive arguments (lengths 1001.., offsets
 * 0xN23456789, fd 60..), so that the checker can prove from the trace
 * alone which syscalls each wrapper issued and with which arguments. Each
 * segment states its expected syscalls where it is made (trace.h).
 *
 * A segment starts with a marker syscall no wrapper can issue,
 * write(-1, NULL, 7000 + index), which fails (EBADF; EFAULT under qemu,
 * which checks the buffer first) and which both tracers print with its
 * count. Just before the end the program prints each segment's name and
 * expectation, in order, one line each ("name TAB expectation"), the first
 * line being the prelude (what runs before main).
 *
 * Built twice: as is, every wrapper is inlined (as users get it); with
 * TRACE_OUT_OF_LINE, every call goes through a pointer to the one
 * out-of-line copy in libbedrock.a (what -O0 address-takers and other
 * languages get), which must issue exactly the same syscalls.
 *
 * Results are not checked here: the trace shows them. Calls that cannot be
 * made harmlessly are made so that they fail (a pid beyond pid_max, a path
 * under a directory that does not exist, a descriptor that is not open).
 *
 * Forked children run segments of their own (setsid, the exits, ...). The
 * segment counter and the report live in a MAP_SHARED page, so a child's
 * segments are numbered and listed in sequence with the parent's, and the
 * two never run at the same time: qemu -strace writes every call in pieces
 * (the call, " = ", the result) to one log that parent and child share, so
 * two processes issuing calls at once would mix their lines byte by byte.
 * Hence fork_child() below: the only calls that can overlap are the two
 * returns of the clone itself, which check.py takes apart. */
#include "trace.h"

volatile long trace_sink;
char buf[70001];
br_iovec iov[10];

/* The segment counter and report, and the hand-over flags of fork_child():
 * in a static copy until the first segment maps the shared page. */
struct state {
	int segments;
	int child_ready, child_go; /* fork_child()'s hand-over */
	size_t report_len;
	char report[65536 - 4 * sizeof(int) - sizeof(size_t)];
};
/* The first segment expects a mapping of exactly 64 KiB. */
_Static_assert(sizeof(struct state) == 65536, "struct state is not 64 KiB");
static struct state local_state, *shared = &local_state;

static void add_text(const char *s)
{
	/* A truncated report makes the checker fail, never overflows. */
	while (*s && shared->report_len < sizeof shared->report - 1)
		shared->report[shared->report_len++] = *s++;
}

void expect_segment(const char *name, const char *expect)
{
	add_text(name);
	add_text("\t");
	add_text(expect);
	add_text("\n");
}

/* The marker: a write to fd -1 cannot succeed, and no wrapper here is ever
 * called with fd -1 and such a count. */
static void mark(void)
{
	shared->segments++;
	USE(br_syscall3(BR_SYS_write, -1, 0, 7000 + shared->segments));
}

void trace_seg(const char *name, const char *expect)
{
	expect_segment(name, expect);
	mark();
}

void move_fd(int from, int to)
{
	USE(br_syscall3(BR_SYS_dup3, from, to, BR_O_CLOEXEC));
	USE(br_syscall1(BR_SYS_close, from));
}

static volatile int children_gone;

void trace_child_gone(void)
{
	children_gone++;
}

/* Without any wait: the parent spins on memory, which qemu does not log.
 * The child first spins until the parent is past the clone (so that after
 * the two returns of the clone only one process at a time issues calls),
 * the parent issues the marker of "setup: run the child, wait for its
 * SIGCHLD" and lets the child go, and waits for the SIGCHLD that the
 * child's exit sends, so the child's last call is logged before the
 * parent's next one: the handler's return is the segment's one call. */
int fork_child(void (*child)(void))
{
	int pid = -1, gone = children_gone;

	__atomic_store_n(&shared->child_ready, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&shared->child_go, 0, __ATOMIC_SEQ_CST);
	if (CALL(br_fork)(&pid))
		return -1;
	if (pid == 0) {
		__atomic_store_n(&shared->child_ready, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&shared->child_go, __ATOMIC_SEQ_CST))
			;
		child();
		br_exit_group(3); /* not reached: child() exits */
	}
	while (!__atomic_load_n(&shared->child_ready, __ATOMIC_SEQ_CST) && children_gone == gone)
		;
	SEG("setup: run the child, wait for its SIGCHLD", "rt_sigreturn()");
	__atomic_store_n(&shared->child_go, 1, __ATOMIC_SEQ_CST);
	while (children_gone == gone)
		;
	return pid;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	/* Before main: bedrock's start-up issues nothing (strace shows the
	 * execve). */
#ifndef __PIE__
	expect_segment("start-up", "execve()*");
#else
	/* ---- harden ---- The hardened profile (static-pie): x86_64 sets the
	 * thread pointer (ARCH_SET_FS; a register write elsewhere), then RELRO
	 * becomes read-only (crt/start.c, crt/reloc.c). */
	expect_segment("start-up", "[x86_64] execve()*; arch_prctl(0x1002, *) = 0; mprotect(*, *, PROT_READ) = 0"
				   "  [generic] execve()*; mprotect(*, *, PROT_READ) = 0");
#endif

	/* The report moves to a page that forked children share. */
	SEG("setup: a shared page for the segment list",
	    "mmap(0, 65536, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = $shared");
	long page = br_syscall6(BR_SYS_mmap, 0, sizeof(struct state), BR_PROT_READ | BR_PROT_WRITE,
				BR_MAP_SHARED | BR_MAP_ANONYMOUS, -1, 0);
	if (!br_syscall_errno(page)) {
		*(struct state *)page = local_state;
		shared = (struct state *)page;
	}

	for (size_t i = 0; i < sizeof iov / sizeof iov[0]; i++)
		iov[i] = (br_iovec){buf + 100 * i, 10 + i};

#define X(m) trace_##m();
	TRACE_MODULES
#undef X

	SEG("setup: close everything",
	    "close(50) = 0; close(51) = 0; close(52) = 0; close(53) = 0; close(60) = 0; close(62) = 0");
	for (int fd = FD_PIPE_R; fd <= FD_SMALL_W; fd++)
		br_close_raw(fd);
	br_close_raw(FD_MEM);
	br_close_raw(FD_ROOT);

	/* The report goes out in a segment of its own, which the checker
	 * skips; the last segment is the exit. */
	expect_segment("report", "");
	expect_segment("br_exit_group", "exit_group(0)");
	mark();
	if (br_write_all(BR_STDOUT, shared->report, shared->report_len))
		CALL(br_exit_group)(2);
	mark();
	CALL(br_exit_group)(0);
	return 1; /* not reached */
}
