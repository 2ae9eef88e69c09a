/* SPDX-License-Identifier: MIT */
/* File descriptors in three forms, as in Rust's std::os::fd and rustix:
 * int (raw), br_fd (borrowed: usable, never closed through it) and
 * br_owned_fd (owns the descriptor; br_close closes it). */
#ifndef BEDROCK_FD_H
#define BEDROCK_FD_H

#include <bedrock/syscall.h>

BR_BEGIN_DECLS

/* A borrowed descriptor: valid while its owner keeps it open. */
typedef struct br_fd {
	int raw;
} br_fd;

/* An owned descriptor; raw == -1 means it holds nothing. */
typedef struct br_owned_fd {
	int raw;
} br_owned_fd;

/* Standard input, borrowed. */
#define BR_STDIN BR_LIT(br_fd, 0)
/* Standard output, borrowed. */
#define BR_STDOUT BR_LIT(br_fd, 1)
/* Standard error, borrowed. */
#define BR_STDERR BR_LIT(br_fd, 2)
/* An owned descriptor holding nothing. */
#define BR_NO_FD BR_LIT(br_owned_fd, -1)

/* Borrows an owned descriptor (AsFd::as_fd); the owner keeps it. */
BR_INLINE br_fd br_borrow(br_owned_fd fd)
{
	return (br_fd){fd.raw};
}

/* Borrows a raw descriptor the caller knows stays open (BorrowedFd::borrow_raw). */
BR_INLINE br_fd br_fd_from_raw(int raw)
{
	return (br_fd){raw};
}

/* Takes ownership of a raw descriptor (FromRawFd); it must be open and unowned. */
BR_INLINE br_owned_fd br_owned_fd_from_raw(int raw)
{
	return (br_owned_fd){raw};
}

/* Gives up ownership (IntoRawFd): returns the raw descriptor and leaves BR_NO_FD. */
BR_INLINE int br_owned_fd_into_raw(br_owned_fd *fd)
{
	int raw = fd->raw;
	fd->raw = -1;
	return raw;
}

/* Closes the descriptor (rustix io::close): no result, since after close(2)
 * the descriptor is gone whatever the kernel answers, and a retry could close
 * another thread's new descriptor. */
BR_INLINE void br_close_raw(int raw)
{
	(void)br_syscall1(BR_SYS_close, raw);
}

/* Closes the descriptor if *fd holds one; afterwards *fd holds nothing, so a
 * second br_close is harmless. */
BR_INLINE void br_close(br_owned_fd *fd)
{
	if (fd->raw >= 0)
		br_close_raw(fd->raw);
	fd->raw = -1;
}

/* A raw result as br_errno and, on success, the new descriptor now owned by
 * *out (BR_NO_FD on error): every descriptor-creating wrapper ends here. */
BR_INLINE br_errno br__ret_fd(long r, br_owned_fd *out)
{
	return br__ret_id(r, &out->raw);
}

/* Variable attribute: br_close the br_owned_fd when it leaves scope. */
#define BR_AUTOCLOSE __attribute__((__cleanup__(br_close)))

BR_END_DECLS

#endif
