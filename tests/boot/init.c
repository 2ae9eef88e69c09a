/* SPDX-License-Identifier: MIT */
/* /init of the boot tests: PID 1 in an initramfs on a real kernel, itself
 * a bedrock binary. It mounts proc on /proc, tmpfs on /tmp and devtmpfs on
 * /dev, sysfs on /sys, devpts on /dev/pts, runs every /tests/test-* in
 * name order, each in a child of its own (clone with SIGCHLD, execve,
 * wait4: raw syscalls, arch-neutral) with the arguments in /tests/args/<name>
 * (after loading the modules in /modules/, overlay on Debian's kernels, and
 * bringing the loopback interface up)
 * if any, and BR_TEST_MODULE=<name without test-> added to the kernel-given
 * environment,
 * and frames each program's output on the console for tools/boot/run.py:
 *
 *   === BOOT <kernel release> <machine>
 *   === BEGIN <name>
 *   ...the program's TAP...
 *   === END <name> exit <status> | signal <number> | timeout <seconds>, then ms <elapsed>
 *   === DONE
 *
 * then powers the machine off. A program still running after
 * BR_BOOT_TIMEOUT seconds (kernel command line, default 120) is killed,
 * with its process group. Anything init cannot do is a "=== WARN" line. */
#include <bedrock/bedrock.h>

#define MAX_TESTS 64
#define MAX_NAME 64
#define MAX_ENV 64

static char names[MAX_TESTS][MAX_NAME];
static int ntests;

/* Whether s begins with prefix. */
static bool starts(const char *s, const char *prefix)
{
	return br_strncmp(s, prefix, br_strlen(prefix)) == 0;
}

/* Console lines go out in one write each (br_print), so that a line of
 * init's is never split by a test program's output. */
static void warn(const char *what, long r)
{
	const char *name = br_errno_name(br_syscall_errno(r));
	(void)!br_print("=== WARN %s: %s\n", what, name ? name : "error");
}

static uint64_t now_ms(void)
{
	br_timespec ts = {0, 0};
	if (br_clock_gettime(BR_CLOCK_MONOTONIC, &ts))
		return 0;
	return (uint64_t)ts.sec * 1000 + (uint64_t)ts.nsec / 1000000;
}

static void mount(const char *fstype, const char *target, const char *data)
{
	long r = br_syscall5(BR_SYS_mount, (long)fstype, (long)target, (long)fstype, 0, (long)data);
	if (br_syscall_errno(r))
		warn(target, r);
}

/* Loads each .ko file in /modules (modules the tests want that the kernel has
 * as modules: overlay on Debian's); each that fails is a WARN line. */
static void load_modules(void)
{
	br_owned_fd dir BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[1024];
	size_t n;

	if (br_openat(BR_AT_FDCWD, "/modules", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir))
		return;
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n) {
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
			br_errno e = br_openat(br_borrow(dir), d->d_name, BR_O_RDONLY | BR_O_CLOEXEC, 0, &f);
			if (!e)
				e = br_finit_module(br_borrow(f), "", 0);
			if (e && e != BR_EEXIST)
				warn(d->d_name, -(long)e);
		}
	}
}

/* Brings the loopback interface up, as any init does: a fresh kernel
 * has lo down, and the network tests connect over it. */
static void loopback_up(void)
{
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD;
	br_ifreq ifr;

	__builtin_memset(&ifr, 0, sizeof ifr);
	__builtin_memcpy(ifr.name, "lo", 3);
	br_errno e = br_socket(BR_AF_INET, BR_SOCK_DGRAM, 0, &s);
	if (!e)
		e = br_ioctl_siocgifflags(br_borrow(s), &ifr);
	if (!e) {
		ifr.u.flags = (int16_t)(ifr.u.flags | BR_IFF_UP);
		e = br_ioctl_siocsifflags(br_borrow(s), &ifr);
	}
	if (e)
		warn("lo", -(long)e);
}

/* The names of /tests/test-*, sorted. */
static void find_tests(void)
{
	br_owned_fd dir BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[4096];
	size_t n;

	long r = br_openat(BR_AT_FDCWD, "/tests", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir);
	if (r) {
		warn("/tests", -r);
		return;
	}
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n) {
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			off += d->d_reclen;
			const char *s = d->d_name;
			if (!starts(s, "test-"))
				continue;
			if (ntests == MAX_TESTS || br_strlen(s) >= MAX_NAME) {
				warn(s, -BR_E2BIG);
				continue;
			}
			int i = ntests++;
			for (; i > 0 && br_strcmp(names[i - 1], s) > 0; i--)
				__builtin_memcpy(names[i], names[i - 1], MAX_NAME);
			__builtin_memcpy(names[i], s, br_strlen(s) + 1);
		}
	}
}

#define MAX_ARGS 8

/* The arguments meson gives the test, from /tests/args/<name>: one a
 * line (tools/boot/run.py writes it, with the paths of files it packed
 * under /tests/bin/), after argv[0] in argv; the count given. */
static int read_args(const char *name, char *argv[MAX_ARGS + 2])
{
	static char text[1024];
	char path[16 + MAX_NAME] = "/tests/args/";
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	size_t n = 0, got;
	int argc = 1;

	__builtin_memcpy(path + 12, name, br_strlen(name) + 1);
	if (br_openat(BR_AT_FDCWD, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &f))
		return argc;
	while (n < sizeof text - 1 && !br_read(br_borrow(f), text + n, sizeof text - 1 - n, &got) && got)
		n += got;
	text[n] = 0;
	for (char *p = text; *p && argc <= MAX_ARGS; argc++) {
		argv[argc] = p;
		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
	}
	argv[argc] = 0;
	return argc;
}

/* Runs /tests/<name>; writes the END line. */
static void run(const char *name, char **envp, uint64_t limit_ms)
{
	char path[8 + MAX_NAME] = "/tests/", module[16 + MAX_NAME] = "BR_TEST_MODULE=";
	char *argv[MAX_ARGS + 2] = {path, 0}, *env[MAX_ENV + 2];
	int n = 0;

	__builtin_memcpy(path + 7, name, br_strlen(name) + 1);
	(void)read_args(name, argv);
	__builtin_memcpy(module + 15, name + 5, br_strlen(name + 5) + 1);
	for (; envp && *envp && n < MAX_ENV; envp++)
		if (!starts(*envp, "BR_TEST_MODULE="))
			env[n++] = *envp;
	env[n++] = module;
	env[n] = 0;

	(void)!br_print("=== BEGIN %s\n", name);
	uint64_t t0 = now_ms();
	/* fork: clone(SIGCHLD, no new stack); the argument order after the
	 * first two differs between arches, but they are all 0 here. */
	long pid = br_syscall5(BR_SYS_clone, BR_SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		(void)br_syscall2(BR_SYS_setpgid, 0, 0);
		long r = br_syscall3(BR_SYS_execve, (long)path, (long)argv, (long)env);
		warn(path, r);
		br_exit_group(127);
	}
	if (br_syscall_errno(pid)) {
		warn("clone", pid);
		(void)!br_print("=== END %s exit 127 ms 0\n", name);
		return;
	}

	int status = 0;
	bool timed_out = false;
	for (;;) {
		long r = br_syscall4(BR_SYS_wait4, -1, (long)&status, 1 /* WNOHANG */, 0);
		if (r == pid)
			break;
		if (r > 0) /* an orphan reparented to init */
			continue;
		if (r < 0) {
			warn("wait4", r);
			status = 127 << 8;
			break;
		}
		if (!timed_out && now_ms() - t0 > limit_ms) {
			(void)br_syscall2(BR_SYS_kill, -pid, BR_SIGKILL);
			timed_out = true;
		}
		br_timespec ts = {0, 5 * 1000 * 1000};
		if (br_nanosleep(&ts, 0))
			continue; /* interrupted: look again at once */
	}
	uint64_t ms = now_ms() - t0;
	/* Whatever the program left behind in its group goes too. */
	(void)br_syscall2(BR_SYS_kill, -pid, BR_SIGKILL);
	int ignored;
	while (br_syscall4(BR_SYS_wait4, -1, (long)&ignored, 1, 0) > 0)
		;

	if (timed_out)
		(void)!br_print("=== END %s timeout %llu ms %llu\n", name, (unsigned long long)(limit_ms / 1000),
				(unsigned long long)ms);
	else if ((status & 0x7f) == 0)
		(void)!br_print("=== END %s exit %u ms %llu\n", name, (unsigned)status >> 8 & 0xff, (unsigned long long)ms);
	else
		(void)!br_print("=== END %s signal %u ms %llu\n", name, (unsigned)status & 0x7f, (unsigned long long)ms);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv;
	br_utsname uts;
	uint64_t limit = 120;

	if (!br_uname(&uts)) {
		(void)!br_print("=== BOOT %s %s\n", uts.release, uts.machine);
	}
	mount("proc", "/proc", 0);
	mount("sysfs", "/sys", 0);
	mount("tmpfs", "/tmp", "mode=1777");
	mount("devtmpfs", "/dev", 0);
	/* Pseudo-terminals for tests/tty (/dev/ptmx of devtmpfs needs it). */
	br_errno e = br_mkdirat(BR_AT_FDCWD, "/dev/pts", 0755);
	if (e && e != BR_EEXIST)
		warn("/dev/pts", -(long)e);
	mount("devpts", "/dev/pts", "ptmxmode=0666,mode=0620");

	const char *t = br_getenv("BR_BOOT_TIMEOUT");
	if (t && *t && br_parse_u64(t, br_strlen(t), 10, &limit))
		(void)!br_print("=== WARN BR_BOOT_TIMEOUT=%s: not a number, 120 s\n", t);

	load_modules();
	loopback_up();
	find_tests();
	for (int i = 0; i < ntests; i++)
		run(names[i], envp, limit * 1000);
	(void)!br_print("=== DONE\n");

	/* Not PID 1: run under another init (keel, in the boot-keel test),
	 * which reports our exit and ends the machine when we are done. */
	if (br_getpid() != 1)
		return 0;
	br_sync();
	warn("reboot", -(long)br_reboot(BR_LINUX_REBOOT_CMD_POWER_OFF, 0));
	return 1; /* init exiting panics the kernel: with panic=-1, qemu ends */
}
