/* SPDX-License-Identifier: MIT */
/* probe: a health check for containers that have no curl.
 *
 *	probe [-t SECONDS] [-v] URL
 *
 * URL is tcp://HOST:PORT (healthy when the connection is accepted) or
 * http://HOST[:PORT][/PATH] (an HTTP/1.1 GET with Host and
 * "Connection: close"; healthy when the status is 200-399, as Kubernetes
 * judges an httpGet probe). HOST is an IPv4 literal, an IPv6 literal in
 * brackets (a numeric zone as %N or %25N), or a name from /etc/hosts (each
 * of its addresses is tried in the file's order). The whole check (connect,
 * send, response) is bounded by -t (default 5 s, fractions allowed). Exit 0
 * healthy, 1 unhealthy with one line on stderr saying why, 2 for a usage
 * error. -v also says on stderr what went right. */
#include <bedrock/bedrock.h>

enum { HEALTHY = 0, UNHEALTHY = 1, USAGE = 2 };
enum { MAX_ADDRS = 8, MAX_HEADERS = 65536, MAX_STATUS_LINE = 1024 };

/* ---- one line of output, built in place ---- */

static char line[1024];

/* Appends s to the line; what does not fit is cut off. */
static void put(const char *s)
{
	(void)br_strlcat(line, s, sizeof line);
}

static void put_errno(br_errno e)
{
	/* The name alone: the messages' table would double the binary. */
	const char *name = br_errno_name(e);
	put(name ? name : "unknown error");
}

static void put_addr(const br_sockaddr_any *a)
{
	char t[BR_SOCKADDR_STRLEN];
	br_sockaddr_format(a, t, sizeof t);
	put(t);
}

/* Writes "probe: " + the line + "\n" to stderr and returns code. */
static int say(int code)
{
	char out[sizeof line + 8];
	size_t n;
	(void)br_strlcpy(out, "probe: ", sizeof out);
	n = br_strlcat(out, line, sizeof out);
	out[n++] = '\n';
	line[0] = 0;
	(void)!br_write_all(BR_STDERR, out, n);
	return code;
}

static int usage(const char *why)
{
	put(why);
	put("\nusage: probe [-t SECONDS] [-v] tcp://HOST:PORT | http://HOST[:PORT][/PATH]");
	return say(USAGE);
}

/* ---- the deadline ---- */

static int64_t now_ms(void)
{
	br_timespec t = {0, 0};
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t);
	return t.sec * 1000 + t.nsec / 1000000;
}

static int64_t deadline, timeout_ms = 5000;

/* Waits for events on fd until the deadline: true when they came. */
static bool wait_for(br_fd fd, short events, br_errno *err)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		br_pollfd p = {fd.raw, events, 0};
		size_t n;
		if (left <= 0) {
			*err = BR_ETIMEDOUT;
			return false;
		}
		*err = br_poll(&p, 1, left > 1000000 ? 1000000 : (int)left, &n);
		if (*err == BR_EINTR)
			continue;
		if (*err)
			return false;
		if (n)
			return true;
	}
}

/* ---- parsing ---- */

static bool starts(const char *s, const char *prefix)
{
	return br_strncmp(s, prefix, br_strlen(prefix)) == 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Seconds with up to three decimals ("5", "0.25"), > 0; false if not. */
static bool parse_seconds(const char *s, int64_t *ms)
{
	int64_t v = 0;
	int frac = -1;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac >= 3 || v > 100000000)
			return false;
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (int i = frac < 0 ? 0 : frac; i < 3; i++)
		v *= 10;
	*ms = v;
	return v > 0;
}

static char host[256];       /* as written, brackets removed */
static char host_header[300];/* as written in the URL: "[::1]:8080" */
static const char *path = "/";
static uint16_t port;
static bool http;

/* Splits the URL; a message on error. */
static const char *parse_url(const char *url)
{
	const char *p, *start;
	size_t n = 0;

	if (starts(url, "tcp://"))
		p = url + 6;
	else if (starts(url, "http://"))
		p = url + 7, http = true;
	else if (starts(url, "https://"))
		return "https is not supported (no TLS): use http:// or tcp://";
	else
		return "the URL must start with tcp:// or http://";
	start = p;
	if (*p == '[') {
		for (p++; *p && *p != ']'; p++) {
			if (n >= sizeof host - 1)
				return "host too long";
			/* RFC 6874 writes the zone's % as %25. */
			host[n++] = *p;
			if (*p == '%' && p[1] == '2' && p[2] == '5')
				p += 2;
		}
		if (*p++ != ']')
			return "missing ] after the IPv6 address";
	} else {
		for (; *p && *p != ':' && *p != '/'; p++) {
			if (n >= sizeof host - 1)
				return "host too long";
			host[n++] = *p;
		}
	}
	host[n] = 0;
	if (!n)
		return "no host in the URL";
	uint64_t v = 0;
	if (*p == ':') {
		const char *slash = br_strchr(++p, '/');
		size_t len = slash ? (size_t)(slash - p) : br_strlen(p);
		if (!len)
			return "empty port";
		/* Digits only: no sign. */
		if (*p < '0' || *p > '9' || br_parse_u64(p, len, 10, &v) || !v || v > 65535)
			return "the port must be a number from 1 to 65535";
		p += len;
	} else if (!http) {
		return "tcp:// needs a port (tcp://HOST:PORT)";
	} else {
		v = 80;
	}
	port = (uint16_t)v;
	if ((size_t)(p - start) >= sizeof host_header)
		return "host too long";
	(void)br_strlcpy(host_header, start, (size_t)(p - start) + 1);
	if (*p) {
		if (!http)
			return "a tcp:// URL has no path";
		path = p;
		for (; *p; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				return "the path has a space or a control character (write it %-encoded)";
	}
	return 0;
}

/* ---- addresses ---- */

static br_sockaddr_any addrs[MAX_ADDRS];
static size_t naddrs;

/* The addresses of a name in /etc/hosts, in the file's order. */
static void lookup_hosts(void)
{
	static char text[65536];
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	size_t len = 0, n;

	if (br_openat(BR_AT_FDCWD, "/etc/hosts", BR_O_RDONLY | BR_O_CLOEXEC, 0, &f))
		return;
	while (len < sizeof text - 1 && !br_read(br_borrow(f), text + len, sizeof text - 1 - len, &n) && n)
		len += n;
	text[len] = 0;
	for (char *p = text; *p && naddrs < MAX_ADDRS;) {
		/* One line: fields split at blanks, a # starts a comment. */
		char *field[16];
		int nf = 0;
		while (*p && *p != '\n') {
			while (*p == ' ' || *p == '\t' || *p == '\r')
				*p++ = 0;
			if (!*p || *p == '\n' || *p == '#')
				break;
			if (nf < 16)
				field[nf++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#')
				p++;
		}
		while (*p && *p != '\n')
			*p++ = 0;
		if (*p)
			*p++ = 0;
		for (int i = 1; i < nf; i++) {
			const char *a = field[i], *b = host;
			while (*a && lower(*a) == lower(*b))
				a++, b++;
			if (!*a && !*b) {
				if (br_sockaddr_parse(field[0], port, &addrs[naddrs]) == BR_OK)
					naddrs++;
				break;
			}
		}
	}
}

/* ---- the check ---- */

/* Connects to one address before the deadline; the socket, or an error. */
static br_errno connect_one(const br_sockaddr_any *a, br_owned_fd *out)
{
	br_errno e = br_socket(a->sa.sa_family, BR_SOCK_STREAM | BR_SOCK_NONBLOCK, 0, out);
	if (e)
		return e;
	e = br_connect(br_borrow(*out), &a->sa, a->len);
	if (e == BR_EINPROGRESS && wait_for(br_borrow(*out), BR_POLLOUT, &e)) {
		br_errno pending = BR_OK;
		e = br_getsockopt_error(br_borrow(*out), &pending);
		if (!e)
			e = pending;
	}
	if (e)
		br_close(out);
	return e;
}

static bool verbose;

/* Sends the request and judges the response. */
static int http_check(br_fd s)
{
	static char req[2048 + 1], buf[4096];
	static char status[MAX_STATUS_LINE];
	size_t rlen = 0, slen = 0, total = 0, sent = 0, n;
	const char *parts[] = {"GET ", path, " HTTP/1.1\r\nHost: ", host_header,
			       "\r\nUser-Agent: bedrock-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n"};
	br_errno e;

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if ((rlen = br_strlcat(req, parts[i], sizeof req)) >= sizeof req) {
			put("the request is longer than 2048 bytes");
			return say(USAGE);
		}
	while (sent < rlen) {
		if (!wait_for(s, BR_POLLOUT, &e) || (e = br_send(s, req + sent, rlen - sent, BR_MSG_NOSIGNAL, &n))) {
			if (e == BR_EAGAIN || e == BR_EINTR)
				continue;
			put(e == BR_ETIMEDOUT ? "timed out sending the request" : "sending the request: ");
			if (e != BR_ETIMEDOUT)
				put_errno(e);
			return say(UNHEALTHY);
		}
		sent += n;
	}

	/* The status line, then the headers up to the empty line; the body is
	 * not needed. Line ends may be CRLF or a bare LF. */
	bool in_status = true;
	int newlines = 0;
	for (;;) {
		if (!wait_for(s, BR_POLLIN, &e) || (e = br_recv(s, buf, sizeof buf, 0, &n))) {
			if (e == BR_EAGAIN || e == BR_EINTR)
				continue;
			if (e == BR_ETIMEDOUT) {
				put("timed out waiting for the response");
				put(total ? " headers" : "");
			} else {
				put("reading the response: ");
				put_errno(e);
			}
			return say(UNHEALTHY);
		}
		if (n == 0) {
			put(total ? "the connection closed before the end of the response headers"
				  : "the connection closed with no response");
			return say(UNHEALTHY);
		}
		for (size_t i = 0; i < n; i++) {
			char c = buf[i];
			if (in_status) {
				if (c == '\n') {
					in_status = false;
					newlines = 1;
				} else if (c != '\r') {
					if (slen == sizeof status - 1) {
						put("malformed response: no status line in the first 1024 bytes");
						return say(UNHEALTHY);
					}
					status[slen++] = c;
				}
			} else if (c == '\n') {
				if (++newlines == 2)
					goto headers_done;
			} else if (c != '\r') {
				newlines = 0;
			}
		}
		total += n;
		if (total > MAX_HEADERS) {
			put("the response headers are longer than 65536 bytes");
			return say(UNHEALTHY);
		}
	}
headers_done:
	status[slen] = 0;
	/* "HTTP/1.x NNN reason" */
	if (!starts(status, "HTTP/1.") || status[7] < '0' || status[7] > '9' || status[8] != ' ' ||
	    status[9] < '1' || status[9] > '9' || status[10] < '0' || status[10] > '9' || status[11] < '0' ||
	    status[11] > '9' || (status[12] && status[12] != ' ')) {
		put("malformed response: status line \"");
		if (slen > 80)
			status[80] = 0;
		put(status);
		put("\"");
		return say(UNHEALTHY);
	}
	int code = (status[9] - '0') * 100 + (status[10] - '0') * 10 + (status[11] - '0');
	bool ok = code >= 200 && code <= 399;
	if (ok && !verbose)
		return HEALTHY;
	put(ok ? "healthy: " : "unhealthy: ");
	put(status);
	return say(ok ? HEALTHY : UNHEALTHY);
}

int main(int argc, char **argv, char **envp)
{
	const char *url = 0, *why;
	(void)envp;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] == 't') {
			const char *v = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : 0);
			if (!v || !parse_seconds(v, &timeout_ms))
				return usage("-t wants a number of seconds above 0 (e.g. 5 or 0.5)");
		} else if (a[0] == '-' && a[1] == 'v' && !a[2]) {
			verbose = true;
		} else if (a[0] == '-' && a[1] == '-' && !a[2] && i + 1 < argc && !url) {
			url = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			put("unknown option ");
			put(a);
			return usage("");
		} else if (!url) {
			url = a;
		} else {
			return usage("one URL only");
		}
	}
	if (!url)
		return usage("no URL");
	if ((why = parse_url(url)))
		return usage(why);
	deadline = now_ms() + timeout_ms;

	if (br_sockaddr_parse(host, port, &addrs[0]) == BR_OK) {
		naddrs = 1;
	} else {
		if (br_strchr(host, '%') || br_strchr(host, ':'))
			return usage("not an IPv6 address in brackets");
		lookup_hosts();
		if (!naddrs) {
			put(host);
			put(": no such host in /etc/hosts");
			return say(UNHEALTHY);
		}
	}

	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD;
	br_errno e = BR_OK;
	size_t i;
	for (i = 0; i < naddrs; i++) {
		e = connect_one(&addrs[i], &s);
		if (!e || e == BR_ETIMEDOUT)
			break;
	}
	if (e) {
		if (i == naddrs)
			i--;
		put(e == BR_ETIMEDOUT ? "timed out connecting to " : "connecting to ");
		put_addr(&addrs[i]);
		if (e != BR_ETIMEDOUT) {
			put(": ");
			put_errno(e);
		}
		return say(UNHEALTHY);
	}
	if (verbose) {
		put("connected to ");
		put_addr(&addrs[i]);
		(void)say(0);
	}
	if (!http)
		return HEALTHY;
	return http_check(br_borrow(s));
}
