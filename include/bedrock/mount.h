/* SPDX-License-Identifier: MIT */
/* The descriptor-based mount API (Linux 5.2+): a file-system context from
 * fsopen, configured with fsconfig, turned into a detached mount with
 * fsmount, attached with move_mount; open_tree clones or picks an existing
 * mount, mount_setattr changes its attributes (recursively if asked).
 * mount(2), umount2 and pivot_root stay in fs.h. */
#ifndef BEDROCK_MOUNT_H
#define BEDROCK_MOUNT_H

#include <bedrock/fs.h>

BR_BEGIN_DECLS

/* fsopen flag: close-on-exec; bedrock adds it unless BR_FSOPEN_INHERIT. */
#define BR_FSOPEN_CLOEXEC 0x1u
/* fsopen flag (bedrock's, never passed on): a descriptor that survives execve. */
#define BR_FSOPEN_INHERIT 0x40000000u

/* fsopen(2): a configuration context for a new instance of file system
 * fsname ("tmpfs", "ext4", ...), close-on-exec unless flags has
 * BR_FSOPEN_INHERIT; ENODEV if the kernel does not know the type. */
BR_MUST_USE BR_INLINE br_errno br_fsopen(const char *fsname, unsigned flags, br_owned_fd *out)
{
	flags = flags & BR_FSOPEN_INHERIT ? flags & ~BR_FSOPEN_INHERIT : flags | BR_FSOPEN_CLOEXEC;
	return br__ret_fd(br_syscall2(BR_SYS_fsopen, (long)fsname, (long)flags), out);
}

/* fsconfig command: set a flag option key (value NULL, aux 0). */
#define BR_FSCONFIG_SET_FLAG 0u
/* fsconfig command: set key to the string value. */
#define BR_FSCONFIG_SET_STRING 1u
/* fsconfig command: set key to the aux bytes at value. */
#define BR_FSCONFIG_SET_BINARY 2u
/* fsconfig command: set key to the path value, relative to directory aux. */
#define BR_FSCONFIG_SET_PATH 3u
/* fsconfig command: as SET_PATH, an empty path meaning aux itself. */
#define BR_FSCONFIG_SET_PATH_EMPTY 4u
/* fsconfig command: set key to the descriptor aux. */
#define BR_FSCONFIG_SET_FD 5u
/* fsconfig command: create the superblock from the options set so far. */
#define BR_FSCONFIG_CMD_CREATE 6u
/* fsconfig command: apply the options to an existing superblock (from fspick). */
#define BR_FSCONFIG_CMD_RECONFIGURE 7u

/* fsconfig(2): one step of the configuration of context fs (cmd
 * BR_FSCONFIG_*); the file system's complaints can be read from fs. */
BR_MUST_USE BR_INLINE br_errno br_fsconfig(br_fd fs, unsigned cmd, const char *key, const void *value, int aux)
{
	return br_syscall_errno(br_syscall5(BR_SYS_fsconfig, fs.raw, (long)cmd, (long)key, (long)value, aux));
}

/* fsmount flag: close-on-exec; bedrock adds it unless BR_FSMOUNT_INHERIT. */
#define BR_FSMOUNT_CLOEXEC 0x1u
/* fsmount flag (bedrock's, never passed on): a descriptor that survives execve. */
#define BR_FSMOUNT_INHERIT 0x40000000u

/* Mount attribute: read-only. */
#define BR_MOUNT_ATTR_RDONLY 0x00000001u
/* Mount attribute: ignore set-uid and set-gid bits. */
#define BR_MOUNT_ATTR_NOSUID 0x00000002u
/* Mount attribute: no device files. */
#define BR_MOUNT_ATTR_NODEV 0x00000004u
/* Mount attribute: no execution. */
#define BR_MOUNT_ATTR_NOEXEC 0x00000008u
/* Mount attributes: the access-time field (one of RELATIME, NOATIME, STRICTATIME). */
#define BR_MOUNT_ATTR__ATIME 0x00000070u
/* Mount attribute: access times relative to modification (the default). */
#define BR_MOUNT_ATTR_RELATIME 0x00000000u
/* Mount attribute: no access times. */
#define BR_MOUNT_ATTR_NOATIME 0x00000010u
/* Mount attribute: every access updates the time. */
#define BR_MOUNT_ATTR_STRICTATIME 0x00000020u
/* Mount attribute: no access times on directories. */
#define BR_MOUNT_ATTR_NODIRATIME 0x00000080u
/* Mount attribute: an id-mapped mount (userns_fd of br_mount_attr). */
#define BR_MOUNT_ATTR_IDMAP 0x00100000u
/* Mount attribute: do not follow symbolic links. */
#define BR_MOUNT_ATTR_NOSYMFOLLOW 0x00200000u

/* fsmount(2): a detached mount of the file system that context fs created
 * (BR_FSCONFIG_CMD_CREATE), with attr_flags (BR_MOUNT_ATTR_*), as a
 * descriptor (close-on-exec unless BR_FSMOUNT_INHERIT); attach it with
 * br_move_mount. */
BR_MUST_USE BR_INLINE br_errno br_fsmount(br_fd fs, unsigned flags, unsigned attr_flags, br_owned_fd *out)
{
	flags = flags & BR_FSMOUNT_INHERIT ? flags & ~BR_FSMOUNT_INHERIT : flags | BR_FSMOUNT_CLOEXEC;
	return br__ret_fd(br_syscall3(BR_SYS_fsmount, fs.raw, (long)flags, (long)attr_flags), out);
}

/* move_mount flag: follow a final symbolic link of the source path. */
#define BR_MOVE_MOUNT_F_SYMLINKS 0x00000001u
/* move_mount flag: trigger an automount at the source path. */
#define BR_MOVE_MOUNT_F_AUTOMOUNTS 0x00000002u
/* move_mount flag: an empty source path means from_dir itself (a mount descriptor). */
#define BR_MOVE_MOUNT_F_EMPTY_PATH 0x00000004u
/* move_mount flag: follow a final symbolic link of the target path. */
#define BR_MOVE_MOUNT_T_SYMLINKS 0x00000010u
/* move_mount flag: trigger an automount at the target path. */
#define BR_MOVE_MOUNT_T_AUTOMOUNTS 0x00000020u
/* move_mount flag: an empty target path means to_dir itself. */
#define BR_MOVE_MOUNT_T_EMPTY_PATH 0x00000040u
/* move_mount flag: put the target in the source's peer group. */
#define BR_MOVE_MOUNT_SET_GROUP 0x00000100u

/* move_mount(2): attaches (or moves) the mount at from_dir/from_path
 * (BR_MOVE_MOUNT_F_EMPTY_PATH with "": the mount descriptor from_dir) onto
 * to_dir/to_path. */
BR_MUST_USE BR_INLINE br_errno br_move_mount(br_fd from_dir, const char *from_path, br_fd to_dir,
					     const char *to_path, unsigned flags)
{
	return br_syscall_errno(
		br_syscall5(BR_SYS_move_mount, from_dir.raw, (long)from_path, to_dir.raw, (long)to_path, (long)flags));
}

/* open_tree flag: a detached copy of the mount (a bind mount not yet attached). */
#define BR_OPEN_TREE_CLONE 1u
/* open_tree flag: close-on-exec (O_CLOEXEC); bedrock adds it unless BR_OPEN_TREE_INHERIT. */
#define BR_OPEN_TREE_CLOEXEC 02000000u
/* open_tree flag (bedrock's, never passed on): a descriptor that survives execve. */
#define BR_OPEN_TREE_INHERIT 0x40000000u
/* open_tree and mount_setattr flag: the whole subtree of mounts. */
#define BR_AT_RECURSIVE 0x8000u

/* open_tree(2): a descriptor of the mount at dir/path (BR_OPEN_TREE_CLONE:
 * of a detached copy, with BR_AT_RECURSIVE its submounts too), close-on-exec
 * unless BR_OPEN_TREE_INHERIT; flags also BR_AT_EMPTY_PATH,
 * BR_AT_SYMLINK_NOFOLLOW. */
BR_MUST_USE BR_INLINE br_errno br_open_tree(br_fd dir, const char *path, unsigned flags, br_owned_fd *out)
{
	flags = flags & BR_OPEN_TREE_INHERIT ? flags & ~BR_OPEN_TREE_INHERIT : flags | BR_OPEN_TREE_CLOEXEC;
	return br__ret_fd(br_syscall3(BR_SYS_open_tree, dir.raw, (long)path, (long)flags), out);
}

/* What mount_setattr changes: the kernel's struct mount_attr (version 0, 32 bytes). */
typedef struct br_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
} br_mount_attr;

/* The size of the first version of br_mount_attr, as mount_setattr's size. */
#define BR_MOUNT_ATTR_SIZE_VER0 32u

/* mount_setattr(2) (Linux 5.12+): sets attr->attr_set and clears
 * attr->attr_clr (BR_MOUNT_ATTR_*), changes the propagation (BR_MS_PRIVATE,
 * ...) of the mount at dir/path, of its subtree with BR_AT_RECURSIVE;
 * size is sizeof(br_mount_attr). */
BR_MUST_USE BR_INLINE br_errno br_mount_setattr(br_fd dir, const char *path, unsigned flags, br_mount_attr *attr,
						size_t size)
{
	return br_syscall_errno(
		br_syscall5(BR_SYS_mount_setattr, dir.raw, (long)path, (long)flags, (long)attr, (long)size));
}

BR_END_DECLS

#endif
