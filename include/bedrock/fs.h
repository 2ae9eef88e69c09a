/* SPDX-License-Identifier: MIT */
/* Files, directories and other descriptor factories: openat, pipe2,
 * memfd_create, lseek, fstat and friends. Only the *at forms exist, since
 * aarch64 and riscv64 have no open/mkdir/unlink syscalls. */
#ifndef BEDROCK_FS_H
#define BEDROCK_FS_H

#include <bedrock/io.h>
#include <bedrock/process.h> /* BR_ID_UNCHANGED */

BR_BEGIN_DECLS

/* The kernel's number for "the current directory" in the *at calls. */
#define BR_AT_FDCWD_RAW (-100)
/* The current directory, as the dir argument of the *at calls. */
#define BR_AT_FDCWD BR_LIT(br_fd, BR_AT_FDCWD_RAW)

/* Open for reading only. */
#define BR_O_RDONLY 00u
/* Open for writing only. */
#define BR_O_WRONLY 01u
/* Open for reading and writing. */
#define BR_O_RDWR 02u
/* The access-mode bits of the flags. */
#define BR_O_ACCMODE 03u
/* Create the file if missing (needs a mode). */
#define BR_O_CREAT 0100u
/* With O_CREAT: fail with EEXIST if it exists. */
#define BR_O_EXCL 0200u
/* Do not make a terminal the controlling terminal. */
#define BR_O_NOCTTY 0400u
/* Truncate to length 0. */
#define BR_O_TRUNC 01000u
/* Every write goes to the end of the file. */
#define BR_O_APPEND 02000u
/* Non-blocking I/O. */
#define BR_O_NONBLOCK 04000u
/* Writes complete with their data synced. */
#define BR_O_DSYNC 010000u
/* Do not update the access time. */
#define BR_O_NOATIME 01000000u
/* Close on execve. */
#define BR_O_CLOEXEC 02000000u
/* Writes complete with data and metadata synced. */
#define BR_O_SYNC 04010000u
/* A path-only descriptor: no I/O, usable as a *at anchor. */
#define BR_O_PATH 010000000u
/* An unnamed file in the given directory (O_DIRECTORY is part of it). */
#define BR_O_TMPFILE (020000000u | BR_O_DIRECTORY)

/* unlinkat flag: remove a directory. */
#define BR_AT_REMOVEDIR 0x200u
/* *at flag: do not follow a final symbolic link. */
#define BR_AT_SYMLINK_NOFOLLOW 0x100u
/* *at flag: an empty path means the dir descriptor itself. */
#define BR_AT_EMPTY_PATH 0x1000u

/* lseek whence: from the start. */
#define BR_SEEK_SET 0
/* lseek whence: from the current position. */
#define BR_SEEK_CUR 1
/* lseek whence: from the end. */
#define BR_SEEK_END 2
/* lseek whence: the next data at or after offset. */
#define BR_SEEK_DATA 3
/* lseek whence: the next hole at or after offset. */
#define BR_SEEK_HOLE 4

/* memfd_create flag: close on execve (pipe2 takes BR_O_CLOEXEC instead). */
#define BR_MFD_CLOEXEC 0x1u
/* memfd_create flag: allow F_ADD_SEALS. */
#define BR_MFD_ALLOW_SEALING 0x2u

/* File type bits of st_mode. */
#define BR_S_IFMT 0170000u
/* st_mode type: regular file. */
#define BR_S_IFREG 0100000u
/* st_mode type: directory. */
#define BR_S_IFDIR 0040000u
/* st_mode type: FIFO (pipe). */
#define BR_S_IFIFO 0010000u
/* st_mode type: character device. */
#define BR_S_IFCHR 0020000u
/* st_mode type: symbolic link. */
#define BR_S_IFLNK 0120000u

/* openat(2): opens path relative to dir (BR_AT_FDCWD for the current
 * directory); mode matters with O_CREAT or O_TMPFILE. */
BR_MUST_USE BR_INLINE br_errno br_openat(br_fd dir, const char *path, unsigned flags, unsigned mode,
					 br_owned_fd *out)
{
	return br__ret_fd(br_syscall4(BR_SYS_openat, dir.raw, (long)path, (long)flags, (long)mode), out);
}

/* pipe2(2): a pipe; flags BR_O_CLOEXEC, BR_O_NONBLOCK, BR_O_DIRECT. */
BR_MUST_USE BR_INLINE br_errno br_pipe2(unsigned flags, br_owned_fd *reader, br_owned_fd *writer)
{
	int fds[2] = {-1, -1};
	br_errno e = br_syscall_errno(br_syscall2(BR_SYS_pipe2, (long)fds, (long)flags));
	reader->raw = e ? -1 : fds[0];
	writer->raw = e ? -1 : fds[1];
	return e;
}

/* memfd_create(2): an anonymous memory-backed file; name shows in /proc. */
BR_MUST_USE BR_INLINE br_errno br_memfd_create(const char *name, unsigned flags, br_owned_fd *out)
{
	return br__ret_fd(br_syscall2(BR_SYS_memfd_create, (long)name, (long)flags), out);
}

/* lseek(2): moves the file position; *pos is the new one (0 on error). */
BR_MUST_USE BR_INLINE br_errno br_lseek(br_fd fd, int64_t offset, int whence, uint64_t *pos)
{
	long r = br_syscall3(BR_SYS_lseek, fd.raw, (long)offset, whence);
	br_errno e = br_syscall_errno(r);
	*pos = e ? 0 : (uint64_t)r;
	return e;
}

/* fstat(2): the file's metadata, in the kernel's layout for this architecture. */
BR_MUST_USE BR_INLINE br_errno br_fstat(br_fd fd, br_stat *st)
{
	return br_syscall_errno(br_syscall2(BR_SYS_fstat, fd.raw, (long)st));
}

/* ftruncate(2): sets the file's length; lengths of 2^63 and above give EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_ftruncate(br_fd fd, uint64_t length)
{
	return br_syscall_errno(br_syscall2(BR_SYS_ftruncate, fd.raw, (long)length));
}

/* fsync(2): flushes data and metadata to the device. */
BR_MUST_USE BR_INLINE br_errno br_fsync(br_fd fd)
{
	return br_syscall_errno(br_syscall1(BR_SYS_fsync, fd.raw));
}

/* fdatasync(2): flushes data (and the metadata needed to read it back). */
BR_MUST_USE BR_INLINE br_errno br_fdatasync(br_fd fd)
{
	return br_syscall_errno(br_syscall1(BR_SYS_fdatasync, fd.raw));
}

/* mkdirat(2): creates a directory relative to dir. */
BR_MUST_USE BR_INLINE br_errno br_mkdirat(br_fd dir, const char *path, unsigned mode)
{
	return br_syscall_errno(br_syscall3(BR_SYS_mkdirat, dir.raw, (long)path, (long)mode));
}

/* unlinkat(2): removes a name (a directory with BR_AT_REMOVEDIR). */
BR_MUST_USE BR_INLINE br_errno br_unlinkat(br_fd dir, const char *path, unsigned flags)
{
	return br_syscall_errno(br_syscall3(BR_SYS_unlinkat, dir.raw, (long)path, (long)flags));
}

/* readlinkat(2): the target of a symbolic link, not NUL-terminated; *len is
 * its length (truncated to size, as the kernel does). */
BR_MUST_USE BR_INLINE br_errno br_readlinkat(br_fd dir, const char *path, char *buf, size_t size,
					     size_t *len)
{
	return br__ret_size(br_syscall4(BR_SYS_readlinkat, dir.raw, (long)path, (long)buf, (long)size), len);
}

/* One entry as getdents64 writes it: reclen bytes long, name NUL-terminated. */
typedef struct br_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
} br_dirent64;

/* getdents64(2): fills buf with directory entries; *nread 0 at the end. */
BR_MUST_USE BR_INLINE br_errno br_getdents64(br_fd dir, void *buf, size_t len, size_t *nread)
{
	return br__ret_size(br_syscall3(BR_SYS_getdents64, dir.raw, (long)buf, (long)len), nread);
}

/* fstatat(2) (newfstatat): metadata of path relative to dir; flags
 * BR_AT_SYMLINK_NOFOLLOW, BR_AT_EMPTY_PATH. */
BR_MUST_USE BR_INLINE br_errno br_fstatat(br_fd dir, const char *path, br_stat *st, unsigned flags)
{
	return br_syscall_errno(br_syscall4(BR_SYS_newfstatat, dir.raw, (long)path, (long)st, (long)flags));
}

/* A timestamp in struct statx. */
typedef struct br_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t br__reserved;
} br_statx_timestamp;

/* What statx reports; the kernel's struct statx, the same on every
 * architecture (unlike br_stat), 256 bytes. A struct tag only, since the
 * name br_statx is the function's. */
struct br_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t br__spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	br_statx_timestamp stx_atime;
	br_statx_timestamp stx_btime;
	br_statx_timestamp stx_ctime;
	br_statx_timestamp stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align;
	uint32_t stx_dio_offset_align;
	uint64_t br__spare3[12];
};

/* statx mask: file type in stx_mode. */
#define BR_STATX_TYPE 0x0001u
/* statx mask: permissions in stx_mode. */
#define BR_STATX_MODE 0x0002u
/* statx mask: stx_nlink. */
#define BR_STATX_NLINK 0x0004u
/* statx mask: stx_ino. */
#define BR_STATX_INO 0x0100u
/* statx mask: stx_size. */
#define BR_STATX_SIZE 0x0200u
/* statx mask: everything stat(2) reports. */
#define BR_STATX_BASIC_STATS 0x07ffu

/* statx(2): metadata of path relative to dir (BR_AT_EMPTY_PATH with "" for
 * dir itself); mask says what is wanted, st->stx_mask what was filled. */
BR_MUST_USE BR_INLINE br_errno br_statx(br_fd dir, const char *path, unsigned flags, unsigned mask,
					 struct br_statx *st)
{
	return br_syscall_errno(br_syscall5(BR_SYS_statx, dir.raw, (long)path, (long)flags, (long)mask, (long)st));
}

/* chdir(2): changes the current directory. */
BR_MUST_USE BR_INLINE br_errno br_chdir(const char *path)
{
	return br_syscall_errno(br_syscall1(BR_SYS_chdir, (long)path));
}

/* fchdir(2): changes the current directory to an open directory. */
BR_MUST_USE BR_INLINE br_errno br_fchdir(br_fd dir)
{
	return br_syscall_errno(br_syscall1(BR_SYS_fchdir, dir.raw));
}

/* chroot(2): changes the root directory (needs CAP_SYS_CHROOT); the current
 * directory stays where it is. */
BR_MUST_USE BR_INLINE br_errno br_chroot(const char *path)
{
	return br_syscall_errno(br_syscall1(BR_SYS_chroot, (long)path));
}

/* mount flag: read-only. */
#define BR_MS_RDONLY 1ul
/* mount flag: ignore set-uid bits. */
#define BR_MS_NOSUID 2ul
/* mount flag: no device files. */
#define BR_MS_NODEV 4ul
/* mount flag: no execution. */
#define BR_MS_NOEXEC 8ul
/* mount flag: change the flags of an existing mount. */
#define BR_MS_REMOUNT 32ul
/* mount flag: a bind mount of source at target. */
#define BR_MS_BIND 4096ul
/* mount flag: move an existing mount. */
#define BR_MS_MOVE 8192ul
/* mount flag: with BIND or a propagation type: the whole subtree. */
#define BR_MS_REC 16384ul
/* mount propagation: private. */
#define BR_MS_PRIVATE (1ul << 18)
/* mount propagation: slave. */
#define BR_MS_SLAVE (1ul << 19)
/* mount propagation: shared. */
#define BR_MS_SHARED (1ul << 20)

/* mount(2): attaches source (a device, a directory for BR_MS_BIND, or a
 * name for pseudo file systems) at target; data is file-system specific. */
BR_MUST_USE BR_INLINE br_errno br_mount(const char *source, const char *target, const char *fstype,
					unsigned long flags, const void *data)
{
	return br_syscall_errno(
		br_syscall5(BR_SYS_mount, (long)source, (long)target, (long)fstype, (long)flags, (long)data));
}

/* umount2 flag: force (network file systems). */
#define BR_MNT_FORCE 1u
/* umount2 flag: detach now, clean up when no longer busy. */
#define BR_MNT_DETACH 2u
/* umount2 flag: mark for expiry. */
#define BR_MNT_EXPIRE 4u
/* umount2 flag: do not follow a final symbolic link. */
#define BR_UMOUNT_NOFOLLOW 8u

/* umount2(2): detaches the file system mounted at target. */
BR_MUST_USE BR_INLINE br_errno br_umount2(const char *target, unsigned flags)
{
	return br_syscall_errno(br_syscall2(BR_SYS_umount2, (long)target, (long)flags));
}

/* pivot_root(2): makes new_root the root mount and moves the old root to
 * put_old (under new_root); "." for both is the usual modern form. */
BR_MUST_USE BR_INLINE br_errno br_pivot_root(const char *new_root, const char *put_old)
{
	return br_syscall_errno(br_syscall2(BR_SYS_pivot_root, (long)new_root, (long)put_old));
}

/* ---- links, names, modes, owners (issue 11) ---- */

/* st_mode type: block device. */
#define BR_S_IFBLK 0060000u
/* st_mode type: socket. */
#define BR_S_IFSOCK 0140000u

/* A device number as mknodat takes it and st_rdev reports it, from major
 * (12 bits) and minor (20 bits): the kernel's new_encode_dev. */
BR_INLINE uint64_t br_makedev(unsigned major, unsigned minor)
{
	return (minor & 0xffu) | ((uint64_t)(major & 0xfffu) << 8) | ((uint64_t)(minor & 0xfff00u) << 12);
}

/* mknodat(2): creates a device node, FIFO, socket or regular file; mode
 * holds the type (BR_S_IFCHR, ...) and the permissions, dev the number
 * (br_makedev) for a device. Device nodes need CAP_MKNOD. */
BR_MUST_USE BR_INLINE br_errno br_mknodat(br_fd dir, const char *path, unsigned mode, uint64_t dev)
{
	return br_syscall_errno(br_syscall4(BR_SYS_mknodat, dir.raw, (long)path, (long)mode, (long)dev));
}

/* symlinkat(2): creates path (relative to dir) as a symbolic link holding target. */
BR_MUST_USE BR_INLINE br_errno br_symlinkat(const char *target, br_fd dir, const char *path)
{
	return br_syscall_errno(br_syscall3(BR_SYS_symlinkat, (long)target, dir.raw, (long)path));
}

/* linkat flag: follow a final symbolic link of the old path. */
#define BR_AT_SYMLINK_FOLLOW 0x400u

/* linkat(2): a new name for an existing file; flags BR_AT_SYMLINK_FOLLOW,
 * BR_AT_EMPTY_PATH (old_dir itself, needs CAP_DAC_READ_SEARCH). */
BR_MUST_USE BR_INLINE br_errno br_linkat(br_fd old_dir, const char *old_path, br_fd new_dir, const char *new_path,
					 unsigned flags)
{
	return br_syscall_errno(
		br_syscall5(BR_SYS_linkat, old_dir.raw, (long)old_path, new_dir.raw, (long)new_path, (long)flags));
}

/* renameat2 flag: fail with EEXIST rather than replace the new name. */
#define BR_RENAME_NOREPLACE 1u
/* renameat2 flag: swap the two names atomically (both must exist). */
#define BR_RENAME_EXCHANGE 2u
/* renameat2 flag: leave a whiteout at the old name (overlay file systems). */
#define BR_RENAME_WHITEOUT 4u

/* renameat2(2): renames (the generic syscall table has no rename or
 * renameat, so this is the one rename); flags 0 is rename(2). */
BR_MUST_USE BR_INLINE br_errno br_renameat2(br_fd old_dir, const char *old_path, br_fd new_dir,
					    const char *new_path, unsigned flags)
{
	return br_syscall_errno(
		br_syscall5(BR_SYS_renameat2, old_dir.raw, (long)old_path, new_dir.raw, (long)new_path, (long)flags));
}

/* fchmod(2): sets the permission bits (and set-id, sticky) of an open file. */
BR_MUST_USE BR_INLINE br_errno br_fchmod(br_fd fd, unsigned mode)
{
	return br_syscall_errno(br_syscall2(BR_SYS_fchmod, fd.raw, (long)mode));
}

/* fchmodat(2): sets the mode of path relative to dir; the syscall has no
 * flags argument (symbolic links are always followed). */
BR_MUST_USE BR_INLINE br_errno br_fchmodat(br_fd dir, const char *path, unsigned mode)
{
	return br_syscall_errno(br_syscall3(BR_SYS_fchmodat, dir.raw, (long)path, (long)mode));
}

/* fchown(2): sets the owner and group of an open file (BR_ID_UNCHANGED,
 * process.h, keeps one). */
BR_MUST_USE BR_INLINE br_errno br_fchown(br_fd fd, uint32_t uid, uint32_t gid)
{
	return br_syscall_errno(br_syscall3(BR_SYS_fchown, fd.raw, (long)uid, (long)gid));
}

/* fchownat(2): sets owner and group of path relative to dir; flags
 * BR_AT_SYMLINK_NOFOLLOW (the link itself), BR_AT_EMPTY_PATH. */
BR_MUST_USE BR_INLINE br_errno br_fchownat(br_fd dir, const char *path, uint32_t uid, uint32_t gid, unsigned flags)
{
	return br_syscall_errno(br_syscall5(BR_SYS_fchownat, dir.raw, (long)path, (long)uid, (long)gid, (long)flags));
}

/* umask(2): sets the file-creation mask (& 0777) and returns the old one; cannot fail. */
BR_INLINE unsigned br_umask(unsigned mask)
{
	return (unsigned)br_syscall1(BR_SYS_umask, (long)mask);
}

/* getcwd(2): the current directory, NUL-terminated, in buf; *len counts
 * the NUL (as the kernel does). ERANGE when size is too small, ENOENT when
 * the directory was removed. */
BR_MUST_USE BR_INLINE br_errno br_getcwd(char *buf, size_t size, size_t *len)
{
	return br__ret_size(br_syscall2(BR_SYS_getcwd, (long)buf, (long)size), len);
}

/* access mode: the file exists. */
#define BR_F_OK 0u
/* access mode: executable (searchable for a directory). */
#define BR_X_OK 1u
/* access mode: writable. */
#define BR_W_OK 2u
/* access mode: readable. */
#define BR_R_OK 4u
/* faccessat2 flag: check with the effective ids, not the real ones. */
#define BR_AT_EACCESS 0x200u

/* faccessat2(2): may this process access path (relative to dir) with mode
 * (BR_R_OK | ...)? flags BR_AT_EACCESS, BR_AT_SYMLINK_NOFOLLOW,
 * BR_AT_EMPTY_PATH (Linux 5.8; ENOSYS before). */
BR_MUST_USE BR_INLINE br_errno br_faccessat2(br_fd dir, const char *path, unsigned mode, unsigned flags)
{
	return br_syscall_errno(br_syscall4(BR_SYS_faccessat2, dir.raw, (long)path, (long)mode, (long)flags));
}

/* sync(2): schedules every file system's dirty data for writing; cannot fail. */
BR_INLINE void br_sync(void)
{
	(void)br_syscall0(BR_SYS_sync);
}

/* syncfs(2): writes the dirty data of the file system fd is on. */
BR_MUST_USE BR_INLINE br_errno br_syncfs(br_fd fd)
{
	return br_syscall_errno(br_syscall1(BR_SYS_syncfs, fd.raw));
}

/* close_range flag: unshare the descriptor table first (as after clone without CLONE_FILES). */
#define BR_CLOSE_RANGE_UNSHARE 2u
/* close_range flag: set close-on-exec instead of closing. */
#define BR_CLOSE_RANGE_CLOEXEC 4u

/* close_range(2): closes (or marks close-on-exec) every descriptor from
 * first to last inclusive, open or not (UINT32_MAX: all above first). */
BR_MUST_USE BR_INLINE br_errno br_close_range(unsigned first, unsigned last, unsigned flags)
{
	return br_syscall_errno(br_syscall3(BR_SYS_close_range, (long)first, (long)last, (long)flags));
}

/* How openat2 opens: the kernel's struct open_how (version 0, 24 bytes). */
typedef struct br_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
} br_open_how;

/* openat2 resolve flag: no crossing into other mounts. */
#define BR_RESOLVE_NO_XDEV 0x01u
/* openat2 resolve flag: no /proc magic links. */
#define BR_RESOLVE_NO_MAGICLINKS 0x02u
/* openat2 resolve flag: no symbolic links at all. */
#define BR_RESOLVE_NO_SYMLINKS 0x04u
/* openat2 resolve flag: never leave dir (EXDEV otherwise). */
#define BR_RESOLVE_BENEATH 0x08u
/* openat2 resolve flag: dir is the root: "..", absolute paths and symbolic
 * links stay inside it (how a path inside another root tree is looked up). */
#define BR_RESOLVE_IN_ROOT 0x10u
/* openat2 resolve flag: only from the cache (EAGAIN otherwise). */
#define BR_RESOLVE_CACHED 0x20u

/* openat2(2) (Linux 5.6+): openat with how->flags, how->mode and the
 * resolve restrictions how->resolve; size is sizeof(br_open_how). Unknown
 * flags give EINVAL, unlike openat. */
BR_MUST_USE BR_INLINE br_errno br_openat2(br_fd dir, const char *path, const br_open_how *how, size_t size,
					  br_owned_fd *out)
{
	return br__ret_fd(br_syscall4(BR_SYS_openat2, dir.raw, (long)path, (long)how, (long)size), out);
}

BR_END_DECLS

#endif
