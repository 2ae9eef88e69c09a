/* SPDX-License-Identifier: MIT */
/* tty.h (issue 11): each terminal ioctl on the memfd, which is no
 * terminal (ENOTTY): the request number and argument are what matter. */
#include "trace.h"

void trace_tty(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	br_winsize ws = {24, 80, 0, 0};
	int pgrp;

	SEG("br_ioctl_tiocsctty (not a terminal)", "ioctl(60, TIOCSCTTY, 1) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocsctty)(mem, true));
	SEG("br_ioctl_tiocnotty (not a terminal)", "ioctl(60, TIOCNOTTY, 0) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocnotty)(mem));
	SEG("br_ioctl_tiocgpgrp (not a terminal)", "ioctl(60, TIOCGPGRP, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocgpgrp)(mem, &pgrp));
	SEG("br_ioctl_tiocspgrp (not a terminal)", "ioctl(60, TIOCSPGRP, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocspgrp)(mem, 1048));
	SEG("br_ioctl_tiocgwinsz (not a terminal)", "ioctl(60, TIOCGWINSZ, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocgwinsz)(mem, &ws));
	SEG("br_ioctl_tiocswinsz (not a terminal)", "ioctl(60, TIOCSWINSZ, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_tiocswinsz)(mem, &ws));
}
