#!/usr/bin/env python3
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
  - the size and every field offset of br_stat, br_iovec and br_rlimit.

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
]
# bedrock name -> kernel expression, where the names differ.
RENAMED = {
    "BR_DUP_CLOEXEC": "O_CLOEXEC",
    "BR_IOV_MAX": "UIO_MAXIOV",
    "BR_RLIM_INFINITY": "RLIM64_INFINITY",
    "BR_AT_FDCWD_RAW": "AT_FDCWD",
    "BR_ENOTSUP": "EOPNOTSUPP",  # POSIX's name; the kernel has only EOPNOTSUPP
    "BR_WALL": "__WALL",
    "BR_NSIG": "(sizeof(sigset_t) * 8)",  # x86_64 keeps _NSIG kernel-internal
}
# bedrock's own: no kernel counterpart exists. The umount2 flags are real
# kernel values but live in the kernel's internal include/linux/fs.h, not
# in the UAPI headers (man umount2(2) gives them).
BEDROCK_ONLY = {"BR_OK", "BR_ERRNO_MIN", "BR_ERRNO_MAX",
                "BR_MNT_FORCE", "BR_MNT_DETACH", "BR_MNT_EXPIRE", "BR_UMOUNT_NOFOLLOW"}
# Macros that are not constants (attributes, types, function-like helpers).
NOT_CONSTANTS = {"BR_MUST_USE", "BR_NORETURN", "BR_INLINE", "BR_AUTOCLOSE",
                 "BR_STDIN", "BR_STDOUT", "BR_STDERR", "BR_NO_FD", "BR_AT_FDCWD",
                 "BR_SIG_DFL", "BR_SIG_IGN"}
NOT_CONSTANTS |= {"BR_FMT_FLOAT", "BR_RESTRICT"}  # fmt.h: the floating-point opt-in (a declaration); base.h: a keyword
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
    "br_signalfd_siginfo": ("struct signalfd_siginfo", [(f, f) for f in (
        "ssi_signo", "ssi_errno", "ssi_code", "ssi_pid", "ssi_uid", "ssi_fd", "ssi_tid", "ssi_band",
        "ssi_overrun", "ssi_trapno", "ssi_status", "ssi_int", "ssi_ptr", "ssi_utime", "ssi_stime",
        "ssi_addr", "ssi_addr_lsb", "ssi_syscall", "ssi_call_addr", "ssi_arch")]),
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

    # Probe: one kernel counterpart that does not exist must not hide the others,
    # so each kernel name is first tested with #ifdef.
    src = ["#include <bedrock/bedrock.h>"] + [f"#include <{h}>" for h in KERNEL_HEADERS]
    src.append("__attribute__((section(\".brprobe\"), used)) const unsigned long long br_probe[][3] = {")
    checks = []
    for label, bexpr, kexpr in [(n, v, k) for n, v, k in pairs] + layout:
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
            print("not ok 1 - probe compiles\n# " + r.stderr.replace("\n", "\n# "))
            print("1..1")
            return 1
        r = run([objcopy, "-O", "binary", "--only-section=.brprobe", o, b])
        if r.returncode:
            print("not ok 1 - objcopy\n# " + r.stderr)
            print("1..1")
            return 1
        data = open(b, "rb").read()
    vals = [int.from_bytes(data[i:i + 8], "little") for i in range(0, len(data), 8)]
    n_ok = 0
    for i, (label, kexpr) in enumerate(checks):
        found, bv, kv = vals[3 * i:3 * i + 3]
        if not found:
            failures.append(f"{arch}: {label} has no kernel counterpart {kexpr} "
                            f"(list it in BEDROCK_ONLY or RENAMED if that is right)")
        elif bv != kv:
            failures.append(f"{arch}: {label} = {bv:#x} but the kernel's {kexpr} = {kv:#x}")
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
