#!/bin/bash
# `make bench`: the buddy allocator's cost in instructions per alloc+free
# pair, on the host (callgrind) and in the guest (rdtsc under QEMU with
# -icount shift=0), next to a bare free list of pages as the floor; then
# the IRQL's costs under each HAL (raise/lower pair, one interrupt).
#   tools/bench.sh KERNEL HOST_BENCH_BINARY
set -eu
KERNEL=$1
HOST_BENCH=$2
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
    timeout 120 qemu-system-i386 -accel tcg -icount shift=0 -display none \
        -no-reboot -monitor none -serial "file:$serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 128M \
        -kernel "$KERNEL" -append "bench=$1 $2" >/dev/null 2>&1 || true
    grep -a '^bench guest' "$serial" | tr -d '\r' || {
        echo "the guest printed no figures; see $serial"
        exit 1
    }
}
guest_bench buddy ""

echo "== IRQL (i686 kernel, QEMU -icount shift=0), lazy PIC then APIC TPR"
guest_bench irql hal=pic
guest_bench irql hal=apic
