#!/usr/bin/env bash
# Builds the root file system of verdict's container image from Debian packages (the libraries the jlinked Java
# runtime links: libc6, libgcc-s1, libstdc++6, zlib1g), as distroless does, plus the unpacked release archive under
# /opt/verdict and a non-root user (65532). Usage: src/image/rootfs.sh RELEASE_DIR OUT_DIR
# Needs apt-get (package lists present: run `apt-get update` once) and dpkg-deb; no Docker daemon.
set -euo pipefail
release="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out/debs" "$out/rootfs"
# apt-get warns that root downloads unsandboxed; only a failure is worth showing
( cd "$out/debs" && apt-get download libc6 libgcc-s1 libstdc++6 zlib1g >"$out/apt.log" 2>&1 ) || {
  cat "$out/apt.log" >&2
  echo "rootfs.sh: apt-get download failed (run apt-get update once)" >&2
  exit 1
}
for deb in "$out"/debs/*.deb; do
  dpkg-deb -x "$deb" "$out/rootfs"
done
root="$out/rootfs"
# documentation, locales and package scripts are not needed at run time
rm -rf "$root/usr/share/doc" "$root/usr/share/lintian" "$root/usr/share/locale" "$root/usr/share/gcc" \
  "$root/usr/lib/x86_64-linux-gnu/gconv" "$root/usr/share/gdb"
mkdir -p "$root/etc" "$root/tmp" "$root/home/nonroot" "$root/opt" "$root/proc" "$root/dev" "$root/sys"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
cp -a "$release" "$root/opt/verdict"
# the launcher script needs a shell the image does not have: the image's entrypoint runs java directly, so the
# class-data archive the launcher maps (dumped against /proc/self/fd/9/lib/verdict.jar) would be dead weight
rm -f "$root/opt/verdict/bin/verdict" "$root/opt/verdict/lib/verdict.jsa"
