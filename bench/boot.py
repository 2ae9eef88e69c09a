#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot bench: ignite against a busybox-static initramfs doing the same job.

    bench/boot.py [--boots N] [--arch A]... [--out FILE] BUILDDIR...

For each architecture (one BUILDDIR per architecture, holding
examples/ignite and tests/boot/boot-rootinit), with the kernel of the boot
tests (docs/boot.md) and the same ext4 disk (mke2fs -d, /sbin/init the root
init of the tests):
  - size of the initramfs (uncompressed newc cpio, and gzip -9 of it, as
    a kernel would be handed it), with ignite (stripped) as /init and with busybox-
    static + a shell script as /init, both holding the same modules; and
    of /init alone (ignite; busybox and its script);
  - time from kernel start to the real root's init: CLOCK_BOOTTIME read by
    the root init first thing (so it counts the kernel's own boot, the
    initramfs /init, module loading and the mount), over N boots of each,
    interleaved (ignite, busybox, ignite, ...) so drift on this shared
    machine hits both alike; medians, and min-max. root=LABEL=... ro: the
    common case (a LABEL lookup, no rootwait).
Writes a markdown table to stdout and to --out (default bench/boot-results.md).
"""
import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
STRIP = {'x86_64': 'x86_64-linux-gnu-strip', 'aarch64': 'aarch64-linux-gnu-strip',
         'riscv64': 'riscv64-linux-gnu-strip'}
sys.path.insert(0, os.path.join(here, '..', 'tools', 'boot'))
import ignite as ig  # noqa: E402
import run as boot  # noqa: E402


def elf_arch(path):
    m = boot.elf_machine(path)
    return {v: k for k, v in boot.ELF_MACHINE.items()}.get(m)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('builddirs', nargs='+')
    ap.add_argument('--boots', type=int, default=5)
    ap.add_argument('--out', default=os.path.join(here, 'boot-results.md'))
    args = ap.parse_args()

    rows = []
    for bd in args.builddirs:
        ignite = os.path.join(bd, 'examples', 'ignite')
        rootinit = os.path.join(bd, 'tests', 'boot', 'boot-rootinit')
        arch = elf_arch(ignite) if os.path.isfile(ignite) else None
        if not arch:
            print(f'bench-boot: no examples/ignite in {bd}', file=sys.stderr)
            continue
        kernel = boot.kernel_path(arch)
        busybox = os.path.join(ig.cache_dir(arch), 'busybox')
        why = boot.missing(arch, kernel, busybox)
        if why:
            print(f'bench-boot: {arch}: {why}', file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            # ignite as it would be installed: stripped (busybox-static is).
            stripped = os.path.join(tmp, 'ignite')
            subprocess.run([STRIP[arch], '-o', stripped, ignite], check=True)
            ignite = stripped
            disk = os.path.join(tmp, 'root.ext4')
            ig.make_disk(rootinit, disk)
            rd = {}
            size = {}
            for kind in ('ignite', 'busybox'):
                rd[kind] = os.path.join(tmp, f'{kind}.cpio')
                n, _ = ig.make_initramfs(arch, rd[kind], ignite, busybox if kind == 'busybox' else None,
                                         ballast=False)
                with open(rd[kind], 'rb') as f:
                    z = len(gzip.compress(f.read(), 9))
                size[kind] = (n, z)
            init_size = {'ignite': os.path.getsize(ignite),
                         'busybox': os.path.getsize(busybox) + len(ig.BUSYBOX_INIT)}
            root, _, _ = ig.CASES['label']
            times = {'ignite': [], 'busybox': []}
            walls = {'ignite': [], 'busybox': []}
            for i in range(args.boots):
                for kind in ('ignite', 'busybox'):
                    append = (ig.ignite_append(arch, root) if kind == 'ignite' else
                              f'{boot.base_append(arch)} {root}')
                    append += ' bedrock-word expect-ro'
                    console, rc, secs, _ = ig.boot_once(arch, kernel, rd[kind], append, disk, 120)
                    start, verdict, tap = ig.root_report(console)
                    if start is None or verdict != 'pass':
                        print(f'bench-boot: {arch} {kind} boot {i + 1} failed (rc {rc}):', file=sys.stderr)
                        print('\n'.join(console.split('\n')[-20:]), file=sys.stderr)
                        continue
                    times[kind].append(start)
                    walls[kind].append(secs)
                    print(f'bench-boot: {arch} {kind} boot {i + 1}: root init at {start} ms, {secs:.2f} s',
                          file=sys.stderr)
        pkg = os.path.join(os.path.dirname(kernel), 'package')
        kname = open(pkg).read().strip() if os.path.exists(pkg) else os.path.basename(kernel)
        rows.append((arch, kname, size, init_size, times, walls))

    out = ['| arch | /init | /init bytes | initramfs bytes (gzip -9) | kernel start to root init, median (min-max) ms | qemu wall, median s |',
           '|---|---|---:|---:|---:|---:|']
    for arch, kname, size, init_size, times, walls in rows:
        for kind in ('ignite', 'busybox'):
            t = times[kind]
            tm = f'{statistics.median(t):.0f} ({min(t)}-{max(t)}), n={len(t)}' if t else 'failed'
            w = f'{statistics.median(walls[kind]):.2f}' if walls[kind] else '-'
            label = 'ignite' if kind == 'ignite' else 'busybox-static + sh script'
            out.append(f'| {arch} | {label} | {init_size[kind]} | {size[kind][0]} ({size[kind][1]}) | {tm} | {w} |')
        ti, tb = times['ignite'], times['busybox']
        if ti and tb:
            out.append(f'| {arch} | ratio ignite/busybox | {init_size["ignite"] / init_size["busybox"]:.3f} | '
                       f'{size["ignite"][0] / size["busybox"][0]:.3f} ({size["ignite"][1] / size["busybox"][1]:.3f}) | '
                       f'{statistics.median(ti) / statistics.median(tb):.3f} | |')
    out.append('')
    out += [f'- {arch}: kernel {kname}' for arch, kname, *_ in rows]
    out.append('- /init bytes: ignite stripped; busybox-static plus its script. The initramfs '
               'also holds the same modules for both (virtio_pci, virtio_blk, ext4 and what '
               'they need, with depmod\'s index files): most of its size.')
    out.append('- Times: CLOCK_BOOTTIME when the root init starts, so they include the kernel\'s '
               'own boot and the unpacking of the initramfs; qemu under TCG on a machine other '
               'jobs share, so single boots vary by 2x: compare medians and minimums.')
    text = '\n'.join(out) + '\n'
    head = (f'Boot bench (bench/boot.py, {time.strftime("%Y-%m-%d")}, {args.boots} boots each, '
            'qemu-system TCG on a shared 2-core machine): the same kernel, modules and ext4 disk; '
            'root=LABEL=... ro.\n\n')
    sys.stdout.write(head + text)
    with open(args.out, 'w') as f:
        f.write('# Boot bench\n\n' + head + text)
    return 0 if rows else 1


if __name__ == '__main__':
    sys.exit(main())
