#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# keel on a terminal: a pseudo-terminal whose slave is the controlling
# terminal of a new session, for the two checks of tests/init/tty.sh.
#
# usage: tty.py tostop RESULT KEEL [ARGS...]
#   Sets TOSTOP on the terminal, runs KEEL ARGS in a process group of its
#   own that is not the foreground one (a background job), stderr and stdout
#   on the terminal, and writes to RESULT "exit N", "signal N" or "stopped N"
#   (a job stopped by SIGTTOU for its write is killed after 10 s).
# usage: tty.py giveback RESULT SCRIPT
#   Runs `sh -c SCRIPT` as the session leader, in the foreground group, with
#   "hello\n" typed on the terminal beforehand; SCRIPT is expected to run
#   keel and then read a line from the terminal and write what it got to
#   RESULT. The check reads RESULT afterwards.
# Either way the output of the terminal is copied to stderr, prefixed.
import fcntl
import os
import select
import sys
import termios
import time


def slave_side(slave_name):
    os.setsid()
    fd = os.open(slave_name, os.O_RDWR)
    fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
    for i in (0, 1, 2):
        os.dup2(fd, i)
    if fd > 2:
        os.close(fd)


def tostop(result, argv):
    attrs = termios.tcgetattr(0)
    attrs[3] |= termios.TOSTOP
    termios.tcsetattr(0, termios.TCSANOW, attrs)
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    # The job is in the background: the foreground is this process's group.
    end = time.monotonic() + 30
    while True:
        p, st = os.waitpid(pid, os.WUNTRACED | os.WNOHANG)
        if p == pid:
            break
        if time.monotonic() > end:
            os.kill(pid, 9)
            p, st = os.waitpid(pid, 0)
            break
        time.sleep(0.05)
    if os.WIFSTOPPED(st):
        what = "stopped %d" % os.WSTOPSIG(st)
        time.sleep(0.1)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    elif os.WIFSIGNALED(st):
        what = "signal %d" % os.WTERMSIG(st)
    else:
        what = "exit %d" % os.WEXITSTATUS(st)
    with open(result, "w") as f:
        f.write(what + "\n")
    os._exit(0)


def main():
    mode, result = sys.argv[1], sys.argv[2]
    master, slave = os.openpty()
    slave_name = os.ttyname(slave)
    if mode == "giveback":
        # Typed before the script runs: it waits in the terminal's input.
        os.write(master, b"hello\n")
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.close(slave)
            slave_side(slave_name)
            if mode == "tostop":
                tostop(result, sys.argv[3:])
            os.execvp("sh", ["sh", "-c", sys.argv[3]])
        except BaseException as e:
            os.write(2, ("tty.py: %r\n" % e).encode())
        finally:
            os._exit(127)
    # The slave stays open here too until the child is gone, so that
    # reading the master never ends early with EIO.
    out = b""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            out += os.read(master, 4096)
        p, st = os.waitpid(pid, os.WNOHANG)
        if p == pid:
            pid = 0
            break
    if pid:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    while select.select([master], [], [], 0)[0]:
        out += os.read(master, 4096)
    for line in out.decode(errors="replace").splitlines():
        sys.stderr.write("tty: " + line + "\n")


main()
