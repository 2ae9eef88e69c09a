/* SPDX-License-Identifier: MIT */
/* process.h: prctl's name, subreaper and parent-death signal by their
 * effects, its errors, and exit_thread (process_common.h). */
#include "process_common.h"

/* ---- prctl ---- */

/* /proc/self/comm without its newline into buf (16 bytes). */
static bool read_comm(char buf[16])
{
	size_t n = tap_slurp("/proc/self/comm", filebuf, sizeof filebuf);
	if (n == 0 || n > 16 || filebuf[n - 1] != '\n')
		return false;
	for (size_t i = 0; i < 16; i++)
		buf[i] = i < n - 1 ? filebuf[i] : 0;
	return true;
}

static void test_prctl_name(void)
{
	char orig[16], got[16], comm[16];
	long res = 1;

	for (int i = 0; i < 16; i++)
		orig[i] = got[i] = 0x55;
	tap_errno(br_prctl(BR_PR_GET_NAME, (unsigned long)orig, 0, 0, 0, &res), BR_OK, "prctl(PR_GET_NAME)");
	tap_eq((uint64_t)res, 0, "*result is what the kernel returned, 0");
	tap_ok(read_comm(comm) && tap_streq(comm, orig), "the name is /proc/self/comm");

	tap_errno(br_prctl_set_name("bedrock-prctl"), BR_OK, "br_prctl_set_name(\"bedrock-prctl\")");
	tap_ok(read_comm(comm) && tap_streq(comm, "bedrock-prctl"), "/proc/self/comm shows it");
	tap_ok(!br_prctl(BR_PR_GET_NAME, (unsigned long)got, 0, 0, 0, &res) && tap_streq(got, "bedrock-prctl"),
	       "PR_GET_NAME reads it back");

	tap_errno(br_prctl_set_name("abcdefghijklmnopqrstuvwxyz"), BR_OK, "a 26-byte name is accepted");
	tap_ok(read_comm(comm) && tap_streq(comm, "abcdefghijklmno"), "/proc/self/comm keeps its first 15 bytes");
	for (int i = 0; i < 16; i++)
		got[i] = 0x55;
	tap_ok(!br_prctl(BR_PR_GET_NAME, (unsigned long)got, 0, 0, 0, &res) && tap_streq(got, "abcdefghijklmno"),
	       "PR_GET_NAME gives the 15 bytes and a NUL");

	tap_errno(br_prctl_set_name((const char *)16), BR_EFAULT, "an unmapped name is EFAULT");
	tap_errno(br_prctl(BR_PR_GET_NAME, 16, 0, 0, 0, &res), BR_EFAULT,
		  "PR_GET_NAME into an unmapped buffer is EFAULT");
	tap_errno(br_prctl_set_name(orig), BR_OK, "restore the original name");
	tap_ok(read_comm(comm) && tap_streq(comm, orig), "/proc/self/comm is back");
}

/* Reads an int a prctl getter writes; -1 on failure. */
static int prctl_get_int(int option)
{
	int v = -1;
	long res;
	if (br_prctl(option, (unsigned long)&v, 0, 0, 0, &res))
		return -1;
	return v;
}

/* A child forks a grandchild and exits; the grandchild, orphaned, waits
 * until it has a new parent and sends {its pid, its parent} through w. */
static void orphan_grandchild(br_fd w)
{
	int gpid = -1, parent = br_getpid();
	if (br_fork(&gpid))
		br_exit_group(1);
	if (gpid == 0) {
		br_timespec ms = {0, 1000000};
		for (int i = 0; i < 5000 && br_getppid() == parent; i++)
			(void)!br_nanosleep(&ms, 0);
		int32_t rep[2] = {br_getpid(), br_getppid()};
		(void)!br_write_all(w, rep, sizeof rep);
		br_exit_group(42);
	}
	br_exit_group(0);
}

/* Forks the child of orphan_grandchild; its exit is reaped here. Returns
 * the grandchild's report in rep. */
static bool orphan(int32_t rep[2])
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int pid = -1;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		return false;
	if (pid == 0)
		orphan_grandchild(br_borrow(w));
	br_close(&w);
	if (!exited_with(tap_reap(pid, 0), 0))
		return false;
	return tap_read_full(br_borrow(r), rep, 2 * sizeof rep[0]) == 2 * sizeof rep[0];
}

static void test_subreaper(void)
{
	int32_t rep[2] = {-1, -1};
	int me = br_getpid();

	int v = -1;
	long res;
	br_errno e = br_prctl(BR_PR_GET_CHILD_SUBREAPER, (unsigned long)&v, 0, 0, 0, &res);
	if (e == BR_EINVAL && tap_under_qemu()) {
		tap_skip("child subreaper",
			 "qemu-user 7.2 answers PR_SET/GET_CHILD_SUBREAPER with EINVAL (not implemented)");
		return;
	}
	tap_ok(!e && v == 0, "PR_GET_CHILD_SUBREAPER is 0 at first");
	tap_errno(br_prctl_set_child_subreaper(true), BR_OK, "br_prctl_set_child_subreaper(true)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_CHILD_SUBREAPER), 1, "PR_GET_CHILD_SUBREAPER reads 1");
	if (tap_ok(orphan(rep), "a child forks a grandchild and exits; the grandchild reports")) {
		tap_eq((uint64_t)rep[1], (uint64_t)me, "the orphaned grandchild's getppid() is now our pid");
		int status = tap_reap(rep[0], 0);
		tap_ok(exited_with(status, 42), "and we reap it with wait4: exited 42");
	}

	tap_errno(br_prctl_set_child_subreaper(false), BR_OK, "br_prctl_set_child_subreaper(false)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_CHILD_SUBREAPER), 0, "PR_GET_CHILD_SUBREAPER reads 0");
	if (tap_ok(orphan(rep), "an orphan again, without the flag")) {
		tap_ok(rep[1] != me && rep[1] > 0, "it went to someone else (init or a reaper above us)");
		int got = -1, status;
		tap_errno(br_wait4(rep[0], &status, 0, 0, &got), BR_ECHILD, "and it is not ours to wait for: ECHILD");
	}
}

static void child_pdeathsig_reset(void)
{
	tap_c_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "(child) fork cleared the parent-death signal");
}

/* The parent-death signal: set, read back, not inherited, and delivered. */
static void test_pdeathsig(void)
{
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "PR_GET_PDEATHSIG is 0 at first");
	tap_errno(br_prctl_set_pdeathsig(BR_SIGTERM), BR_OK, "br_prctl_set_pdeathsig(SIGTERM)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), BR_SIGTERM, "PR_GET_PDEATHSIG reads SIGTERM");
	tap_in_child(child_pdeathsig_reset, "the pdeathsig child ran to its end");
	tap_errno(br_prctl_set_pdeathsig(65), BR_EINVAL, "signal 65 is EINVAL");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), BR_SIGTERM, "and changed nothing");
	tap_errno(br_prctl_set_pdeathsig(0), BR_OK, "br_prctl_set_pdeathsig(0)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "PR_GET_PDEATHSIG reads 0");
	long res;
	tap_errno(br_prctl(BR_PR_GET_PDEATHSIG, 16, 0, 0, 0, &res), BR_EFAULT,
		  "PR_GET_PDEATHSIG into an unmapped int is EFAULT");

	/* Delivery: a grandchild asks for SIGTERM when its parent (our
	 * child) dies and sleeps; the child exits as soon as it is ready.
	 * Pipe a tells the child, pipe b brings its pid here and reaches end
	 * of file when the grandchild, which holds b's write end, is gone. */
	br_owned_fd ar BR_AUTOCLOSE = BR_NO_FD, aw BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd br BR_AUTOCLOSE = BR_NO_FD, bw BR_AUTOCLOSE = BR_NO_FD;
	bool reaper = !br_prctl_set_child_subreaper(true);
	int pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &ar, &aw) || br_pipe2(BR_O_CLOEXEC, &br, &bw) || br_fork(&pid)) {
		tap_ok(false, "fork for the parent-death signal");
		return;
	}
	if (pid == 0) {
		int gpid = -1, parent = br_getpid();
		if (br_fork(&gpid))
			br_exit_group(1);
		if (gpid == 0) {
			br_timespec ten = {10, 0};
			int32_t me = br_getpid();
			/* Had the parent gone before the prctl, no signal would come. */
			if (br_prctl_set_pdeathsig(BR_SIGTERM) || br_getppid() != parent)
				br_exit_group(2);
			(void)!br_write_all(br_borrow(aw), &me, sizeof me);
			(void)!br_nanosleep(&ten, 0);
			br_exit_group(99);
		}
		int32_t g;
		br_exit_group(tap_read_full(br_borrow(ar), &g, sizeof g) == sizeof g &&
					      !br_write_all(br_borrow(bw), &g, sizeof g)
				      ? 0
				      : 3);
	}
	br_close(&aw);
	br_close(&bw);
	tap_ok(exited_with(tap_reap(pid, 0), 0), "a child whose grandchild set a parent-death signal exits");
	int32_t gpid = -1;
	char c;
	tap_eq(tap_read_full(br_borrow(br), &gpid, sizeof gpid), sizeof gpid,
	       "the grandchild had set PR_SET_PDEATHSIG(SIGTERM)");
	tap_eq(tap_read_full(br_borrow(br), &c, 1), 0, "it died with its parent, long before its 10 s sleep ended");
	if (reaper) {
		int status = tap_reap(gpid, 0);
		tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGTERM,
		       "reaped here (we are its subreaper): killed by SIGTERM");
		(void)!br_prctl_set_child_subreaper(false);
	} else if (tap_under_qemu()) {
		tap_skip("the grandchild was killed by SIGTERM",
			 "qemu-user 7.2 has no PR_SET_CHILD_SUBREAPER, so init reaps it, not us");
	} else {
		tap_ok(false, "the grandchild was killed by SIGTERM (could not become its subreaper)");
	}
}

static void test_prctl_errors(void)
{
	long res = 99;
	tap_errno(br_prctl(12345, 0, 0, 0, 0, &res), BR_EINVAL, "prctl option 12345 is EINVAL");
	tap_eq((uint64_t)res, 0, "*result is 0 on error");
	tap_errno(br_prctl(-1, 0, 0, 0, 0, &res), BR_EINVAL, "prctl option -1 is EINVAL");
}

/* br_exit_thread in the only thread ends the process with that code. */
static void test_exit_thread(void)
{
	int pid = -1;
	if (br_fork(&pid)) {
		tap_ok(false, "fork for br_exit_thread");
		return;
	}
	if (pid == 0)
		br_exit_thread(77);
	tap_ok(exited_with(tap_reap(pid, 0), 77), "br_exit_thread(77) in a forked child: exited 77");
	if (br_fork(&pid)) {
		tap_ok(false, "fork for br_exit_thread");
		return;
	}
	if (pid == 0)
		br_exit_thread(0x1ff);
	tap_ok(exited_with(tap_reap(pid, 0), 0xff), "br_exit_thread(0x1ff): exited 0xff");
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_prctl_name,
		test_subreaper,
		test_pdeathsig,
		test_prctl_errors,
		test_exit_thread,
	};

	(void)argc, (void)argv, (void)envp;
	return process_run(tests, sizeof tests / sizeof tests[0]);
}
