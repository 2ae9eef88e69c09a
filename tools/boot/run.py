#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests: every tests/test-* program of a build dir, on a real kernel.

    run.py ARCH BUILDDIR INIT KERNEL [--timeout S] [--per-test S] [--keel KEEL]

Packs INIT (tests/boot/init.c, built) as /init and the BUILDDIR/tests/test-*
programs that meson runs as tests (meson-info; with the arguments meson
gives them in /tests/args/<name>, files among those in /tests/bin/) as
/tests/ into a newc cpio initramfs, with Debian's busybox-static (the
file busybox beside KERNEL, which fetch-kernels.sh puts there too) as
/bin/busybox and /bin/sh, /bin/true, ... as symlinks to it: the programs
the tests exec. Boots KERNEL (a Debian vmlinuz, see
tools/boot/fetch-kernels.sh; for riscv64 an Image built from Debian's
linux-source-6.1 by tools/boot/build-riscv64-kernel.sh, booted through
Debian's OpenSBI; $BEDROCK_KERNELS/<arch>/ wins when that variable is set;
on x86_64 a vmlinux beside it, the decompressed ELF, is booted instead
through its PVH entry) in qemu-system-ARCH under TCG with
the console on the serial port, and turns what the init prints there into
one TAP stream: one point per test program (ok only if it exited 0 and its
own TAP has a plan, the right count and no failing point), each preceded
by that program's TAP as diagnostics, plus points for the boot itself.
Without kernel, busybox or qemu the stream is "1..0 # SKIP". The console
log is kept next to INIT as console-ARCH.log. BR_TEST_QEMU is not set: this
is a real kernel.

With --keel, KEEL (examples/keel) is /init, PID 1, and runs INIT as its
child (kernel command line "-- /boot-init"): the same programs, with keel
reaping their orphans; INIT then exits instead of powering off, keel exits
with its status and the kernel's "Attempted to kill init! exitcode=0x..."
panic must show 0.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Debian's OpenSBI (package opensbi): the firmware that jumps to the kernel
# qemu loads at 0x80200000.
OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin'
QEMU = {
    'x86_64': ['qemu-system-x86_64', '-M', 'pc', '-cpu', 'max'],
    'aarch64': ['qemu-system-aarch64', '-M', 'virt', '-cpu', 'cortex-a57'],
    'riscv64': ['qemu-system-riscv64', '-M', 'virt', '-bios', OPENSBI],
}
QEMU_PACKAGE = {'x86_64': 'qemu-system-x86', 'aarch64': 'qemu-system-arm', 'riscv64': 'qemu-system-misc'}
CONSOLE = {'x86_64': 'ttyS0', 'aarch64': 'ttyAMA0', 'riscv64': 'ttyS0'}
ELF_MACHINE = {'x86_64': 62, 'aarch64': 183, 'riscv64': 243}
# The kernel in the cache folder of each architecture: Debian's vmlinuz
# (tools/boot/fetch-kernels.sh) or, for riscv64, an Image built from
# Debian's linux-source-6.1 (tools/boot/build-riscv64-kernel.sh).
KERNEL_FILE = {'x86_64': 'vmlinuz', 'aarch64': 'vmlinuz', 'riscv64': 'Image'}
CACHE = '/var/cache/bedrock-kernels'


def kernel_path(arch, given=None):
    """The kernel to boot: $BEDROCK_KERNELS/<arch>/... when that is set,
    else given (or the default cache); on x86_64 the decompressed vmlinux
    beside it when there is one (PVH entry: TCG saves the ~4 s the bzImage
    spends decompressing itself)."""
    if os.environ.get('BEDROCK_KERNELS') or not given:
        given = os.path.join(os.environ.get('BEDROCK_KERNELS') or CACHE, arch, KERNEL_FILE[arch])
    vmlinux = os.path.join(os.path.dirname(given), 'vmlinux')
    if arch == 'x86_64' and os.path.isfile(vmlinux):
        return vmlinux
    return given


def base_append(arch):
    """The kernel command line every boot starts with: the serial console,
    reboot at once on a panic (qemu -no-reboot then exits), quiet; on
    x86_64 no_timer_check: under TCG on a loaded host the kernel's check
    of the 8254 timer through the IO-APIC can fail and panic at boot."""
    return (f'console={CONSOLE[arch]} panic=-1 quiet' +
            (' no_timer_check' if arch == 'x86_64' else ''))


def missing(arch, kernel, busybox=None):
    """Why this architecture cannot boot here (a SKIP reason), or None."""
    fetch = ('tools/boot/build-riscv64-kernel.sh' if arch == 'riscv64'
             else 'tools/boot/fetch-kernels.sh')
    if not os.path.isfile(kernel):
        return f'no kernel at {kernel}, run {fetch}'
    if busybox and (not os.path.isfile(busybox) or elf_machine(busybox) != ELF_MACHINE[arch]):
        return f'no {arch} busybox at {busybox}, run {fetch}'
    if not shutil.which(QEMU[arch][0]):
        return f'no {QEMU[arch][0]} (Debian package {QEMU_PACKAGE[arch]})'
    if arch == 'riscv64' and not os.path.isfile(OPENSBI):
        return f'no {OPENSBI} (Debian package opensbi)'
    return None
# /bin/<name> -> busybox: what the test programs exec (tests/process.c:
# sh, true; sh runs kill, test, read, exit as builtins) and a few more.
# Loaded by init.c from /modules/ where the kernel has them as modules.
BOOT_MODULES = ['overlay']
BUSYBOX_APPLETS = ['sh', 'true', 'false', 'sleep', 'kill', 'test', 'echo', 'cat', 'env']


def cpio_newc(entries):
    """A newc cpio archive of (name, mode, data, rdev) entries."""
    out = bytearray()

    def add(ino, name, mode, data=b'', rdev=(0, 0), nlink=1):
        name_b = name.encode() + b'\0'
        fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
        out.extend(b'070701' + b''.join(b'%08X' % f for f in fields) + name_b)
        out.extend(b'\0' * (-len(out) % 4))
        out.extend(data)
        out.extend(b'\0' * (-len(out) % 4))

    for ino, (name, mode, data, rdev) in enumerate(entries, 1):
        add(ino, name, mode, data, rdev, 2 if mode & 0o170000 == 0o040000 else 1)
    add(0, 'TRAILER!!!', 0)
    return bytes(out)


def elf_machine(path):
    with open(path, 'rb') as f:
        head = f.read(20)
    if head[:4] != b'\x7fELF':
        return None
    return int.from_bytes(head[18:20], 'little')


def test_args(builddir):
    """{program name: the arguments meson runs it with} for the tests whose
    command is a tests/test-* program of builddir (meson-info), or None
    when meson-info is not there."""
    try:
        with open(os.path.join(builddir, 'meson-info', 'intro-tests.json')) as f:
            tests = json.load(f)
    except (OSError, ValueError):
        return None
    out = {}
    testdir = os.path.realpath(os.path.join(builddir, 'tests'))
    for t in tests:
        cmd = t.get('cmd') or []
        if cmd and os.path.dirname(os.path.realpath(cmd[0])) == testdir:
            out[os.path.basename(cmd[0])] = cmd[1:]
    return out


def tap_summary(lines, status):
    """Judges one program's TAP: (ok, skip reason or None, description)."""
    plan = None
    skip_all = None
    count = failed = skipped = 0
    bail = False
    for line in lines:
        m = re.match(r'1\.\.(\d+)\s*(?:#\s*(.*))?$', line)
        if m and plan is None:
            plan = int(m.group(1))
            if plan == 0:
                skip_all = m.group(2) or 'skipped'
            continue
        m = re.match(r'(not ok|ok)\b[^#]*(?:#\s*(\S+)\b)?', line)
        if m:
            count += 1
            directive = (m.group(2) or '').lower()
            if directive.startswith('skip'):
                skipped += 1
            elif m.group(1) == 'not ok' and not directive.startswith('todo'):
                failed += 1
        elif line.startswith('Bail out!'):
            bail = True
    why = []
    if status != 'exit 0':
        why.append(status)
    if bail:
        why.append('bailed out')
    if plan is None:
        why.append('no plan')
    elif plan != count:
        why.append(f'planned {plan}, ran {count}')
    if failed:
        why.append(f'{failed} of {count} subtests failed')
    if why:
        return False, None, ', '.join(why)
    if skip_all is not None:
        return True, skip_all, ''
    return True, None, f'{count} subtests' + (f', {skipped} skipped' if skipped else '')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('arch', choices=sorted(QEMU))
    ap.add_argument('builddir')
    ap.add_argument('init')
    ap.add_argument('kernel')
    ap.add_argument('--timeout', type=float, default=280, help='seconds for the whole boot')
    ap.add_argument('--per-test', type=int, default=120, help='seconds for one program (init kills it)')
    ap.add_argument('--keel', help='boot KEEL as /init, running INIT as its child')
    args = ap.parse_args()

    kernel = kernel_path(args.arch, args.kernel)
    busybox = os.path.join(os.path.dirname(kernel), 'busybox')
    qemu = QEMU[args.arch]
    why = missing(args.arch, kernel, busybox)
    if why:
        print(f'1..0 # SKIP {why}')
        return 0

    testdir = os.path.join(args.builddir, 'tests')
    programs, foreign = [], []
    targs = test_args(args.builddir)
    for name in sorted(os.listdir(testdir)) if os.path.isdir(testdir) else []:
        path = os.path.join(testdir, name)
        if not name.startswith('test-') or not os.path.isfile(path) or not os.access(path, os.X_OK):
            continue
        if targs is not None and name not in targs:
            continue  # a helper a test runs (test-ignite-init), no test itself
        if elf_machine(path) != ELF_MACHINE[args.arch]:
            foreign.append(name)
            continue
        programs.append(name)

    entries = [('dev', 0o040755, b'', (0, 0)),
               ('dev/console', 0o020600, b'', (5, 1)),
               ('proc', 0o040555, b'', (0, 0)),
               ('sys', 0o040555, b'', (0, 0)),
               ('tmp', 0o041777, b'', (0, 0)),
               ('tests', 0o040755, b'', (0, 0)),
               ('tests/args', 0o040755, b'', (0, 0)),
               ('tests/bin', 0o040755, b'', (0, 0)),
               ('bin', 0o040755, b'', (0, 0))]
    # Modules the tests want that Debian builds as modules (overlay, for
    # tests/ignite), from the cache (fetch-kernels.sh): /modules/, which
    # init.c loads before the tests.
    modtree = os.path.join(os.path.dirname(kernel), 'modules', 'lib', 'modules')
    for dirpath, _, files in os.walk(modtree):
        for f in sorted(files):
            if f.split('.ko')[0] in BOOT_MODULES and '.ko' in f:
                if not any(e[0] == 'modules' for e in entries):
                    entries.append(('modules', 0o040755, b'', (0, 0)))
                with open(os.path.join(dirpath, f), 'rb') as fh:
                    entries.append((f'modules/{f}', 0o100644, fh.read(), (0, 0)))
    # The arguments meson gives a test, one a line in /tests/args/<name>
    # (init.c reads them); files among them are packed in /tests/bin/.
    packed = set()
    for name in programs:
        words = []
        for a in (targs or {}).get(name, []):
            f = a if os.path.isabs(a) else os.path.join(args.builddir, a)
            if os.path.isfile(f):
                base = os.path.basename(f)
                if base not in packed:
                    packed.add(base)
                    with open(f, 'rb') as fh:
                        mode = 0o100755 if os.access(f, os.X_OK) else 0o100644
                        entries.append((f'tests/bin/{base}', mode, fh.read(), (0, 0)))
                a = f'/tests/bin/{base}'
            words.append(a)
        if words:
            entries.append((f'tests/args/{name}', 0o100644, ''.join(w + '\n' for w in words).encode(), (0, 0)))
    with open(busybox, 'rb') as f:
        entries.append(('bin/busybox', 0o100755, f.read(), (0, 0)))
    # A symlink's data is its target.
    entries += [(f'bin/{a}', 0o120777, b'busybox', (0, 0)) for a in BUSYBOX_APPLETS]
    with open(args.init, 'rb') as f:
        entries.append(('boot-init' if args.keel else 'init', 0o100755, f.read(), (0, 0)))
    if args.keel:
        with open(args.keel, 'rb') as f:
            entries.append(('init', 0o100755, f.read(), (0, 0)))
    for name in programs:
        with open(os.path.join(testdir, name), 'rb') as f:
            entries.append((f'tests/{name}', 0o100755, f.read(), (0, 0)))

    outdir = os.path.dirname(os.path.abspath(args.init))
    tag = f'{args.arch}-keel' if args.keel else args.arch
    initrd = os.path.join(outdir, f'initramfs-{tag}.cpio')
    with open(initrd, 'wb') as f:
        f.write(cpio_newc(entries))

    append = f'{base_append(args.arch)} BR_BOOT_TIMEOUT={args.per_test}'
    if args.keel:
        append += ' -- /boot-init'   # keel's command line
    cmd = qemu + ['-m', '1024', '-nodefaults', '-display', 'none', '-monitor', 'none',
                  '-serial', 'stdio', '-no-reboot',
                  '-kernel', kernel, '-initrd', initrd, '-append', append]
    t0 = time.monotonic()
    timed_out = False
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            rc = proc.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
            timed_out = True
        elapsed = time.monotonic() - t0
        out.seek(0)
        console = out.read().decode('utf-8', 'replace').replace('\r', '')
    log = os.path.join(outdir, f'console-{tag}.log')
    with open(log, 'w') as f:
        f.write(console)

    # Split the console by the init's frames.
    boot = None
    done = False
    streams = {}   # name -> [lines]
    ends = {}      # name -> (status, ms)
    current = None
    stray = []
    for line in console.split('\n'):
        m = re.match(r'=== (BOOT|BEGIN|END|DONE|WARN)\b ?(.*)', line)
        if not m:
            (streams[current] if current else stray).append(line)
            continue
        kind, rest = m.groups()
        if kind == 'BOOT':
            boot = rest
        elif kind == 'BEGIN':
            current = rest
            streams[current] = []
        elif kind == 'END':
            e = re.match(r'(\S+) (exit \d+|signal \d+|timeout \d+) ms (\d+)', rest)
            if e:
                ends[e.group(1)] = (e.group(2), int(e.group(3)))
            current = None
        elif kind == 'DONE':
            done = True
        else:
            (streams[current] if current else stray).append(line)

    points = []   # (ok, description, diagnostics)
    how = (f'timed out after {args.timeout:.0f} s' if timed_out else
           f'qemu exited {rc}') + f', {elapsed:.1f} s'
    diag = [f'{qemu[0]} -kernel {kernel}', f'console log: {log}']
    diag += [f'not {args.arch}, left out: {n}' for n in foreign]
    points.append((boot is not None, f'boot: {boot or "the kernel did not reach /init"}',
                   diag + ([] if boot else stray[-40:])))
    for name in programs:
        lines = [l for l in streams.get(name, []) if l.strip()]
        short = name[len('test-'):]
        if name not in ends:
            why = 'never started' if name not in streams else 'did not finish (kernel died or boot timed out)'
            points.append((False, f'{short}: {why}', lines[-40:]))
            continue
        status, ms = ends[name]
        ok, skip, what = tap_summary(lines, status)
        desc = f'{short}: {what or status}, {ms} ms' + (f' # SKIP {skip}' if skip else '')
        points.append((ok, desc, lines))
    if args.keel:
        # keel, PID 1, exits with its child's status and the kernel panics.
        m = re.search(r'Attempted to kill init! exitcode=(0x[0-9a-f]+)', console)
        code = int(m.group(1), 16) if m else None
        clean = done and not timed_out and code == 0
        points.append((clean, f'keel as PID 1: {"all programs ran, " if done else ""}'
                       f'exit status {code if m else "not seen"}, {how}',
                       [] if clean else stray[-40:]))
    else:
        clean = done and not timed_out and rc == 0
        points.append((clean, f'power-off: {"all programs ran, " if done else ""}{how}',
                       [] if clean else stray[-40:]))
    if not programs:
        points.append((False, f'no test-* programs for {args.arch} in {testdir}', []))

    print(f'1..{len(points)}')
    for i, (ok, desc, lines) in enumerate(points, 1):
        for l in lines:
            print(f'#   {l}')
        print(f'{"ok" if ok else "not ok"} {i} - {desc}')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main())
