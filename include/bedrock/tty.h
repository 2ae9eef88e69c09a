/* SPDX-License-Identifier: MIT */
/* Terminals: the controlling terminal (TIOCSCTTY, TIOCNOTTY), its
 * foreground process group (TIOCGPGRP, TIOCSPGRP) and its window size
 * (TIOCGWINSZ, TIOCSWINSZ): what an init or a shell needs to hand a
 * terminal to a job. The request numbers are the same on all three
 * architectures (asm-generic/ioctls.h). */
#ifndef BEDROCK_TTY_H
#define BEDROCK_TTY_H

#include <bedrock/fd.h>

BR_BEGIN_DECLS

/* ioctl: make the terminal the caller's controlling terminal. */
#define BR_TIOCSCTTY 0x540Eu
/* ioctl: read the terminal's foreground process group. */
#define BR_TIOCGPGRP 0x540Fu
/* ioctl: set the terminal's foreground process group. */
#define BR_TIOCSPGRP 0x5410u
/* ioctl: read the window size. */
#define BR_TIOCGWINSZ 0x5413u
/* ioctl: set the window size (the foreground group gets SIGWINCH). */
#define BR_TIOCSWINSZ 0x5414u
/* ioctl: give up the controlling terminal. */
#define BR_TIOCNOTTY 0x5422u

/* A terminal's window size: the kernel's struct winsize. */
typedef struct br_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
} br_winsize;

/* ioctl(TIOCSCTTY): makes tty the controlling terminal of the caller, a
 * session leader without one; steal (needs CAP_SYS_ADMIN) takes it from
 * another session. EPERM when it belongs to another session. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocsctty(br_fd tty, bool steal)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCSCTTY, (long)steal));
}

/* ioctl(TIOCNOTTY): the caller gives up its controlling terminal tty (a
 * session leader's whole session loses it, its foreground group gets
 * SIGHUP and SIGCONT). ENOTTY when tty is not the caller's. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocnotty(br_fd tty)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCNOTTY, 0));
}

/* ioctl(TIOCGPGRP): the foreground process group of tty, the caller's
 * controlling terminal (ENOTTY otherwise). */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocgpgrp(br_fd tty, int *pgrp)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCGPGRP, (long)pgrp));
}

/* ioctl(TIOCSPGRP): makes pgrp (a group of the caller's session) the
 * foreground group of tty; a background caller gets SIGTTOU unless it
 * blocks or ignores it. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocspgrp(br_fd tty, int pgrp)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCSPGRP, (long)&pgrp));
}

/* ioctl(TIOCGWINSZ): the window size of tty. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocgwinsz(br_fd tty, br_winsize *ws)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCGWINSZ, (long)ws));
}

/* ioctl(TIOCSWINSZ): sets the window size of tty (a change sends SIGWINCH
 * to its foreground group). */
BR_MUST_USE BR_INLINE br_errno br_ioctl_tiocswinsz(br_fd tty, const br_winsize *ws)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, tty.raw, (long)BR_TIOCSWINSZ, (long)ws));
}

BR_END_DECLS

#endif
