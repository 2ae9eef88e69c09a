#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetches what the boot tests (tests/boot) need from Debian into a cache:
#   <cache>/x86_64/vmlinuz   from linux-image-<version>-amd64, and vmlinux:
#                            the same kernel decompressed, an ELF that qemu
#                            boots directly through its PVH entry (TCG saves
#                            the ~4 s the bzImage spends decompressing itself)
#   <cache>/aarch64/vmlinuz  from linux-image-<version>-arm64 (foreign arch)
#   <cache>/<arch>/busybox   from busybox-static (amd64, arm64): a static
#                            binary, no libraries; tools/boot/run.py puts it
#                            in the initramfs as /bin/busybox with /bin/sh,
#                            /bin/true, ... linked to it, for the programs
#                            the tests exec
#   <cache>/<arch>/modules/  from the same linux-image package, the modules
#                            that ignite's boot tests load (virtio_pci,
#                            virtio_blk, ext4, crc32c_generic), overlay (the
#                            boot init loads it) and all they depend on, as
#                            lib/modules/<release>/kernel/...,
#                            with modules.builtin and modules.order; no
#                            modules.dep (the package has none): run.py
#                            makes it with depmod -b when it builds an image
# plus <cache>/<arch>/package and busybox.package naming the packages they
# came from. Idempotent: a file that is there is left alone (remove the
# folder to refresh). Of the 400 MB of modules only those are kept; the
# module tests need none (serial console, proc, tmpfs, devtmpfs, power-off
# are built in). Needs root for apt-get (dpkg --add-architecture arm64,
# update), kmod (depmod); apt-get download needs no install.
#
#   tools/boot/fetch-kernels.sh [x86_64] [aarch64]     (default: both)
# The cache is $BEDROCK_KERNELS, default /var/cache/bedrock-kernels; it is
# where tools/boot/run.py looks. riscv64: Debian 12 has no riscv64 kernel
# package (riscv64 is not an official bookworm port): tools/boot/
# build-riscv64-kernel.sh builds one from Debian's linux-source-6.1.
set -eu
cache=${BEDROCK_KERNELS:-/var/cache/bedrock-kernels}
[ $# -gt 0 ] || set -- x86_64 aarch64

# The package holding the vmlinuz: what the meta package depends on.
image_package() {
	apt-cache depends "linux-image-$1:$1" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { sub(/:.*/, "", $2); print $2; exit }'
}

# The ELF inside an x86 bzImage (xz, as Debian builds it), kept only if it
# has the PVH entry note (Xen, type 18) that qemu -kernel needs for an ELF.
pvh_vmlinux() {
	python3 - "$1" "$2" <<'PY'
import lzma, struct, sys
d = open(sys.argv[1], 'rb').read()
i = d.find(b'\xfd7zXZ\x00')
if i < 0:
    sys.exit('no xz payload')
elf = lzma.LZMADecompressor(lzma.FORMAT_XZ).decompress(d[i:])
assert elf[:4] == b'\x7fELF' and elf[4] == 2, 'not an ELF64'
phoff, = struct.unpack_from('<Q', elf, 32)
phentsize, phnum = struct.unpack_from('<HH', elf, 54)
pvh = False
for k in range(phnum):
    ptype, _, off, _, _, size = struct.unpack_from('<IIQQQQ', elf, phoff + k * phentsize)
    n = off
    while ptype == 4 and n < off + size:
        namesz, descsz, ntype = struct.unpack_from('<III', elf, n)
        name = elf[n + 12:n + 12 + namesz].rstrip(b'\0')
        pvh |= name == b'Xen' and ntype == 18
        n += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
if not pvh:
    sys.exit('no PVH entry note')
open(sys.argv[2], 'wb').write(elf)
PY
}

# The foreign architecture known to dpkg, and the package lists fresh
# enough to name $2 (a package:arch): apt-get update at most once a run.
updated=
apt_ready() {
	if [ "$1" != "$(dpkg --print-architecture)" ] &&
		! dpkg --print-foreign-architectures | grep -qx "$1"; then
		dpkg --add-architecture "$1"
		apt-get update -q >/dev/null
		updated=1
	fi
	if [ -z "$updated" ] && ! apt-cache show "$2" >/dev/null 2>&1; then
		apt-get update -q >/dev/null
		updated=1
	fi
}

# apt-get download of $2 into the directory $1 (as root, apt's sandbox
# user may not write there: quiet first, the messages on a retry).
download() {
	(cd "$1" && apt-get download -q "$2" >/dev/null 2>&1) ||
		(cd "$1" && apt-get download -q "$2")
}

# Modules the boot tests load (ignite's: virtio_pci virtio_blk ext4
# crc32c_generic; the boot init's: overlay, for tests/ignite's end-to-end
# switch); the closure over modules.dep and the softdeps (ext4 and jbd2:
# pre crypto-crc32c, an alias) is kept. A change here fetches again.
boot_modules='virtio_pci virtio_blk ext4 crc32c_generic overlay'

# Copies from the unpacked package in $1 the modules named in $3 and all
# they need into $2 (same layout), with modules.builtin and modules.order.
keep_modules() {
	release=$(ls "$1/lib/modules")
	depmod -b "$1" "$release"
	python3 - "$1/lib/modules/$release" "$2/lib/modules/$release" $3 <<'PY'
import os, re, shutil, sys
src, dst, want = sys.argv[1], sys.argv[2], sys.argv[3:]
name = lambda p: os.path.basename(p).split('.ko')[0].replace('-', '_')
deps, path = {}, {}
for line in open(os.path.join(src, 'modules.dep')):
    mod, _, rest = line.partition(':')
    path[name(mod)] = mod
    deps[name(mod)] = [name(d) for d in rest.split()]
alias = {}
for line in open(os.path.join(src, 'modules.alias')):
    w = line.split()
    if len(w) == 3 and w[0] == 'alias':
        alias.setdefault(w[1].replace('-', '_'), []).append(w[2].replace('-', '_'))
soft = {}
for line in open(os.path.join(src, 'modules.softdep')):
    w = line.split()
    if len(w) > 2 and w[0] == 'softdep':
        soft[w[1].replace('-', '_')] = [x.replace('-', '_') for x in w[2:] if not x.endswith(':')]
builtin = {name(l.strip()) for l in open(os.path.join(src, 'modules.builtin'))}
keep, todo = set(), [w.replace('-', '_') for w in want]
while todo:
    m = todo.pop()
    if m in keep or m in builtin:
        continue
    if m not in path:
        # an alias (crypto-crc32c): the generic module that provides it
        cands = [c for c in alias.get(m, []) if c in path or c in builtin]
        cands.sort(key=lambda c: ('generic' not in c, c))
        if cands:
            todo.append(cands[0])
        continue
    keep.add(m)
    todo += deps[m] + soft.get(m, [])
for m in want:
    if m.replace('-', '_') not in keep | builtin:
        sys.exit(f'module {m} not in the package')
for m in sorted(keep):
    os.makedirs(os.path.dirname(os.path.join(dst, path[m])), exist_ok=True)
    shutil.copy2(os.path.join(src, path[m]), os.path.join(dst, path[m]))
for f in ('modules.builtin', 'modules.builtin.modinfo', 'modules.order'):
    if os.path.exists(os.path.join(src, f)):
        shutil.copy2(os.path.join(src, f), os.path.join(dst, f))
print(' '.join(sorted(keep)))
PY
}

fetch_kernel() { # arch deb
	dir=$cache/$1
	if [ -s "$dir/vmlinuz" ] && [ "$(cat "$dir/modules/wanted" 2>/dev/null)" = "$boot_modules" ]; then
		if [ "$1" = x86_64 ] && [ ! -s "$dir/vmlinux" ]; then
			if pvh_vmlinux "$dir/vmlinuz" "$dir/vmlinux.tmp"; then
				mv "$dir/vmlinux.tmp" "$dir/vmlinux"
			else
				rm -f "$dir/vmlinux.tmp"
			fi
		fi
		echo "fetch-kernels: $1: $(cat "$dir/package" 2>/dev/null) already in $dir"
		return
	fi
	apt_ready "$2" "linux-image-$2:$2"
	pkg=$(image_package "$2")
	[ -n "$pkg" ] || { echo "fetch-kernels: no linux-image-$2 package" >&2; exit 1; }
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.fetch-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	download "$tmp" "$pkg:$2"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './lib/modules/*'
	mkdir -p "$tmp/out"
	mv "$tmp"/boot/vmlinuz-* "$tmp/out/vmlinuz"
	kept=$(keep_modules "$tmp" "$tmp/out/modules" "$boot_modules")
	echo "$boot_modules" >"$tmp/out/modules/wanted"
	rm -rf "$tmp/lib"
	echo "$pkg" >"$tmp/out/package"
	if [ "$1" = x86_64 ]; then
		pvh_vmlinux "$tmp/out/vmlinuz" "$tmp/out/vmlinux" ||
			echo "fetch-kernels: no PVH vmlinux, the boot uses the slower bzImage" >&2
	fi
	# Whatever else is in the folder (busybox) stays.
	mkdir -p "$dir"
	rm -rf "$dir/modules"
	for f in "$tmp"/out/*; do
		mv -f "$f" "$dir/"
	done
	rm -rf "$tmp"
	trap - EXIT
	echo "fetch-kernels: $1: $pkg -> $dir/vmlinuz, modules: $kept"
}

fetch_busybox() { # arch deb
	dir=$cache/$1
	if [ -s "$dir/busybox" ]; then
		echo "fetch-kernels: $1: $(cat "$dir/busybox.package" 2>/dev/null) already in $dir"
		return
	fi
	apt_ready "$2" "busybox-static:$2"
	mkdir -p "$dir"
	tmp=$(mktemp -d "$cache/.fetch-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	download "$tmp" "busybox-static:$2"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" ./bin/busybox
	dpkg-deb -f "$tmp"/*.deb Package Version Architecture |
		awk '{ v[NR] = $2 } END { print v[1] "_" v[2] "_" v[3] }' >"$dir/busybox.package"
	mv -f "$tmp/bin/busybox" "$dir/busybox"
	rm -rf "$tmp"
	trap - EXIT
	echo "fetch-kernels: $1: $(cat "$dir/busybox.package") -> $dir/busybox"
}

for arch in "$@"; do
	case $arch in
	x86_64) deb=amd64 ;;
	aarch64) deb=arm64 ;;
	*) echo "fetch-kernels: no Debian kernel for $arch" >&2; exit 1 ;;
	esac
	fetch_kernel "$arch" "$deb"
	fetch_busybox "$arch" "$deb"
done
