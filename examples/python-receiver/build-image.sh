#!/usr/bin/env bash
# Builds the image the receiver runs in without a registry: Debian's python3 from this machine (the
# interpreter, the libraries it loads, its standard library) in an otherwise empty root filesystem.
#   bash build-image.sh [TAG]
set -euo pipefail
tag="${1:-mcast-lab-example/python3}"
python=$(readlink -f /usr/bin/python3)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/usr/bin" "$root/tmp"
cp "$python" "$root/usr/bin/python3"
for lib in $(ldd "$python" | grep -oE '/[^ ]+\.so[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
stdlib=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
mkdir -p "$root$stdlib"
cp -r "$stdlib/." "$root$stdlib" # lib-dynload included: socket and struct need it
rm -rf "$root$stdlib/test" "$root$stdlib/site-packages" "$root$stdlib/dist-packages"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | docker import --change 'ENV PATH=/usr/bin' - "$tag" >/dev/null
echo "$tag"
