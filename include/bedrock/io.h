/* SPDX-License-Identifier: MIT */
/* I/O on file descriptors: rustix's io module in C. Each wrapper issues
 * exactly the syscall its comment names and never retries: EINTR comes back
 * to the caller. On error the out-values are zero (counts) or BR_NO_FD (new
 * descriptors); descriptors replaced in place are left untouched. */
#ifndef BEDROCK_IO_H
#define BEDROCK_IO_H

#include <bedrock/fd.h>

BR_BEGIN_DECLS

/* One buffer of a vectored read or write; the kernel's struct iovec layout. */
typedef struct br_iovec {
	void *base;
	size_t len;
} br_iovec;

/* The most iovecs one vectored call takes (UIO_MAXIOV); more give EINVAL. */
#define BR_IOV_MAX 1024

/* preadv2/pwritev2 flag: high-priority polled I/O. */
#define BR_RWF_HIPRI 0x01u
/* preadv2/pwritev2 flag: per-write O_DSYNC. */
#define BR_RWF_DSYNC 0x02u
/* preadv2/pwritev2 flag: per-write O_SYNC. */
#define BR_RWF_SYNC 0x04u
/* preadv2/pwritev2 flag: fail with EAGAIN instead of blocking. */
#define BR_RWF_NOWAIT 0x08u
/* preadv2/pwritev2 flag: per-write O_APPEND. */
#define BR_RWF_APPEND 0x10u

/* dup3 flag: set close-on-exec on the new descriptor (O_CLOEXEC). */
#define BR_DUP_CLOEXEC 02000000u
/* Descriptor flag reported by fcntl F_GETFD: closed by execve. */
#define BR_FD_CLOEXEC 1u

/* fcntl commands (the same on every Linux architecture bedrock supports). */
#define BR_F_DUPFD 0
/* fcntl: read the descriptor flags (FD_CLOEXEC). */
#define BR_F_GETFD 1
/* fcntl: set the descriptor flags. */
#define BR_F_SETFD 2
/* fcntl: read the file status flags (O_APPEND, O_NONBLOCK, access mode...). */
#define BR_F_GETFL 3
/* fcntl: set the file status flags. */
#define BR_F_SETFL 4
/* fcntl: duplicate to the lowest free number >= arg, with close-on-exec. */
#define BR_F_DUPFD_CLOEXEC 1030

/* ioctl requests (asm-generic/ioctls.h, shared by all three architectures). */
#define BR_FIONREAD 0x541Bu
/* ioctl: set or clear O_NONBLOCK from an int. */
#define BR_FIONBIO 0x5421u
/* ioctl: clear close-on-exec. */
#define BR_FIONCLEX 0x5450u
/* ioctl: set close-on-exec. */
#define BR_FIOCLEX 0x5451u

/* read(2): reads up to len bytes; *nread 0 at end of file. */
BR_MUST_USE BR_INLINE br_errno br_read(br_fd fd, void *buf, size_t len, size_t *nread)
{
	return br__ret_size(br_syscall3(BR_SYS_read, fd.raw, (long)buf, (long)len), nread);
}

/* write(2): writes up to len bytes; may be short. */
BR_MUST_USE BR_INLINE br_errno br_write(br_fd fd, const void *buf, size_t len, size_t *nwritten)
{
	return br__ret_size(br_syscall3(BR_SYS_write, fd.raw, (long)buf, (long)len), nwritten);
}

/* pread64(2): reads at offset without moving the file position; offsets
 * of 2^63 and above are negative to the kernel and give EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_pread(br_fd fd, void *buf, size_t len, uint64_t offset, size_t *nread)
{
	return br__ret_size(br_syscall4(BR_SYS_pread64, fd.raw, (long)buf, (long)len, (long)offset), nread);
}

/* pwrite64(2): writes at offset (at the end of the file with O_APPEND, as
 * Linux does); offsets of 2^63 and above give EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_pwrite(br_fd fd, const void *buf, size_t len, uint64_t offset,
					 size_t *nwritten)
{
	return br__ret_size(br_syscall4(BR_SYS_pwrite64, fd.raw, (long)buf, (long)len, (long)offset),
			    nwritten);
}

/* readv(2): scatter read into iovcnt buffers; more than BR_IOV_MAX gives EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_readv(br_fd fd, const br_iovec *iov, size_t iovcnt, size_t *nread)
{
	return br__ret_size(br_syscall3(BR_SYS_readv, fd.raw, (long)iov, (long)iovcnt), nread);
}

/* writev(2): gather write from iovcnt buffers; more than BR_IOV_MAX gives EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_writev(br_fd fd, const br_iovec *iov, size_t iovcnt, size_t *nwritten)
{
	return br__ret_size(br_syscall3(BR_SYS_writev, fd.raw, (long)iov, (long)iovcnt), nwritten);
}

/* The kernel takes the offset of the preadv family as two register halves
 * (pos_l, pos_h) so that one ABI serves 32- and 64-bit; a 64-bit kernel
 * uses pos_l whole and ignores pos_h. */
#define BR__LO(off) ((long)(off))
#define BR__HI(off) ((long)((off) >> 32))

/* preadv(2): scatter read at offset; offsets of 2^63 and above give EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_preadv(br_fd fd, const br_iovec *iov, size_t iovcnt, uint64_t offset,
					 size_t *nread)
{
	return br__ret_size(br_syscall5(BR_SYS_preadv, fd.raw, (long)iov, (long)iovcnt, BR__LO(offset),
					BR__HI(offset)),
			    nread);
}

/* pwritev(2): gather write at offset; offsets of 2^63 and above give EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_pwritev(br_fd fd, const br_iovec *iov, size_t iovcnt, uint64_t offset,
					  size_t *nwritten)
{
	return br__ret_size(br_syscall5(BR_SYS_pwritev, fd.raw, (long)iov, (long)iovcnt, BR__LO(offset),
					BR__HI(offset)),
			    nwritten);
}

/* preadv2(2): preadv with BR_RWF_* flags; offset UINT64_MAX reads at and
 * advances the file position. Unknown flags give EOPNOTSUPP. */
BR_MUST_USE BR_INLINE br_errno br_preadv2(br_fd fd, const br_iovec *iov, size_t iovcnt, uint64_t offset,
					  unsigned flags, size_t *nread)
{
	return br__ret_size(br_syscall6(BR_SYS_preadv2, fd.raw, (long)iov, (long)iovcnt, BR__LO(offset),
					BR__HI(offset), (long)flags),
			    nread);
}

/* pwritev2(2): pwritev with BR_RWF_* flags; offset UINT64_MAX writes at and
 * advances the file position. Unknown flags give EOPNOTSUPP. */
BR_MUST_USE BR_INLINE br_errno br_pwritev2(br_fd fd, const br_iovec *iov, size_t iovcnt, uint64_t offset,
					   unsigned flags, size_t *nwritten)
{
	return br__ret_size(br_syscall6(BR_SYS_pwritev2, fd.raw, (long)iov, (long)iovcnt, BR__LO(offset),
					BR__HI(offset), (long)flags),
			    nwritten);
}

/* dup(2): a new descriptor, the lowest free number, on the same open file,
 * without close-on-exec. */
BR_MUST_USE BR_INLINE br_errno br_dup(br_fd fd, br_owned_fd *out)
{
	return br__ret_fd(br_syscall1(BR_SYS_dup, fd.raw), out);
}

/* dup2(2): makes *target refer to fd's open file (closing what it referred
 * to), without close-on-exec. Where the kernel has no dup2 (aarch64,
 * riscv64) this is dup3, except that fd == *target only checks with
 * fcntl(F_GETFD) that fd is open, as dup2 does. */
BR_MUST_USE BR_INLINE br_errno br_dup2(br_fd fd, br_owned_fd *target)
{
#ifdef BR_SYS_dup2
	return br_syscall_errno(br_syscall2(BR_SYS_dup2, fd.raw, target->raw));
#else
	if (fd.raw == target->raw)
		return br_syscall_errno(br_syscall2(BR_SYS_fcntl, fd.raw, BR_F_GETFD));
	return br_syscall_errno(br_syscall3(BR_SYS_dup3, fd.raw, target->raw, 0));
#endif
}

/* dup3(2): dup2 with flags (BR_DUP_CLOEXEC); fd == *target gives EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_dup3(br_fd fd, br_owned_fd *target, unsigned flags)
{
	return br_syscall_errno(br_syscall3(BR_SYS_dup3, fd.raw, target->raw, (long)flags));
}

/* fcntl(F_GETFD): the descriptor flags (BR_FD_CLOEXEC); 0 on error. */
BR_MUST_USE BR_INLINE br_errno br_fcntl_getfd(br_fd fd, unsigned *flags)
{
	long r = br_syscall2(BR_SYS_fcntl, fd.raw, BR_F_GETFD);
	br_errno e = br_syscall_errno(r);
	*flags = e ? 0 : (unsigned)r;
	return e;
}

/* fcntl(F_SETFD): sets the descriptor flags. The kernel ignores bits it does
 * not know, so bedrock refuses them with EINVAL and issues no syscall. */
BR_MUST_USE BR_INLINE br_errno br_fcntl_setfd(br_fd fd, unsigned flags)
{
	if (flags & ~BR_FD_CLOEXEC)
		return BR_EINVAL;
	return br_syscall_errno(br_syscall3(BR_SYS_fcntl, fd.raw, BR_F_SETFD, (long)flags));
}

/* fcntl(F_GETFL): the file status flags and access mode (BR_O_*); 0 on error. */
BR_MUST_USE BR_INLINE br_errno br_fcntl_getfl(br_fd fd, unsigned *flags)
{
	long r = br_syscall2(BR_SYS_fcntl, fd.raw, BR_F_GETFL);
	br_errno e = br_syscall_errno(r);
	*flags = e ? 0 : (unsigned)r;
	return e;
}

/* fcntl(F_SETFL): sets O_APPEND, O_NONBLOCK, O_DIRECT, O_NOATIME, O_ASYNC;
 * the kernel ignores the access mode and creation flags. */
BR_MUST_USE BR_INLINE br_errno br_fcntl_setfl(br_fd fd, unsigned flags)
{
	return br_syscall_errno(br_syscall3(BR_SYS_fcntl, fd.raw, BR_F_SETFL, (long)flags));
}

/* fcntl(F_DUPFD_CLOEXEC): a new descriptor numbered at least min, with
 * close-on-exec; min < 0 or beyond RLIMIT_NOFILE gives EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_fcntl_dupfd_cloexec(br_fd fd, int min, br_owned_fd *out)
{
	return br__ret_fd(br_syscall3(BR_SYS_fcntl, fd.raw, BR_F_DUPFD_CLOEXEC, min), out);
}

/* ioctl(FIOCLEX): sets close-on-exec without touching other descriptor flags. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_fioclex(br_fd fd)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, fd.raw, (long)BR_FIOCLEX, 0));
}

/* ioctl(FIONCLEX): clears close-on-exec without touching other descriptor flags. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_fionclex(br_fd fd)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, fd.raw, (long)BR_FIONCLEX, 0));
}

/* ioctl(FIONBIO): sets (true) or clears O_NONBLOCK on the open file. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_fionbio(br_fd fd, bool nonblocking)
{
	int value = nonblocking;
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, fd.raw, (long)BR_FIONBIO, (long)&value));
}

/* ioctl(FIONREAD): bytes ready to read. The kernel writes a C int, which is
 * widened here (as an unsigned value, so a wrapped count stays visible). */
BR_MUST_USE BR_INLINE br_errno br_ioctl_fionread(br_fd fd, uint64_t *nbytes)
{
	int n = 0;
	br_errno e = br_syscall_errno(br_syscall3(BR_SYS_ioctl, fd.raw, (long)BR_FIONREAD, (long)&n));
	*nbytes = e ? 0 : (uint64_t)(unsigned)n;
	return e;
}

/* Writes all len bytes with write(2), looping over short writes and EINTR.
 * Other errors stop it; a write of 0 bytes (which would loop forever) gives
 * BR_EIO. Use br_write_all_partial to learn how much got through. */
BR_MUST_USE br_errno br_write_all(br_fd fd, const void *buf, size_t len);

/* br_write_all that also reports in *written how many bytes reached fd,
 * on success (len) and on error alike. */
BR_MUST_USE br_errno br_write_all_partial(br_fd fd, const void *buf, size_t len, size_t *written);

BR_END_DECLS

#endif
