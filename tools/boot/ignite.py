#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot tests of an initramfs /init (examples/ignite) on a real kernel.

    ignite.py ARCH OUTDIR ROOTINIT (--ignite IGNITE | --busybox) [--case NAME]...

Each case is one boot of the kernel of tools/boot/run.py (Debian's own for
x86_64 and aarch64, one built from Debian's linux-source-6.1 for riscv64) in
qemu-system-ARCH with:
  - an initramfs (newc cpio) holding /init (IGNITE, or with --busybox
    Debian's busybox-static and a shell script doing the same job), the
    modules from the same kernel package (tools/boot/fetch-kernels.sh keeps
    them) under lib/modules/<release>/ with the modules.dep, modules.alias,
    modules.softdep ... that `depmod -b` makes here, and a 16 MiB ballast
    file that must be gone once the real root runs;
  - an ext4 disk image made without root (mke2fs -d) whose /sbin/init is
    ROOTINIT (tests/boot/rootinit.c), attached as virtio-blk-pci, with a
    known LABEL and UUID.
The console is turned into one TAP stream: one point per case (the boot
reached the real root's init and all its checks passed, or, for the
failure cases, the right message and a clean power-off), preceded by the
root init's TAP and the console's tail as diagnostics. Cases:
  dev      root=/dev/vda rw              (by name; writable root)
  uuid     root=UUID=... ro              (EROFS on a write)
  label    root=LABEL=... ro
  hotplug  root=LABEL=... rootwait, no disk at boot: qemu's monitor adds it
           (drive_add + device_add virtio-blk-pci) once /init runs
  noroot   root=LABEL=no-such-disk rootwait=1: the message names it, the
           machine powers off
  nomodule ext4.ko left out of the image: the message names ext4
Without kernel, qemu or mke2fs the stream is "1..0 # SKIP". The console logs
are OUTDIR/console-ignite-ARCH-CASE.log.
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as boot  # noqa: E402  (tools/boot/run.py: tables and the cpio writer)

LABEL = 'bedrock-root'
UUID = 'b3d70c4e-1d2a-4c5b-9e6f-0123456789ab'
BALLAST = 16 << 20
# What ignite is asked to load; the rest comes from modules.dep/softdep.
MODULES = ['virtio_pci', 'virtio_blk', 'ext4']


def cache_dir(arch):
    return os.path.join(os.environ.get('BEDROCK_KERNELS') or boot.CACHE, arch)


def module_tree(arch):
    """(release, the folder lib/modules/<release> in the cache) or None."""
    base = os.path.join(cache_dir(arch), 'modules', 'lib', 'modules')
    if not os.path.isdir(base):
        return None
    rel = sorted(os.listdir(base))
    return (rel[0], os.path.join(base, rel[0])) if rel else None


def stage_modules(arch, stage, leave_out=()):
    """Copies the cached modules to stage/lib/modules/<release>, less those
    named in leave_out, and runs depmod -b there. Returns (release, the
    modules in load order: dependencies first, as insmod needs them)."""
    release, src = module_tree(arch)
    dst = os.path.join(stage, 'lib', 'modules', release)
    shutil.copytree(src, dst)
    subprocess.run(['depmod', '-b', stage, release], check=True)
    # Load order for the busybox script: modules.dep, depth first, with the
    # softdeps (crc32c for ext4 and jbd2, through modules.alias).
    deps, path = {}, {}
    name = lambda p: os.path.basename(p).split('.ko')[0].replace('-', '_')
    for line in open(os.path.join(dst, 'modules.dep')):
        mod, _, rest = line.partition(':')
        path[name(mod)] = mod
        deps[name(mod)] = [name(d) for d in rest.split()]
    alias = {}
    for line in open(os.path.join(dst, 'modules.alias')):
        w = line.split()
        if len(w) == 3:
            alias.setdefault(w[1].replace('-', '_'), w[2])
    for line in open(os.path.join(dst, 'modules.softdep')):
        w = line.split()
        if len(w) > 2 and w[1] in deps:
            deps[w[1]] = [alias.get(x.replace('-', '_'), x) for x in w[2:] if not x.endswith(':')] + deps[w[1]]
    order = []

    def visit(m):
        if m in order or m not in path:
            return
        for d in deps[m]:
            visit(d)
        order.append(m)
    for m in MODULES:
        visit(m)
    # Only what MODULES need; left out (the nomodule case): not in the
    # image, nor in modules.dep, as when it was forgotten (the busybox
    # script still asks for it).
    drop = [m for m in path if m not in order or m in leave_out]
    for m in drop:
        os.unlink(os.path.join(dst, path[m]))
    if drop:
        subprocess.run(['depmod', '-b', stage, release], check=True)
    return release, [path[m] for m in order]


def tree_entries(stage):
    """cpio entries for the files and folders under stage."""
    out = []
    for dirpath, dirs, files in os.walk(stage):
        dirs.sort()
        rel = os.path.relpath(dirpath, stage)
        if rel != '.':
            out.append((rel, 0o040755, b'', (0, 0)))
        for f in sorted(files):
            with open(os.path.join(dirpath, f), 'rb') as fh:
                out.append((os.path.normpath(os.path.join(rel, f)), 0o100644, fh.read(), (0, 0)))
    return out


BUSYBOX_INIT = r'''#!/bin/busybox sh
# The busybox initramfs of the bench: the same job as ignite.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
root= ro=rw wait=
for w in $(cat /proc/cmdline); do
	case $w in
	root=*) root=${w#root=} ;;
	ro) ro=ro ;;
	rw) ro=rw ;;
	rootwait) wait=1 ;;
	esac
done
for m in @MODULES@; do
	insmod /lib/modules/@RELEASE@/$m || { echo "bb-init: cannot load $m"; poweroff -f; }
done
find_root() {
	case $root in
	UUID=*|LABEL=*) dev=$(findfs "$root" 2>/dev/null) ;;
	*) dev=$root; [ -b "$dev" ] || dev= ;;
	esac
}
find_root
[ -z "$dev" ] && [ -n "$wait" ] && echo "bb-init: waiting for $root"
while [ -z "$dev" ] && [ -n "$wait" ]; do
	usleep 20000
	find_root
done
[ -n "$dev" ] || { echo "bb-init: root device $root not found"; poweroff -f; }
mount -t ext4 -o $ro "$dev" /root || { echo "bb-init: cannot mount $dev"; poweroff -f; }
for d in proc sys dev run; do
	mount --move /$d /root/$d
done
exec switch_root /root /sbin/init "$@"
'''
BUSYBOX_APPLETS = ['sh', 'mount', 'cat', 'insmod', 'findfs', 'usleep', 'switch_root', 'poweroff']


def make_initramfs(arch, path, init, busybox, leave_out=(), ballast=True):
    """Writes the initramfs to path; returns its size and the release."""
    with tempfile.TemporaryDirectory() as stage:
        release, order = stage_modules(arch, stage, leave_out)
        entries = [('dev', 0o040755, b'', (0, 0)),
                   ('dev/console', 0o020600, b'', (5, 1)),
                   ('proc', 0o040555, b'', (0, 0)),
                   ('sys', 0o040555, b'', (0, 0)),
                   ('run', 0o040755, b'', (0, 0)),
                   ('root', 0o040755, b'', (0, 0))]
        entries += tree_entries(stage)
    if busybox:
        with open(busybox, 'rb') as f:
            entries += [('bin', 0o040755, b'', (0, 0)), ('bin/busybox', 0o100755, f.read(), (0, 0))]
        entries += [(f'bin/{a}', 0o120777, b'busybox', (0, 0)) for a in BUSYBOX_APPLETS]
        script = BUSYBOX_INIT.replace('@MODULES@', ' '.join(order)).replace('@RELEASE@', release)
        entries.append(('init', 0o100755, script.encode(), (0, 0)))
    else:
        with open(init, 'rb') as f:
            entries.append(('init', 0o100755, f.read(), (0, 0)))
    if ballast:
        entries.append(('ballast', 0o100644, b'\xa5' * BALLAST, (0, 0)))
    data = boot.cpio_newc(entries)
    with open(path, 'wb') as f:
        f.write(data)
    return len(data), release


def make_disk(rootinit, path):
    """An ext4 image with ROOTINIT as /sbin/init, made without root."""
    with tempfile.TemporaryDirectory() as d:
        for sub in ('sbin', 'etc', 'proc', 'sys', 'dev', 'run', 'mnt', 'tmp'):
            os.mkdir(os.path.join(d, sub))
        shutil.copy(rootinit, os.path.join(d, 'sbin', 'init'))
        os.chmod(os.path.join(d, 'sbin', 'init'), 0o755)
        with open(os.path.join(d, 'etc', 'bedrock-root'), 'w') as f:
            f.write('bedrock root\n')
        if os.path.exists(path):
            os.unlink(path)
        subprocess.run(['mke2fs', '-q', '-F', '-t', 'ext4', '-d', d, '-L', LABEL, '-U', UUID,
                        '-E', 'root_owner=0:0', path, '32M'], check=True,
                       stdout=subprocess.DEVNULL)


def qemu_command(arch, kernel, initrd, append, disk, hotplug, monitor):
    cmd = boot.QEMU[arch] + ['-m', '512', '-nodefaults', '-display', 'none', '-serial', 'stdio',
                             '-no-reboot', '-kernel', kernel, '-initrd', initrd, '-append', append]
    cmd += ['-monitor', f'unix:{monitor},server=on,wait=off'] if monitor else ['-monitor', 'none']
    if arch != 'x86_64':
        # PCIe (virt): a root port the hot-plugged disk goes behind.
        cmd += ['-device', 'pcie-root-port,id=rp1,chassis=1']
    if disk and not hotplug:
        cmd += ['-drive', f'file={disk},if=none,id=d0,format=raw',
                '-device', 'virtio-blk-pci,drive=d0']
    return cmd


def hmp(monitor, commands):
    """Sends HMP commands over the monitor's unix socket; its replies."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(monitor)
    out = b''

    def read_prompt():
        nonlocal out
        while not out.endswith(b'(qemu) '):
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
    read_prompt()
    for c in commands:
        out = b''
        s.sendall(c.encode() + b'\n')
        read_prompt()
    s.close()
    return out.decode('utf-8', 'replace')


def boot_once(arch, kernel, initrd, append, disk, timeout, hotplug=False, hotplug_after=None):
    """One boot; (console text, qemu's exit status or None if killed,
    seconds, note about the hot-plug)."""
    with tempfile.TemporaryDirectory() as tmp:
        monitor = os.path.join(tmp, 'monitor') if hotplug else None
        cmd = qemu_command(arch, kernel, initrd, append, disk, hotplug, monitor)
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(
            iter(lambda: proc.stdout.readline().decode('utf-8', 'replace').replace('\r', ''), '')))
        reader.start()
        note = None
        while proc.poll() is None and time.monotonic() - t0 < timeout:
            if hotplug and note is None and any(hotplug_after.search(l) for l in list(lines)):
                time.sleep(1)  # it is waiting: let it wait a little longer
                try:
                    reply = hmp(monitor, [f'drive_add 0 if=none,id=d1,file={disk},format=raw',
                                          'device_add virtio-blk-pci,drive=d1,id=v1'
                                          + ('' if arch == 'x86_64' else ',bus=rp1')])
                    note = f'disk hot-plugged {time.monotonic() - t0:.1f} s after start'
                    if 'rror' in reply:
                        note += ': ' + ' '.join(reply.split())
                except OSError as e:
                    note = f'hot-plug failed: {e}'
            time.sleep(0.05)
        rc = proc.poll()
        if rc is None:
            proc.kill()
            proc.wait()
        reader.join()
        return ''.join(lines), rc, time.monotonic() - t0, note


def root_report(console):
    """The root init's TAP lines, its start (ms since kernel start) and
    verdict, from the console."""
    m = re.search(r'^=== ROOT (\d+)$', console, re.M)
    if not m:
        return None, None, []
    rest = console[m.end():]
    e = re.search(r'^=== ROOT END (\w+)', rest, re.M)
    tap = (rest[:e.start()] if e else rest).strip('\n').split('\n')
    return int(m.group(1)), (e.group(1) if e else None), tap


def kernel_died(console):
    m = re.search(r'Kernel panic[^\n]*', console)
    return m.group(0) if m else None


CASES = {
    # name: (root= and flags, expectation words, initramfs variant)
    'dev': ('root=/dev/vda rw', 'expect-rw', {}),
    'uuid': (f'root=UUID={UUID} ro', 'expect-ro', {}),
    'label': (f'root=LABEL={LABEL} ro', 'expect-ro', {}),
    'hotplug': (f'root=LABEL={LABEL} ro rootwait', 'expect-ro', {'hotplug': True}),
    # rootwait=1: ignite gives up after a second instead of its default 10
    'noroot': ('root=LABEL=no-such-disk ro rootwait=1', '', {'fails': r'no-such-disk'}),
    'nomodule': (f'root=LABEL={LABEL} ro', '', {'leave_out': ('ext4',), 'fails': r'\bext4\b'}),
}


def ignite_append(arch, root):
    """The kernel command line for ignite: the console, root= and its
    flags, the modules to load."""
    return f'{boot.base_append(arch)} {root} ignite.modules={",".join(MODULES)}'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('arch', choices=sorted(boot.QEMU))
    ap.add_argument('outdir')
    ap.add_argument('rootinit')
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument('--ignite', help='the initramfs /init to test (examples/ignite)')
    g.add_argument('--busybox', action='store_true', help='busybox and a shell script as /init instead')
    ap.add_argument('--case', action='append', choices=sorted(CASES), help='only these cases')
    ap.add_argument('--timeout', type=float, default=90, help='seconds for one boot')
    args = ap.parse_args()

    arch = args.arch
    kernel = boot.kernel_path(arch)
    bb = os.path.join(cache_dir(arch), 'busybox') if args.busybox else None
    why = boot.missing(arch, kernel, bb)
    if not why and not module_tree(arch):
        why = f'no modules in {cache_dir(arch)}/modules, run ' + (
            'tools/boot/build-riscv64-kernel.sh' if arch == 'riscv64' else 'tools/boot/fetch-kernels.sh')
    for tool, pkg in (('mke2fs', 'e2fsprogs'), ('depmod', 'kmod')):
        if not why and not shutil.which(tool):
            why = f'no {tool} (Debian package {pkg})'
    if why:
        print(f'1..0 # SKIP {why}')
        return 0

    os.makedirs(args.outdir, exist_ok=True)
    kind = 'busybox' if args.busybox else 'ignite'
    disk = os.path.join(args.outdir, f'root-{arch}.ext4')
    make_disk(args.rootinit, disk)
    cases = args.case or list(CASES)
    points = []
    for name in cases:
        root, words, opt = CASES[name]
        initrd = os.path.join(args.outdir, f'initramfs-{kind}-{arch}-{name}.cpio')
        make_initramfs(arch, initrd, args.ignite, bb, opt.get('leave_out', ()))
        append = (ignite_append(arch, root) if not args.busybox else
                  f'{boot.base_append(arch)} {root}')
        append += f' bedrock-word {words} expect-freed'
        console, rc, secs, note = boot_once(
            arch, kernel, initrd, append, disk, args.timeout, opt.get('hotplug', False),
            re.compile(r'(?i)\bwait'))
        log = os.path.join(args.outdir, f'console-{kind}-{arch}-{name}.log')
        with open(log, 'w') as f:
            f.write(console)
        how = (f'qemu exited {rc}' if rc is not None else f'timed out after {args.timeout:.0f} s') + f', {secs:.1f} s'
        start, verdict, tap = root_report(console)
        panic = kernel_died(console)
        tail = [l for l in console.split('\n') if l.strip()][-15:]
        diag = [f'{name}: {append}', f'console log: {log}'] + ([note] if note else [])
        if 'fails' in opt:
            said = [l for l in console.split('\n') if re.search(opt['fails'], l)
                    and 'Kernel command line' not in l]
            ok = bool(said) and start is None and rc == 0 and not panic
            desc = (f'{name}: "{said[-1].strip()}", powered off, {how}' if ok else
                    f'{name}: ' + ('reached the root init' if start is not None else
                                   panic or ('no message naming ' + opt['fails'] if not said else how)))
            points.append((ok, desc, diag + ([] if ok else tail)))
            continue
        ok = verdict == 'pass' and rc == 0 and not panic
        desc = (f'{name}: root init ran {start} ms after kernel start, {how}' if start is not None else
                f'{name}: root init never ran ({panic or how})')
        if note:
            desc += f', {note}'
        points.append((ok, desc, diag + tap + ([] if ok else tail)))
    print(f'1..{len(points)}')
    for i, (ok, desc, lines) in enumerate(points, 1):
        for l in lines:
            print(f'#   {l}')
        print(f'{"ok" if ok else "not ok"} {i} - {desc}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
