/* SPDX-License-Identifier: MIT */
/* /sbin/init of the real root in the ignite boot tests: the program an
 * initramfs /init (examples/ignite, or busybox's switch_root in the bench)
 * hands the machine to. It lives on an ext4 disk image that
 * tools/boot/run.py makes with mke2fs -d, reports what it finds as TAP
 * over the console, framed for run.py:
 *
 *   === ROOT <milliseconds since the kernel started (CLOCK_BOOTTIME)>
 *   ...TAP...
 *   === ROOT END
 *
 * and powers the machine off. What it checks: it is PID 1, in the new root
 * (ext4, the marker file the image was made with), the plain words of the
 * kernel command line reached its argv, fds 0-2 are the console and no
 * other descriptor leaked in, /proc /dev /sys /run are there (moved from
 * the initramfs, with the right types), the root is read-only exactly when
 * argv says expect-ro (a write fails with EROFS) and writable with
 * expect-rw, and the initramfs is gone: its files (a ballast of
 * BALLAST_KB, argv word expect-freed) were deleted, so no longer pin
 * ramfs pages (/proc/meminfo Unevictable; the same measure is first shown
 * to see a ramfs file of that size). */
#include <bedrock/bedrock.h>
#include "../tap.h"

#define BALLAST_KB 16384
#define EXT4_SUPER_MAGIC 0xEF53

static char text[16384];

static bool has_word(int argc, char **argv, const char *w)
{
	for (int i = 1; i < argc; i++)
		if (tap_streq(argv[i], w))
			return true;
	return false;
}

/* The whole of a (small, /proc) file into text; its length, or -1. */
static long slurp(const char *path)
{
	BR_AUTOCLOSE br_owned_fd f = BR_NO_FD;
	size_t len = 0, n;

	if (br_openat(BR_AT_FDCWD, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &f))
		return -1;
	while (len < sizeof text - 1) {
		if (br_read(br_borrow(f), text + len, sizeof text - 1 - len, &n))
			return -1;
		if (n == 0)
			break;
		len += n;
	}
	text[len] = 0;
	return (long)len;
}

/* The value (kB) of a /proc/meminfo field, or -1. */
static int64_t meminfo_kb(const char *field)
{
	if (slurp("/proc/meminfo") < 0)
		return -1;
	size_t fl = tap_strlen(field);
	for (const char *l = text; *l;) {
		bool match = true;
		for (size_t i = 0; i < fl && match; i++)
			match = l[i] == field[i];
		if (match && l[fl] == ':') {
			const char *p = l + fl + 1;
			uint64_t v;
			while (*p == ' ')
				p++;
			return tap_parse_dec(&p, 0, &v) ? (int64_t)v : -1;
		}
		while (*l && *l != '\n')
			l++;
		if (*l)
			l++;
	}
	return -1;
}

/* Field k (0-based, space separated) of the line at l, copied to out. */
static void field(const char *l, int k, char *out, size_t cap)
{
	for (; k > 0 && *l && *l != '\n'; l++)
		if (*l == ' ')
			k--;
	size_t i = 0;
	for (; *l && *l != ' ' && *l != '\n' && i + 1 < cap; l++)
		out[i++] = *l;
	out[i] = 0;
}

/* From /proc/self/mountinfo: the type and options of the mount at
 * mountpoint (the last one there, the one visible); false if none. */
static bool mount_of(const char *mountpoint, char *type, char *opts, size_t cap)
{
	char mp[256], dash[8];
	bool found = false;

	if (slurp("/proc/self/mountinfo") < 0)
		return false;
	for (const char *l = text; *l;) {
		field(l, 4, mp, sizeof mp);
		if (tap_streq(mp, mountpoint)) {
			field(l, 5, opts, cap);
			/* optional fields, then "-", then the type */
			for (int k = 6; k < 20; k++) {
				field(l, k, dash, sizeof dash);
				if (tap_streq(dash, "-")) {
					field(l, k + 1, type, cap);
					found = true;
					break;
				}
			}
		}
		while (*l && *l != '\n')
			l++;
		if (*l)
			l++;
	}
	return found;
}

static bool word_in(const char *list, const char *w)
{
	size_t wl = tap_strlen(w);
	for (const char *p = list; *p;) {
		size_t i = 0;
		while (i < wl && p[i] == w[i])
			i++;
		if (i == wl && (p[i] == ',' || p[i] == 0))
			return true;
		while (*p && *p != ',')
			p++;
		if (*p)
			p++;
	}
	return false;
}

static void check_mount(const char *where, const char *want_type)
{
	char type[64], opts[256], name[96] = "mounted: ";
	size_t n = 9;
	for (const char *s = where; *s && n < 60; s++)
		name[n++] = *s;
	for (const char *s = " is "; *s; s++)
		name[n++] = *s;
	for (const char *s = want_type; *s && n < 94; s++)
		name[n++] = *s;
	name[n] = 0;
	bool ok = mount_of(where, type, opts, sizeof type) && tap_streq(type, want_type);
	if (!tap_ok(ok, name)) {
		tap_puts("#   found: ");
		tap_puts(ok || type[0] ? type : "(no mount)");
		tap_puts("\n");
	}
}

/* Descriptors open in this process, besides the one reading the list. */
static int count_fds(void)
{
	BR_AUTOCLOSE br_owned_fd dir = BR_NO_FD;
	_Alignas(8) char buf[2048];
	size_t n;
	int count = 0;

	if (br_openat(BR_AT_FDCWD, "/proc/self/fd", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir))
		return -1;
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n)
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] != '.')
				count++;
		}
	return count - 1;
}

/* The measure of "the initramfs is gone" must see a ramfs file: one of
 * BALLAST_KB on a ramfs mounted at /mnt raises Unevictable by that much. */
static void check_measure(void)
{
	int64_t before = meminfo_kb("Unevictable");
	if (br_mount("ramfs", "/mnt", "ramfs", 0, 0)) {
		tap_skip("ramfs pages count as Unevictable", "cannot mount ramfs on /mnt");
		return;
	}
	BR_AUTOCLOSE br_owned_fd f = BR_NO_FD;
	static char block[65536];
	bool wrote = !br_openat(BR_AT_FDCWD, "/mnt/ballast", BR_O_WRONLY | BR_O_CREAT | BR_O_CLOEXEC, 0600, &f);
	for (int i = 0; wrote && i < BALLAST_KB / 64; i++)
		wrote = !br_write_all(br_borrow(f), block, sizeof block);
	int64_t during = meminfo_kb("Unevictable");
	(void)br_close(&f);
	tap_ok(wrote && before >= 0 && during - before >= BALLAST_KB * 9 / 10,
	       "measure: a ramfs file of the ballast's size raises Unevictable by its size");
	if (br_unlinkat(BR_AT_FDCWD, "/mnt/ballast", 0) || br_umount2("/mnt", 0))
		tap_diag("could not clean /mnt");
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	br_timespec t = {0, 0};
	if (br_clock_gettime(BR_CLOCK_BOOTTIME, &t))
		t.sec = 0;
	tap_puts("=== ROOT ");
	tap_putu((uint64_t)t.sec * 1000 + (uint64_t)t.nsec / 1000000);
	tap_puts("\n");

	int fds = count_fds();
	tap_eq(br_getpid(), 1, "PID 1");
	tap_ok(has_word(argc, argv, "bedrock-word"), "the command line's plain words reached argv");
	br_stat st;
	bool std_ok = true;
	for (int fd = 0; fd < 3; fd++)
		std_ok &= br_fstatat(br_fd_from_raw(fd), "", &st, BR_AT_EMPTY_PATH) == BR_OK &&
			  (st.st_mode & 0170000) == 0020000;
	tap_ok(std_ok, "fds 0, 1, 2 are open on a character device (the console)");
	tap_eq((uint64_t)fds, 3, "no descriptor other than 0-2 leaked into init");

	struct {
		long type, bsize;
		uint64_t rest[14];
	} sfs;
	long r = br_syscall2(BR_SYS_statfs, (long)"/", (long)&sfs);
	tap_ok(r == 0 && sfs.type == EXT4_SUPER_MAGIC, "/ is ext4 (statfs)");
	tap_ok(slurp("/etc/bedrock-root") > 0 && tap_streq(text, "bedrock root\n"),
	       "/etc/bedrock-root is the image's marker");

	check_mount("/", "ext4");
	check_mount("/proc", "proc");
	check_mount("/sys", "sysfs");
	check_mount("/dev", "devtmpfs");
	check_mount("/run", "tmpfs");

	char type[64], opts[256];
	bool ro_mount = mount_of("/", type, opts, sizeof opts) && word_in(opts, "ro");
	BR_AUTOCLOSE br_owned_fd w = BR_NO_FD;
	br_errno we = br_openat(BR_AT_FDCWD, "/write-probe", BR_O_WRONLY | BR_O_CREAT | BR_O_TRUNC | BR_O_CLOEXEC,
				0644, &w);
	if (has_word(argc, argv, "expect-ro")) {
		tap_ok(ro_mount, "ro: / is mounted read-only (mountinfo)");
		tap_errno(we, BR_EROFS, "ro: creating a file on / fails with EROFS");
	} else if (has_word(argc, argv, "expect-rw")) {
		tap_ok(!ro_mount, "rw: / is mounted read-write (mountinfo)");
		bool wrote = tap_errno(we, BR_OK, "rw: creating a file on / works");
		tap_ok(wrote && !br_write_all(br_borrow(w), "x", 1) && !br_fsync(br_borrow(w)) &&
			       !br_unlinkat(BR_AT_FDCWD, "/write-probe", 0),
		       "rw: writing, syncing and removing it works");
	}

	if (has_word(argc, argv, "expect-freed")) {
		check_measure();
		int64_t unev = meminfo_kb("Unevictable");
		if (!tap_ok(unev >= 0 && unev < BALLAST_KB / 2,
			    "the initramfs is gone: its ballast no longer pins ramfs pages")) {
			tap_puts("#   Unevictable: ");
			tap_puti(unev);
			tap_puts(" kB\n");
		}
	}
	int failed = tap_done();
	tap_puts("=== ROOT END ");
	tap_puts(failed ? "fail\n" : "pass\n");

	(void)br_syscall0(BR_SYS_sync);
	/* reboot(LINUX_REBOOT_MAGIC1, MAGIC2, LINUX_REBOOT_CMD_POWER_OFF) */
	r = br_syscall4(BR_SYS_reboot, (long)0xfee1dead, 672274793, 0x4321fedc, 0);
	tap_puts("=== WARN reboot failed\n");
	return 1; /* init exiting panics the kernel: with panic=-1, qemu ends */
}
