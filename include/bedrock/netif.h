/* SPDX-License-Identifier: MIT */
/* Network interfaces by name: the interface flags (SIOCGIFFLAGS,
 * SIOCSIFFLAGS), enough to bring an interface such as lo up. The ioctls
 * go to any socket (an AF_INET SOCK_DGRAM one will do; sockets are in
 * net.h) and act on the socket's network namespace. */
#ifndef BEDROCK_NETIF_H
#define BEDROCK_NETIF_H

#include <bedrock/fd.h>

BR_BEGIN_DECLS

/* The size of an interface name with its NUL. */
#define BR_IFNAMSIZ 16
/* ioctl: read an interface's flags. */
#define BR_SIOCGIFFLAGS 0x8913u
/* ioctl: set an interface's flags (needs CAP_NET_ADMIN). */
#define BR_SIOCSIFFLAGS 0x8914u

/* Interface flag: administratively up. */
#define BR_IFF_UP 0x1u
/* Interface flag: has a broadcast address. */
#define BR_IFF_BROADCAST 0x2u
/* Interface flag: the loopback interface. */
#define BR_IFF_LOOPBACK 0x8u
/* Interface flag: point-to-point link. */
#define BR_IFF_POINTOPOINT 0x10u
/* Interface flag: resources allocated (operationally up; read only). */
#define BR_IFF_RUNNING 0x40u
/* Interface flag: no ARP. */
#define BR_IFF_NOARP 0x80u
/* Interface flag: receives all packets. */
#define BR_IFF_PROMISC 0x100u
/* Interface flag: supports multicast. */
#define BR_IFF_MULTICAST 0x1000u

/* An interface request: the kernel's struct ifreq (40 bytes), the name
 * and one of the values the SIOC*IF* ioctls read or write. */
typedef struct br_ifreq {
	char name[BR_IFNAMSIZ];
	union {
		int16_t flags;
		int32_t ifindex;
		int32_t mtu;
		unsigned char raw[24];
		uint64_t br__align;
	} u;
} br_ifreq;

/* ioctl(SIOCGIFFLAGS): the flags (BR_IFF_*) of interface ifr->name into
 * ifr->u.flags; ENODEV when there is no such interface. */
BR_MUST_USE BR_INLINE br_errno br_ioctl_siocgifflags(br_fd sock, br_ifreq *ifr)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, sock.raw, (long)BR_SIOCGIFFLAGS, (long)ifr));
}

/* ioctl(SIOCSIFFLAGS): sets the flags of interface ifr->name to
 * ifr->u.flags (read them first and change one bit: the call sets all). */
BR_MUST_USE BR_INLINE br_errno br_ioctl_siocsifflags(br_fd sock, const br_ifreq *ifr)
{
	return br_syscall_errno(br_syscall3(BR_SYS_ioctl, sock.raw, (long)BR_SIOCSIFFLAGS, (long)ifr));
}

BR_END_DECLS

#endif
