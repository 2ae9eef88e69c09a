#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check every constant and layout bedrock exports against the kernel's
UAPI headers for one architecture.

The target compiler itself evaluates both sides: a generated C file includes
bedrock.h and the kernel headers and stores each pair of values in an array,
which is read back from the object file. So casts, suffixes and expressions
mean exactly what they mean to the compiler, on that architecture. Checked:

  - every BR_SYS_<name> against __NR_<name>, and the two sets are equal;
  - every br_errno constant against <asm/errno.h>, and every kernel errno
    has a BR_ constant;
  - every other BR_ constant against its kernel counterpart (same name after
    BR_, or the mapping in RENAMED); a BR_ constant with no counterpart must
    be listed in BEDROCK_ONLY, so a new constant cannot go unchecked;
  - the size and every field offset of br_stat, br_iovec and br_rlimit;
  - what the UAPI headers do not export (AF_*, SOCK_*, MSG_*, SCM_*,
    struct ucred, msghdr, cmsghdr ...) against the target's C library
    headers, which copy the kernel's values (LIBC_HEADERS).

A mismatch names the constant, the architecture and both values. Exit 77
(meson's "skipped") when the kernel headers are not installed.

    tools/check_kernel_abi.py ARCH OBJCOPY CC [CC-ARGS...]
"""
import os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_INC = {
    "x86_64": "/usr/include/x86_64-linux-gnu",
    "aarch64": "/usr/aarch64-linux-gnu/include",
    "riscv64": "/usr/riscv64-linux-gnu/include",
}
KERNEL_HEADERS = [
    "asm/unistd.h", "asm/errno.h", "asm/fcntl.h", "linux/fcntl.h", "asm/ioctls.h",
    "asm/mman.h", "asm/resource.h", "asm/stat.h", "linux/fs.h", "linux/memfd.h",
    "linux/mman.h", "linux/random.h", "linux/resource.h", "linux/stat.h", "linux/uio.h", "linux/auxvec.h", "asm/signal.h", "asm/siginfo.h",
    "linux/signalfd.h", "linux/time.h", "linux/time_types.h", "linux/wait.h", "linux/prctl.h",
    "linux/mount.h",
    # ---- net, event ----
    "linux/in.h", "linux/in6.h", "linux/un.h", "linux/tcp.h", "linux/socket.h", "asm/socket.h",
    "linux/eventpoll.h", "asm/poll.h", "linux/timerfd.h",
    # issue 11 (sys): system.h, process.h, fs.h, mount.h, tty.h, netif.h
    "linux/reboot.h", "linux/utsname.h", "linux/module.h", "linux/sched.h", "linux/capability.h",
    "linux/close_range.h", "linux/pidfd.h", "linux/openat2.h", "asm/termios.h", "linux/sockios.h",
    "linux/if.h",
]
# ---- net, event ---- What the UAPI headers do not export (the kernel keeps
# AF_*, SOCK_*, MSG_*, SCM_*, SHUT_*, the eventfd flags and struct ucred,
# msghdr, cmsghdr, mmsghdr in its internal headers) is checked against the
# target's C library headers instead, which copy the kernel's values: a
# second probe compiled with these headers and without the kernel's.
LIBC_HEADERS = ["sys/socket.h", "sys/eventfd.h", "netinet/in.h"]
LIBC_NAMES = re.compile(r"BR_(AF_\w+|SOCK_(STREAM|DGRAM|RAW|SEQPACKET|NONBLOCK|CLOEXEC)|MSG_\w+|"
                        r"SCM_(RIGHTS|CREDENTIALS)|SHUT_\w+|SOMAXCONN|EFD_(SEMAPHORE|NONBLOCK|CLOEXEC)|"
                        r"INET6?_ADDRSTRLEN)")
# linux/if.h includes libc's <sys/socket.h> for struct sockaddr, whose
# types clash with the kernel's: its guard instead, and the kernel's
# layout of struct sockaddr (issue 11, sys).
KERNEL_PRELUDE = ["#define _SYS_SOCKET_H 1",
                  "struct sockaddr { unsigned short sa_family; char sa_data[14]; };"]
# bedrock name -> kernel expression, where the names differ.
RENAMED = {
    "BR_DUP_CLOEXEC": "O_CLOEXEC",
    "BR_IOV_MAX": "UIO_MAXIOV",
    "BR_RLIM_INFINITY": "RLIM64_INFINITY",
    "BR_AT_FDCWD_RAW": "AT_FDCWD",
    "BR_ENOTSUP": "EOPNOTSUPP",  # POSIX's name; the kernel has only EOPNOTSUPP
    "BR_WALL": "__WALL",
    "BR_NSIG": "(sizeof(sigset_t) * 8)",  # x86_64 keeps _NSIG kernel-internal
    "BR_UNIX_PATH_MAX": "UNIX_PATH_MAX",
    # issue 11 (sys). Parenthesised: enum values, which #ifdef cannot see.
    "BR_UTSNAME_LENGTH": "(__NEW_UTS_LEN + 1)",
    "BR_LINUX_CAPABILITY_VERSION_3": "_LINUX_CAPABILITY_VERSION_3",
    **{"BR_FSCONFIG_" + c: "(FSCONFIG_%s)" % c for c in (
        "SET_FLAG", "SET_STRING", "SET_BINARY", "SET_PATH", "SET_PATH_EMPTY", "SET_FD", "CMD_CREATE",
        "CMD_RECONFIGURE")},
}
# bedrock's own: no kernel counterpart exists. The umount2 flags are real
# kernel values but live in the kernel's internal include/linux/fs.h, not
# in the UAPI headers (man umount2(2) gives them).
BEDROCK_ONLY = {"BR_OK", "BR_ERRNO_MIN", "BR_ERRNO_MAX",
                "BR_MNT_FORCE", "BR_MNT_DETACH", "BR_MNT_EXPIRE", "BR_UMOUNT_NOFOLLOW",
                # ---- net, event ---- SCM_MAX_FD is in the kernel's internal
                # include/net/scm.h (253 since 2.6.28); the *_INHERIT flags are
                # bedrock's own (never passed to the kernel); the text room is
                # bedrock's.
                "BR_SCM_MAX_FD", "BR_SOCK_INHERIT", "BR_EPOLL_INHERIT", "BR_EFD_INHERIT",
                "BR_TFD_INHERIT", "BR_SOCKADDR_STRLEN",
                # issue 11 (sys): the access(2) modes are libc's (unistd.h)
                # with the kernel's values (include/linux/fs.h MAY_*); -1 as
                # a uid is the kernel's "unchanged" (man setresuid);
                # MODULE_INIT_COMPRESSED_FILE is in the UAPI from Linux 6.4
                # (these headers are older).
                "BR_F_OK", "BR_X_OK", "BR_W_OK", "BR_R_OK", "BR_ID_UNCHANGED",
                "BR_FSOPEN_INHERIT", "BR_FSMOUNT_INHERIT", "BR_OPEN_TREE_INHERIT",
                "BR_MODULE_INIT_COMPRESSED_FILE",
                # alloc.h: the allocator's own alignment and size-class limit.
                "BR_ALLOC_ALIGN", "BR_ALLOC_SMALL_MAX"}
# Macros that are not constants (attributes, types, function-like helpers).
NOT_CONSTANTS = {"BR_MUST_USE", "BR_NORETURN", "BR_INLINE", "BR_AUTOCLOSE",
                 "BR_BEGIN_DECLS", "BR_END_DECLS", "BR_LIT", "BR_RESTRICT",
                 "BR_STDIN", "BR_STDOUT", "BR_STDERR", "BR_NO_FD", "BR_AT_FDCWD",
                 "BR_SIG_DFL", "BR_SIG_IGN",
                 "BR_USE_TLS"}
NOT_CONSTANTS |= {"BR_FMT_FLOAT"}  # fmt.h: the floating-point opt-in (a declaration)
# bedrock struct -> (kernel struct, [(bedrock field, kernel field)])
STRUCTS = {
    "br_stat": ("struct stat", [(f, f) for f in (
        "st_dev", "st_ino", "st_nlink", "st_mode", "st_uid", "st_gid", "st_rdev",
        "st_size", "st_blksize", "st_blocks")] + [
        ("st_atime_sec", "st_atime"), ("st_atime_nsec", "st_atime_nsec"),
        ("st_mtime_sec", "st_mtime"), ("st_mtime_nsec", "st_mtime_nsec"),
        ("st_ctime_sec", "st_ctime"), ("st_ctime_nsec", "st_ctime_nsec")]),
    "br_iovec": ("struct iovec", [("base", "iov_base"), ("len", "iov_len")]),
    "br_rlimit": ("struct rlimit64", [("cur", "rlim_cur"), ("max", "rlim_max")]),
    "br_timespec": ("struct __kernel_timespec", [("sec", "tv_sec"), ("nsec", "tv_nsec")]),
    "br_timeval": ("struct __kernel_old_timeval", [("sec", "tv_sec"), ("usec", "tv_usec")]),
    "br_itimerval": ("struct itimerval", [("interval", "it_interval"), ("value", "it_value")]),
    "br_sigset": ("sigset_t", []),
    # sa_restorer exists on some architectures only; the size catches a
    # missing or extra field, the offsets the order.
    "br__ksigaction": ("struct sigaction", [("handler", "sa_handler"), ("flags", "sa_flags"),
                                            ("mask", "sa_mask")]),
    "br_siginfo": ("siginfo_t", [("signo", "si_signo"), ("errno_value", "si_errno"), ("code", "si_code"),
                                 ("u.child.pid", "si_pid"), ("u.child.uid", "si_uid"),
                                 ("u.child.status", "si_status"), ("u.kill.pid", "si_pid"),
                                 ("u.fault.addr", "si_addr")]),
    "struct br_statx": ("struct statx", [(f, f) for f in (
        "stx_mask", "stx_blksize", "stx_attributes", "stx_nlink", "stx_uid", "stx_gid", "stx_mode",
        "stx_ino", "stx_size", "stx_blocks", "stx_attributes_mask", "stx_atime", "stx_btime",
        "stx_ctime", "stx_mtime", "stx_rdev_major", "stx_rdev_minor", "stx_dev_major", "stx_dev_minor",
        "stx_mnt_id", "stx_dio_mem_align", "stx_dio_offset_align")]),
    "br_statx_timestamp": ("struct statx_timestamp", [("tv_sec", "tv_sec"), ("tv_nsec", "tv_nsec")]),
    "br_rusage": ("struct rusage", [("utime", "ru_utime"), ("stime", "ru_stime"), ("maxrss", "ru_maxrss"),
                                    ("nivcsw", "ru_nivcsw")]),
    # issue 11 (sys)
    "br_utsname": ("struct new_utsname", [(f, f) for f in (
        "sysname", "nodename", "release", "version", "machine", "domainname")]),
    "br_cap_header": ("struct __user_cap_header_struct", [("version", "version"), ("pid", "pid")]),
    "br_cap_data": ("struct __user_cap_data_struct", [(f, f) for f in ("effective", "permitted", "inheritable")]),
    "br_mount_attr": ("struct mount_attr", [(f, f) for f in ("attr_set", "attr_clr", "propagation", "userns_fd")]),
    "br_open_how": ("struct open_how", [(f, f) for f in ("flags", "mode", "resolve")]),
    "br_winsize": ("struct winsize", [(f, f) for f in ("ws_row", "ws_col", "ws_xpixel", "ws_ypixel")]),
    "br_ifreq": ("struct ifreq", [("name", "ifr_name"), ("u.flags", "ifr_flags"), ("u.ifindex", "ifr_ifindex"),
                                  ("u.mtu", "ifr_mtu")]),
    "br_signalfd_siginfo": ("struct signalfd_siginfo", [(f, f) for f in (
        "ssi_signo", "ssi_errno", "ssi_code", "ssi_pid", "ssi_uid", "ssi_fd", "ssi_tid", "ssi_band",
        "ssi_overrun", "ssi_trapno", "ssi_status", "ssi_int", "ssi_ptr", "ssi_utime", "ssi_stime",
        "ssi_addr", "ssi_addr_lsb", "ssi_syscall", "ssi_call_addr", "ssi_arch")]),
    # ---- net, event ----
    "br_in_addr": ("struct in_addr", [("s_addr", "s_addr")]),
    "br_sockaddr_in": ("struct sockaddr_in", [(f, f) for f in ("sin_family", "sin_port", "sin_addr")]),
    "br_in6_addr": ("struct in6_addr", [("bytes", "s6_addr")]),
    "br_sockaddr_in6": ("struct sockaddr_in6", [(f, f) for f in (
        "sin6_family", "sin6_port", "sin6_flowinfo", "sin6_addr", "sin6_scope_id")]),
    "br_sockaddr_un": ("struct sockaddr_un", [("sun_family", "sun_family"), ("sun_path", "sun_path")]),
    "br_sockaddr_storage": ("struct __kernel_sockaddr_storage", [("ss_family", "ss_family")]),
    "br_pollfd": ("struct pollfd", [(f, f) for f in ("fd", "events", "revents")]),
    "br_epoll_event": ("struct epoll_event", [("events", "events"), ("data", "data")]),
    "br_itimerspec": ("struct __kernel_itimerspec", [("interval", "it_interval"), ("value", "it_value")]),
}
# ---- net, event ---- Layouts checked against the C library's headers (see LIBC_HEADERS).
LIBC_STRUCTS = {
    "br_sockaddr": ("struct sockaddr", [("sa_family", "sa_family"), ("sa_data", "sa_data")]),
    "br_ucred": ("struct ucred", [(f, f) for f in ("pid", "uid", "gid")]),
    "br_msghdr": ("struct msghdr", [("name", "msg_name"), ("namelen", "msg_namelen"), ("iov", "msg_iov"),
                                    ("iovlen", "msg_iovlen"), ("control", "msg_control"),
                                    ("controllen", "msg_controllen"), ("flags", "msg_flags")]),
    "br_mmsghdr": ("struct mmsghdr", [("hdr", "msg_hdr"), ("len", "msg_len")]),
    "br_cmsghdr": ("struct cmsghdr", [("len", "cmsg_len"), ("level", "cmsg_level"), ("type", "cmsg_type")]),
}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    arch, objcopy, cc = sys.argv[1], sys.argv[2], sys.argv[3:]
    kinc = KERNEL_INC[arch]
    if not os.path.exists(os.path.join(kinc, "asm", "unistd.h")):
        print(f"1..0 # SKIP kernel headers for {arch} not installed ({kinc})")
        return 77
    base = cc + ["-ffreestanding", "-I", os.path.join(ROOT, "include"),
                 "-I", os.path.join(ROOT, "arch", arch, "include")]

    # Every BR_ macro bedrock defines for this target, and every __NR_/E name of the kernel's.
    mac = run(base + ["-E", "-dM", "-x", "c", "-"], input="#include <bedrock/bedrock.h>\n").stdout
    # Constants only: not include guards (no value), not internals (BR__).
    names = sorted({n for n in re.findall(r"^#define (BR_\w+) \S", mac, re.M)
                    if not n.startswith("BR__")} - NOT_CONSTANTS)
    errno_h = open(os.path.join(ROOT, "include", "bedrock", "errno.h")).read()
    names += sorted(set(re.findall(r"^\t(BR_E[A-Z0-9]+) =", errno_h, re.M)))
    kmac = run(cc + ["-nostdinc", "-I", kinc, "-E", "-dM", "-x", "c", "-"],
               input="".join(f"#include <{h}>\n" for h in ("asm/unistd.h", "asm/errno.h"))).stdout
    knr = set(re.findall(r"^#define __NR_(\w+) ", kmac, re.M)) - {"syscalls", "arch_specific_syscall"}
    kerr = set(re.findall(r"^#define (E[A-Z0-9]+) ", kmac, re.M))

    failures, pairs = [], []
    for n in names:
        if n in BEDROCK_ONLY:
            continue
        if n.startswith("BR_SYS_"):
            k = "__NR_" + n[len("BR_SYS_"):]
        else:
            k = RENAMED.get(n, n[len("BR_"):])
        pairs.append((n, n, k))
    have_nr = {n[len("BR_SYS_"):] for n in names if n.startswith("BR_SYS_")}
    for missing in sorted(knr - have_nr):
        failures.append(f"{arch}: kernel has __NR_{missing} but bedrock has no BR_SYS_{missing}")
    have_err = {n[len("BR_"):] for n in names if n.startswith("BR_E")}
    for missing in sorted(kerr - have_err):
        failures.append(f"{arch}: kernel has {missing} but bedrock has no BR_{missing}")

    layout = []  # (label, bedrock expr, kernel expr)
    for bs, (ks, fields) in STRUCTS.items():
        layout.append((f"sizeof({bs})", f"sizeof({bs})", f"sizeof({ks})"))
        for bf, kf in fields:
            layout.append((f"offsetof({bs}, {bf})", f"__builtin_offsetof({bs}, {bf})",
                           f"__builtin_offsetof({ks}, {kf})"))
            layout.append((f"sizeof({bs}.{bf})", f"sizeof((({bs} *)0)->{bf})",
                           f"sizeof((({ks} *)0)->{kf})"))

    # ---- net, event ---- what the UAPI lacks goes to the C library's probe.
    libc_ok = os.path.exists(os.path.join(kinc, "sys", "socket.h"))
    libc_pairs = [p for p in pairs if LIBC_NAMES.fullmatch(p[0])]
    pairs = [p for p in pairs if not LIBC_NAMES.fullmatch(p[0])]
    libc_layout = []
    for bs, (ks, fields) in LIBC_STRUCTS.items():
        libc_layout.append((f"sizeof({bs})", f"sizeof({bs})", f"sizeof({ks})"))
        for bf, kf in fields:
            libc_layout.append((f"offsetof({bs}, {bf})", f"__builtin_offsetof({bs}, {bf})",
                                f"__builtin_offsetof({ks}, {kf})"))
            libc_layout.append((f"sizeof({bs}.{bf})", f"sizeof((({bs} *)0)->{bf})",
                                f"sizeof((({ks} *)0)->{kf})"))

    n_ok = 0
    probes = [("the kernel's", KERNEL_PRELUDE + [f"#include <{h}>" for h in KERNEL_HEADERS], pairs + layout, "kernel")]
    if libc_ok:
        probes.append(("the C library's", ["#define _GNU_SOURCE"], libc_pairs + libc_layout, "libc"))
    else:
        print(f"# {len(libc_pairs) + len(libc_layout)} socket and eventfd constants and layouts not checked: "
              f"no C library headers for {arch} in {kinc}")
    for whose, includes, items, kind in probes:
        # Probe: one kernel counterpart that does not exist must not hide the others,
        # so each kernel name is first tested with #ifdef.
        if kind == "libc":
            src = includes + ["#include <bedrock/bedrock.h>"] + [f"#include <{h}>" for h in LIBC_HEADERS]
        else:
            src = ["#include <bedrock/bedrock.h>"] + includes
        src.append("__attribute__((section(\".brprobe\"), used)) const unsigned long long br_probe[][3] = {")
        checks = []
        for label, bexpr, kexpr in items:
            ident = kexpr if re.fullmatch(r"\w+", kexpr) else None
            if ident:
                src.append(f"#ifdef {ident}")
            src.append(f"\t{{1, (unsigned long long)({bexpr}), (unsigned long long)({kexpr})}},")
            if ident:
                src.append("#else")
                src.append("\t{0, 0, 0},")
                src.append("#endif")
            checks.append((label, kexpr))
        src.append("};")
        with tempfile.TemporaryDirectory() as tmp:
            c, o, b = (os.path.join(tmp, x) for x in ("probe.c", "probe.o", "probe.bin"))
            open(c, "w").write("\n".join(src) + "\n")
            # The kernel headers after bedrock's: a clash would be an error here too.
            r = run(base + ["-I", kinc, "-c", c, "-o", o, "-w"])
            if r.returncode:
                print(f"not ok 1 - probe with {whose} headers compiles\n# " + r.stderr.replace("\n", "\n# "))
                print("1..1")
                return 1
            r = run([objcopy, "-O", "binary", "--only-section=.brprobe", o, b])
            if r.returncode:
                print("not ok 1 - objcopy\n# " + r.stderr)
                print("1..1")
                return 1
            data = open(b, "rb").read()
        vals = [int.from_bytes(data[i:i + 8], "little") for i in range(0, len(data), 8)]
        for i, (label, kexpr) in enumerate(checks):
            found, bv, kv = vals[3 * i:3 * i + 3]
            if not found:
                failures.append(f"{arch}: {label} has no counterpart {kexpr} in {whose} headers "
                                f"(list it in BEDROCK_ONLY or RENAMED if that is right)")
            elif bv != kv:
                failures.append(f"{arch}: {label} = {bv:#x} but {whose} {kexpr} = {kv:#x}")
            else:
                n_ok += 1
    n = 0
    for f in failures:
        n += 1
        print(f"not ok {n} - {f}")
    n += 1
    print(f"ok {n} - {arch}: {n_ok} constants and layouts agree with the kernel "
          f"({len(have_nr)} syscalls, {len(have_err)} errnos)")
    print(f"1..{n}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
