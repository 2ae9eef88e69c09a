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
 *   test-ignite IGNITE TEST-IGNITE-INIT */
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

int main(int argc, char **argv, char **envp)
{
	char num[24];
	(void)envp;
	cat3(tmp, "/tmp/bedrock-ignite-", tap_num((uint64_t)br_getpid(), false, num), 0);

	tap_group(test_cmdline, "command line");
	tap_group(test_modules, "modules");
	(void)argc, (void)argv;
	return tap_done();
}
