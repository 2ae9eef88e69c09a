/* SPDX-License-Identifier: MIT */
/* Sockets and socket addresses. A socket is a descriptor: every call that
 * makes one gives a br_owned_fd with close-on-exec set unless the caller
 * passes BR_SOCK_INHERIT. Each wrapper issues exactly the syscall its
 * comment names and never retries; send and recv are sendto and recvfrom
 * on every architecture (aarch64 and riscv64 have no send/recv syscall).
 * Addresses have the kernel's layouts; br_sockaddr_any holds any of them
 * with its length, which is how the kernel reads and writes them. */
#ifndef BEDROCK_NET_H
#define BEDROCK_NET_H

#include <bedrock/io.h>
#include <bedrock/time.h>

BR_BEGIN_DECLS

/* Address family: Unix-domain (local) sockets. */
#define BR_AF_UNIX 1
/* Address family: IPv4. */
#define BR_AF_INET 2
/* Address family: IPv6. */
#define BR_AF_INET6 10

/* Socket type: reliable byte stream (TCP, Unix stream). */
#define BR_SOCK_STREAM 1u
/* Socket type: datagrams (UDP, Unix datagram). */
#define BR_SOCK_DGRAM 2u
/* Socket type: raw protocol access. */
#define BR_SOCK_RAW 3u
/* Socket type: reliable datagrams with boundaries (Unix seqpacket). */
#define BR_SOCK_SEQPACKET 5u
/* Socket flag: O_NONBLOCK on the new descriptor. */
#define BR_SOCK_NONBLOCK 04000u
/* Socket flag: close-on-exec; bedrock adds it unless BR_SOCK_INHERIT is given. */
#define BR_SOCK_CLOEXEC 02000000u
/* bedrock's own flag: leave close-on-exec off so the socket survives execve
 * (never reaches the kernel; its bit is one no socket call accepts). */
#define BR_SOCK_INHERIT 0x40000000u

/* Protocol numbers for socket() and option levels. */
#define BR_IPPROTO_IP 0
/* TCP, and the level of its options. */
#define BR_IPPROTO_TCP 6
/* UDP. */
#define BR_IPPROTO_UDP 17
/* The IPv6 option level. */
#define BR_IPPROTO_IPV6 41

/* shutdown how: no more receptions. */
#define BR_SHUT_RD 0
/* shutdown how: no more transmissions (sends FIN on TCP). */
#define BR_SHUT_WR 1
/* shutdown how: both. */
#define BR_SHUT_RDWR 2

/* The largest backlog listen() honours by default (net.core.somaxconn). */
#define BR_SOMAXCONN 4096

/* send/recv flag: out-of-band data. */
#define BR_MSG_OOB 0x1u
/* recv flag: look at the data without taking it. */
#define BR_MSG_PEEK 0x2u
/* send flag: bypass routing, the peer is on a local network. */
#define BR_MSG_DONTROUTE 0x4u
/* recvmsg result flag: the control data did not fit (descriptors beyond
 * the buffer were never installed). */
#define BR_MSG_CTRUNC 0x8u
/* recv flag: return the real length of a longer datagram; result flag:
 * the datagram was cut. */
#define BR_MSG_TRUNC 0x20u
/* send/recv flag: this call only is non-blocking (EAGAIN). */
#define BR_MSG_DONTWAIT 0x40u
/* send/recv flag: end of record (seqpacket). */
#define BR_MSG_EOR 0x80u
/* recv flag: wait until the whole buffer is filled. */
#define BR_MSG_WAITALL 0x100u
/* recv flag: read the socket's error queue. */
#define BR_MSG_ERRQUEUE 0x2000u
/* send flag: EPIPE without SIGPIPE when the peer is gone. */
#define BR_MSG_NOSIGNAL 0x4000u
/* send flag: more data follows (TCP corks). */
#define BR_MSG_MORE 0x8000u
/* recvmmsg flag: block for the first message only. */
#define BR_MSG_WAITFORONE 0x10000u
/* recvmsg flag: received descriptors get close-on-exec; bedrock always adds it. */
#define BR_MSG_CMSG_CLOEXEC 0x40000000u

/* The socket-level option level. */
#define BR_SOL_SOCKET 1
/* SOL_SOCKET option (int, bool): may bind an address in TIME_WAIT. */
#define BR_SO_REUSEADDR 2
/* SOL_SOCKET option (int, read only): the socket type. */
#define BR_SO_TYPE 3
/* SOL_SOCKET option (int, read only): the pending error, cleared by reading. */
#define BR_SO_ERROR 4
/* SOL_SOCKET option (int, bool): datagrams may go to broadcast addresses. */
#define BR_SO_BROADCAST 6
/* SOL_SOCKET option (int): send buffer size; the kernel doubles what is set. */
#define BR_SO_SNDBUF 7
/* SOL_SOCKET option (int): receive buffer size; the kernel doubles what is set. */
#define BR_SO_RCVBUF 8
/* SOL_SOCKET option (int, bool): TCP keepalive probes. */
#define BR_SO_KEEPALIVE 9
/* SOL_SOCKET option (int, bool): several sockets may bind the same address and port. */
#define BR_SO_REUSEPORT 15
/* SOL_SOCKET option (int, bool): receive SCM_CREDENTIALS with every message. */
#define BR_SO_PASSCRED 16
/* SOL_SOCKET option (br_ucred, read only): the peer's credentials at connect time. */
#define BR_SO_PEERCRED 17
/* SOL_SOCKET option (br_timeval): receive timeout; EAGAIN when it expires. */
#define BR_SO_RCVTIMEO 20
/* SOL_SOCKET option (br_timeval): send timeout; EAGAIN when it expires. */
#define BR_SO_SNDTIMEO 21
/* SOL_SOCKET option (int, read only): whether the socket listens. */
#define BR_SO_ACCEPTCONN 30
/* SOL_SOCKET option (int, read only): the protocol. */
#define BR_SO_PROTOCOL 38
/* SOL_SOCKET option (int, read only): the address family. */
#define BR_SO_DOMAIN 39
/* IPPROTO_TCP option (int, bool): send at once, no Nagle delay. */
#define BR_TCP_NODELAY 1
/* IPPROTO_IPV6 option (int, bool): an AF_INET6 socket takes IPv6 only, no IPv4-mapped peers. */
#define BR_IPV6_V6ONLY 26

/* Control message type (SOL_SOCKET): descriptors passed over a Unix socket. */
#define BR_SCM_RIGHTS 1
/* Control message type (SOL_SOCKET): the sender's pid, uid and gid (br_ucred). */
#define BR_SCM_CREDENTIALS 2
/* The most descriptors one SCM_RIGHTS message carries (SCM_MAX_FD). */
#define BR_SCM_MAX_FD 253

/* IPv4 address 0.0.0.0 in host byte order: any local address. */
#define BR_INADDR_ANY 0x00000000u
/* IPv4 address 127.0.0.1 in host byte order. */
#define BR_INADDR_LOOPBACK 0x7f000001u
/* IPv4 address 255.255.255.255 in host byte order. */
#define BR_INADDR_BROADCAST 0xffffffffu

/* Room for the text of an IPv4 address with its NUL ("255.255.255.255"). */
#define BR_INET_ADDRSTRLEN 16
/* Room for the text of an IPv6 address with its NUL. */
#define BR_INET6_ADDRSTRLEN 46
/* Room for br_sockaddr_format's longest text with its NUL:
 * "[v6-address%4294967295]:65535", or a Unix path as text. */
#define BR_SOCKADDR_STRLEN 128

/* An address family value as the kernel stores it. */
typedef uint16_t br_sa_family;

/* The generic socket address the calls take; one of the types below in fact. */
typedef struct br_sockaddr {
	br_sa_family sa_family;
	char sa_data[14];
} br_sockaddr;

/* An IPv4 address in network byte order. */
typedef struct br_in_addr {
	uint32_t s_addr;
} br_in_addr;

/* An IPv4 socket address; port and address in network byte order. */
typedef struct br_sockaddr_in {
	br_sa_family sin_family;
	uint16_t sin_port;
	br_in_addr sin_addr;
	uint8_t br__zero[8];
} br_sockaddr_in;

/* An IPv6 address, 16 bytes in network order. */
typedef struct br_in6_addr {
	uint8_t bytes[16];
} br_in6_addr;

/* An IPv6 socket address; port and flow label in network byte order, the
 * scope (interface index of a link-local address) in host order. */
typedef struct br_sockaddr_in6 {
	br_sa_family sin6_family;
	uint16_t sin6_port;
	uint32_t sin6_flowinfo;
	br_in6_addr sin6_addr;
	uint32_t sin6_scope_id;
} br_sockaddr_in6;

/* The size of a Unix socket's path field. */
#define BR_UNIX_PATH_MAX 108

/* A Unix-domain socket address: a path (NUL-terminated unless it fills all
 * 108 bytes), or an abstract name (a 0 byte, then the name's bytes, as many
 * as the length says), or unnamed (the family alone). */
typedef struct br_sockaddr_un {
	br_sa_family sun_family;
	char sun_path[BR_UNIX_PATH_MAX];
} br_sockaddr_un;

/* Room for any socket address (the kernel's sockaddr_storage, 128 bytes). */
typedef struct br_sockaddr_storage {
	br_sa_family ss_family;
	uint8_t br__data[126];
} __attribute__((__aligned__(8))) br_sockaddr_storage;

/* Any socket address and its length in bytes: pass &a.sa and a.len to the
 * calls that read an address; for the calls that write one, set len to
 * sizeof a.storage first and the kernel sets it to the address's length. */
typedef struct br_sockaddr_any {
	union {
		br_sockaddr sa;
		br_sockaddr_in in;
		br_sockaddr_in6 in6;
		br_sockaddr_un un;
		br_sockaddr_storage storage;
	};
	uint32_t len;
} br_sockaddr_any;

/* The credentials of a process (SO_PEERCRED, SCM_CREDENTIALS). */
typedef struct br_ucred {
	int32_t pid;
	uint32_t uid;
	uint32_t gid;
} br_ucred;

/* A message for sendmsg/recvmsg: the kernel's struct user_msghdr. */
typedef struct br_msghdr {
	void *name;
	uint32_t namelen;
	br_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	unsigned flags;
} br_msghdr;

/* One message of sendmmsg/recvmmsg and the byte count the kernel reports for it. */
typedef struct br_mmsghdr {
	br_msghdr hdr;
	unsigned len;
} br_mmsghdr;

/* The header of a control message; its data follows, aligned to size_t. */
typedef struct br_cmsghdr {
	size_t len;
	int level;
	int type;
} br_cmsghdr;

/* A control message length rounded up to the kernel's alignment (size_t). */
#define BR_CMSG_ALIGN(len) (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
/* The cmsg len field for n bytes of data. */
#define BR_CMSG_LEN(n) (BR_CMSG_ALIGN(sizeof(br_cmsghdr)) + (n))
/* The room one control message with n bytes of data takes in a buffer. */
#define BR_CMSG_SPACE(n) (BR_CMSG_ALIGN(sizeof(br_cmsghdr)) + BR_CMSG_ALIGN(n))

/* ---- byte order ---- */

/* A 16-bit value from host to network byte order (big-endian). */
BR_INLINE uint16_t br_htons(uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Shifts, not __builtin_bswap16: where the target has no byte-swap
	 * instruction (riscv64 without Zbb) the builtin calls libgcc's
	 * __bswapsi2; the compilers turn these shifts into rev/bswap where
	 * one exists. */
	return (uint16_t)(v << 8 | v >> 8);
#else
	return v;
#endif
}

/* A 16-bit value from network to host byte order. */
BR_INLINE uint16_t br_ntohs(uint16_t v)
{
	return br_htons(v);
}

/* A 32-bit value from host to network byte order (big-endian). */
BR_INLINE uint32_t br_htonl(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return v << 24 | (v & 0xff00u) << 8 | (v >> 8 & 0xff00u) | v >> 24;
#else
	return v;
#endif
}

/* A 32-bit value from network to host byte order. */
BR_INLINE uint32_t br_ntohl(uint32_t v)
{
	return br_htonl(v);
}

/* ---- addresses ---- */

/* An IPv4 socket address from a host-order address (BR_INADDR_LOOPBACK,
 * 0x7f000001) and a host-order port. */
BR_INLINE br_sockaddr_any br_sockaddr_inet(uint32_t addr, uint16_t port)
{
	br_sockaddr_any a;
	__builtin_memset(&a, 0, sizeof a);
	a.in.sin_family = BR_AF_INET;
	a.in.sin_port = br_htons(port);
	a.in.sin_addr.s_addr = br_htonl(addr);
	a.len = sizeof(br_sockaddr_in);
	return a;
}

/* An IPv6 socket address from an address, a host-order port and a scope id
 * (the interface index for a link-local address, else 0). */
BR_INLINE br_sockaddr_any br_sockaddr_inet6(const br_in6_addr *addr, uint16_t port, uint32_t scope_id)
{
	br_sockaddr_any a;
	__builtin_memset(&a, 0, sizeof a);
	a.in6.sin6_family = BR_AF_INET6;
	a.in6.sin6_port = br_htons(port);
	a.in6.sin6_addr = *addr;
	a.in6.sin6_scope_id = scope_id;
	a.len = sizeof(br_sockaddr_in6);
	return a;
}

/* The IPv6 address ::1. */
BR_INLINE br_in6_addr br_in6addr_loopback(void)
{
	br_in6_addr a;
	__builtin_memset(&a, 0, sizeof a);
	a.bytes[15] = 1;
	return a;
}

/* The IPv6 address :: (any local address). */
BR_INLINE br_in6_addr br_in6addr_any(void)
{
	br_in6_addr a;
	__builtin_memset(&a, 0, sizeof a);
	return a;
}

/* A Unix socket address for a filesystem path. The length counts the path
 * and its NUL, as the kernel's own addresses do; a path of exactly 108
 * bytes fills sun_path with no NUL (Linux accepts that, and getsockname
 * then reports 111: the kernel stores a NUL after it). An empty path
 * gives EINVAL (that would be the unnamed address), a longer one
 * ENAMETOOLONG; *out is then the unnamed address. */
BR_MUST_USE br_errno br_sockaddr_unix(const char *path, br_sockaddr_any *out);

/* A Unix socket address in the abstract namespace: a 0 byte, then the len
 * bytes of name (any bytes, 0 included; no NUL is added: the length alone
 * ends the name). At most 107 bytes, else ENAMETOOLONG. */
BR_MUST_USE br_errno br_sockaddr_unix_abstract(const void *name, size_t len, br_sockaddr_any *out);

/* The port of an IPv4 or IPv6 address in host order; 0 for other families. */
BR_INLINE uint16_t br_sockaddr_port(const br_sockaddr_any *a)
{
	if (a->sa.sa_family == BR_AF_INET)
		return br_ntohs(a->in.sin_port);
	if (a->sa.sa_family == BR_AF_INET6)
		return br_ntohs(a->in6.sin6_port);
	return 0;
}

/* Whether two addresses are the same: family and the bytes that matter
 * (IPv4, IPv6: port, address, and scope; Unix: the path up to its NUL,
 * or the abstract name's bytes and length). */
bool br_sockaddr_equal(const br_sockaddr_any *a, const br_sockaddr_any *b);

/* inet_pton(AF_INET): dotted quad "a.b.c.d", four decimal numbers 0..255
 * without leading zeros, nothing else; EINVAL otherwise (*out is then 0). */
BR_MUST_USE br_errno br_inet_pton4(const char *text, br_in_addr *out);

/* inet_pton(AF_INET6): eight groups of up to four hex digits, one "::" for
 * a run of zero groups, the last 32 bits optionally as a dotted quad
 * ("::ffff:1.2.3.4"); EINVAL otherwise (*out is then ::). No scope id:
 * that belongs to the socket address (br_sockaddr_parse). */
BR_MUST_USE br_errno br_inet_pton6(const char *text, br_in6_addr *out);

/* inet_ntop(AF_INET): the dotted quad, NUL-terminated in buf (at least
 * BR_INET_ADDRSTRLEN bytes); returns its length. */
size_t br_inet_ntop4(const br_in_addr *addr, char *buf);

/* inet_ntop(AF_INET6) as glibc prints it: lowercase hex without leading
 * zeros, the longest run of two or more zero groups (the first of equal
 * runs) as "::", and "::a.b.c.d" / "::ffff:a.b.c.d" for IPv4-compatible and
 * IPv4-mapped addresses. NUL-terminated in buf (at least
 * BR_INET6_ADDRSTRLEN bytes); returns its length. */
size_t br_inet_ntop6(const br_in6_addr *addr, char *buf);

/* A numeric host and a host-order port as a socket address: an IPv4
 * dotted quad, or an IPv6 address optionally followed by "%N", a decimal
 * scope id (interface index). No name lookup. EINVAL if the text is
 * neither. */
BR_MUST_USE br_errno br_sockaddr_parse(const char *host, uint16_t port, br_sockaddr_any *out);

/* An address as text, NUL-terminated in buf of size bytes (truncated to
 * fit): "a.b.c.d:port", "[v6]:port", "[v6%scope]:port", a Unix path,
 * "@name" for an abstract name (bytes outside printable ASCII as \xHH),
 * "(unnamed)" for an unnamed Unix address, "(family N)" otherwise. Returns
 * the length of the whole text (which is >= size if it was cut). */
size_t br_sockaddr_format(const br_sockaddr_any *a, char *buf, size_t size);

/* ---- sockets ---- */

/* bedrock's close-on-exec rule for new sockets: add SOCK_CLOEXEC unless
 * BR_SOCK_INHERIT is given, which is removed. */
BR_INLINE unsigned br__sock_flags(unsigned flags)
{
	return flags & BR_SOCK_INHERIT ? flags & ~BR_SOCK_INHERIT : flags | BR_SOCK_CLOEXEC;
}

/* socket(2): a new socket of domain (BR_AF_*), type (BR_SOCK_* with
 * BR_SOCK_NONBLOCK, BR_SOCK_INHERIT) and protocol (0: the default). */
BR_MUST_USE BR_INLINE br_errno br_socket(int domain, unsigned type, int protocol, br_owned_fd *out)
{
	return br__ret_fd(br_syscall3(BR_SYS_socket, domain, (long)br__sock_flags(type), protocol), out);
}

/* socketpair(2): two connected sockets (AF_UNIX); both BR_NO_FD on error. */
BR_MUST_USE BR_INLINE br_errno br_socketpair(int domain, unsigned type, int protocol, br_owned_fd *a,
					     br_owned_fd *b)
{
	int fds[2] = {-1, -1};
	br_errno e = br_syscall_errno(
		br_syscall4(BR_SYS_socketpair, domain, (long)br__sock_flags(type), protocol, (long)fds));
	a->raw = e ? -1 : fds[0];
	b->raw = e ? -1 : fds[1];
	return e;
}

/* bind(2): gives the socket the local address addr of addrlen bytes. */
BR_MUST_USE BR_INLINE br_errno br_bind(br_fd fd, const br_sockaddr *addr, uint32_t addrlen)
{
	return br_syscall_errno(br_syscall3(BR_SYS_bind, fd.raw, (long)addr, (long)addrlen));
}

/* listen(2): accepts connections, at most backlog waiting (capped at
 * somaxconn). */
BR_MUST_USE BR_INLINE br_errno br_listen(br_fd fd, int backlog)
{
	return br_syscall_errno(br_syscall2(BR_SYS_listen, fd.raw, backlog));
}

/* accept4(2): the next connection as a new socket; flags BR_SOCK_NONBLOCK,
 * BR_SOCK_INHERIT (close-on-exec otherwise). The peer's address goes to
 * addr if it is not NULL: *addrlen is its room on entry, the address's
 * length on return. */
BR_MUST_USE BR_INLINE br_errno br_accept4(br_fd fd, br_sockaddr *addr, uint32_t *addrlen, unsigned flags,
					  br_owned_fd *out)
{
	return br__ret_fd(
		br_syscall4(BR_SYS_accept4, fd.raw, (long)addr, (long)addrlen, (long)br__sock_flags(flags)), out);
}

/* accept4(2) with no flags (close-on-exec, blocking as the listener's
 * descriptor says): there is one path, accept4, on every architecture. */
BR_MUST_USE BR_INLINE br_errno br_accept(br_fd fd, br_sockaddr *addr, uint32_t *addrlen, br_owned_fd *out)
{
	return br_accept4(fd, addr, addrlen, 0, out);
}

/* connect(2): connects to addr; a non-blocking socket gives EINPROGRESS,
 * then becomes writable, and BR_SO_ERROR tells how it went. */
BR_MUST_USE BR_INLINE br_errno br_connect(br_fd fd, const br_sockaddr *addr, uint32_t addrlen)
{
	return br_syscall_errno(br_syscall3(BR_SYS_connect, fd.raw, (long)addr, (long)addrlen));
}

/* shutdown(2): ends reception, transmission or both (BR_SHUT_*). */
BR_MUST_USE BR_INLINE br_errno br_shutdown(br_fd fd, int how)
{
	return br_syscall_errno(br_syscall2(BR_SYS_shutdown, fd.raw, how));
}

/* getsockname(2): the local address; *addrlen is the room on entry, the
 * address's length on return (more than the room when it was cut). */
BR_MUST_USE BR_INLINE br_errno br_getsockname(br_fd fd, br_sockaddr *addr, uint32_t *addrlen)
{
	return br_syscall_errno(br_syscall3(BR_SYS_getsockname, fd.raw, (long)addr, (long)addrlen));
}

/* getpeername(2): the peer's address, as getsockname; ENOTCONN when none. */
BR_MUST_USE BR_INLINE br_errno br_getpeername(br_fd fd, br_sockaddr *addr, uint32_t *addrlen)
{
	return br_syscall_errno(br_syscall3(BR_SYS_getpeername, fd.raw, (long)addr, (long)addrlen));
}

/* sendto(2): sends len bytes to addr (NULL and 0 on a connected socket);
 * flags BR_MSG_*. Without BR_MSG_NOSIGNAL a vanished peer raises SIGPIPE
 * as well as EPIPE. */
BR_MUST_USE BR_INLINE br_errno br_sendto(br_fd fd, const void *buf, size_t len, unsigned flags,
					 const br_sockaddr *addr, uint32_t addrlen, size_t *nsent)
{
	return br__ret_size(br_syscall6(BR_SYS_sendto, fd.raw, (long)buf, (long)len, (long)flags, (long)addr,
					(long)addrlen),
			    nsent);
}

/* send(2) as sendto(2) with no address: the one path on every architecture. */
BR_MUST_USE BR_INLINE br_errno br_send(br_fd fd, const void *buf, size_t len, unsigned flags, size_t *nsent)
{
	return br_sendto(fd, buf, len, flags, 0, 0, nsent);
}

/* recvfrom(2): receives up to len bytes (*nrecv 0: the peer shut down, or
 * an empty datagram); the sender's address goes to addr if it is not NULL,
 * *addrlen being the room on entry and the length on return. */
BR_MUST_USE BR_INLINE br_errno br_recvfrom(br_fd fd, void *buf, size_t len, unsigned flags, br_sockaddr *addr,
					   uint32_t *addrlen, size_t *nrecv)
{
	return br__ret_size(br_syscall6(BR_SYS_recvfrom, fd.raw, (long)buf, (long)len, (long)flags, (long)addr,
					(long)addrlen),
			    nrecv);
}

/* recv(2) as recvfrom(2) with no address: the one path on every architecture. */
BR_MUST_USE BR_INLINE br_errno br_recv(br_fd fd, void *buf, size_t len, unsigned flags, size_t *nrecv)
{
	return br_recvfrom(fd, buf, len, flags, 0, 0, nrecv);
}

/* sendmsg(2): sends msg's buffers, to msg->name if set, with its control
 * messages (SCM_RIGHTS, SCM_CREDENTIALS). */
BR_MUST_USE BR_INLINE br_errno br_sendmsg(br_fd fd, const br_msghdr *msg, unsigned flags, size_t *nsent)
{
	return br__ret_size(br_syscall3(BR_SYS_sendmsg, fd.raw, (long)msg, (long)flags), nsent);
}

/* recvmsg(2) with BR_MSG_CMSG_CLOEXEC always added: received descriptors
 * never leak into a child's execve. The kernel updates msg->namelen,
 * msg->controllen and msg->flags (BR_MSG_CTRUNC, BR_MSG_TRUNC). Take the
 * descriptors with br_cmsg_take_rights, which owns or closes every one. */
BR_MUST_USE BR_INLINE br_errno br_recvmsg(br_fd fd, br_msghdr *msg, unsigned flags, size_t *nrecv)
{
	return br__ret_size(br_syscall3(BR_SYS_recvmsg, fd.raw, (long)msg, (long)(flags | BR_MSG_CMSG_CLOEXEC)),
			    nrecv);
}

/* sendmmsg(2): sends up to n messages in one call; *nsent is how many went
 * (each one's byte count in its len). An error comes back only when not
 * even the first could be sent. */
BR_MUST_USE BR_INLINE br_errno br_sendmmsg(br_fd fd, br_mmsghdr *msgs, unsigned n, unsigned flags,
					   unsigned *nsent)
{
	long r = br_syscall4(BR_SYS_sendmmsg, fd.raw, (long)msgs, (long)n, (long)flags);
	br_errno e = br_syscall_errno(r);
	*nsent = e ? 0 : (unsigned)r;
	return e;
}

/* recvmmsg(2) with BR_MSG_CMSG_CLOEXEC added: up to n messages; timeout
 * (NULL: none) is checked only after each message arrives.
 * BR_MSG_WAITFORONE blocks for the first only. */
BR_MUST_USE BR_INLINE br_errno br_recvmmsg(br_fd fd, br_mmsghdr *msgs, unsigned n, unsigned flags,
					   br_timespec *timeout, unsigned *nrecv)
{
	long r = br_syscall5(BR_SYS_recvmmsg, fd.raw, (long)msgs, (long)n, (long)(flags | BR_MSG_CMSG_CLOEXEC),
			     (long)timeout);
	br_errno e = br_syscall_errno(r);
	*nrecv = e ? 0 : (unsigned)r;
	return e;
}

/* setsockopt(2): sets option name of level (BR_SOL_SOCKET, BR_IPPROTO_*)
 * from the len bytes at value. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt(br_fd fd, int level, int name, const void *value, uint32_t len)
{
	return br_syscall_errno(br_syscall5(BR_SYS_setsockopt, fd.raw, level, name, (long)value, (long)len));
}

/* getsockopt(2): reads option name of level into value; *len is the room
 * on entry and the option's size on return. */
BR_MUST_USE BR_INLINE br_errno br_getsockopt(br_fd fd, int level, int name, void *value, uint32_t *len)
{
	return br_syscall_errno(br_syscall5(BR_SYS_getsockopt, fd.raw, level, name, (long)value, (long)len));
}

/* setsockopt(2) of an int option. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_int(br_fd fd, int level, int name, int value)
{
	return br_setsockopt(fd, level, name, &value, sizeof value);
}

/* getsockopt(2) of an int option; *value 0 on error. */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_int(br_fd fd, int level, int name, int *value)
{
	int v = 0;
	uint32_t len = sizeof v;
	br_errno e = br_getsockopt(fd, level, name, &v, &len);
	*value = e ? 0 : v;
	return e;
}

/* setsockopt(SO_REUSEADDR): bind may take an address still in TIME_WAIT. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_reuseaddr(br_fd fd, bool on)
{
	return br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_REUSEADDR, on);
}

/* getsockopt(SO_REUSEADDR). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_reuseaddr(br_fd fd, bool *on)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_REUSEADDR, &v);
	*on = v != 0;
	return e;
}

/* setsockopt(SO_REUSEPORT): sockets of one user may bind the same port
 * (the kernel spreads connections over them). */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_reuseport(br_fd fd, bool on)
{
	return br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_REUSEPORT, on);
}

/* getsockopt(SO_REUSEPORT). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_reuseport(br_fd fd, bool *on)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_REUSEPORT, &v);
	*on = v != 0;
	return e;
}

/* setsockopt(SO_KEEPALIVE): probe idle TCP connections. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_keepalive(br_fd fd, bool on)
{
	return br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_KEEPALIVE, on);
}

/* getsockopt(SO_KEEPALIVE). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_keepalive(br_fd fd, bool *on)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_KEEPALIVE, &v);
	*on = v != 0;
	return e;
}

/* setsockopt(SO_RCVBUF): the kernel doubles the size (for its overhead)
 * and clamps it to net.core.rmem_max. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_rcvbuf(br_fd fd, int bytes)
{
	return br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_RCVBUF, bytes);
}

/* getsockopt(SO_RCVBUF): the doubled size the kernel uses. */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_rcvbuf(br_fd fd, int *bytes)
{
	return br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_RCVBUF, bytes);
}

/* setsockopt(SO_SNDBUF): doubled and clamped as SO_RCVBUF (wmem_max). */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_sndbuf(br_fd fd, int bytes)
{
	return br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_SNDBUF, bytes);
}

/* getsockopt(SO_SNDBUF). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_sndbuf(br_fd fd, int *bytes)
{
	return br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_SNDBUF, bytes);
}

/* setsockopt(SO_RCVTIMEO): a blocking receive gives EAGAIN after *t
 * ({0, 0}: never); usec must be below 1000000 (else EDOM). */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_rcvtimeo(br_fd fd, const br_timeval *t)
{
	return br_setsockopt(fd, BR_SOL_SOCKET, BR_SO_RCVTIMEO, t, sizeof *t);
}

/* getsockopt(SO_RCVTIMEO). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_rcvtimeo(br_fd fd, br_timeval *t)
{
	uint32_t len = sizeof *t;
	return br_getsockopt(fd, BR_SOL_SOCKET, BR_SO_RCVTIMEO, t, &len);
}

/* setsockopt(SO_SNDTIMEO): a blocking send gives EAGAIN (or a short
 * count) after *t. */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_sndtimeo(br_fd fd, const br_timeval *t)
{
	return br_setsockopt(fd, BR_SOL_SOCKET, BR_SO_SNDTIMEO, t, sizeof *t);
}

/* getsockopt(SO_SNDTIMEO). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_sndtimeo(br_fd fd, br_timeval *t)
{
	uint32_t len = sizeof *t;
	return br_getsockopt(fd, BR_SOL_SOCKET, BR_SO_SNDTIMEO, t, &len);
}

/* getsockopt(SO_ERROR): the socket's pending error (BR_OK if none), which
 * reading clears; how a non-blocking connect ended. */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_error(br_fd fd, br_errno *pending)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_ERROR, &v);
	*pending = (br_errno)v;
	return e;
}

/* getsockopt(SO_PEERCRED): pid, uid and gid of the peer of a Unix socket
 * when it connected (or of the socketpair's creator). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_peercred(br_fd fd, br_ucred *cred)
{
	uint32_t len = sizeof *cred;
	return br_getsockopt(fd, BR_SOL_SOCKET, BR_SO_PEERCRED, cred, &len);
}

/* setsockopt(TCP_NODELAY): send small segments at once (no Nagle). */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_tcp_nodelay(br_fd fd, bool on)
{
	return br_setsockopt_int(fd, BR_IPPROTO_TCP, BR_TCP_NODELAY, on);
}

/* getsockopt(TCP_NODELAY). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_tcp_nodelay(br_fd fd, bool *on)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_IPPROTO_TCP, BR_TCP_NODELAY, &v);
	*on = v != 0;
	return e;
}

/* setsockopt(IPV6_V6ONLY): an AF_INET6 socket serves IPv6 only (before bind). */
BR_MUST_USE BR_INLINE br_errno br_setsockopt_ipv6_v6only(br_fd fd, bool on)
{
	return br_setsockopt_int(fd, BR_IPPROTO_IPV6, BR_IPV6_V6ONLY, on);
}

/* getsockopt(IPV6_V6ONLY). */
BR_MUST_USE BR_INLINE br_errno br_getsockopt_ipv6_v6only(br_fd fd, bool *on)
{
	int v;
	br_errno e = br_getsockopt_int(fd, BR_IPPROTO_IPV6, BR_IPV6_V6ONLY, &v);
	*on = v != 0;
	return e;
}

/* ---- control messages ---- */

/* The first control message of msg's control buffer, NULL if none fits. */
BR_INLINE br_cmsghdr *br_cmsg_firsthdr(const br_msghdr *msg)
{
	return msg->controllen >= sizeof(br_cmsghdr) ? (br_cmsghdr *)msg->control : (br_cmsghdr *)0;
}

/* The control message after c in msg, NULL after the last one (or when
 * the next one's header or data would run past the buffer). */
BR_INLINE br_cmsghdr *br_cmsg_nxthdr(const br_msghdr *msg, const br_cmsghdr *c)
{
	size_t off = (size_t)((const unsigned char *)c - (const unsigned char *)msg->control);

	if (c->len < sizeof(br_cmsghdr) || c->len > msg->controllen - off)
		return (br_cmsghdr *)0;
	off += BR_CMSG_ALIGN(c->len);
	/* Compared as offsets: the last message's padding may reach past the
	 * end (controllen need not be a multiple of the alignment). */
	if (off > msg->controllen || msg->controllen - off < sizeof(br_cmsghdr))
		return (br_cmsghdr *)0;
	br_cmsghdr *next = (br_cmsghdr *)(void *)((unsigned char *)msg->control + off);
	if (next->len > msg->controllen - off)
		return (br_cmsghdr *)0;
	return next;
}

/* The data of control message c. */
BR_INLINE unsigned char *br_cmsg_data(const br_cmsghdr *c)
{
	return (unsigned char *)c + BR_CMSG_ALIGN(sizeof(br_cmsghdr));
}

/* Writes one SCM_RIGHTS message carrying the n descriptors at fds into the
 * control buffer of size bytes; returns the room it took
 * (BR_CMSG_SPACE(n * 4)), or 0 (nothing written) if it does not fit or n
 * is 0 or above BR_SCM_MAX_FD. */
size_t br_cmsg_put_rights(void *control, size_t size, const br_fd *fds, size_t n);

/* Writes one SCM_CREDENTIALS message into the control buffer; returns the
 * room it took (BR_CMSG_SPACE(sizeof(br_ucred))), or 0 if it does not fit.
 * The kernel refuses (EPERM) credentials the sender may not claim. */
size_t br_cmsg_put_creds(void *control, size_t size, const br_ucred *cred);

/* After recvmsg: takes every descriptor of msg's SCM_RIGHTS messages, the
 * first max into fds[0..*n) as owned descriptors, and closes the rest, so
 * that none leaks whatever the caller's room. Each taken slot in the
 * control data is set to -1. Returns the number of descriptors the
 * messages carried (more than *n when some had to be closed). */
size_t br_cmsg_take_rights(br_msghdr *msg, br_owned_fd *fds, size_t max, size_t *n);

/* After recvmsg: the SCM_CREDENTIALS of msg (with BR_SO_PASSCRED on), if
 * there is one; false otherwise. */
bool br_cmsg_creds(const br_msghdr *msg, br_ucred *cred);

/* Sends len bytes (at least 1 on a stream socket) with the n descriptors
 * at fds in one sendmsg(2) (BR_MSG_NOSIGNAL added); EINVAL for n above
 * BR_SCM_MAX_FD, without a syscall. */
BR_MUST_USE br_errno br_send_fds(br_fd sock, const void *buf, size_t len, const br_fd *fds, size_t n,
				 size_t *nsent);

/* Receives up to len bytes and up to max descriptors in one recvmsg(2)
 * (close-on-exec): the descriptors land in fds[0..*nfds) as owned ones.
 * Descriptors beyond max, or that the kernel could not install (EMFILE at
 * the receiver), are never left open; *truncated tells whether any were
 * lost (BR_MSG_CTRUNC). max is at most BR_SCM_MAX_FD (else EINVAL). */
BR_MUST_USE br_errno br_recv_fds(br_fd sock, void *buf, size_t len, br_owned_fd *fds, size_t max, size_t *nfds,
				 bool *truncated, size_t *nrecv);

BR_END_DECLS

#endif
