/* SPDX-License-Identifier: MIT */
/* The out-of-line part of net.h: Unix addresses, address text both ways,
 * control messages and the descriptor-passing helpers. */
#include <bedrock/net.h>

static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void unnamed(br_sockaddr_any *out)
{
	__builtin_memset(out, 0, sizeof *out);
	out->un.sun_family = BR_AF_UNIX;
	out->len = sizeof(br_sa_family);
}

br_errno br_sockaddr_unix(const char *path, br_sockaddr_any *out)
{
	size_t n = str_len(path);

	unnamed(out);
	if (n == 0)
		return BR_EINVAL;
	if (n > BR_UNIX_PATH_MAX)
		return BR_ENAMETOOLONG;
	__builtin_memcpy(out->un.sun_path, path, n);
	/* With its NUL when there is room for one, as the kernel reports it. */
	out->len = (uint32_t)(sizeof(br_sa_family) + n + (n < BR_UNIX_PATH_MAX));
	return BR_OK;
}

br_errno br_sockaddr_unix_abstract(const void *name, size_t len, br_sockaddr_any *out)
{
	unnamed(out);
	if (len > BR_UNIX_PATH_MAX - 1)
		return BR_ENAMETOOLONG;
	if (len)
		__builtin_memcpy(out->un.sun_path + 1, name, len);
	out->len = (uint32_t)(sizeof(br_sa_family) + 1 + len);
	return BR_OK;
}

/* The bytes of sun_path that count: up to the length, at most 108, and
 * for a path up to its NUL. */
static size_t unix_len(const br_sockaddr_any *a)
{
	size_t n = a->len > sizeof(br_sa_family) ? a->len - sizeof(br_sa_family) : 0;
	if (n > BR_UNIX_PATH_MAX)
		n = BR_UNIX_PATH_MAX;
	if (n && a->un.sun_path[0]) {
		size_t k = 0;
		while (k < n && a->un.sun_path[k])
			k++;
		n = k;
	}
	return n;
}

bool br_sockaddr_equal(const br_sockaddr_any *a, const br_sockaddr_any *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;
	switch (a->sa.sa_family) {
	case BR_AF_INET:
		return a->in.sin_port == b->in.sin_port && a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
	case BR_AF_INET6:
		return a->in6.sin6_port == b->in6.sin6_port && a->in6.sin6_scope_id == b->in6.sin6_scope_id &&
		       __builtin_memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16) == 0;
	case BR_AF_UNIX: {
		size_t an = unix_len(a), bn = unix_len(b);
		if (an != bn)
			return false;
		/* A path ends at its NUL, whatever the length says (the
		 * kernel reports 111 for a path of 108 bytes). */
		if (an && a->un.sun_path[0]) {
			for (size_t i = 0; i < an; i++) {
				if (a->un.sun_path[i] != b->un.sun_path[i])
					return false;
				if (!a->un.sun_path[i])
					break;
			}
			return true;
		}
		return __builtin_memcmp(a->un.sun_path, b->un.sun_path, an) == 0;
	}
	default:
		if (a->len != b->len || a->len > sizeof a->storage)
			return false;
		return __builtin_memcmp(&a->storage, &b->storage, a->len) == 0;
	}
}

/* ---- text to address ---- */

/* A decimal 0..255 without leading zeros at *s; *s moved past it. */
static bool octet(const char **s, unsigned *v)
{
	const char *p = *s;
	unsigned x = 0;
	int digits = 0;

	while (*p >= '0' && *p <= '9') {
		if (digits == 1 && x == 0)
			return false; /* a leading zero */
		x = x * 10 + (unsigned)(*p++ - '0');
		if (++digits > 3 || x > 255)
			return false;
	}
	*s = p;
	*v = x;
	return digits > 0;
}

/* A dotted quad at s ending at end (or at the NUL when end is NULL). */
static bool quad(const char *s, const char *end, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v;
		if (i && *s++ != '.')
			return false;
		if (!octet(&s, &v))
			return false;
		out[i] = (uint8_t)v;
	}
	return end ? s == end : *s == 0;
}

br_errno br_inet_pton4(const char *text, br_in_addr *out)
{
	uint8_t b[4];

	out->s_addr = 0;
	if (!quad(text, 0, b))
		return BR_EINVAL;
	__builtin_memcpy(&out->s_addr, b, 4);
	return BR_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* inet_pton6 of the text from s to end. */
static bool parse6(const char *s, const char *end, br_in6_addr *out)
{
	uint8_t b[16];
	int n = 0, gap = -1; /* bytes written; where "::" stands */

	__builtin_memset(b, 0, sizeof b);
	if (s == end)
		return false;
	if (*s == ':') {
		/* A leading colon only as part of "::". */
		if (end - s < 2 || s[1] != ':')
			return false;
		s += 2;
		gap = 0;
		if (s == end)
			goto done;
	}
	for (;;) {
		const char *start = s;
		unsigned v = 0;
		int d;
		while (s < end && (d = hexval(*s)) >= 0) {
			v = v * 16 + (unsigned)d;
			if (++s - start > 4)
				return false;
		}
		if (s < end && *s == '.') {
			/* A dotted quad: the last 32 bits, with room for them. */
			if (n > 12 || !quad(start, end, b + n))
				return false;
			n += 4;
			break;
		}
		if (s == start || n > 14)
			return false;
		b[n++] = (uint8_t)(v >> 8);
		b[n++] = (uint8_t)v;
		if (s == end)
			break;
		if (*s != ':')
			return false;
		s++;
		if (s < end && *s == ':') {
			if (gap >= 0)
				return false; /* a second "::" */
			gap = n;
			s++;
			if (s == end)
				break;
		} else if (s == end) {
			return false; /* a trailing single colon */
		}
	}
done:
	if (gap >= 0) {
		/* "::" stands for at least one zero group. */
		if (n == 16)
			return false;
		int tail = n - gap;
		for (int i = 0; i < tail; i++)
			b[15 - i] = b[n - 1 - i];
		for (int i = gap; i < 16 - tail; i++)
			b[i] = 0;
	} else if (n != 16) {
		return false;
	}
	__builtin_memcpy(out->bytes, b, 16);
	return true;
}

br_errno br_inet_pton6(const char *text, br_in6_addr *out)
{
	br_in6_addr a;

	*out = br_in6addr_any();
	if (!parse6(text, text + str_len(text), &a))
		return BR_EINVAL;
	*out = a;
	return BR_OK;
}

br_errno br_sockaddr_parse(const char *host, uint16_t port, br_sockaddr_any *out)
{
	br_in_addr v4;
	br_in6_addr v6;
	const char *end = host, *pct = 0;

	__builtin_memset(out, 0, sizeof *out);
	if (br_inet_pton4(host, &v4) == BR_OK) {
		*out = br_sockaddr_inet(br_ntohl(v4.s_addr), port);
		return BR_OK;
	}
	while (*end) {
		if (*end == '%' && !pct)
			pct = end;
		end++;
	}
	if (!parse6(host, pct ? pct : end, &v6))
		return BR_EINVAL;
	uint32_t scope = 0;
	if (pct) {
		const char *p = pct + 1;
		uint64_t x = 0;
		if (p == end)
			return BR_EINVAL;
		for (; p < end; p++) {
			if (*p < '0' || *p > '9')
				return BR_EINVAL;
			x = x * 10 + (uint64_t)(*p - '0');
			if (x > UINT32_MAX)
				return BR_EINVAL;
		}
		scope = (uint32_t)x;
	}
	*out = br_sockaddr_inet6(&v6, port, scope);
	return BR_OK;
}

/* ---- address to text ---- */

static char *put_dec(char *p, uint32_t v)
{
	char t[10];
	int n = 0;
	do
		t[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*p++ = t[--n];
	return p;
}

static char *put_quad(char *p, const uint8_t b[4])
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = put_dec(p, b[i]);
	}
	return p;
}

size_t br_inet_ntop4(const br_in_addr *addr, char *buf)
{
	uint8_t b[4];
	__builtin_memcpy(b, &addr->s_addr, 4);
	char *p = put_quad(buf, b);
	*p = 0;
	return (size_t)(p - buf);
}

size_t br_inet_ntop6(const br_in6_addr *addr, char *buf)
{
	const uint8_t *b = addr->bytes;
	unsigned w[8];
	int best = -1, best_len = 0;
	char *p = buf;

	for (int i = 0; i < 8; i++)
		w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	/* The longest run of zero groups, the first of equal ones. */
	for (int i = 0; i < 8;) {
		if (w[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !w[j])
			j++;
		if (j - i > best_len)
			best = i, best_len = j - i;
		i = j;
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += best_len - 1;
			continue;
		}
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			/* IPv4-compatible or IPv4-mapped: the last 32 bits dotted. */
			p = put_quad(p, b + 12);
			break;
		}
		static const char hex[] = "0123456789abcdef";
		bool lead = true;
		for (int s = 12; s >= 0; s -= 4) {
			unsigned d = (w[i] >> s) & 15;
			if (d || !lead || s == 0) {
				*p++ = hex[d];
				lead = false;
			}
		}
		if (i < 7)
			*p++ = ':';
	}
	*p = 0;
	return (size_t)(p - buf);
}

size_t br_sockaddr_format(const br_sockaddr_any *a, char *buf, size_t size)
{
	char t[BR_SOCKADDR_STRLEN * 4 + 8], *p = t;

	switch (a->sa.sa_family) {
	case BR_AF_INET:
		p += br_inet_ntop4(&a->in.sin_addr, p);
		*p++ = ':';
		p = put_dec(p, br_ntohs(a->in.sin_port));
		break;
	case BR_AF_INET6:
		*p++ = '[';
		p += br_inet_ntop6(&a->in6.sin6_addr, p);
		if (a->in6.sin6_scope_id) {
			*p++ = '%';
			p = put_dec(p, a->in6.sin6_scope_id);
		}
		*p++ = ']';
		*p++ = ':';
		p = put_dec(p, br_ntohs(a->in6.sin6_port));
		break;
	case BR_AF_UNIX: {
		size_t n = a->len > sizeof(br_sa_family) ? a->len - sizeof(br_sa_family) : 0;
		const char *s = a->un.sun_path;
		if (n > BR_UNIX_PATH_MAX)
			n = BR_UNIX_PATH_MAX;
		if (n == 0) {
			for (const char *u = "(unnamed)"; *u; u++)
				*p++ = *u;
		} else if (s[0] == 0) {
			*p++ = '@';
			for (size_t i = 1; i < n; i++) {
				unsigned char c = (unsigned char)s[i];
				if (c >= 0x20 && c < 0x7f && c != '\\') {
					*p++ = (char)c;
				} else {
					*p++ = '\\';
					*p++ = 'x';
					*p++ = "0123456789abcdef"[c >> 4];
					*p++ = "0123456789abcdef"[c & 15];
				}
			}
		} else {
			for (size_t i = 0; i < n && s[i]; i++)
				*p++ = s[i];
		}
		break;
	}
	default:
		for (const char *u = "(family "; *u; u++)
			*p++ = *u;
		p = put_dec(p, a->sa.sa_family);
		*p++ = ')';
		break;
	}
	size_t len = (size_t)(p - t);
	if (size) {
		size_t k = len < size - 1 ? len : size - 1;
		__builtin_memcpy(buf, t, k);
		buf[k] = 0;
	}
	return len;
}

/* ---- control messages ---- */

size_t br_cmsg_put_rights(void *control, size_t size, const br_fd *fds, size_t n)
{
	size_t bytes = n * sizeof(int), room = BR_CMSG_SPACE(bytes);
	br_cmsghdr *c = (br_cmsghdr *)control;

	if (n == 0 || n > BR_SCM_MAX_FD || size < room)
		return 0;
	__builtin_memset(control, 0, room);
	c->len = BR_CMSG_LEN(bytes);
	c->level = BR_SOL_SOCKET;
	c->type = BR_SCM_RIGHTS;
	for (size_t i = 0; i < n; i++)
		__builtin_memcpy(br_cmsg_data(c) + i * sizeof(int), &fds[i].raw, sizeof(int));
	return room;
}

size_t br_cmsg_put_creds(void *control, size_t size, const br_ucred *cred)
{
	size_t room = BR_CMSG_SPACE(sizeof *cred);
	br_cmsghdr *c = (br_cmsghdr *)control;

	if (size < room)
		return 0;
	__builtin_memset(control, 0, room);
	c->len = BR_CMSG_LEN(sizeof *cred);
	c->level = BR_SOL_SOCKET;
	c->type = BR_SCM_CREDENTIALS;
	__builtin_memcpy(br_cmsg_data(c), cred, sizeof *cred);
	return room;
}

size_t br_cmsg_take_rights(br_msghdr *msg, br_owned_fd *fds, size_t max, size_t *n)
{
	size_t total = 0, taken = 0;

	for (br_cmsghdr *c = br_cmsg_firsthdr(msg); c; c = br_cmsg_nxthdr(msg, c)) {
		if (c->level != BR_SOL_SOCKET || c->type != BR_SCM_RIGHTS || c->len < BR_CMSG_LEN(0))
			continue;
		size_t count = (c->len - BR_CMSG_LEN(0)) / sizeof(int);
		unsigned char *d = br_cmsg_data(c);
		for (size_t i = 0; i < count; i++) {
			int raw, none = -1;
			__builtin_memcpy(&raw, d + i * sizeof(int), sizeof raw);
			__builtin_memcpy(d + i * sizeof(int), &none, sizeof none);
			if (raw < 0)
				continue; /* already taken */
			total++;
			if (taken < max)
				fds[taken++] = br_owned_fd_from_raw(raw);
			else
				br_close_raw(raw);
		}
	}
	*n = taken;
	return total;
}

bool br_cmsg_creds(const br_msghdr *msg, br_ucred *cred)
{
	for (br_cmsghdr *c = br_cmsg_firsthdr(msg); c; c = br_cmsg_nxthdr(msg, c)) {
		if (c->level == BR_SOL_SOCKET && c->type == BR_SCM_CREDENTIALS && c->len >= BR_CMSG_LEN(sizeof *cred)) {
			__builtin_memcpy(cred, br_cmsg_data(c), sizeof *cred);
			return true;
		}
	}
	return false;
}

br_errno br_send_fds(br_fd sock, const void *buf, size_t len, const br_fd *fds, size_t n, size_t *nsent)
{
	size_t control[BR_CMSG_SPACE(BR_SCM_MAX_FD * sizeof(int)) / sizeof(size_t)];
	br_iovec iov = {(void *)buf, len};
	br_msghdr msg = {0, 0, &iov, 1, control, 0, 0};

	*nsent = 0;
	if (n > BR_SCM_MAX_FD)
		return BR_EINVAL;
	if (n)
		msg.controllen = br_cmsg_put_rights(control, sizeof control, fds, n);
	else
		msg.control = 0;
	return br_sendmsg(sock, &msg, BR_MSG_NOSIGNAL, nsent);
}

br_errno br_recv_fds(br_fd sock, void *buf, size_t len, br_owned_fd *fds, size_t max, size_t *nfds,
		     bool *truncated, size_t *nrecv)
{
	/* Room for max descriptors and a credentials message (SO_PASSCRED
	 * adds one to every message), no more: the kernel installs only
	 * what fits and drops the rest. */
	size_t control[(BR_CMSG_SPACE(BR_SCM_MAX_FD * sizeof(int)) + BR_CMSG_SPACE(sizeof(br_ucred))) /
		       sizeof(size_t)];
	br_iovec iov = {buf, len};
	br_msghdr msg = {0, 0, &iov, 1, control, 0, 0};

	*nfds = 0;
	*truncated = false;
	*nrecv = 0;
	if (max > BR_SCM_MAX_FD)
		return BR_EINVAL;
	msg.controllen = (max ? BR_CMSG_SPACE(max * sizeof(int)) : 0) + BR_CMSG_SPACE(sizeof(br_ucred));
	br_errno e = br_recvmsg(sock, &msg, 0, nrecv);
	if (e)
		return e;
	size_t total = br_cmsg_take_rights(&msg, fds, max, nfds);
	*truncated = (msg.flags & BR_MSG_CTRUNC) != 0 || total > *nfds;
	return BR_OK;
}
