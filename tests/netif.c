/* SPDX-License-Identifier: MIT */
/* netif.h: the flags of lo read through a socket (loopback, up), a missing
 * interface refused; and, as root in a forked child with a network
 * namespace of its own (where lo starts down), lo brought up with
 * SIOCSIFFLAGS and read back up and running, then down again. The socket
 * is net.h's. */
#include "tap.h"

static bool socket_dgram(br_owned_fd *out)
{
	return !br_socket(BR_AF_INET, BR_SOCK_DGRAM, 0, out);
}

static br_ifreq req(const char *name)
{
	br_ifreq r;
	__builtin_memset(&r, 0, sizeof r);
	for (int i = 0; name[i] && i < BR_IFNAMSIZ - 1; i++)
		r.name[i] = name[i];
	return r;
}

static void test_read(void)
{
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD, m BR_AUTOCLOSE = BR_NO_FD;
	br_ifreq r = req("lo");

	if (!tap_ok(socket_dgram(&s), "an AF_INET datagram socket"))
		return;
	tap_errno(br_ioctl_siocgifflags(br_borrow(s), &r), BR_OK, "SIOCGIFFLAGS lo");
	tap_ok(r.u.flags & BR_IFF_LOOPBACK, "lo has IFF_LOOPBACK");
	tap_ok(tap_streq(r.name, "lo"), "the name is left as it was");
	r = req("bedrock-none0");
	tap_errno(br_ioctl_siocgifflags(br_borrow(s), &r), BR_ENODEV, "SIOCGIFFLAGS of no interface: ENODEV");
	tap_errno(br_ioctl_siocgifflags(br_borrow(s), (br_ifreq *)8), BR_EFAULT, "SIOCGIFFLAGS bad pointer: EFAULT");
	tap_errno(br_ioctl_siocgifflags(br_fd_from_raw(tap_bad_fd[0].raw), &r), BR_EBADF, "closed fd: EBADF");
	r = req("lo");
	if (!br_memfd_create("bedrock-netif", BR_MFD_CLOEXEC, &m))
		tap_errno(br_ioctl_siocgifflags(br_borrow(m), &r), BR_ENOTTY, "SIOCGIFFLAGS on a memfd: ENOTTY");
	if (br_geteuid() != 0) {
		r = req("lo");
		if (!br_ioctl_siocgifflags(br_borrow(s), &r))
			tap_errno(br_ioctl_siocsifflags(br_borrow(s), &r), BR_EPERM,
				  "SIOCSIFFLAGS without CAP_NET_ADMIN: EPERM");
	}
}

static void netns_child(void)
{
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD;
	br_ifreq r = req("lo");

	if (!tap_c_errno(br_unshare(BR_CLONE_NEWNET), BR_OK, "unshare(CLONE_NEWNET)") ||
	    !tap_c_ok(socket_dgram(&s), "a socket in the new namespace"))
		return;
	tap_c_errno(br_ioctl_siocgifflags(br_borrow(s), &r), BR_OK, "SIOCGIFFLAGS lo");
	tap_c_ok(!(r.u.flags & BR_IFF_UP) && (r.u.flags & BR_IFF_LOOPBACK), "a new namespace's lo is down");
	r.u.flags = (int16_t)(r.u.flags | BR_IFF_UP);
	tap_c_errno(br_ioctl_siocsifflags(br_borrow(s), &r), BR_OK, "SIOCSIFFLAGS IFF_UP");
	r = req("lo");
	tap_c_ok(!br_ioctl_siocgifflags(br_borrow(s), &r) && (r.u.flags & BR_IFF_UP) && (r.u.flags & BR_IFF_RUNNING),
		 "lo is up and running");
	r.u.flags = (int16_t)(r.u.flags & ~BR_IFF_UP);
	tap_c_errno(br_ioctl_siocsifflags(br_borrow(s), &r), BR_OK, "SIOCSIFFLAGS down again");
	r = req("lo");
	tap_c_ok(!br_ioctl_siocgifflags(br_borrow(s), &r) && !(r.u.flags & BR_IFF_UP), "lo is down");
	r = req("bedrock-none0");
	tap_c_errno(br_ioctl_siocsifflags(br_borrow(s), &r), BR_ENODEV, "SIOCSIFFLAGS of no interface: ENODEV");
	tap_c_errno(br_ioctl_siocsifflags(br_borrow(s), (const br_ifreq *)8), BR_EFAULT,
		    "SIOCSIFFLAGS bad pointer: EFAULT");
}

static void test_up(void)
{
	if (br_geteuid() != 0) {
		tap_skip("bringing lo up in a network namespace", "not root");
		return;
	}
	tap_in_child(netns_child, "lo up and down in a network namespace");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	tap_group(test_read, "read flags");
	tap_group(test_up, "set flags");
	return tap_done();
}
