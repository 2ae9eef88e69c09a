/* SPDX-License-Identifier: MIT */
/* ignite: an initramfs /init. It mounts /proc, /sys, /dev (devtmpfs) and
 * /run, reads the kernel command line (root=, rootfstype=, rootflags=,
 * ro/rw, init=, rootwait, rootdelay=, ignite.modules=), loads the modules
 * named there and in /etc/modules with their dependencies
 * (/lib/modules/<release>/modules.dep, the pre: soft dependencies of
 * modules.softdep, plain aliases of modules.alias), waits for the root
 * device (/dev/NAME, UUID= or LABEL= of an ext2/3/4 file system, or any
 * other source string with rootfstype=), mounts it, moves /dev, /proc, /sys
 * and /run onto it, empties the initramfs, makes the new root / (MS_MOVE
 * and chroot, as switch_root does) and execs its init with the arguments
 * the kernel gave /init. On failure: one line "ignite: <step>: <ERRNO>" on
 * the console, then /bin/sh of the initramfs if there is one, else power
 * off after 5 seconds. docs/ignite.md tells how to build an initramfs.
 *
 * tests/ignite.c includes this file with IGNITE_NO_MAIN defined, to run
 * the command-line parser and the module resolution on fixtures, with
 * IGNITE_LOAD recording what would be loaded. */
#include <bedrock/bedrock.h>

#define MAX_MODULES 256

/* What the command line asks for. */
static struct {
	const char *root, *fstype, *flags, *init, *modules;
	bool rw, rootwait;
	unsigned delay, wait; /* rootdelay=; rootwait=N (0: for ever) */
	char *params[64];     /* module.key=value words */
	int nparams;
} cfg;

/* A file mapped in whole (or nothing). */
typedef struct text {
	const char *p;
	size_t n;
} text;

/* The modules directory and its index files; the names handled so far. */
static struct {
	br_owned_fd dir;
	int sysmod; /* /sys/module, or 0 for none (0 is the console) */
	text dep, soft, builtin, alias;
	text done[MAX_MODULES];
	int ndone;
} mods;


/* s starts with p: the rest of s, else NULL. */
static const char *after(const char *s, const char *p)
{
	size_t n = br_strlen(p);
	return br_strncmp(s, p, n) ? 0 : s + n;
}

static void say(const char *s)
{
	if (br_write_all(BR_STDERR, s, br_strlen(s)))
		return; /* no console: nobody to tell */
}

/* "ignite: what: ERRNO" (ERRNO left out for 0). */
static void warn(const char *what, const char *arg, br_errno e)
{
	say("ignite: ");
	say(what);
	if (arg) {
		say(" ");
		say(arg);
	}
	if (e) {
		const char *n = br_errno_name(e);
		say(": ");
		say(n ? n : "error");
	}
	say("\n");
}

/* A number of the command line (seconds), as the kernel reads them: base
 * 0 (0x hex, 0 octal); 0 if it is none. */
static unsigned number(const char *s)
{
	uint64_t v;
	return br_parse_u64(s, br_strlen(s), 0, &v) || v > 0xffffffffu ? 0 : (unsigned)v;
}

/* ---------------------------------------------------------------- command line */

/* One word of the command line, as the kernel documents it. */
static void word(char *w)
{
	const char *v;
	if ((v = after(w, "root=")))
		cfg.root = v;
	else if ((v = after(w, "rootfstype=")))
		cfg.fstype = v;
	else if ((v = after(w, "rootflags=")))
		cfg.flags = v;
	else if ((v = after(w, "init=")))
		cfg.init = v;
	else if ((v = after(w, "rootdelay=")))
		cfg.delay = number(v);
	else if ((v = after(w, "ignite.modules=")))
		cfg.modules = v;
	else if ((v = after(w, "rootwait")) && (!*v || *v == '=')) {
		cfg.rootwait = true;
		cfg.wait = *v == '=' ? number(v + 1) : 0;
	} else if (w[0] == 'r' && (w[1] == 'o' || w[1] == 'w') && !w[2])
		cfg.rw = w[1] == 'w';
	else {
		/* module.key[=value]: a parameter for a module loaded here. */
		char *p = w;
		while (*p && *p != '.' && *p != '=')
			p++;
		if (*p == '.' && p > w && p[1] && p[1] != '=' && cfg.nparams < 64)
			cfg.params[cfg.nparams++] = w;
	}
}

/* Splits s (NUL-terminated) into words in place: blanks separate them,
 * double quotes group ("a b" keeps its blank, the quotes go); "--" ends
 * what the kernel reads (the rest is for init). */
static void parse_cmdline(char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (!*s)
			return;
		char *w = s, *o = s;
		bool quoted = false;
		for (; *s && (quoted || (*s != ' ' && *s != '\t' && *s != '\n')); s++)
			if (*s == '"')
				quoted = !quoted;
			else
				*o++ = *s;
		bool last = !*s;
		*o = 0;
		if (w[0] == '-' && w[1] == '-' && !w[2])
			return;
		word(w);
		if (last)
			return;
		s++;
	}
}

/* ---------------------------------------------------------------- files */

/* All of dir/path, mapped read-only; {0, 0} if it is missing or empty. */
static text map(br_fd dir, const char *path)
{
	text t = {0, 0};
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	br_stat st;
	void *p;

	if (br_openat(dir, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd) || br_fstat(br_borrow(fd), &st) ||
	    st.st_size <= 0 ||
	    br_mmap(0, (size_t)st.st_size, BR_PROT_READ, BR_MAP_PRIVATE, br_borrow(fd), 0, &p))
		return t;
	t.p = (const char *)p;
	t.n = (size_t)st.st_size;
	return t;
}

/* The line of t at *pos (without its newline); *pos moves past it. */
static bool next_line(text t, size_t *pos, text *line)
{
	if (*pos >= t.n)
		return false;
	size_t e = *pos;
	while (e < t.n && t.p[e] != '\n')
		e++;
	line->p = t.p + *pos;
	line->n = e - *pos;
	*pos = e + 1;
	return true;
}

/* The next blank-separated word of *l ({.n = 0} at the end); *l shrinks. */
static text next_word(text *l)
{
	text w;
	while (l->n && (*l->p == ' ' || *l->p == '\t'))
		l->p++, l->n--;
	w.p = l->p;
	while (l->n && *l->p != ' ' && *l->p != '\t')
		l->p++, l->n--;
	w.n = (size_t)(l->p - w.p);
	return w;
}

/* ---------------------------------------------------------------- modules */

/* Module names compare with '-' and '_' the same. */
static bool same_name(text a, text b)
{
	if (a.n != b.n)
		return false;
	for (size_t i = 0; i < a.n; i++) {
		char x = a.p[i] == '-' ? '_' : a.p[i], y = b.p[i] == '-' ? '_' : b.p[i];
		if (x != y)
			return false;
	}
	return true;
}

/* The module name of a path: "kernel/fs/ext4/ext4.ko:" -> "ext4". */
static text name_of(text path)
{
	text n = path;
	for (size_t i = 0; i < path.n; i++)
		if (path.p[i] == '/')
			n.p = path.p + i + 1;
	n.n = 0;
	while (n.p + n.n < path.p + path.n && n.p[n.n] != '.' && n.p[n.n] != ':')
		n.n++;
	return n;
}

/* The first line of t whose first word (after the word prefix, if any)
 * names module name: that word in *first, the rest of the line in *rest.
 * by_path: the word is a path ("kernel/fs/ext4/ext4.ko:"), compared by the
 * module name in it. */
static bool find(text t, text name, bool by_path, const char *prefix, text *first, text *rest)
{
	size_t pos = 0;
	text l;
	while (next_line(t, &pos, &l)) {
		if (prefix) {
			text p = next_word(&l);
			if (p.n != br_strlen(prefix) || !after(p.p, prefix))
				continue;
		}
		text w = next_word(&l);
		if (same_name(by_path ? name_of(w) : w, name)) {
			while (w.n && w.p[w.n - 1] == ':')
				w.n--;
			*first = w;
			*rest = l;
			return true;
		}
	}
	return false;
}

/* text as a C string in buf (cut to size). */
static char *cstr(text t, char *buf, size_t size)
{
	size_t k = t.n < size - 1 ? t.n : size - 1;
	__builtin_memcpy(buf, t.p, k);
	buf[k] = 0;
	return buf;
}

#ifndef IGNITE_LOAD
#define IGNITE_LOAD(fd, path, params, flags) br_finit_module(fd, params, flags)
#endif

/* Opens path (relative to the modules directory) and loads it with the
 * parameters the command line gives module name. */
static void insmod(text name, text path)
{
	char file[256], params[512];
	size_t n = 0;
	br_errno e;

	cstr(path, file, sizeof file);
	/* name.key=value words of the command line, as "key=value key2". */
	for (int i = 0; i < cfg.nparams; i++) {
		const char *w = cfg.params[i], *dot = w;
		while (*dot != '.')
			dot++;
		text m = {w, (size_t)(dot - w)};
		size_t l = br_strlen(dot + 1);
		if (!same_name(m, name) || n + l + 2 > sizeof params)
			continue;
		if (n)
			params[n++] = ' ';
		__builtin_memcpy(params + n, dot + 1, l);
		n += l;
	}
	params[n] = 0;

	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	/* Compressed modules (.ko.xz, .ko.zst) are the kernel's to unpack (6.4+). */
	unsigned flags = path.n > 3 && after(path.p + path.n - 3, ".ko") ? 0 : BR_MODULE_INIT_COMPRESSED_FILE;
	e = br_openat(br_borrow(mods.dir), file, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd);
	if (!e)
		e = IGNITE_LOAD(br_borrow(fd), file, params, flags);
	if (e && e != BR_EEXIST) /* EEXIST: loaded already */
		warn("module", file, e);
}

/* Loads module name after its pre: soft dependencies and its dependencies
 * (depth first, as modprobe does), once; built-in or loaded is no error;
 * a name that is no module may be a plain alias (crc32c). */
static void load(text name, int depth)
{
	text first, rest;
	if (depth > 16)
		return;
	for (int i = 0; i < mods.ndone; i++)
		if (same_name(mods.done[i], name))
			return;
	if (mods.ndone == MAX_MODULES)
		return;
	mods.done[mods.ndone++] = name;

	if (mods.sysmod > 0) {
		char n[64];
		br_stat st;
		for (char *c = cstr(name, n, sizeof n); *c; c++)
			if (*c == '-')
				*c = '_';
		if (!br_fstatat(br_fd_from_raw(mods.sysmod), n, &st, 0))
			return; /* loaded already, or built in with parameters */
	}
	if (find(mods.soft, name, false, "softdep", &first, &rest)) {
		text w;
		while ((w = next_word(&rest)).n && !(w.n == 4 && after(w.p, "pre:")))
			;
		while ((w = next_word(&rest)).n && w.p[w.n - 1] != ':')
			load(w, depth + 1);
	}
	if (find(mods.dep, name, true, 0, &first, &rest)) {
		for (text w; (w = next_word(&rest)).n;)
			load(name_of(w), depth + 1);
		insmod(name, first);
		return;
	}
	if (find(mods.builtin, name, true, 0, &first, &rest))
		return;
	bool any = false;
	size_t pos = 0;
	text l;
	while (next_line(mods.alias, &pos, &l)) {
		text a = next_word(&l), w = next_word(&l);
		if (a.n == 5 && after(a.p, "alias") && same_name(w, name)) {
			load(next_word(&l), depth + 1);
			any = true;
		}
	}
	if (!any) {
		char n[64];
		warn("module", cstr(name, n, sizeof n), BR_ENOENT);
	}
}

/* Loads the modules of a comma-separated list. */
static void load_list(const char *s)
{
	while (s && *s) {
		text t = {s, 0};
		while (s[t.n] && s[t.n] != ',')
			t.n++;
		if (t.n)
			load(t, 0);
		s += t.n + (s[t.n] == ',');
	}
}

/* Loads the modules of the command line, then those of /etc/modules (one
 * per line, "#" comments; words after the name are its parameters and are
 * left to the command line here). */
static void load_modules(br_fd moddir, text etc_modules)
{
	mods.dir = br_owned_fd_from_raw(moddir.raw);
	mods.dep = map(moddir, "modules.dep");
	mods.soft = map(moddir, "modules.softdep");
	mods.builtin = map(moddir, "modules.builtin");
	mods.alias = map(moddir, "modules.alias");
	load_list(cfg.modules);
	size_t pos = 0;
	text l;
	while (next_line(etc_modules, &pos, &l)) {
		text w = next_word(&l);
		if (w.n && *w.p != '#')
			load(w, 0);
	}
}

/* The 16 bytes of "UUID=..." (hex digits, dashes anywhere). */
static bool parse_uuid(const char *s, unsigned char out[16])
{
	int n = 0;
	for (; *s; s++) {
		unsigned d;
		char c = (char)(*s | 0x20);
		if (*s == '-')
			continue;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return false;
		if (n == 32)
			return false;
		out[n / 2] = (unsigned char)(n % 2 ? out[n / 2] << 4 | d : d);
		n++;
	}
	return n == 32;
}

/* Whether sb (the 256 bytes at offset 1024 of a device) is an ext2/3/4
 * superblock (magic 0xEF53 at 0x38) with s_uuid (at 0x68) equal to uuid,
 * or s_volume_name (at 0x78, 16 bytes) equal to label. */
static bool ext_matches(const unsigned char *sb, const unsigned char *uuid, const char *label)
{
	if (sb[0x38] != 0x53 || sb[0x39] != 0xEF)
		return false;
	if (uuid) {
		/* A loop, not memcmp: the library's is a vectorised one, 1.5 KB. */
		int i = 0;
		while (i < 16 && sb[0x68 + i] == uuid[i])
			i++;
		if (i == 16)
			return true;
	}
	if (!label)
		return false;
	size_t k = 0;
	while (k < 16 && label[k] && sb[0x78 + k] == (unsigned char)label[k])
		k++;
	return !label[k] && (k == 16 || sb[0x78 + k] == 0);
}

/* The block file systems of /proc/filesystems (t), comma-separated in
 * list: those not marked "nodev", in the kernel's order. */
static void block_types(text t, char *list, size_t size)
{
	size_t pos = 0, n = 0;
	text l;
	while (next_line(t, &pos, &l)) {
		text w = next_word(&l);
		if (w.n == 5 && after(w.p, "nodev"))
			continue;
		if (w.n && n + w.n + 1 < size) {
			if (n)
				list[n++] = ',';
			__builtin_memcpy(list + n, w.p, w.n);
			n += w.n;
		}
	}
	list[n] = 0;
}

#ifndef IGNITE_NO_MAIN
/* ---------------------------------------------------------------- the root */

static BR_NORETURN void emergency(char **envp);

static bool switched; /* past the point of no return: the initramfs is gone */

static void sleep_ms(unsigned ms)
{
	br_timespec t = {ms / 1000, (long)(ms % 1000) * 1000000};
	(void)!br_nanosleep(&t, 0);
}


static char **env;

/* One line naming the step and the errno, then the emergency path. */
static BR_NORETURN void fail(const char *step, const char *arg, br_errno e)
{
	warn(step, arg, e);
	emergency(env);
}

/* All of path (a /proc file: no size to map by) in buf, NUL-terminated;
 * its length, 0 if unreadable. */
static size_t slurp(const char *path, char *buf, size_t size)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	size_t n = 0, got;
	if (!br_openat(BR_AT_FDCWD, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd))
		while (n < size - 1 && !br_read(br_borrow(fd), buf + n, size - 1 - n, &got) && got)
			n += got;
	buf[n] = 0;
	return n;
}

/* Whether path is a mount point already: another device than "/". */
static bool mounted(const char *path)
{
	br_stat a, b;
	return !br_fstatat(BR_AT_FDCWD, path, &a, 0) && !br_fstatat(BR_AT_FDCWD, "/", &b, 0) && a.st_dev != b.st_dev;
}

static void mount_api(const char *fstype, const char *target, unsigned long flags, const char *data)
{
	br_errno e = br_mkdirat(BR_AT_FDCWD, target, 0755);
	if (e && e != BR_EEXIST)
		fail("mkdir", target, e);
	if (mounted(target))
		return;
	e = br_mount(fstype, target, fstype, flags, data);
	if (e)
		fail("mount", target, e);
}

static char device[80];

/* For UUID= and LABEL=: the block device whose ext2/3/4 superblock
 * carries it, as "/dev/NAME" in device; false if none (yet). */
static bool find_fs(const char *uuid, const char *label)
{
	unsigned char want[16];
	br_owned_fd dir BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[2048];
	size_t n;

	if (uuid && !parse_uuid(uuid, want))
		fail("root=UUID=", uuid, BR_EINVAL);
	if (br_openat(BR_AT_FDCWD, "/sys/class/block", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir))
		return false;
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n) {
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			off += d->d_reclen;
			size_t l = br_strlen(d->d_name);
			if (d->d_name[0] == '.' || l > sizeof device - 6)
				continue;
			__builtin_memcpy(device, "/dev/", 5);
			__builtin_memcpy(device + 5, d->d_name, l + 1);
			br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
			unsigned char sb[256];
			size_t got;
			if (br_openat(BR_AT_FDCWD, device, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd) ||
			    br_pread(br_borrow(fd), sb, sizeof sb, 1024, &got) || got != sizeof sb)
				continue;
			if (ext_matches(sb, uuid ? want : 0, label))
				return true;
		}
	}
	return false;
}

/* Waits for the root device (for ever with rootwait, else up to 10 s or
 * rootwait=N) and returns what to mount. */
static const char *root_source(void)
{
	const char *r = cfg.root, *uuid = after(r, "UUID="), *label = after(r, "LABEL=");
	unsigned limit = cfg.rootwait ? cfg.wait * 1000 : 10000;
	bool told = false;

	if (!uuid && !label && !after(r, "/dev/"))
		return r; /* a source the file system knows (virtiofs tag, overlay, nfs) */
	for (unsigned waited = 0;; waited += 100) {
		br_stat st;
		if (uuid || label ? find_fs(uuid, label) : !br_fstatat(BR_AT_FDCWD, r, &st, 0)) {
			if (uuid || label) {
				/* An ext2/3/4 superblock: ext4 mounts all three. */
				if (!cfg.fstype)
					cfg.fstype = "ext4";
				return device;
			}
			return r;
		}
		if (limit && waited >= limit) {
			if (!cfg.rootwait)
				say("ignite: no root after 10 s; rootwait waits for ever\n");
			fail("wait for root", r, BR_ENODEV);
		}
		if (!told) {
			warn("waiting for root", r, BR_OK);
			told = true;
		}
		sleep_ms(100);
	}
}

/* Mounts the root on /root: the types of rootfstype= in turn, else every
 * block file system the kernel lists in /proc/filesystems. */
static void mount_root(const char *src)
{
	static char list[4096];
	const char *types = cfg.fstype;
	unsigned long flags = cfg.rw ? 0 : BR_MS_RDONLY;
	br_errno e = BR_ENODEV;

	if (!types) {
		/* /proc files have no size: read, not mapped. */
		static char fs[4096];
		text t = {fs, slurp("/proc/filesystems", fs, sizeof fs)};
		block_types(t, list, sizeof list);
		types = list;
	}
	while (*types) {
		char type[32];
		size_t n = 0;
		while (types[n] && types[n] != ',')
			n++;
		if (n < sizeof type) {
			__builtin_memcpy(type, types, n);
			type[n] = 0;
			e = br_mount(src, "/root", type, flags, cfg.flags);
			if (!e)
				return;
			if (e != BR_EINVAL && e != BR_ENODEV && e != BR_ENOTBLK)
				break; /* the device is the problem, not the type */
		}
		types += n + (types[n] == ',');
	}
	fail("mount root", src, e);
}

/* Removes everything under dir that is on device dev (the initramfs),
 * depth first, never crossing into another file system. */
static void empty(br_fd dir, uint64_t dev)
{
	_Alignas(8) char buf[1024];
	size_t n;

	/* Entries removed while reading: read again from the start until a
	 * pass removes nothing. */
	for (bool again = true; again;) {
		again = false;
		uint64_t pos;
		if (br_lseek(dir, 0, BR_SEEK_SET, &pos))
			return;
		while (!br_getdents64(dir, buf, sizeof buf, &n) && n) {
			for (size_t off = 0; off < n;) {
				br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
				const char *name = d->d_name;
				br_stat st;
				off += d->d_reclen;
				if ((name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]))) ||
				    br_fstatat(dir, name, &st, BR_AT_SYMLINK_NOFOLLOW) || st.st_dev != dev)
					continue;
				unsigned flags = 0;
				if ((st.st_mode & BR_S_IFMT) == BR_S_IFDIR) {
					br_owned_fd sub BR_AUTOCLOSE = BR_NO_FD;
					if (br_openat(dir, name, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_NOFOLLOW | BR_O_CLOEXEC,
						      0, &sub))
						continue;
					empty(br_borrow(sub), dev);
					flags = BR_AT_REMOVEDIR;
				}
				if (!br_unlinkat(dir, name, flags))
					again = true;
			}
		}
	}
}

/* init= or the kernel's list, looked up inside the new root (/root), so
 * that an absolute symbolic link (Debian's /sbin/init) resolves there. */
static const char *find_init(void)
{
	static const char *const defaults[] = {"/sbin/init", "/etc/init", "/bin/init", "/bin/sh"};
	br_owned_fd root BR_AUTOCLOSE = BR_NO_FD;
	br_errno e = br_openat(BR_AT_FDCWD, "/root", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &root);
	if (e)
		fail("open", "/root", e);
	for (int i = cfg.init ? -1 : 0; i < 4; i++) {
		const char *p = i < 0 ? cfg.init : defaults[i];
		br_open_how how = {BR_O_PATH | BR_O_CLOEXEC, 0, BR_RESOLVE_IN_ROOT};
		br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
		br_stat st;
		e = br_openat2(br_borrow(root), p, &how, sizeof how, &f);
		if (!e && !(e = br_fstat(br_borrow(f), &st)) && (st.st_mode & BR_S_IFMT) == BR_S_IFREG)
			return p;
		if (i < 0)
			fail("init", p, e ? e : BR_EACCES);
	}
	fail("init", "/sbin/init", BR_ENOENT);
}

/* The failure path: a shell of the initramfs if it has one (the console
 * its controlling terminal), then, or without one after 5 seconds, power off. */
static BR_NORETURN void emergency(char **envp)
{
	br_stat st;
	int pid, status, got;

	if (!switched && !br_fstatat(BR_AT_FDCWD, "/bin/sh", &st, 0) && !br_fork(&pid)) {
		if (pid == 0) {
			static char sh[] = "/bin/sh";
			char *argv[] = {sh, 0};
			int sid;
			(void)!br_setsid(&sid);
			(void)!br_ioctl_tiocsctty(BR_STDIN, true);
			br_exit_group(br_execve(sh, argv, envp) ? 127 : 0);
		}
		say("ignite: emergency shell /bin/sh; exit it to power off\n");
		while (!br_wait4(-1, &status, 0, 0, &got) && got != pid)
			;
	} else {
		say("ignite: powering off in 5 s\n");
		sleep_ms(5000);
	}
	br_sync();
	(void)!br_reboot(BR_LINUX_REBOOT_CMD_POWER_OFF, 0);
	br_exit_group(1);
}

/* Moves the mount at path onto the new root; where that cannot be (no
 * such directory there) it is detached instead, as switch_root does. */
static void move(const char *path)
{
	char to[16] = "/root";
	__builtin_memcpy(to + 5, path, br_strlen(path) + 1);
	if (br_mount(path, to, 0, BR_MS_MOVE, 0)) {
		warn("move", path, BR_OK);
		(void)!br_umount2(path, BR_MNT_DETACH);
	}
}

int main(int argc, char **argv, char **envp)
{
	static char cmdline[4096];
	const unsigned long safe = BR_MS_NOSUID | BR_MS_NODEV | BR_MS_NOEXEC;
	br_owned_fd fd = BR_NO_FD;
	br_errno e;
	(void)argc;
	env = envp;

	if (br_getpid() != 1) {
		say("ignite: an initramfs /init, to be run as PID 1\n");
		return 2;
	}
	/* devtmpfs first: a console for the messages if the kernel found none. */
	mount_api("devtmpfs", "/dev", BR_MS_NOSUID, "mode=0755");
	unsigned fl;
	if (br_fcntl_getfd(BR_STDERR, &fl) &&
	    !br_openat(BR_AT_FDCWD, "/dev/console", BR_O_RDWR | BR_O_NOCTTY, 0, &fd)) {
		for (int i = 0; i < 3; i++) {
			br_owned_fd to = br_owned_fd_from_raw(i);
			(void)!br_dup2(br_borrow(fd), &to);
		}
		if (fd.raw > 2)
			br_close(&fd);
	}
	mount_api("proc", "/proc", safe, 0);
	mount_api("sysfs", "/sys", safe, 0);
	mount_api("tmpfs", "/run", BR_MS_NOSUID | BR_MS_NODEV, "mode=0755");

	(void)slurp("/proc/cmdline", cmdline, sizeof cmdline);
	parse_cmdline(cmdline);
	if (!cfg.root)
		fail("no root= on the kernel command line", 0, BR_EINVAL);

	/* Modules: /lib/modules/<release>/ of the running kernel. */
	static br_utsname u;
	static char dir[100] = "/lib/modules/";
	if ((e = br_uname(&u)))
		fail("uname", 0, e);
	__builtin_memcpy(dir + 13, u.release, br_strlen(u.release) + 1);
	text etc = map(BR_AT_FDCWD, "/etc/modules");
	if (cfg.modules || etc.n) {
		br_owned_fd sysmod = BR_NO_FD;
		if (!br_openat(BR_AT_FDCWD, "/sys/module", BR_O_PATH | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &sysmod))
			mods.sysmod = sysmod.raw;
		if ((e = br_openat(BR_AT_FDCWD, dir, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &fd)))
			warn("modules", dir, e);
		else
			load_modules(br_borrow(fd), etc);
	}

	if (cfg.delay) {
		warn("rootdelay", 0, BR_OK);
		sleep_ms(cfg.delay * 1000);
	}
	const char *src = root_source();
	e = br_mkdirat(BR_AT_FDCWD, "/root", 0700);
	if (e && e != BR_EEXIST)
		fail("mkdir", "/root", e);
	mount_root(src);
	const char *init = find_init();

	move("/dev");
	move("/proc");
	move("/sys");
	move("/run");

	/* switch_root: empty the initramfs (never crossing into the new root
	 * or anything else mounted), move the new root onto /, chroot there. */
	br_stat st;
	if ((e = br_chdir("/root")) || (e = br_fstatat(BR_AT_FDCWD, "/", &st, 0)) ||
	    (e = br_openat(BR_AT_FDCWD, "/", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &fd)))
		fail("switch root", "/root", e);
	switched = true;
	empty(br_borrow(fd), st.st_dev);
	br_close(&fd);
	if ((e = br_mount(".", "/", 0, BR_MS_MOVE, 0)) || (e = br_chroot(".")) || (e = br_chdir("/")))
		fail("switch root", "/root", e);

	argv[0] = (char *)init;
	fail("exec", init, br_execve(init, argv, envp));
}
#endif
