/* SPDX-License-Identifier: MIT */
/* fs.h's names, modes, owners and access checks (issue 11): whatever
 * could change the machine fails first (paths under a missing directory),
 * the rest changes nothing that matters (the memfd's mode, -1 owners). */
#include "trace.h"

void trace_fs_links(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM), root = br_fd_from_raw(FD_ROOT);
	br_owned_fd o = BR_NO_FD;
	br_open_how how = {BR_O_RDONLY | BR_O_CLOEXEC, 0, BR_RESOLVE_IN_ROOT};
	size_t n;

	SEG("br_makedev", "");
	USE(CALL(br_makedev)(1, 3));
	SEG("br_mknodat (fails)", "mknodat(62, 'nonexistent-bedrock-trace/n', S_IFCHR|0600, 0x103) = -1 ENOENT");
	USE(CALL(br_mknodat)(root, "nonexistent-bedrock-trace/n", BR_S_IFCHR | 0600, br_makedev(1, 3)));
	SEG("br_symlinkat (fails)",
	    "symlinkat('trace-target', 62, 'nonexistent-bedrock-trace/l') = -1 ENOENT");
	USE(CALL(br_symlinkat)("trace-target", root, "nonexistent-bedrock-trace/l"));
	SEG("br_linkat (fails)", "linkat(62, 'nonexistent-bedrock-trace/a', AT_FDCWD, '/nonexistent-bedrock-trace/b',"
				 " AT_SYMLINK_FOLLOW) = -1 ENOENT");
	USE(CALL(br_linkat)(root, "nonexistent-bedrock-trace/a", BR_AT_FDCWD, "/nonexistent-bedrock-trace/b",
			    BR_AT_SYMLINK_FOLLOW));
	SEG("br_renameat2 (fails)", "renameat2(62, 'nonexistent-bedrock-trace/c', AT_FDCWD,"
				    " '/nonexistent-bedrock-trace/d', 1) = -1 ENOENT");
	USE(CALL(br_renameat2)(root, "nonexistent-bedrock-trace/c", BR_AT_FDCWD, "/nonexistent-bedrock-trace/d",
			       BR_RENAME_NOREPLACE));
	SEG("br_fchmod", "fchmod(60, 0640) = 0");
	USE(CALL(br_fchmod)(mem, 0640));
	SEG("br_fchmodat (fails)", "fchmodat(62, 'nonexistent-bedrock-trace/m', 0604) = -1 ENOENT");
	USE(CALL(br_fchmodat)(root, "nonexistent-bedrock-trace/m", 0604));
	/* qemu prints the ids as ints (-1); the register holds 0xffffffff. */
	SEG("br_fchown (no change)", "[qemu] fchown(60, -1, -1) = 0  [strace] fchown(60, 0xffffffff, 0xffffffff) = 0");
	USE(CALL(br_fchown)(mem, BR_ID_UNCHANGED, BR_ID_UNCHANGED));
	SEG("br_fchownat (fails)",
	    "fchownat(62, 'nonexistent-bedrock-trace/o', 1041, 1042, AT_SYMLINK_NOFOLLOW) = -1 ENOENT");
	USE(CALL(br_fchownat)(root, "nonexistent-bedrock-trace/o", 1041, 1042, BR_AT_SYMLINK_NOFOLLOW));
	SEG("br_umask", "umask(022)");
	USE(CALL(br_umask)(022));
	SEG("br_getcwd", "getcwd(*, 1043)");
	USE(CALL(br_getcwd)(buf, 1043, &n));
	SEG("br_faccessat2 (fails)",
	    "faccessat2(62, 'nonexistent-bedrock-trace/x', R_OK|W_OK, AT_EACCESS) = -1 ENOENT");
	USE(CALL(br_faccessat2)(root, "nonexistent-bedrock-trace/x", BR_R_OK | BR_W_OK, BR_AT_EACCESS));
	SEG("br_sync", "sync()");
	CALL(br_sync)();
	SEG("br_syncfs", "syncfs(60) = 0");
	USE(CALL(br_syncfs)(mem));
	SEG("br_close_range (nothing open there)", "close_range(1030, 1040, 4) = 0");
	USE(CALL(br_close_range)(1030, 1040, BR_CLOSE_RANGE_CLOEXEC));
	SEG("br_openat2 (fails)", "openat2(62, 'nonexistent-bedrock-trace/p', *, 24) = -1 ENOENT");
	USE(CALL(br_openat2)(root, "nonexistent-bedrock-trace/p", &how, sizeof how, &o));
}
