#!/bin/bash
# `make bench`: the buddy allocator's cost in instructions per alloc+free
# pair, on the host (callgrind) and in the guest (rdtsc under QEMU with
# -icount shift=0), next to a bare free list of pages as the floor; then
# the IRQL's costs under each HAL (raise/lower pair, one interrupt); the
# pool; InterlockedIncrement, the SLIST and the spin lock variants; an
# uncontended fast-mutex pair; the dispatcher; system services from ring 3.
#   tools/bench.sh KERNEL HOST_BENCH_BINARY POOL_BENCH MALLOC_BENCH IO_IMAGES
set -eu
KERNEL=$1
HOST_BENCH=$2
POOL_BENCH=$3
MALLOC_BENCH=$4
# The boot files bench=io needs, comma-separated.
IO_IMAGES=${5:-}
OUT=$(dirname "$KERNEL")/bench
mkdir -p "$OUT"
PAIRS=1000000

# host_count CASE FUNCTION: instructions per pair that callgrind counted
# inside FUNCTION.
host_count() {
    local file="$OUT/callgrind.$1"
    valgrind --tool=callgrind --callgrind-out-file="$file" \
        --toggle-collect="$2" "$HOST_BENCH" "$1" "$PAIRS" >/dev/null 2>&1
    awk -v pairs="$PAIRS" '/^(summary|totals):/ { printf "%.2f", $2 / pairs; exit }' "$file"
}

echo "== host (x86-64 build, callgrind, $PAIRS pairs each)"
floor=$(host_count freelist BenchFreeListPairs)
for case in order0:BenchBuddyPairs order3:BenchBuddyPairs \
    order0-batch:BenchBuddyBatches order3-batch:BenchBuddyBatches; do
    n=$(host_count "${case%%:*}" "${case#*:}")
    printf 'bench host %-13s %7s instructions per pair (%sx the free list)\n' \
        "${case%%:*}:" "$n" "$(awk -v a="$n" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')"
done
printf 'bench host %-13s %7s instructions per pair\n' "free-list:" "$floor"

echo "== guest (i686 kernel, QEMU -icount shift=0, rdtsc)"
# guest_bench NAME OPTIONS: one boot running bench=NAME, its figures.
guest_bench() {
    local serial="$OUT/guest-$1${2:+-${2//[^a-z]/}}.serial"
    timeout 300 qemu-system-i386 -accel tcg -icount shift=0 -display none \
        -no-reboot -monitor none -serial "file:$serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 512M \
        -kernel "$KERNEL" -append "bench=$1 $2" >/dev/null 2>&1 || true
    grep -a '^bench guest' "$serial" | tr -d '\r' || {
        echo "the guest printed no figures; see $serial"
        exit 1
    }
}
guest_bench buddy ""

echo "== IRQL (i686 kernel, QEMU -icount shift=0), PIC then APIC, both lazy"
guest_bench irql hal=pic
guest_bench irql hal=apic
echo "== dispatcher in the guest (goal: round trip <= 600 instructions)"
guest_bench dispatcher hal=pic
guest_bench dispatcher hal=apic

echo "== ring 3: the null service (NtTestAlert) through int 0x2e and sysenter, a process's life"
guest_bench user hal=pic

echo "== device I/O from ring 3: DeviceIoControl on the sample driver, next to the null service"
# iobench.exe times its own round trips (rdtsc counts instructions under
# -icount) and prints "bench io" lines; the kernel loads ioctl.sys for it.
serial="$OUT/guest-io.serial"
timeout 300 qemu-system-i386 -accel tcg -icount shift=0 -display none \
    -no-reboot -monitor none -serial "file:$serial" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 512M \
    -kernel "$KERNEL" -initrd "$IO_IMAGES" -append "bench=io hal=pic" \
    >/dev/null 2>&1 || true
grep -a '^bench io' "$serial" | tr -d '\r' || {
    echo "the guest printed no figures; see $serial"
    exit 1
}

echo "== paging: soft and hard faults, the modified page writer (a 64 MiB page file)"
# A page-file disk made for the run (tools/mkpagefile.sh), written out in
# full and cached by QEMU so that the host's block allocation stays out of
# the rates. rdtsc counts the faults' instructions exactly; the rates are
# the virtual clock's, which follows the host's disk while the guest
# waits: they vary from run to run, so the writer's is next to the raw
# rate of the same run.
"$(dirname "$0")/mkpagefile.sh" 64 "$OUT/pagefile.img"
dd if=/dev/zero of="$OUT/pagefile.img" bs=1M seek=1 count=63 conv=notrunc status=none
serial="$OUT/guest-paging.serial"
timeout 300 qemu-system-i386 -accel tcg -icount shift=0 -display none \
    -no-reboot -monitor none -serial "file:$serial" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 64M \
    -drive "file=$OUT/pagefile.img,format=raw,if=ide,index=0,media=disk,cache=unsafe" \
    -kernel "$KERNEL" -append "bench=paging hal=pic" >/dev/null 2>&1 || true
rm -f "$OUT/pagefile.img"
grep -a '^bench guest paging' "$serial" | tr -d '\r' || {
    echo "the guest printed no figures; see $serial"
    exit 1
}

echo "== fast mutex, uncontended pair (i686 kernel, QEMU -icount shift=0), PIC then APIC"
guest_bench fastmutex hal=pic
guest_bench fastmutex hal=apic

# The pool against the C library's malloc and the allocators Debian ships
# (tools/deps.sh bench installs them when it can; a missing one is skipped).
echo "== pool vs malloc (host x86-64, callgrind, instructions per alloc+free pair)"
tools/deps.sh bench || echo "(some allocators are missing; their rows are skipped)"
library() { ldconfig -p | awk -v n="$1" '$1 == n { print $NF; exit }'; }
# count BINARY PRELOAD CASE PAIRS FUNCTION...: instructions per pair.
count() {
    local binary=$1 preload=$2 case=$3 pairs=$4 file="$OUT/callgrind.pool.$3"
    shift 4
    local toggles=()
    for f in "$@"; do toggles+=("--toggle-collect=$f"); done
    env ${preload:+LD_PRELOAD=$preload} valgrind --tool=callgrind \
        --callgrind-out-file="$file" "${toggles[@]}" "$binary" "$case" \
        "$pairs" >/dev/null 2>&1 || { echo "-"; return; }
    awk -v pairs="$pairs" '/^(summary|totals):/ { printf "%.1f", $2 / pairs; exit }' "$file"
}
ratio() {
    env ${2:+LD_PRELOAD=$2} "$1" random 0 2>/dev/null | awk '{ print $NF }'
}
printf 'bench %-9s %10s %12s %12s %12s %12s\n' allocator "(a)64B" "(b)random" \
    "(c)churn256" "(d)lookaside" "peak/live(b)"
row() { # row NAME BINARY PRELOAD
    local a b c d r
    a=$(count "$2" "$3" tight64 1000000 BenchPoolTight)
    b=$(count "$2" "$3" random 100000 BenchPoolAllocateAll BenchPoolFreeAll)
    c=$(count "$2" "$3" churn256 1000000 BenchPoolChurn)
    if [ "$1" = pool ]; then
        d=$(count "$2" "" lookaside 1000000 BenchLookasidePairs)
    else
        d="n/a"
    fi
    r=$(ratio "$2" "$3")
    printf 'bench %-9s %10s %12s %12s %12s %12s\n' "$1" "$a" "$b" "$c" "$d" "$r"
}
row pool "$POOL_BENCH" ""
row glibc "$MALLOC_BENCH" ""
for lib in jemalloc:libjemalloc.so.2 mimalloc:libmimalloc.so.2 \
    tcmalloc:libtcmalloc_minimal.so.4; do
    path=$(library "${lib#*:}")
    if [ -n "$path" ]; then
        row "${lib%%:*}" "$MALLOC_BENCH" "$path"
    else
        echo "bench ${lib%%:*}: not installed, skipped"
    fi
done
floor=$(count "$POOL_BENCH" "" freelist 1000000 BenchBareFreeListPairs)
echo "bench bare free list: $floor instructions per pair (the floor)"
echo "(malloc's peak is its resident set's growth; the pool's, its pages)"

echo "== pool in the guest (i686 kernel, QEMU -icount shift=0, PIC HAL)"
guest_bench pool "hal=pic"

echo "== interlocked, SLIST, spin lock variants (i686 kernel, QEMU -icount shift=0, PIC HAL)"
guest_bench interlocked "hal=pic"
