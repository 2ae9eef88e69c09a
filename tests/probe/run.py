#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""examples/probe against real servers: python3 -m http.server (which
nobody here wrote) over 127.0.0.1 and ::1, and servers made here that
misbehave: one that accepts and never answers, one that answers 500, one
that closes in the middle of the headers, one that sends 1 MB of headers,
one that trickles its answer a byte at a time, one with a garbage status
line, one whose accept queue is full (the connect itself hangs), and the
request as a server sees it. Each case checks the exit status (0 healthy,
1 unhealthy, 2 usage), that an unhealthy verdict is exactly one line on
stderr saying why, and for the timeouts how long the whole check took.

    run.py PROBE [WRAPPER...]     (WRAPPER: qemu-<arch> in a cross build)

TAP on stdout."""
import os
import socket
import subprocess
import sys
import threading
import time

PROBE = sys.argv[1:2]
WRAPPER = sys.argv[2:]
count = 0
failed = 0


def ok(cond, name, diag=""):
    global count, failed
    count += 1
    failed += not cond
    print("%s %d - %s" % ("ok" if cond else "not ok", count, name))
    if not cond and diag:
        for line in diag.splitlines():
            print("#   " + line)
    sys.stdout.flush()


def probe(*args, timeout=30):
    t0 = time.monotonic()
    p = subprocess.run(WRAPPER + PROBE + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), time.monotonic() - t0


def expect(args, status, name, contains=None, one_line=None, within=None, at_least=None):
    rc, out, err, took = probe(*args)
    diag = "status %d, %.2f s, stdout %r, stderr %r" % (rc, took, out, err)
    ok(rc == status, "%s: exit %d" % (name, status), diag)
    if contains is not None:
        ok(contains in err, "%s: stderr says %r" % (name, contains), diag)
    if one_line or (one_line is None and status == 1):
        ok(err.count("\n") == 1 and err.endswith("\n") and out == "", "%s: one line on stderr, nothing on stdout" % name, diag)
    if within is not None:
        ok(took < within, "%s: over in under %.1f s" % (name, within), diag)
    if at_least is not None:
        ok(took >= at_least, "%s: not before %.1f s (the timeout held)" % (name, at_least), diag)
    return rc, err


class Server:
    """A TCP server on the loopback of family whose handler(conn) runs in a
    thread for each connection."""

    def __init__(self, handler, family=socket.AF_INET, backlog=16, accept=True):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1" if family == socket.AF_INET else "::1", 0))
        self.sock.listen(backlog)
        self.port = self.sock.getsockname()[1]
        self.handler, self.conns, self.requests = handler, [], []
        self.closed = False
        if accept:
            threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                # Closed by close(): done. Anything else (a connection reset
                # while still queued, ECONNABORTED) must not stop the server,
                # or every later connection waits in the backlog unanswered.
                if self.closed:
                    return
                time.sleep(0.01)
                continue
            self.conns.append(c)
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()

    def serve(self, c):
        try:
            c.settimeout(20)
            req = b""
            while b"\r\n\r\n" not in req:
                chunk = c.recv(4096)
                if not chunk:
                    break
                req += chunk
            self.requests.append(req)
            self.handler(c)
        except OSError:
            pass

    def close(self):
        self.closed = True
        self.sock.close()
        for c in self.conns:
            c.close()


def silent(c):
    time.sleep(30)


def answer(text):
    def h(c):
        c.sendall(text)
        c.close()
    return h


def trickle(c):
    for b in b"HTTP/1.1 200 OK\r\n\r\n":
        c.sendall(bytes([b]))
        time.sleep(0.25)


def huge_headers(c):
    c.sendall(b"HTTP/1.1 200 OK\r\n")
    pad = b"X-Pad: " + b"a" * 1000 + b"\r\n"
    try:
        for _ in range(1024):
            c.sendall(pad)
        c.sendall(b"\r\n")
    except OSError:
        pass
    c.close()


def http_server(bind):
    """python3 -m http.server on bind, port 0: the process and its port."""
    p = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", bind],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=os.path.dirname(__file__))
    line = p.stdout.readline().decode()
    # "Serving HTTP on 127.0.0.1 port 45678 (http://127.0.0.1:45678/) ..."
    words = line.split()
    port = int(words[words.index("port") + 1]) if "port" in words else 0
    return p, port


def main():
    # Usage errors: exit 2.
    for args, why in [((), "no URL"), (("ftp://x/",), "another scheme"), (("https://127.0.0.1/",), "https"),
                      (("-t", "0", "tcp://127.0.0.1:1"), "-t 0"), (("-t", "x", "tcp://127.0.0.1:1"), "-t x"),
                      (("-t",), "-t without a value"), (("-q", "tcp://127.0.0.1:1"), "an unknown option"),
                      (("tcp://127.0.0.1:1", "tcp://127.0.0.1:2"), "two URLs"),
                      (("tcp://127.0.0.1",), "tcp:// without a port"), (("http://127.0.0.1:0/",), "port 0"),
                      (("http://127.0.0.1:65536/",), "port 65536"), (("http://[::1/",), "no closing bracket"),
                      (("http://fe80::1/",), "IPv6 without brackets"), (("http://127.0.0.1/a b",), "a space in the path")]:
        expect(args, 2, "usage: " + why, one_line=False)

    # The real server, over IPv4 and IPv6.
    for bind, host in [("127.0.0.1", "127.0.0.1"), ("::1", "[::1]")]:
        p, port = http_server(bind)
        try:
            ok(port > 0, "python3 -m http.server runs on %s" % bind)
            base = "http://%s:%d" % (host, port)
            rc, err = expect([base + "/"], 0, "http.server on %s: /" % bind, one_line=False)
            ok(err == "", "healthy without -v: nothing on stderr", repr(err))
            expect([base + "/run.py"], 0, "http.server on %s: a file" % bind, one_line=False)
            expect([base + "/no-such-file"], 1, "http.server on %s: a missing file" % bind, contains="404")
            rc, err = expect(["-v", base + "/"], 0, "http.server on %s: -v" % bind, one_line=False)
            ok("connected to" in err and "200" in err, "-v says where it connected and the status", err)
            expect(["-t", "2", "tcp://%s:%d" % (host, port)], 0, "tcp:// on %s" % bind, one_line=False)
        finally:
            p.kill()
            p.wait()
    # A name from /etc/hosts.
    hosts = open("/etc/hosts").read() if os.path.exists("/etc/hosts") else ""
    p, port = http_server("127.0.0.1")
    try:
        if any(l.split()[:1] == ["127.0.0.1"] and "localhost" in l.split()[1:] for l in hosts.splitlines()):
            expect(["http://localhost:%d/" % port], 0, "localhost from /etc/hosts", one_line=False)
            expect(["http://LocalHost:%d/" % port], 0, "names match without regard to case", one_line=False)
        else:
            print("ok %d - localhost from /etc/hosts # SKIP /etc/hosts has no 127.0.0.1 localhost line" % (count + 1))
            globals()["count"] += 1
        expect(["http://no-such-host.invalid/"], 1, "a name not in /etc/hosts", contains="/etc/hosts")
    finally:
        p.kill()
        p.wait()

    # Refused.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]  # bound, not listening: refuses
    expect(["tcp://127.0.0.1:%d" % closed], 1, "tcp:// to a closed port", contains="ECONNREFUSED")
    expect(["http://127.0.0.1:%d/" % closed], 1, "http:// to a closed port", contains="ECONNREFUSED")
    s.close()

    # Misbehaving servers.
    srv = Server(silent)
    expect(["-t", "1", "http://127.0.0.1:%d/" % srv.port], 1, "accepts and never answers", contains="timed out",
           within=3.5, at_least=0.9)
    expect(["tcp://127.0.0.1:%d" % srv.port], 0, "the same server is healthy for tcp://", one_line=False)
    srv.close()
    srv = Server(answer(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"))
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "answers 500", contains="500")
    srv.close()
    srv = Server(answer(b"HTTP/1.1 200 OK\r\nContent-Type: text/pl"))
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "closes in the middle of the headers", contains="before the end")
    srv.close()
    srv = Server(answer(b""))
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "closes without a byte", contains="no response")
    srv.close()
    srv = Server(huge_headers)
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "1 MB of headers", contains="longer than 65536", within=5)
    srv.close()
    srv = Server(answer(b"HELLO THERE\r\n\r\n"))
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "a garbage status line", contains="malformed")
    srv.close()
    srv = Server(answer(b"HTTP/1.1 301 Moved\nLocation: /x\n\n"))
    expect(["http://127.0.0.1:%d/" % srv.port], 0, "301 with bare-LF line ends is healthy (200-399)", one_line=False)
    srv.close()
    srv = Server(answer(b"HTTP/1.1 400 Bad Request\r\n\r\n"))
    expect(["http://127.0.0.1:%d/" % srv.port], 1, "400 is unhealthy", contains="400")
    srv.close()
    srv = Server(trickle)
    expect(["-t", "1.5", "http://127.0.0.1:%d/" % srv.port], 1, "a byte every 250 ms: the whole check is bounded",
           contains="timed out", within=4, at_least=1.4)
    srv.close()

    # The request a server receives.
    srv = Server(answer(b"HTTP/1.1 204 No Content\r\n\r\n"), family=socket.AF_INET6)
    expect(["http://[::1]:%d/health?x=1" % srv.port], 0, "204 over IPv6", one_line=False)
    expect(["http://[::1%%251]:%d/" % srv.port], 0, "a zone written %25N (RFC 6874) is accepted", one_line=False)
    expect(["-v", "http://[::1%%1]:%d/" % srv.port], 0, "and written %N", one_line=False, contains="[::1%1]")
    expect(["http://[::1%%lo]:%d/" % srv.port], 2, "a zone by name is a usage error (numeric only)", one_line=False)
    req = srv.requests[0].decode(errors="replace") if srv.requests else ""
    ok(req.startswith("GET /health?x=1 HTTP/1.1\r\n"), "request line: GET, the path and query, HTTP/1.1", req)
    ok("\r\nHost: [::1]:%d\r\n" % srv.port in req, "Host: [::1]:PORT", req)
    ok("\r\nConnection: close\r\n" in req and req.endswith("\r\n\r\n"), "Connection: close, then the empty line", req)
    srv.close()
    srv = Server(answer(b"HTTP/1.0 200 OK\r\n\r\n"))
    s80 = "http://127.0.0.1:%d" % srv.port
    expect([s80], 0, "no path: /", one_line=False)
    req = srv.requests[0].decode(errors="replace") if srv.requests else ""
    ok(req.startswith("GET / HTTP/1.1\r\n") and "\r\nHost: 127.0.0.1:%d\r\n" % srv.port in req, "GET / and Host", req)
    srv.close()

    # A full accept queue: the kernel drops the SYN, the connect hangs.
    srv = Server(None, backlog=0, accept=False)
    held = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", srv.port))
        except BlockingIOError:
            pass
        held.append(c)
    time.sleep(0.3)
    rc, out, err, took = probe("-t", "1", "tcp://127.0.0.1:%d" % srv.port)
    if rc == 0:
        print("ok %d - a connect that hangs times out # SKIP this kernel completed the handshake despite a "
              "full accept queue" % (count + 1))
        globals()["count"] += 1
    else:
        ok(rc == 1 and "timed out connecting" in err and 0.9 <= took < 3.5,
           "a connect that hangs (full accept queue) times out after -t", "%d %.2f %r" % (rc, took, err))
    for c in held:
        c.close()
    srv.close()

    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
