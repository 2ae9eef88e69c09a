/* SPDX-License-Identifier: MIT */
/* examples/ignite without a VM. First its own code, included here with
 * IGNITE_NO_MAIN: the kernel command-line parser on real-world lines, and
 * the module resolution on a fixture /lib/modules tree (modules.dep,
 * modules.softdep, modules.builtin, modules.alias), with finit_module
 * replaced by a recorder: the exact load order, parameters and flags,
 * each module once, EEXIST no error, the failures named on stderr.
 * Then (natively, as root, where mount and PID namespaces can be made)
 * the real binary end to end as PID 1 of a new PID namespace, chrooted
 * into a tmpfs that plays the initramfs, with a fixture /proc/cmdline:
 * it must mount what it mounts, switch to an overlay root, run the init
 * found inside that root (an absolute symlink) with the kernel's
 * arguments, and leave the "initramfs" empty; on failure it must name the
 * step, run /bin/sh if there is one, and power off (which in a PID
 * namespace kills its init with SIGINT).
 *
 *   test-ignite IGNITE IGNITE-E2E-INIT */
#include <bedrock/bedrock.h>

static br_errno record(const char *path, const char *params, unsigned flags);
#define IGNITE_NO_MAIN
#define IGNITE_LOAD(fd, path, params, flags) record(path, params, flags)
#include "../examples/ignite.c"

#include "tap.h"

/* ---------------------------------------------------------------- the recorder */

static char loaded[4096];
static size_t loaded_len;

/* "path[ params][ flags=N]\n" per load; broken.ko fails, already.ko is loaded. */
static br_errno record(const char *path, const char *params, unsigned flags)
{
	char num[24];
	const char *parts[] = {path, params[0] ? " " : "", params, flags ? " flags=" : "",
			       flags ? tap_num(flags, false, num) : "", "\n"};
	for (int i = 0; i < 6; i++)
		for (const char *s = parts[i]; *s && loaded_len < sizeof loaded - 1; s++)
			loaded[loaded_len++] = *s;
	loaded[loaded_len] = 0;
	if (tap_streq(path, "kernel/drivers/broken.ko"))
		return BR_ENOEXEC;
	if (tap_streq(path, "kernel/drivers/already.ko"))
		return BR_EEXIST;
	return BR_OK;
}

/* ---------------------------------------------------------------- helpers */

static char tmp[64];

static char *cat3(char *buf, const char *a, const char *b, const char *c)
{
	char *p = buf;
	for (const char *parts[] = {a, b, c}, **q = parts; q < parts + 3; q++)
		for (const char *s = *q; s && *s;)
			*p++ = *s++;
	*p = 0;
	return buf;
}

static bool write_file(br_fd dir, const char *name, const void *data, size_t n, unsigned mode)
{
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	return !br_openat(dir, name, BR_O_WRONLY | BR_O_CREAT | BR_O_TRUNC | BR_O_CLOEXEC, mode, &f) &&
	       !br_write_all(br_borrow(f), data, n);
}

static bool write_text(br_fd dir, const char *name, const char *text)
{
	return write_file(dir, name, text, tap_strlen(text), 0644);
}

/* Everything written to stderr while fn runs. */
static const char *stderr_of(void (*fn)(void))
{
	static char out[2048];
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD, saved BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd two = br_owned_fd_from_raw(2);
	uint64_t pos;
	out[0] = 0;
	if (br_memfd_create("ignite-stderr", BR_MFD_CLOEXEC, &m) || br_dup(BR_STDERR, &saved) ||
	    br_dup2(br_borrow(m), &two))
		return out;
	fn();
	(void)!br_dup2(br_borrow(saved), &two);
	if (!br_lseek(br_borrow(m), 0, BR_SEEK_SET, &pos))
		out[tap_read_full(br_borrow(m), out, sizeof out - 1)] = 0;
	return out;
}

static bool contains(const char *hay, const char *needle)
{
	size_t k = tap_strlen(needle);
	for (; *hay; hay++)
		if (!__builtin_memcmp(hay, needle, k))
			return true;
	return false;
}

/* ---------------------------------------------------------------- command line */

static char line[1024];

static void parse(const char *text)
{
	__builtin_memset(&cfg, 0, sizeof cfg);
	size_t n = tap_strlen(text);
	__builtin_memcpy(line, text, n + 1);
	parse_cmdline(line);
}

static void test_cmdline(void)
{
	parse("BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 root=UUID=0a1b2c3d-1111-2222-3333-444455556666 ro quiet\n");
	tap_ok(tap_streq(cfg.root, "UUID=0a1b2c3d-1111-2222-3333-444455556666"), "Debian's line: root=UUID=...");
	tap_ok(!cfg.rw && !cfg.init && !cfg.fstype && !cfg.flags && !cfg.rootwait && !cfg.delay && !cfg.modules,
	       "Debian's line: read-only, nothing else set");
	tap_eq((uint64_t)cfg.nparams, 0, "BOOT_IMAGE= is no module parameter");

	parse("console=ttyS0 root=/dev/vda1 rootfstype=ext4,xfs rootflags=data=ordered,noatime rw "
	      "init=/lib/systemd/systemd rootwait rootdelay=3 ignite.modules=virtio_pci,virtio_blk,ext4 "
	      "ext4.debug=1 virtio-pci.force_legacy=1 nokaslr panic=-1");
	tap_ok(tap_streq(cfg.root, "/dev/vda1"), "root=/dev/vda1");
	tap_ok(tap_streq(cfg.fstype, "ext4,xfs"), "rootfstype= keeps its list");
	tap_ok(tap_streq(cfg.flags, "data=ordered,noatime"), "rootflags= keeps the rest of the word");
	tap_ok(cfg.rw, "rw");
	tap_ok(tap_streq(cfg.init, "/lib/systemd/systemd"), "init=");
	tap_ok(cfg.rootwait && cfg.wait == 0, "rootwait: for ever");
	tap_eq(cfg.delay, 3, "rootdelay=3");
	tap_ok(tap_streq(cfg.modules, "virtio_pci,virtio_blk,ext4"), "ignite.modules=");
	tap_ok(cfg.nparams == 2 && tap_streq(cfg.params[0], "ext4.debug=1") &&
		       tap_streq(cfg.params[1], "virtio-pci.force_legacy=1"),
	       "module parameters: the dotted words (not ignite.modules=, not console=)");

	parse("root=LABEL=rootfs rw ro rootwait=7 rootflags=\"a b\" \"init=/sbin/my init\" -- root=/dev/evil single");
	tap_ok(!cfg.rw, "the last of rw/ro wins: ro");
	tap_ok(tap_streq(cfg.root, "LABEL=rootfs"), "root=LABEL=; words after -- are init's, not ours");
	tap_ok(cfg.rootwait && cfg.wait == 7, "rootwait=7: a bounded wait");
	tap_ok(tap_streq(cfg.flags, "a b"), "quotes group a value and go");
	tap_ok(tap_streq(cfg.init, "/sbin/my init"), "a quoted word");

	parse("");
	tap_ok(!cfg.root && !cfg.rw, "an empty line: nothing set");
	parse("   \n");
	tap_ok(!cfg.root, "blanks only: nothing set");
	parse("root=");
	tap_ok(cfg.root && !cfg.root[0], "root= empty is empty, not missing");
	parse("roo rwx r rootwaitx=1 usbcore.autosuspend=-1 .x=1 x.=1 x.");
	tap_ok(!cfg.rw && !cfg.rootwait, "near misses are no options");
	tap_eq((uint64_t)cfg.nparams, 1, "usbcore.autosuspend=-1 is a parameter; .x=1, x.=1, x. are not");
	/* More than 64 dotted words: the rest are dropped, nothing overflows. */
	static char many[70 * 7 + 1];
	for (int i = 0; i < 70; i++)
		__builtin_memcpy(many + 7 * i, "m.p=12 ", 7);
	many[70 * 7] = 0;
	parse(many);
	tap_eq((uint64_t)cfg.nparams, 64, "at most 64 module parameters kept");
}

/* ---------------------------------------------------------------- modules */

static const char dep[] =
	"kernel/drivers/virtio/virtio_ring.ko:\n"
	"kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio_pci_modern_dev.ko: kernel/drivers/virtio/virtio.ko "
	"kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko "
	"kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/lib/crc16.ko:\n"
	"kernel/fs/mbcache.ko:\n"
	"kernel/fs/jbd2/jbd2.ko:\n"
	"kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko\n"
	"kernel/crypto/crc32c_generic.ko:\n"
	"kernel/arch/x86/crypto/crc32c-intel.ko:\n"
	"kernel/drivers/broken.ko:\n"
	"kernel/drivers/already.ko:\n"
	"kernel/fs/xfs/xfs.ko.xz:\n"
	"kernel/cyc_a.ko: kernel/cyc_b.ko\n"
	"kernel/cyc_b.ko: kernel/cyc_a.ko\n";
static const char softdep[] = "# Soft dependencies extracted from modules themselves.\n"
			      "softdep ext4 pre: crc32c\n"
			      "softdep crc32c_generic pre: cryptomgr_builtin post: never_loaded\n";
static const char builtin[] = "kernel/crypto/cryptomgr_builtin.ko\nkernel/fs/proc.ko\n";
static const char alias[] = "# Aliases extracted from modules themselves.\n"
			    "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci\n"
			    "alias crypto-crc32c crc32c_generic\n"
			    "alias crc32c crc32c_generic\n"
			    "alias crc32c crc32c_intel\n";
static const char etc_modules[] = "# /etc/modules: kernel modules to load at boot\n"
				  "virtio_blk\n"
				  "\n"
				  "already\n"
				  "  xfs  \n"
				  "cyc_a\n";

static const char want[] = "kernel/drivers/virtio/virtio_ring.ko\n"
			   "kernel/drivers/virtio/virtio.ko\n"
			   "kernel/drivers/virtio/virtio_pci_modern_dev.ko\n"
			   "kernel/drivers/virtio/virtio_pci.ko force_legacy=1\n"
			   "kernel/crypto/crc32c_generic.ko\n"
			   "kernel/arch/x86/crypto/crc32c-intel.ko\n"
			   "kernel/lib/crc16.ko\n"
			   "kernel/fs/mbcache.ko\n"
			   "kernel/fs/jbd2/jbd2.ko\n"
			   "kernel/fs/ext4/ext4.ko debug=1 nodelalloc\n"
			   "kernel/drivers/broken.ko\n"
			   "kernel/drivers/block/virtio_blk.ko\n"
			   "kernel/drivers/already.ko\n"
			   "kernel/fs/xfs/xfs.ko.xz flags=4\n"
			   "kernel/cyc_b.ko\n"
			   "kernel/cyc_a.ko\n";

static br_owned_fd moddir = {-1};
static text etc;

static void run_load(void)
{
	load_modules(br_borrow(moddir), etc);
}

static bool make_tree(void)
{
	static const char *const dirs[] = {"", "/kernel", "/kernel/drivers", "/kernel/drivers/virtio",
					   "/kernel/drivers/block", "/kernel/lib", "/kernel/fs", "/kernel/fs/jbd2",
					   "/kernel/fs/ext4", "/kernel/fs/xfs", "/kernel/crypto", "/kernel/arch",
					   "/kernel/arch/x86", "/kernel/arch/x86/crypto"};
	char p[160];
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (br_mkdirat(BR_AT_FDCWD, cat3(p, tmp, dirs[i], 0), 0755))
			return false;
	if (br_openat(BR_AT_FDCWD, tmp, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &moddir))
		return false;
	br_fd d = br_borrow(moddir);
	bool ok = write_text(d, "modules.dep", dep) && write_text(d, "modules.softdep", softdep) &&
		  write_text(d, "modules.builtin", builtin) && write_text(d, "modules.alias", alias);
	/* Every module file of modules.dep (empty: the recorder never reads them). */
	for (const char *s = dep; *s;) {
		const char *e = s;
		while (*e != ':')
			e++;
		char name[128];
		__builtin_memcpy(name, s, (size_t)(e - s));
		name[e - s] = 0;
		ok = ok && write_text(d, name, "");
		while (*s != '\n')
			s++;
		s++;
	}
	return ok;
}

static void rm_tree(void)
{
	static const char *const files[] = {
		"modules.dep", "modules.softdep", "modules.builtin", "modules.alias",
		"kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
		"kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci.ko",
		"kernel/drivers/block/virtio_blk.ko", "kernel/lib/crc16.ko", "kernel/fs/mbcache.ko",
		"kernel/fs/jbd2/jbd2.ko", "kernel/fs/ext4/ext4.ko", "kernel/crypto/crc32c_generic.ko",
		"kernel/arch/x86/crypto/crc32c-intel.ko", "kernel/drivers/broken.ko", "kernel/drivers/already.ko",
		"kernel/fs/xfs/xfs.ko.xz", "kernel/cyc_a.ko", "kernel/cyc_b.ko"};
	static const char *const dirs[] = {"kernel/arch/x86/crypto", "kernel/arch/x86", "kernel/arch", "kernel/crypto",
					   "kernel/fs/xfs", "kernel/fs/ext4", "kernel/fs/jbd2", "kernel/fs",
					   "kernel/lib", "kernel/drivers/block", "kernel/drivers/virtio",
					   "kernel/drivers", "kernel"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		(void)!br_unlinkat(br_borrow(moddir), files[i], 0);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		(void)!br_unlinkat(br_borrow(moddir), dirs[i], BR_AT_REMOVEDIR);
	br_close(&moddir);
	tap_errno(br_unlinkat(BR_AT_FDCWD, tmp, BR_AT_REMOVEDIR), BR_OK, "the fixture tree is gone again");
}

static void test_modules(void)
{
	if (!tap_ok(make_tree(), "a fixture /lib/modules/<release> tree"))
		return;
	parse("root=/dev/vda ignite.modules=virtio-pci,ext4,proc,nosuch,broken,,virtio_pci "
	      "virtio_pci.force_legacy=1 ext4.debug=1 ext4.nodelalloc");
	etc.p = etc_modules;
	etc.n = sizeof etc_modules - 1;
	mods.ndone = 0;
	mods.sysmod = 0;
	const char *err = stderr_of(run_load);
	tap_ok(tap_streq(loaded, want), "load order: dependencies deepest first, soft pre: and aliases first, once each");
	if (!tap_streq(loaded, want)) {
		tap_diag("loaded:");
		for (const char *s = loaded; *s;) {
			char l[160];
			size_t n = 0;
			while (*s && *s != '\n' && n < sizeof l - 1)
				l[n++] = *s++;
			l[n] = 0;
			s += *s == '\n';
			tap_diag(l);
		}
	}
	tap_ok(contains(err, "ignite: module nosuch: ENOENT\n"), "a module that is nowhere: named, ENOENT");
	tap_ok(contains(err, "ignite: module kernel/drivers/broken.ko: ENOEXEC\n"), "a module that fails: named, errno");
	tap_ok(!contains(err, "already") && !contains(err, "proc") && !contains(err, "cryptomgr"),
	       "already loaded (EEXIST) and built in: no message");
	tap_ok(!contains(loaded, "never_loaded"), "post: soft dependencies are not pre:");

	/* Again: everything is done already, nothing loads twice. */
	loaded_len = 0;
	loaded[0] = 0;
	parse("ignite.modules=ext4,virtio_blk");
	etc.n = 0;
	(void)stderr_of(run_load);
	tap_ok(loaded[0] == 0, "a second request for loaded modules loads nothing");
	for (int i = 0; i < 4; i++) {
		text *t = i == 0 ? &mods.dep : i == 1 ? &mods.soft : i == 2 ? &mods.builtin : &mods.alias;
		tap_unmap((void *)t->p, t->n);
	}
	(void)br_owned_fd_into_raw(&mods.dir); /* moddir still owns it */

	/* No index files at all: a module is simply not found. */
	mods.ndone = 0;
	parse("ignite.modules=ext4");
	const char *e2 = 0;
	br_owned_fd empty_dir = BR_NO_FD;
	if (!br_openat(BR_AT_FDCWD, "/", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &empty_dir)) {
		br_close(&moddir);
		moddir = empty_dir;
		loaded_len = 0;
		loaded[0] = 0;
		e2 = stderr_of(run_load);
		tap_ok(loaded[0] == 0 && contains(e2, "ignite: module ext4: ENOENT"), "no modules.dep: ENOENT, named");
		(void)br_owned_fd_into_raw(&mods.dir);
		br_close(&moddir);
	}
	if (br_openat(BR_AT_FDCWD, tmp, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &moddir))
		return;
	rm_tree();
}


/* ---------------------------------------------------------------- root devices */

static void test_root(void)
{
	unsigned char u[16], sb[256];
	static const unsigned char want[16] = {0x0a, 0x1b, 0x2c, 0x3d, 0x11, 0x11, 0x22, 0x22,
					       0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x6F};
	tap_ok(parse_uuid("0a1b2c3d-1111-2222-3333-44445555666F", u) && !__builtin_memcmp(u, want, 16),
	       "parse_uuid: blkid's form, any case");
	tap_ok(parse_uuid("0A1B2C3D111122223333444455556666f", u) == false, "33 digits: refused");
	tap_ok(!parse_uuid("0a1b2c3d-1111-2222-3333-44445555666", u), "31 digits: refused");
	tap_ok(!parse_uuid("0a1b2c3d-1111-2222-3333-44445555666g", u), "not hex: refused");
	tap_ok(!parse_uuid("", u), "empty: refused");

	__builtin_memset(sb, 0, sizeof sb);
	__builtin_memcpy(sb + 0x68, want, 16);
	__builtin_memcpy(sb + 0x78, "rootfs", 6);
	tap_ok(!ext_matches(sb, want, 0), "no ext magic: no match");
	sb[0x38] = 0x53;
	sb[0x39] = 0xEF;
	tap_ok(ext_matches(sb, want, 0), "ext superblock with that UUID: match");
	u[15] ^= 1;
	tap_ok(!ext_matches(sb, u, 0), "another UUID: no match");
	tap_ok(ext_matches(sb, 0, "rootfs"), "LABEL=rootfs: match");
	tap_ok(!ext_matches(sb, 0, "root") && !ext_matches(sb, 0, "rootfs2") && !ext_matches(sb, 0, ""),
	       "a prefix, a longer label, an empty one: no match");
	__builtin_memcpy(sb + 0x78, "sixteen-bytes-lb", 16);
	tap_ok(ext_matches(sb, 0, "sixteen-bytes-lb"), "a 16-byte label (no NUL on disk): match");

	char list[64];
	static const char fs[] = "nodev\tsysfs\nnodev\ttmpfs\n\text3\n\text2\n\text4\nnodev\toverlay\n\tvfat\n";
	text t = {fs, sizeof fs - 1};
	block_types(t, list, sizeof list);
	tap_ok(tap_streq(list, "ext3,ext2,ext4,vfat"), "/proc/filesystems: the block types, in the kernel's order");
	block_types(t, list, 12);
	tap_ok(tap_streq(list, "ext3,ext2"), "a short list buffer: whole names only");
	t.n = 0;
	block_types(t, list, sizeof list);
	tap_ok(list[0] == 0, "no /proc/filesystems: no types");
}

/* ---------------------------------------------------------------- end to end */

static const char *ignite_path, *init_path;
static char base[64];
static const char *run_cmdline;
static bool run_shell;
static char remains[256]; /* what is left in the "initramfs", names joined by ' ' */

static bool copy(const char *from, br_fd dir, const char *to)
{
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	br_stat st;
	void *p;
	if (br_openat(BR_AT_FDCWD, from, BR_O_RDONLY | BR_O_CLOEXEC, 0, &f) || br_fstat(br_borrow(f), &st) ||
	    br_mmap(0, (size_t)st.st_size, BR_PROT_READ, BR_MAP_PRIVATE, br_borrow(f), 0, &p))
		return false;
	bool ok = write_file(dir, to, p, (size_t)st.st_size, 0755);
	tap_unmap(p, (size_t)st.st_size);
	return ok;
}

/* The names in dir, joined by ' ', in remains. */
static void list(br_fd dir)
{
	_Alignas(8) char buf[2048];
	size_t n, k = 0;
	uint64_t pos;
	remains[0] = 0;
	if (br_lseek(dir, 0, BR_SEEK_SET, &pos))
		return;
	while (!br_getdents64(dir, buf, sizeof buf, &n) && n)
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			for (const char *c = d->d_name; *c && k < sizeof remains - 2; c++)
				remains[k++] = *c;
			remains[k++] = ' ';
			remains[k] = 0;
		}
}

/* In a child with its own mount and PID namespaces: a tmpfs "initramfs"
 * at base holding ignite as /init (and the test init as /bin/sh if
 * run_shell), a second tmpfs at /lower with the root's layers, and a
 * fixture /proc/cmdline; ignite runs as PID 1 of the new PID namespace,
 * chrooted there. Its output and status go back to the parent in the
 * shared page the parent mapped. */
struct result {
	char output[8192];
	size_t len;
	int status;
	char remains[256];
	char step[64]; /* the set-up step that failed, if any */
};
static struct result *res;

static void fail_step(const char *s)
{
	size_t n = tap_strlen(s);
	__builtin_memcpy(res->step, s, n + 1 < sizeof res->step ? n + 1 : sizeof res->step);
	br_exit_group(1);
}

static void run_child(void)
{
	char p[160];
	br_owned_fd t BR_AUTOCLOSE = BR_NO_FD, r = BR_NO_FD, w = BR_NO_FD;

	if (br_unshare(BR_CLONE_NEWNS | BR_CLONE_NEWPID) || br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0))
		fail_step("namespaces");
	if (br_mount("tmpfs", base, "tmpfs", 0, "mode=0755") ||
	    br_openat(BR_AT_FDCWD, base, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &t))
		fail_step("the initramfs tmpfs");
	br_fd d = br_borrow(t);
	if (!copy(ignite_path, d, "init") || br_mkdirat(d, "proc", 0755) || br_mkdirat(d, "lower", 0755))
		fail_step("the initramfs");
	if (run_shell && (br_mkdirat(d, "bin", 0755) || !copy(init_path, d, "bin/sh")))
		fail_step("/bin/sh");
	if (br_mount("tmpfs", cat3(p, base, "/lower", 0), "tmpfs", 0, "mode=0755"))
		fail_step("the lower tmpfs");
	static const char *const dirs[] = {"lower/a", "lower/b", "lower/c", "lower/a/sbin", "lower/a/lib",
					   "lower/a/proc", "lower/a/sys", "lower/a/dev", "lower/a/run"};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (br_mkdirat(d, dirs[i], 0755))
			fail_step(dirs[i]);
	if (!copy(init_path, d, "lower/a/lib/e2e-init") || br_symlinkat("/lib/e2e-init", d, "lower/a/sbin/init") ||
	    !write_text(d, "lower/cmdline", run_cmdline))
		fail_step("the root's files");

	int pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		fail_step("fork");
	if (pid == 0) {
		/* PID 1 of the new namespace. */
		static char a0[] = "/init", a1[] = "e2e-1", a2[] = "e2e-2", e0[] = "HOME=/", e1[] = "TERM=linux";
		char *argv[] = {a0, a1, a2, 0}, *envp[] = {e0, e1, 0};
		br_owned_fd one = br_owned_fd_from_raw(1), two = br_owned_fd_from_raw(2);
		if (br_dup2(br_borrow(w), &one) || br_dup2(br_borrow(w), &two) || br_chroot(base) || br_chdir("/") ||
		    br_mount("proc", "/proc", "proc", 0, 0) ||
		    br_mount("/lower/cmdline", "/proc/cmdline", 0, BR_MS_BIND, 0))
			br_exit_group(126);
		(void)!br_execve("/init", argv, envp);
		br_exit_group(127);
	}
	br_close(&w);
	res->len = tap_read_full(br_borrow(r), res->output, sizeof res->output - 1);
	res->output[res->len] = 0;
	br_close(&r);
	res->status = tap_reap(pid, 0);
	list(d);
	__builtin_memcpy(res->remains, remains, sizeof remains);
	br_exit_group(0);
}

/* One run of ignite with cmdline; false if it could not be set up. */
static bool run(const char *cmdline, bool shell)
{
	run_cmdline = cmdline;
	run_shell = shell;
	__builtin_memset(res, 0, sizeof *res);
	int pid = -1;
	if (br_mkdirat(BR_AT_FDCWD, base, 0700) || br_fork(&pid))
		return false;
	if (pid == 0)
		run_child();
	int st = tap_reap(pid, 0);
	(void)!br_unlinkat(BR_AT_FDCWD, base, BR_AT_REMOVEDIR);
	if (st != 0) {
		tap_diag(res->step[0] ? res->step : "the run's child failed");
		return false;
	}
	return true;
}

static void show_output(void)
{
	for (const char *s = res->output; *s;) {
		char l[200];
		size_t n = 0;
		while (*s && *s != '\n' && n < sizeof l - 1)
			l[n++] = *s++;
		l[n] = 0;
		s += *s == '\n';
		tap_diag(l);
	}
}

static bool has_fs(const char *name)
{
	static char buf[4096];
	size_t n = tap_slurp("/proc/filesystems", buf, sizeof buf);
	(void)n;
	char key[32];
	return contains(buf, cat3(key, "\t", name, "\n"));
}

static void test_e2e(void)
{
	const char *why = 0;
	if (tap_under_qemu())
		why = "native only: ignite runs chrooted as PID 1, where qemu-user cannot follow";
	else if (br_geteuid() != 0)
		why = "needs root (mount and PID namespaces, chroot)";
	else if (!ignite_path || !init_path)
		why = "no ignite binary given (usage: test-ignite IGNITE IGNITE-E2E-INIT)";
	else if (!has_fs("overlay"))
		why = "no overlay file system in this kernel";
	else {
		int pid = -1;
		if (br_fork(&pid))
			why = "fork failed";
		else if (pid == 0)
			br_exit_group(br_unshare(BR_CLONE_NEWNS | BR_CLONE_NEWPID) ||
						      br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0)
					      ? 1
					      : 0);
		else if (tap_reap(pid, 0) != 0)
			why = "no private mount + PID namespace here (root is no mount point?)";
	}
	if (why) {
		tap_skip("ignite end to end", why);
		return;
	}
	long page = br_syscall6(BR_SYS_mmap, 0, sizeof(struct result), BR_PROT_READ | BR_PROT_WRITE,
				BR_MAP_SHARED | BR_MAP_ANONYMOUS, -1, 0);
	if (br_syscall_errno(page)) {
		tap_ok(false, "a shared page");
		return;
	}
	res = (struct result *)page;

	/* 1: an overlay root (read-only: no rw), a module that is not there. */
	if (tap_ok(run("root=overlay rootfstype=overlay rootflags=lowerdir=/lower/a:/lower/b quiet "
		       "ignite.modules=bedrock_none x.y=1 e2e-1",
		       false),
		   "run 1 set up")) {
		const char *o = res->output;
		bool ok = tap_ok(contains(o, "argv: /sbin/init e2e-1 e2e-2\n"),
				 "init found inside the new root (absolute symlink), the kernel's arguments passed on");
		ok &= tap_ok(contains(o, "pid: 1\n"), "init runs as PID 1");
		ok &= tap_ok(contains(o, "env: HOME=/ TERM=linux\n"), "the kernel's environment passed on");
		ok &= tap_ok(contains(o, "proc: mounted\nsys: mounted\ndev: mounted\nrun: mounted\n"),
			     "/proc, /sys, /dev and /run moved onto the new root");
		ok &= tap_ok(contains(o, "proc works: yes\n"), "proc works there");
		ok &= tap_ok(contains(o, "root: read-only\n") && contains(o, "root mount: ro,") &&
				     contains(o, " - overlay overlay ro,lowerdir=/lower/a:/lower/b"),
			     "the root is the overlay, read-only (no rw), with rootflags");
		ok &= tap_ok(contains(o, "ignite: modules /lib/modules/") && contains(o, ": ENOENT\n"),
			     "no modules directory: one line naming it, and the boot goes on");
		ok &= tap_ok(br_wifexited(res->status) && br_wexitstatus(res->status) == 0, "init's exit ends the run");
		/* /root held the new root while the rest went, /lower is a tmpfs. */
		ok &= tap_ok(tap_strlen(res->remains) == 11 && contains(res->remains, "root ") &&
				     contains(res->remains, "lower "),
			     "the initramfs is emptied, except the mount points of other file systems");
		if (!ok) {
			show_output();
			tap_diag(res->remains);
		}
	}

	/* 2: the root never appears (rootwait=1: one second); /bin/sh is there. */
	if (tap_ok(run("root=/dev/bedrock-none rootwait=1", true), "run 2 set up")) {
		const char *o = res->output;
		bool ok = tap_ok(contains(o, "ignite: waiting for root /dev/bedrock-none\n"), "says it waits");
		ok &= tap_ok(contains(o, "ignite: wait for root /dev/bedrock-none: ENODEV\n"),
			     "one line naming the step and the errno");
		ok &= tap_ok(contains(o, "shell: ran, pid ") && contains(o, "session leader"),
			     "the initramfs's /bin/sh ran, in a session of its own");
		ok &= tap_ok(br_wifsignaled(res->status) && br_wtermsig(res->status) == BR_SIGINT,
			     "then power off (in a PID namespace: its init killed by SIGINT)");
		ok &= tap_ok(contains(res->remains, "init ") && contains(res->remains, "bin "),
			     "nothing was deleted");
		if (!ok)
			show_output();
	}

	/* 3: a root without any init, and no shell: power off after 5 s. */
	if (tap_ok(run("root=overlay rootfstype=overlay rootflags=lowerdir=/lower/b:/lower/c", false),
		   "run 3 set up")) {
		const char *o = res->output;
		bool ok = tap_ok(contains(o, "ignite: init /sbin/init: ENOENT\n"),
				 "no init in the new root: named, ENOENT");
		ok &= tap_ok(contains(o, "ignite: powering off in 5 s\n"), "no shell: power off, said");
		ok &= tap_ok(br_wifsignaled(res->status) && br_wtermsig(res->status) == BR_SIGINT,
			     "and done (its init killed by SIGINT)");
		if (!ok)
			show_output();
	}
	tap_unmap(res, sizeof(struct result));
}

int main(int argc, char **argv, char **envp)
{
	char num[24];
	(void)envp;
	cat3(tmp, "/tmp/bedrock-ignite-", tap_num((uint64_t)br_getpid(), false, num), 0);

	tap_group(test_cmdline, "command line");
	tap_group(test_modules, "modules");
	tap_group(test_root, "root devices");
	if (argc == 3) {
		ignite_path = argv[1];
		init_path = argv[2];
	}
	cat3(base, "/tmp/bedrock-ignite-e2e-", tap_num((uint64_t)br_getpid(), false, num), 0);
	tap_group(test_e2e, "end to end");
	return tap_done();
}
