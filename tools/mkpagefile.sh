#!/bin/bash
# A raw disk image for the kernel's page file: SIZE_MB MiB, sparse, zero
# but for the 16-byte signature NTPAGEFILE-DISK1 at the start of sector 0.
# The kernel pages only to a disk that carries it, so a PC's own disk is
# never written over (docs/disk.md).
#   tools/mkpagefile.sh SIZE_MB OUT
set -eu
if [ $# -ne 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 SIZE_MB OUT" >&2
    exit 2
fi
size=$1
out=$2
rm -f "$out.tmp"
truncate -s "${size}M" "$out.tmp"
printf 'NTPAGEFILE-DISK1' | dd of="$out.tmp" conv=notrunc status=none
mv "$out.tmp" "$out"
