/* SPDX-License-Identifier: MIT */
/* system.h: uname against /proc, sethostname and setdomainname in a UTS
 * namespace of their own (root), reboot refused for a bad magic and an
 * unknown command, and (root, where a PID namespace can be made) POWER_OFF
 * and RESTART ending that namespace's init with SIGINT and SIGHUP, as the
 * kernel documents; finit_module and delete_module on bad input. Nothing
 * here reboots or changes the machine: whatever could runs in a forked
 * child inside namespaces of its own. */
#include "tap.h"

static bool is_root;

static bool mem_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* The text of a /proc file without its final newline. */
static size_t slurp_line(const char *path, char *buf, size_t size)
{
	size_t n = tap_slurp(path, buf, size);
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	return n;
}

static void test_uname(void)
{
	br_utsname u;
	char want[256];

	tap_errno(br_uname(&u), BR_OK, "uname");
	tap_ok(tap_streq(u.sysname, "Linux"), "uname: sysname is Linux");
	if (slurp_line("/proc/sys/kernel/osrelease", want, sizeof want))
		tap_ok(tap_streq(u.release, want), "uname: release is /proc/sys/kernel/osrelease");
	else
		tap_skip("uname: release is /proc/sys/kernel/osrelease", "no /proc");
	if (slurp_line("/proc/sys/kernel/hostname", want, sizeof want))
		tap_ok(tap_streq(u.nodename, want), "uname: nodename is /proc/sys/kernel/hostname");
	else
		tap_skip("uname: nodename is /proc/sys/kernel/hostname", "no /proc");
#if defined(__x86_64__)
	const char *machine = "x86_64";
#elif defined(__aarch64__)
	const char *machine = "aarch64";
#else
	const char *machine = "riscv64";
#endif
	tap_ok(tap_streq(u.machine, machine), "uname: machine is the target's");
	bool terminated = true;
	const char *f[] = {u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname};
	for (int i = 0; i < 6; i++) {
		size_t n = 0;
		while (n < BR_UTSNAME_LENGTH && f[i][n])
			n++;
		terminated = terminated && n < BR_UTSNAME_LENGTH;
	}
	tap_ok(terminated, "uname: every field NUL-terminated within 65 bytes");
	tap_errno(br_uname((br_utsname *)8), BR_EFAULT, "uname: bad pointer: EFAULT");
}

/* In a child: its own UTS namespace, then the names. */
static void uts_child(void)
{
	br_utsname u;
	char name[65];

	if (!tap_c_errno(br_unshare(BR_CLONE_NEWUTS), BR_OK, "unshare(CLONE_NEWUTS)"))
		return;
	tap_c_errno(br_sethostname("bedrock-host", 12), BR_OK, "sethostname in the new namespace");
	tap_c_errno(br_setdomainname("bedrock.domain", 14), BR_OK, "setdomainname in the new namespace");
	tap_c_ok(!br_uname(&u) && tap_streq(u.nodename, "bedrock-host") && tap_streq(u.domainname, "bedrock.domain"),
		 "uname reports the new names");
	tap_c_ok(tap_slurp("/proc/sys/kernel/hostname", name, sizeof name) == 13 && mem_eq(name, "bedrock-host\n", 13),
		 "/proc/sys/kernel/hostname agrees");
	for (int i = 0; i < 64; i++)
		name[i] = 'x';
	tap_c_errno(br_sethostname(name, 64), BR_OK, "sethostname of 64 bytes (the most)");
	tap_c_ok(!br_uname(&u) && u.nodename[63] == 'x' && u.nodename[64] == 0, "a 64-byte name comes back whole");
	tap_c_errno(br_sethostname(name, 65), BR_EINVAL, "sethostname of 65 bytes: EINVAL");
	tap_c_errno(br_setdomainname(name, 65), BR_EINVAL, "setdomainname of 65 bytes: EINVAL");
	tap_c_errno(br_sethostname((const char *)8, 4), BR_EFAULT, "sethostname bad pointer: EFAULT");
	tap_c_errno(br_sethostname("", 0), BR_OK, "sethostname empty");
	tap_c_ok(!br_uname(&u) && u.nodename[0] == 0, "the empty name comes back");
}

static void test_names(void)
{
	br_utsname before, after;
	if (!is_root) {
		tap_errno(br_sethostname("bedrock", 7), BR_EPERM, "sethostname without CAP_SYS_ADMIN: EPERM");
		tap_skip("sethostname in a UTS namespace", "not root");
		return;
	}
	if (br_uname(&before))
		before.nodename[0] = 0;
	tap_in_child(uts_child, "UTS namespace child ended cleanly");
	tap_ok(!br_uname(&after) && tap_streq(before.nodename, after.nodename),
	       "the host name outside the namespace is unchanged");
}

/* PID 1 of a new PID namespace: reboot(cmd) must end it with a signal. */
static unsigned ns_cmd;
static void ns_init_child(void)
{
	int pid = -1, status = -1, got;

	if (!tap_c_errno(br_unshare(BR_CLONE_NEWPID), BR_OK, "unshare(CLONE_NEWPID)"))
		return;
	br_errno e = br_fork(&pid);
	if (pid != 0 && !tap_c_errno(e, BR_OK, "fork the namespace's init"))
		return;
	if (pid == 0) {
		/* PID 1 of the namespace: the kernel kills us instead of the machine. */
		br_errno r = br_reboot(ns_cmd, 0);
		br_exit_group(r == BR_OK ? 50 : 60 + (int)r);
	}
	tap_c_ok(!br_wait4(pid, &status, 0, 0, &got) && got == pid, "reaped the namespace's init");
	int want = ns_cmd == BR_LINUX_REBOOT_CMD_RESTART ? BR_SIGHUP : BR_SIGINT;
	tap_c_ok(br_wifsignaled(status) && br_wtermsig(status) == want,
		 ns_cmd == BR_LINUX_REBOOT_CMD_RESTART ? "RESTART killed it with SIGHUP"
		 : ns_cmd == BR_LINUX_REBOOT_CMD_HALT  ? "HALT killed it with SIGINT"
						       : "POWER_OFF killed it with SIGINT");
}

static void test_reboot(void)
{
	/* A bad magic is refused before anything (EPERM first without the capability). */
	br_errno want = is_root ? BR_EINVAL : BR_EPERM;
	tap_errno(br_reboot_raw(0x1234, BR_LINUX_REBOOT_MAGIC2, BR_LINUX_REBOOT_CMD_POWER_OFF, 0), want,
		  "reboot: bad first magic refused");
	tap_errno(br_reboot_raw(BR_LINUX_REBOOT_MAGIC1, 0x1234, BR_LINUX_REBOOT_CMD_RESTART, 0), want,
		  "reboot: bad second magic refused");
	tap_errno(br_reboot(0x5a5a5a5a, 0), want, "reboot: unknown command refused");

	if (!is_root) {
		tap_skip("reboot in a PID namespace", "not root");
		return;
	}
	if (tap_under_qemu()) {
		/* qemu-user would pass POWER_OFF to the host kernel from a thread
		 * of its own: not a test of bedrock, and too risky to try. */
		tap_skip("reboot in a PID namespace", "under qemu-user (checked natively)");
		return;
	}
	int pid = -1;
	/* Can a PID namespace be made here at all? (containers may forbid it) */
	if (br_fork(&pid)) {
		tap_ok(false, "fork");
		return;
	}
	if (pid == 0)
		br_exit_group((int)br_unshare(BR_CLONE_NEWPID));
	int raw = tap_reap(pid, 0);
	int st = raw >= 0 && br_wifexited(raw) ? br_wexitstatus(raw) : 255;
	if (st != 0) {
		static char why[120];
		(void)br_fmt(why, sizeof why, "unshare(CLONE_NEWPID): %s (a container that forbids PID namespaces?)",
			     br_errno_name((br_errno)st));
		tap_skip("reboot in a PID namespace", why);
		return;
	}
	ns_cmd = BR_LINUX_REBOOT_CMD_POWER_OFF;
	tap_in_child(ns_init_child, "POWER_OFF in a PID namespace");
	ns_cmd = BR_LINUX_REBOOT_CMD_RESTART;
	tap_in_child(ns_init_child, "RESTART in a PID namespace");
	ns_cmd = BR_LINUX_REBOOT_CMD_HALT;
	tap_in_child(ns_init_child, "HALT in a PID namespace");
}

static void test_modules(void)
{
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	br_errno e = br_finit_module(br_fd_from_raw(tap_bad_fd[0].raw), "", 0);

	if (e == BR_ENOSYS) {
		tap_skip("finit_module, delete_module", "the kernel has no module support (ENOSYS)");
		return;
	}
	if (!is_root) {
		tap_errno(e, BR_EPERM, "finit_module without CAP_SYS_MODULE: EPERM");
		tap_errno(br_delete_module("bedrock_none", BR_O_NONBLOCK), BR_EPERM,
			  "delete_module without CAP_SYS_MODULE: EPERM");
		return;
	}
	if (e == BR_EPERM) {
		/* root, yet refused: kernel.modules_disabled or a lockdown */
		tap_skip("finit_module, delete_module", "module loading is disabled here (EPERM as root)");
		return;
	}
	tap_errno(e, BR_EBADF, "finit_module: closed fd: EBADF");
	tap_errno(br_finit_module(br_fd_from_raw(-1), "", 0), BR_EBADF, "finit_module: fd -1: EBADF");
	tap_errno(br_finit_module(BR_STDIN, "", 0x100), BR_EINVAL, "finit_module: unknown flag: EINVAL");
	static const char junk[] = "not an ELF module, just bytes";
	size_t n;
	if (!br_memfd_create("bedrock-module", BR_MFD_CLOEXEC, &m) && !br_write(br_borrow(m), junk, sizeof junk, &n)) {
		e = br_finit_module(br_borrow(m), "", 0);
		/* ENOEXEC: not an ELF module; EINVAL/EPERM for kernels that
		 * check signatures or file kinds first would be a surprise. */
		tap_errno(e, BR_ENOEXEC, "finit_module: not a module: ENOEXEC");
	} else {
		tap_ok(false, "memfd for finit_module");
	}
	tap_errno(br_delete_module("bedrock_no_such_module", BR_O_NONBLOCK), BR_ENOENT,
		  "delete_module: not loaded: ENOENT");
	tap_errno(br_delete_module((const char *)8, BR_O_NONBLOCK), BR_EFAULT, "delete_module: bad pointer: EFAULT");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	is_root = br_geteuid() == 0;

	tap_group(test_uname, "uname");
	tap_group(test_names, "host names");
	tap_group(test_reboot, "reboot");
	tap_group(test_modules, "modules");
	return tap_done();
}
