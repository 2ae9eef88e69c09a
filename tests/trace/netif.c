/* SPDX-License-Identifier: MIT */
/* netif.h (issue 11): the interface-flag ioctls on the memfd, which is no
 * socket (ENOTTY): the request number is what matters. */
#include "trace.h"

void trace_netif(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	br_ifreq ifr = {"lo", {0}};

	SEG("br_ioctl_siocgifflags (not a socket)", "ioctl(60, SIOCGIFFLAGS, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_siocgifflags)(mem, &ifr));
	SEG("br_ioctl_siocsifflags (not a socket)", "ioctl(60, SIOCSIFFLAGS, *) = -1 ENOTTY");
	USE(CALL(br_ioctl_siocsifflags)(mem, &ifr));
}
