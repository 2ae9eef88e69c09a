/* SPDX-License-Identifier: MIT */
/* mount.h (issue 11), made to fail before anything is mounted: a file
 * system that does not exist, descriptors 1025.. that are not open, paths
 * under a missing directory (EPERM first for a user). */
#include "trace.h"

void trace_mount(void)
{
	br_fd root = br_fd_from_raw(FD_ROOT);
	br_owned_fd o = BR_NO_FD;
	br_mount_attr attr = {BR_MOUNT_ATTR_RDONLY, 0, 0, 0};

	SEG("br_fsopen (no such file system)", "fsopen('bedrock-trace-fs', 1) = -1 ENODEV|EPERM");
	USE(CALL(br_fsopen)("bedrock-trace-fs", BR_FSOPEN_CLOEXEC, &o));
	/* bedrock's own flag is removed, and then no close-on-exec is added. */
	SEG("br_fsopen (INHERIT)", "fsopen('bedrock-trace-fs', 0) = -1 ENODEV|EPERM");
	USE(CALL(br_fsopen)("bedrock-trace-fs", BR_FSOPEN_INHERIT, &o));
	SEG("br_fsconfig (not open)", "fsconfig(1025, 1, 'trace-key', 'trace-value', 0) = -1 EBADF");
	USE(CALL(br_fsconfig)(br_fd_from_raw(1025), BR_FSCONFIG_SET_STRING, "trace-key", "trace-value", 0));
	SEG("br_fsmount (not open)", "fsmount(1026, 1, 0x9) = -1 EBADF|EPERM");
	USE(CALL(br_fsmount)(br_fd_from_raw(1026), BR_FSMOUNT_CLOEXEC, BR_MOUNT_ATTR_RDONLY | BR_MOUNT_ATTR_NOEXEC, &o));
	SEG("br_fsmount (close-on-exec added)", "fsmount(1026, 1, 0) = -1 EBADF|EPERM");
	USE(CALL(br_fsmount)(br_fd_from_raw(1026), 0, 0, &o));
	SEG("br_move_mount (fails)", "move_mount(62, 'nonexistent-bedrock-trace/f', AT_FDCWD,"
				     " '/nonexistent-bedrock-trace/t', 1) = -1 ENOENT|EPERM");
	USE(CALL(br_move_mount)(root, "nonexistent-bedrock-trace/f", BR_AT_FDCWD, "/nonexistent-bedrock-trace/t",
				BR_MOVE_MOUNT_F_SYMLINKS));
	SEG("br_open_tree (fails)",
	    "open_tree(62, 'nonexistent-bedrock-trace/t', 1|O_CLOEXEC) = -1 ENOENT|EPERM");
	USE(CALL(br_open_tree)(root, "nonexistent-bedrock-trace/t", BR_OPEN_TREE_CLONE | BR_OPEN_TREE_CLOEXEC, &o));
	SEG("br_open_tree (close-on-exec added)", "open_tree(62, 'nonexistent-bedrock-trace/t', O_CLOEXEC) = -1 ENOENT");
	USE(CALL(br_open_tree)(root, "nonexistent-bedrock-trace/t", 0, &o));
	SEG("br_mount_setattr (fails)",
	    "mount_setattr(62, 'nonexistent-bedrock-trace/s', 0x8000, *, 32) = -1 ENOENT|EPERM");
	USE(CALL(br_mount_setattr)(root, "nonexistent-bedrock-trace/s", BR_AT_RECURSIVE, &attr, sizeof attr));
}
