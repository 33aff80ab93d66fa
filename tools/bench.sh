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
# The boot files bench=io and bench=verifier need, comma-separated.
BOOT_IMAGES=${5:-}
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
for case in order0:BenchBuddyOrder0Pairs order3:BenchBuddyPairs \
    order0-batch:BenchBuddyBatches order3-batch:BenchBuddyBatches; do
    n=$(host_count "${case%%:*}" "${case#*:}")
    [ "${case%%:*}" = order0 ] && HOST_ORDER0=$n
    printf 'bench host %-13s %7s instructions per pair (%sx the free list)\n' \
        "${case%%:*}:" "$n" "$(awk -v a="$n" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')"
done
printf 'bench host %-13s %7s instructions per pair\n' "free-list:" "$floor"

echo "== guest (i686 kernel, QEMU -icount shift=0, rdtsc)"
# guest_bench NAME OPTIONS [QEMU-ARGS...]: one boot running bench=NAME,
# its figures.
guest_bench() {
    local serial="$OUT/guest-$1${2:+-${2//[^a-z]/}}.serial" name=$1 options=$2
    shift 2
    timeout 300 qemu-system-i386 -accel tcg -icount shift=0 -display none \
        -no-reboot -monitor none -serial "file:$serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 512M \
        -kernel "$KERNEL" "$@" -append "bench=$name $options" \
        >/dev/null 2>&1 || true
    local figures
    figures=$(grep -a '^bench guest' "$serial" | tr -d '\r')
    if [ -z "$figures" ]; then
        echo "the guest printed no figures; see $serial"
        exit 1
    fi
    printf '%s\n' "$figures" | tee -a "$OUT/guest.figures"
}
# guest_figure HAL-LINE-PREFIX: the figure (the first word after the
# colon) of the last "bench guest" line starting so (after a "HAL:" line naming HAL when one is given).
guest_figure() {
    awk -v want="bench guest $1:" -v hal="${2:-}" '
        /^bench guest HAL: / { current = $4 }
        index($0, want) == 1 && (hal == "" || current == hal) {
            split(substr($0, length(want) + 1), words, " "); figure = words[1] }
        END { print (figure == "" ? "-" : figure) }' "$OUT/guest.figures"
}
: >"$OUT/guest.figures"
guest_bench buddy ""

echo "== IRQL (i686 kernel, QEMU -icount shift=0), PIC then APIC, both lazy"
guest_bench irql hal=pic
guest_bench irql hal=apic
echo "== dispatcher in the guest (goal: round trip <= 600 instructions)"
guest_bench dispatcher hal=pic
guest_bench dispatcher hal=apic

echo "== ring 3: the null service (NtTestAlert) through int 0x2e and sysenter, a process's life"
guest_bench user hal=pic -initrd "$BOOT_IMAGES"

echo "== from ring 3: DeviceIoControl on the sample driver, next to the null service and a page's allocate+free"
# iobench.exe times its own round trips (rdtsc counts instructions under
# -icount) and prints "bench io" lines; the kernel loads ioctl.sys for it.
serial="$OUT/guest-io.serial"
timeout 300 qemu-system-i386 -accel tcg -icount shift=0 -display none \
    -no-reboot -monitor none -serial "file:$serial" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 512M \
    -kernel "$KERNEL" -initrd "$BOOT_IMAGES" -append "bench=io hal=pic" \
    >/dev/null 2>&1 || true
grep -a '^bench io' "$serial" | tr -d '\r' || {
    echo "the guest printed no figures; see $serial"
    exit 1
}

echo "== Driver Verifier: a driver's pool pair, unverified, tracked, on special pool"
guest_bench verifier hal=pic -initrd "$BOOT_IMAGES"

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
    if [ "$1" = pool ]; then
        POOL_A=$a POOL_B=$b POOL_C=$c
    fi
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

# The pool's fast paths through the exports (what a driver calls) and
# inline at a kernel call site of a constant size (kernel/pool_inline.h),
# then every figure issue 23 set a goal for, next to its goal.
echo "== pool fast paths: via export and inline, instructions per pair"
inline_a=$(count "$POOL_BENCH" "" tight64-inline 1000000 BenchPoolTightInline)
inline_c=$(count "$POOL_BENCH" "" churn256-inline 1000000 BenchPoolChurnInline)
# verdict FIGURE LIMIT: "met" when FIGURE <= LIMIT.
verdict() {
    awk -v f="$1" -v l="$2" 'BEGIN { if (f == "-" || f == "") print "no figure";
        else print (f + 0 <= l + 0 ? "met" : "missed") }'
}
printf 'bench %-27s %10s %8s   %s\n' "pool fast path" "via export" inline \
    "goals (export / inline)"
pool_line() { # pool_line NAME EXPORT INLINE EXPORT-GOAL INLINE-GOAL
    printf 'bench %-27s %10s %8s   <= %s: %s / %s\n' "$1" "$2" "$3" "$4" \
        "$(verdict "$2" "$4")" \
        "$([ "$5" = - ] && echo "no goal" || echo "<= $5: $(verdict "$3" "$5")")"
}
pool_line "host (a) 64-byte pair" "$POOL_A" "$inline_a" 64 50
pool_line "host (c) 256-byte churn pair" "$POOL_C" "$inline_c" 75 -
pool_line "guest (a) 64-byte pair" "$(guest_figure "pool (a) 64-byte pair")" \
    "$(guest_figure "pool (a) 64-byte pair inline")" 90 60
pool_line "guest (c) 256-byte churn pair" \
    "$(guest_figure "pool (c) 256-byte churn pair")" \
    "$(guest_figure "pool (c) 256-byte churn pair inline")" 110 -
echo "== the other goals (issues 18 and 23)"
goal_line() { # goal_line NAME FIGURE LIMIT WHY
    printf 'bench goal %-42s %8s   <= %s (%s): %s\n' "$1" "$2" "$3" "$4" \
        "$(verdict "$2" "$3")"
}
for hal in PIC APIC; do
    goal_line "guest event ping-pong round trip, $hal" \
        "$(guest_figure "event ping-pong" $hal)" 600 "issue 18"
    goal_line "guest fast-mutex pair, $hal" \
        "$(guest_figure "fast mutex pair inside ExAcquireFastMutex+ExReleaseFastMutex" $hal)" \
        30 "issue 18"
done
goal_line "host pool (b) random pair" "$POOL_B" 250.2 "before the front"
goal_line "guest pool (b) random pair" \
    "$(guest_figure "pool (b) random 16-2048 pair")" 400 "before the front"
goal_line "host buddy order-0 pair" "$HOST_ORDER0" 32 "issue 23"
goal_line "guest buddy order-0 pair" "$(guest_figure "order-0 pair")" 32 \
    "issue 23"
goal_line "guest lookaside pair" "$(guest_figure "pool (d) lookaside pair")" 24 \
    "issue 23"
goal_line "guest KeRaiseIrql+KeLowerIrql pair, APIC" \
    "$(guest_figure "raise/lower pair with calls and loop" APIC)" 20 "issue 23"
