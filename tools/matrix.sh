#!/bin/bash
# The kernel on the machines people own: the ISO under BIOS (SeaBIOS,
# Bochs) and UEFI (OVMF, 64- and 32-bit), where the console must be the
# framebuffer; the suite on CPU models from the 486 on and on memory
# sizes from 8 MiB to past 4 GiB. Prints PASS/FAIL lines, a Markdown table
# of what was verified (also written to build/matrix.md, from which
# README's table is copied) and "N passed, N failed".
#   tools/matrix.sh KERNEL ISO SCREEN_TEXT
# `make test` runs it; `make test-matrix` runs it alone.
set -u
KERNEL=$1
ISO=$2
SCREEN_TEXT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(dirname "$KERNEL")
LOGS=$BUILD/test-logs/matrix
rm -rf "$LOGS" && mkdir -p "$LOGS"
. "$HERE/testlib.sh"
TABLE=$BUILD/matrix.md
ROWS=()

# Debian's ovmf and ovmf-ia32 packages: code read-only, a copy of the
# variable store per boot. The only 32-bit build is the Secure Boot one,
# which needs SMM; its empty variable store leaves Secure Boot off.
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
OVMF32_CODE=/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd
OVMF32_VARS=/usr/share/OVMF/OVMF32_VARS_4M.fd

# ovmf_args CODE VARS LOG: the q35 machine and its two flash chips.
ovmf_args() {
    cp "$2" "$3.vars"
    echo "-M q35$([ "$1" = "$OVMF32_CODE" ] && echo ",smm=on -global driver=cfi.pflash01,property=secure,value=on")" \
        "-drive if=pflash,format=raw,unit=0,readonly=on,file=$1" \
        "-drive if=pflash,format=raw,unit=1,file=$3.vars"
}

# variant_iso NAME SED_SCRIPT: the ISO with its grub.cfg edited.
variant_iso() {
    local tree="$LOGS/$1-tree"
    rm -rf "$tree" && cp -r "$BUILD/iso" "$tree"
    sed -i "$2" "$tree/boot/grub/grub.cfg"
    grub-mkrescue -o "$LOGS/$1.iso" "$tree" >"$LOGS/$1-iso.log" 2>&1 ||
        { cat "$LOGS/$1-iso.log"; return 1; }
    echo "$LOGS/$1.iso"
}

# row MACHINE FIRMWARE MEMORY STATUS: a table line from the last suite's
# serial log (what the kernel said about the CPU, console and HAL).
row() {
    local serial="$SUITE_LOG.serial" cpu console hal summary
    cpu=$(sed -n 's/^CPU: \(.*\)\r*$/\1/p' "$serial" | head -n 1 | tr -d '\r' | tr -s ' ')
    console=$(sed -n 's/^Console: \([^,(]*\).*/\1/p' "$serial" | head -n 1 | tr -d '\r')
    hal=$(grep -aq '^HAL: local APIC' "$serial" && echo APIC || echo "8259 PIC")
    grep -aq '^mm: global pages on' "$serial" && hal="$hal, global pages"
    summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$serial" | tail -n 1 | tr -d '\r')
    [ "$4" = 33 ] || summary="FAILED (${summary:-no summary}, status $4)"
    ROWS+=("| $1 | $2 | ${cpu:-?} | $3 | ${console:-?} | $hal | $summary |")
}

# suite MACHINE FIRMWARE MEMORY LABEL BOOT_ARGS...: run_suite plus a row.
suite() {
    local machine=$1 firmware=$2 memory=$3 label=$4
    shift 4
    run_suite "$label" "$@"
    row "$machine" "$firmware" "$memory" "$SUITE_STATUS"
}

# expect LABEL PATTERN: the last suite's serial log has a line matching.
expect() {
    if grep -aq -- "$2" "$SUITE_LOG.serial"; then
        pass "$1"
    else
        fail "$1: no line matching '$2' in $SUITE_LOG.serial"
    fi
}

# screendump LOG NAME: QEMU's picture of the screen in LOG.NAME.ppm, and
# the text SCREEN_TEXT reads off it in LOG.NAME.screen.
screendump() {
    local waited
    echo "screendump $1.$2.ppm" >&8
    for waited in $(seq 100); do
        [ -s "$1.$2.ppm" ] && break
        sleep 0.1
    done
    sleep 1 # the monitor may still be writing it
    "$SCREEN_TEXT" -b "$1.$2.ppm" >"$1.$2.screen" 2>&1
}

# screen_check LABEL STOP QEMU_ARGS...: boots to the shell, types `ver`,
# takes QEMU's screendump and reads the text on it with SCREEN_TEXT: the
# banner, the console line and the prompt must be there, drawn in the
# kernel's font, not a blank screen. With STOP=stop, `bugcheck` then
# must leave the stop screen: its STOP line, white on blue.
screen_check() {
    local label=$1 stop=$2 log status why=
    shift 2
    log="$LOGS/screen-$(echo "$label" | tr -c 'A-Za-z0-9\n' '_')"
    qemu_with_pipes "$log" 240 "$@"
    wait_for_serial "$log" '^nt> ' 1
    printf 'ver\r' >&7
    wait_for_serial "$log" '^nt> ' 2
    screendump "$log" shell
    # The last prompt ends in the cursor, which no glyph matches ('#').
    grep -q '^NT mini-kernel [0-9]' "$log.shell.screen" &&
        grep -q '^Console: framebuffer' "$log.shell.screen" &&
        [ "$(grep '^nt> ' "$log.shell.screen" | tail -n 1)" = "nt> #" ] ||
        why="the banner, console line and prompt with its cursor are not all on $log.shell.screen"
    if [ "$stop" = stop ]; then
        printf 'bugcheck e2 11 22 33 44\r' >&7
        wait_for_serial "$log" '^The system has been halted' 1
        screendump "$log" stop
        grep -q '^background 0000aa' "$log.stop.screen" &&
            grep -q '^\*\*\* STOP: 0x000000E2 (0x00000011,0x00000022,0x00000033,0x00000044)' "$log.stop.screen" ||
            why="$why${why:+; }no STOP line on blue on $log.stop.screen"
    fi
    echo quit >&8
    wait "$QEMU_PID"
    status=$?
    qemu_pipes_close
    if [ -z "$why" ]; then
        pass "$label"
    else
        fail "$label: $why (QEMU status $status)"
        cat "$log".*.screen 2>/dev/null | grep -v '^$' | tail -n 12 | sed 's/^/    | /'
    fi
}

# wait_for_serial LOG PATTERN COUNT: until LOG.serial has COUNT lines
# matching PATTERN (at most 180 s, or until QEMU is gone).
wait_for_serial() {
    local waited=0
    while [ "$(grep -ac -- "$2" "$1.serial" 2>/dev/null)" -lt "$3" ] &&
        [ "$waited" -lt 1800 ] && kill -0 "$QEMU_PID" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Bochs: the ISO as a CD-ROM under its BIOS, serial to a file, no display
# (its VNC server, waiting for nobody). It cannot exit by itself with a
# status, so the serial log's tally is awaited, then Bochs is stopped.
bochs_boot() {
    local log=$1 iso=$2 pid waited=0
    cat >"$log.bochsrc" <<RC
megs: 128
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$log.serial
display_library: rfb, options="timeout=0"
clock: sync=none, time0=local
cpu: ips=50000000
sound: driver=dummy
speaker: enabled=0
log: $log.bochs
panic: action=fatal
error: action=report
info: action=ignore
RC
    printf 'continue\nquit\n' >"$log.debugger" # Debian builds its debugger in
    : >"$log.serial"
    bochs -q -f "$log.bochsrc" -rc "$log.debugger" >"$log.stdout" 2>&1 </dev/null &
    pid=$!
    while ! grep -aqE '^[0-9]+ passed, [0-9]+ failed' "$log.serial" &&
        [ "$waited" -lt 6000 ] && kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    grep -aqE '^[0-9]+ passed, 0 failed' "$log.serial" && return 33
    grep -aqE '^[0-9]+ passed, [0-9]+ failed' "$log.serial" && return 35
    tail -n 5 "$log.stdout" | sed 's/^/    bochs: /'
    return 124
}

echo "== matrix: the ISOs"
TEST_ISO=$(variant_iso test 's/^set default=0/set default=1/; s/^set timeout=.*/set timeout=0/') || fail "test_iso: grub-mkrescue failed"
FB24_TEST_ISO=$(variant_iso fb24-test 's/^set default=0/set default=1/; s/^set timeout=.*/set timeout=0/; s/set nt_video=text/set nt_video=800x600x24/')
FB24_ISO=$(variant_iso fb24 's/^set timeout=.*/set timeout=0/; s/set nt_video=text/set nt_video=800x600x24/')
if xorriso -indev "$ISO" -report_el_torito plain 2>/dev/null | grep -q 'El Torito boot img : *1 *BIOS' &&
    xorriso -indev "$ISO" -report_el_torito plain 2>/dev/null | grep -q 'El Torito boot img : *2 *UEFI'; then
    pass "iso_is_hybrid_bios_and_uefi"
else
    fail "iso_is_hybrid_bios_and_uefi: $ISO lacks a BIOS or a UEFI El Torito image"
fi

echo "== matrix: firmware"
suite "QEMU pc" "SeaBIOS" 256M "SeaBIOS, ISO as CD-ROM" -m 256M -cdrom "$TEST_ISO"
expect seabios_reaches_the_banner 'NT mini-kernel [0-9]'
expect iso_loaded_by_grub '^Loaded by: GRUB'
expect seabios_console_is_vga_text '^Console: VGA text'
suite "QEMU pc" "SeaBIOS, GRUB gfxpayload=800x600x24" 256M \
    "SeaBIOS, 24-bit framebuffer" -m 256M -cdrom "$FB24_TEST_ISO"
expect seabios_console_is_24_bit_framebuffer '^Console: framebuffer 800x600, 24 bits'
screen_check seabios_framebuffer_24_bit_shows_the_banner no -m 256M -cdrom "$FB24_ISO"

# UEFI: QEMU's x86-64 binary runs the 64-bit firmware (GRUB then enters
# the kernel in 32-bit protected mode); the i386 binary the 32-bit one.
uefi() { # NAME CODE VARS QEMU_BINARY FIRMWARE_LABEL
    local name=$1 code=$2 vars=$3 binary=$4 firmware=$5
    if [ ! -f "$code" ] || [ ! -f "$vars" ]; then
        echo "SKIP $name: no $code (Debian's package for it is not installed)"
        ROWS+=("| QEMU q35 | $firmware | - | - | - | - | not run: no firmware |")
        return
    fi
    # A page-file disk on q35's AHCI controller (drivers/ahci*.c), so the
    # UEFI machines page too.
    "$HERE/mkpagefile.sh" 8 "$LOGS/$name-pagefile.img"
    # shellcheck disable=SC2046
    QEMU=$binary suite "QEMU q35" "$firmware" 512M "$firmware, ISO as CD-ROM, AHCI page file" \
        $(ovmf_args "$code" "$vars" "$LOGS/$name-suite") -m 512M -cdrom "$TEST_ISO" \
        -drive "file=$LOGS/$name-pagefile.img,format=raw,if=none,id=d0" \
        -device ide-hd,drive=d0,bus=ide.0
    rm -f "$LOGS/$name-pagefile.img"
    expect "${name}_reaches_the_banner" 'NT mini-kernel [0-9]'
    expect "${name}_pages_to_its_ahci_disk" '^mm: page file on .Device.Harddisk0.Partition0'
    expect "${name}_console_is_framebuffer" '^Console: framebuffer'
    # shellcheck disable=SC2046
    QEMU=$binary screen_check "${name}_framebuffer_shows_the_banner_and_the_stop_screen" stop \
        $(ovmf_args "$code" "$vars" "$LOGS/$name-screen") -m 512M -cdrom "$ISO"
}
uefi ovmf64 "$OVMF_CODE" "$OVMF_VARS" qemu-system-x86_64 "OVMF (UEFI x86-64)"
uefi ovmf32 "$OVMF32_CODE" "$OVMF32_VARS" qemu-system-i386 "OVMF (UEFI IA-32)"

echo "== matrix: Bochs"
SUITE_BOOT=bochs_boot suite "Bochs 2.7" "Bochs BIOS" 128M "Bochs, ISO as CD-ROM" "$TEST_ISO"
expect bochs_reaches_the_banner 'NT mini-kernel [0-9]'

echo "== matrix: no UART at COM1"
# Nothing to read the results from: QEMU's exit status says whether the
# suite, serial_presence_is_probed among it, passed.
log="$LOGS/no-com1"
timeout "$BOOT_TIMEOUT" "$QEMU" -accel tcg -display none -no-reboot -serial none \
    -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -m 128M \
    -kernel "$KERNEL" -append "test=all expect_no_serial=1" \
    </dev/null >"$log.stdout" 2>&1
status=$?
if [ $status -eq 33 ]; then
    pass "suite_runs_without_a_uart_at_com1"
    ROWS+=("| QEMU pc, -serial none | -kernel (QEMU's Multiboot) | as -cpu qemu32 | 128M | VGA text, no serial | APIC, global pages | passed (exit status) |")
else
    fail "suite_runs_without_a_uart_at_com1: QEMU exit status $status (33 is a pass)"
    ROWS+=("| QEMU pc, -serial none | -kernel (QEMU's Multiboot) | as -cpu qemu32 | 128M | VGA text, no serial | - | FAILED (status $status) |")
fi

echo "== matrix: CPU models"
for cpu in 486 pentium pentium3 coreduo qemu32 Skylake-Client max; do
    suite "QEMU pc, -cpu $cpu" "-kernel (QEMU's Multiboot)" 128M "-cpu $cpu" \
        -m 128M -cpu "$cpu" -kernel "$KERNEL" -append "test=all"
done
# What has to fall back where the feature is missing: no APIC, no PGE, no
# TSC (the benchmarks say they cannot measure and the boot goes on).
qemu_boot "$LOGS/bench-486" -m 32M -cpu 486 -kernel "$KERNEL" -append "bench=buddy"
status=$?
if [ $status -eq 33 ] &&
    grep -aq '^bench: this processor has no time-stamp counter' "$LOGS/bench-486.serial"; then
    pass "cpu_486_bench_says_there_is_no_tsc"
else
    fail "cpu_486_bench_says_there_is_no_tsc: QEMU exit status $status"
    show_tails "$LOGS/bench-486"
fi
grep -aq '^HAL: 8259 PIC' "$LOGS/suite-_cpu_486.serial" &&
    grep -aq '^mm: global pages off' "$LOGS/suite-_cpu_486.serial" &&
    pass "cpu_486_falls_back_to_the_pic_and_no_global_pages" ||
    fail "cpu_486_falls_back_to_the_pic_and_no_global_pages: see $LOGS/suite-_cpu_486.serial"

echo "== matrix: memory sizes"
for memory in 8M 64M 512M 2G 3584M; do
    suite "QEMU pc" "-kernel (QEMU's Multiboot)" "$memory" "-m $memory" \
        -m "$memory" -kernel "$KERNEL" -append "test=all"
done

{
    echo "| Machine | Firmware / loader | CPU (as the kernel reports it) | Memory | Console | Interrupts, paging | Kernel suite |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
} >"$TABLE"
echo "== matrix table ($TABLE)"
sed 's/^/    /' "$TABLE"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
