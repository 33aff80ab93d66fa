#!/bin/bash
# The shell and the gdb commands, end to end. Boots the kernel as
# `make run` does (no test option: it lands in the shell), types commands
# on the serial line and on the PS/2 keyboard (QEMU's monitor), reads the
# answers, and checks that numbers move after alloc/free. Then attaches
# gdb to the same machine and checks that each lk-* command
# (tools/gdb/lk.py) prints what the shell printed for the same state.
# Prints PASS/FAIL lines for tools/test.sh.
#   tools/shell-test.sh KERNEL
set -u
KERNEL=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/.." # kernel.gdb sources tools/gdb/lk.py from the root
. "$HERE/qemu.sh"
LOGS=$(dirname "$KERNEL")/test-logs
mkdir -p "$LOGS"

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }

# ---- a session: QEMU with the serial line and the monitor on FIFOs -------

S= # the session's log prefix
qemu_pid=
# session_start NAME QEMU_ARGS... : boots (for ten minutes at most) and
# waits for the first prompt.
session_start() {
    S="$LOGS/shell-$1"
    shift
    qemu_with_pipes "$S" 600 -m 64M -kernel "$KERNEL" "$@"
    qemu_pid=$QEMU_PID
    wait_for_prompts 1 60
}

session_stop() {
    kill "$qemu_pid" 2>/dev/null
    wait "$qemu_pid" 2>/dev/null
    qemu_pipes_close
    wait 2>/dev/null
}
trap session_stop EXIT

# The serial log as lines, without CRs.
serial() { tr -d '\r' <"$S.serial"; }
prompts() { serial | grep -c '^nt> '; }

# wait_for_prompts COUNT SECONDS : 0 once COUNT prompts are out.
wait_for_prompts() {
    local want=$1 tenths=$(($2 * 10))
    while [ "$(prompts)" -lt "$want" ]; do
        kill -0 "$qemu_pid" 2>/dev/null || return 1
        [ "$tenths" -gt 0 ] || return 1
        sleep 0.1
        tenths=$((tenths - 1))
    done
}

# The output of the command typed at prompt N (the lines between the
# Nth prompt and the next).
output_of() {
    serial | awk -v n="$1" '/^nt> /{ c++; next } c == n'
}

# type_line TEXT : types TEXT and Enter on the serial line, waits for the
# next prompt, and leaves the command's output in $OUT. Escape sequences
# in TEXT are sent as they are (printf %b).
OUT=
type_line() {
    local before
    before=$(prompts)
    printf '%b\r' "$1" >&7
    if ! wait_for_prompts $((before + 1)) 60; then
        OUT="(no prompt came back)"
        return 1
    fi
    OUT=$(output_of "$before")
}

# The number in "mm: N of M managed frames free".
# `mem`'s free frames: the buddy allocator's and the zeroed list's (the
# zero-page thread keeps a few frames zeroed, free all the same).
free_frames() {
    echo "$1" | sed -n 's/^mm: page lists: free \([0-9]*\) .*/\1/p'
}

# check NAME CONDITION_STATUS WHY : one PASS or FAIL line.
check() {
    if [ "$2" -eq 0 ]; then
        pass "$1"
    else
        fail "$1: $3"
        echo "    --- last serial lines ($S.serial) ---"
        # awk 1 ends the last line (a prompt) so the next PASS starts a line
        serial | tail -n 15 | sed 's/^/    | /' | awk 1
    fi
}

# ---- session A: the commands, then gdb on the same machine ----------------

port=$((20000 + ($$ + 7919) % 20000))
# One boot file, for objdir \SystemRoot.
printf 'shell test\n' >"$LOGS/shell-boot-file.txt"
# The user images (the Makefile's USER_IMAGES) go along, for `run`.
images=$LOGS/shell-boot-file.txt
for image in ${USER_IMAGES:-}; do images="$images,$image"; done
session_start main -gdb "tcp:127.0.0.1:$port" -initrd "$images"
serial | grep -q '^Boot complete' && [ "$(prompts)" -ge 1 ]
check shell_prompt_after_boot $? "no 'nt> ' prompt after 'Boot complete'"

type_line help
missing=
for command in help mem pool lookaside pte vad space irql ver alloc free \
    test bugcheck reboot halt handles objdir lm verifier run start ps kill; do
    echo "$OUT" | grep -q "^  $command " || missing="$missing $command"
done
[ -z "$missing" ]
check shell_help_lists_every_command $? "missing:$missing"

# ver: the banner again, the CPU as CPUID has it, the console and serial.
type_line ver
echo "$OUT" | grep -q '^NT mini-kernel [0-9]' &&
    echo "$OUT" | grep -q '^Loaded by: qemu' &&
    echo "$OUT" | grep -q '^CPU: GenuineIntel family 6 ' &&
    echo "$OUT" | grep -q '^CPU features: cpuid .*apic' &&
    echo "$OUT" | grep -q '^Console: VGA text, 80x25' &&
    echo "$OUT" | grep -q '^Serial: COM1 at 3f8'
check shell_ver_names_kernel_cpu_and_console $? "ver said: $(echo "$OUT" | tr '\n' '|')"

# alloc and free of a big nonpaged block: the tag's row, the block and the
# free frame count move, and come back. The pool's big-block table is
# made by the first big allocation and stays: one alloc/free before.
why=
type_line "alloc np 5000 Warm"
type_line "free $(echo "$OUT" | sed -n 's/^allocated //p')"
type_line mem && free0=$(free_frames "$OUT")
type_line "pool Tst1"
echo "$OUT" | grep -q '^0 row(s) matching Tst1' || why="$why; Tst1 in use before alloc"
type_line "alloc np 5000 Tst1"
block=$(echo "$OUT" | sed -n 's/^allocated \([0-9a-f]*\)$/\1/p')
[ -n "$block" ] || why="$why; alloc printed no address"
type_line "pool Tst1"
echo "$OUT" | grep -Eq '^Tst1 Nonp +1 +0 +1 +8192 +0$' || why="$why; after alloc the row is not 1 0 1 8192 0"
type_line "pool ${block:-none}"
echo "$OUT" | grep -q "^$block is in block $block: Nonp pool, 8192 bytes, tag Tst1, in use, big" ||
    why="$why; pool ADDRESS does not find the block"
type_line mem && free1=$(free_frames "$OUT")
[ "${free1:-x}" = "$((${free0:-0} - 2))" ] || why="$why; free frames $free0 -> ${free1:-?}, expected two fewer"
type_line "free ${block:-none}"
echo "$OUT" | grep -q "^freed $block" || why="$why; free did not say freed"
type_line "pool Tst1"
echo "$OUT" | grep -Eq '^Tst1 Nonp +1 +1 +0 +0 +0$' || why="$why; after free the row is not 1 1 0 0 0"
type_line "pool ${block:-none}"
echo "$OUT" | grep -q "^$block is not in a pool block" || why="$why; the freed block is still found"
type_line mem && free2=$(free_frames "$OUT")
[ "${free2:-x}" = "${free0:-y}" ] || why="$why; free frames ${free2:-?} after free, $free0 before alloc"
[ -z "$why" ]
check shell_alloc_and_free_move_the_numbers $? "${why#; } (frames $free0 $free1 $free2)"

# A small paged block: in the paged pool range, in a slab, its page walk
# ends at a frame the PFN database says the pool owns.
why=
type_line "alloc PagedPool 100 Tst2"
paged=$(echo "$OUT" | sed -n 's/^allocated \([0-9a-f]*\)$/\1/p')
case "$paged" in e*) ;; *) why="$why; '$paged' is not in the paged pool range" ;; esac
type_line "pte ${paged:-none}"
pte_out=$OUT
echo "$OUT" | grep -q '^PTE at c03[89a-f][0-9a-f]* = [0-9a-f]*  valid write kernel' || why="$why; pte shows no valid kernel PTE"
echo "$OUT" | grep -q '^PFN [0-9a-f]*: state Active, usage Pool' || why="$why; the frame is not the pool's"
type_line "pool ${paged:-none}"
block_out=$OUT
echo "$OUT" | grep -q "^$paged is in block $paged: Paged pool, 104 bytes, tag Tst2, in use, in a slab" ||
    why="$why; pool ADDRESS: '$OUT'"
[ -z "$why" ]
check shell_paged_block_in_pte_and_pool $? "${why#; }"

# The regions of the current space: the system process has no user
# regions; the paged pool has the block's page mapped, the system PTE range
# says how much of it is free; `space` is the same command.
type_line vad
vad_out=$OUT
echo "$OUT" | grep -q '), the system process: 0 user region(s)$' &&
    echo "$OUT" | grep -Eq '^  e0000000-efffffff +65536 +[1-9][0-9]*  paged pool$' &&
    echo "$OUT" | grep -Eq '^  c0800000-dfffffff +129024 +[0-9]+  system PTEs: [0-9]+ of 129024 pages free$' &&
    echo "$OUT" | grep -Eq '^  80000000-83ffffff +16384 +1[0-9]{4}  direct map'
vad_ok=$?
type_line space
[ $vad_ok -eq 0 ] && [ "$OUT" = "$vad_out" ]
check shell_vad_shows_the_address_space $? "'$vad_out'"

# The shell works on each line in a buffer from its lookaside list: one
# more allocation per command, all hits once the list holds one.
type_line lookaside
first=$(echo "$OUT" | awk '$3 == "Shel" { print $8, $9 }')
type_line lookaside
second=$(echo "$OUT" | awk '$3 == "Shel" { print $8, $9 }')
[ -n "$first" ] && [ "${second%% *}" = "$((${first%% *} + 1))" ] &&
    [ "${second#* }" = "${first#* }" ]
check shell_lookaside_counts_move $? "Shel allocations/misses '$first' then '$second'"

type_line irql
ticks1=$(echo "$OUT" | sed -n 's/^Ticks: \([0-9]*\) .*/\1/p')
echo "$OUT" | grep -q '^IRQL 0 (PASSIVE_LEVEL); HAL: APIC' &&
    echo "$OUT" | grep -Eq '^  vector e0 +[0-9]+  clock, IRQL 28$'
irql_ok=$?
sleep 0.5
type_line irql
ticks2=$(echo "$OUT" | sed -n 's/^Ticks: \([0-9]*\) .*/\1/p')
[ $irql_ok -eq 0 ] && [ "${ticks2:-0}" -gt "${ticks1:-0}" ]
check shell_irql_shows_passive_and_ticks_advance $? "ticks ${ticks1:-?} then ${ticks2:-?}"

# Bad input: a short line each, never a fault; the shell still answers
# and nothing leaked.
why=
type_line mem && free0=$(free_frames "$OUT")
while IFS='|' read -r line want; do
    type_line "$line"
    echo "$OUT" | grep -q -- "$want" || why="$why; '$line' gave '$OUT'"
done <<'BAD'
frobnicate|^Unknown command 'frobnicate'
pte|^usage: pte ADDRESS
pte 12345678zz|^usage: pte ADDRESS
pool 0xzz|^usage: pool
pool a b|^usage: pool
alloc np|^usage: alloc TYPE SIZE TAG
alloc Bogus 10 Tag|^usage: alloc TYPE SIZE TAG
alloc np 12x Tag|^usage: alloc TYPE SIZE TAG
alloc np 10 TooLong|^usage: alloc TYPE SIZE TAG
alloc np 4000000000 Huge|failed: not enough pool
free|^usage: free ADDRESS
free 80100000|not a block alloc made
bugcheck|^usage: bugcheck
bugcheck 1 2 3 4 5 6|^usage: bugcheck
bugcheck xyz|^usage: bugcheck
test no_such_test|^FAIL selection: no test named 'no_such_test'
a b c d e f g h i j|^Too many words
BAD
# The failed allocation made the pool reclaim its empty slabs: frames may
# come back, none may go missing.
type_line mem
[ "$(free_frames "$OUT")" -ge "$free0" ] || why="$why; free frames $(free_frames "$OUT"), $free0 before"
[ -z "$why" ]
check shell_bad_input_gets_a_usage_line $? "${why#; }"

# Every failed request is counted, in the total and under its tag: an
# oversize one (0xFFFFFFFF and 4294963201 bytes, which no page count
# holds) as well as one memory cannot meet (1 GiB on 64 MiB).
failed_total() { echo "$1" | sed -n 's/.*failed allocations: \([0-9]*\)$/\1/p'; }
type_line "pool Fail"
failed0=$(failed_total "$OUT")
for size in 4294967295 4294963201 1073741824; do
    type_line "alloc np $size Fail"
done
type_line "pool Fail"
[ -n "$failed0" ] && [ "$(failed_total "$OUT")" = "$((failed0 + 3))" ] &&
    echo "$OUT" | grep -Eq '^Fail Nonp +0 +0 +0 +0 +3$'
check shell_failed_allocations_are_counted_per_tag $? "before: ${failed0:-?} failed; after: $(echo "$OUT" | tr '\n' '|')"

# Line editing on the serial line: Up recalls, Backspace (DEL) and Left
# edit, Ctrl-C drops a line.
why=
type_line 'irqx\x7fl'
echo "$OUT" | grep -q '^IRQL 0' || why="$why; backspace: '$OUT'"
type_line 'lookaside'
type_line '\033[A\033[A'
echo "$OUT" | grep -q '^IRQL 0' || why="$why; Up Up did not run irql again"
type_line 'mm\033[De'
echo "$OUT" | grep -q '^mm: physical memory map' || why="$why; Left and insert: '$OUT'"
type_line 'help\003'
[ -z "$OUT" ] || why="$why; Ctrl-C ran the line"
[ -z "$why" ]
check shell_line_editing_and_history $? "${why#; }"

# Lines longer than the screen scroll and run, up to 255 characters;
# longer ones are refused whole. Tag patterns: '*' is any run wherever it
# stands. An ESC before a sequence is dropped. Commands ignore case.
type_line "pool$(printf '%150s' '')Tst2"
echo "$OUT" | grep -Eq '^Tst2 Paged +1 ' &&
    echo "$OUT" | grep -q '^1 row(s) matching Tst2;'
long_ok=$?
long_out=$OUT
type_line "$(printf '%300s' '')ver"
[ $long_ok -eq 0 ] &&
    [ "$OUT" = "The line is too long (255 characters at most); it was not run." ]
check shell_long_lines_scroll_up_to_the_limit $? "200 characters: '$long_out'; 303: '$OUT'"
type_line "pool T*2"
pattern_out=$OUT
echo "$OUT" | grep -q '^Tst2 ' && ! echo "$OUT" | grep -q '^Tst1 ' &&
    echo "$OUT" | grep -q '^1 row(s) matching T\*2;'
check shell_tag_patterns_match_as_documented $? "pool T*2: $(echo "$OUT" | tr '\n' '|')"
type_line irql
type_line '\033\033[A'
echo "$OUT" | grep -q '^IRQL 0 (PASSIVE_LEVEL)' &&
    [ "$(serial | grep '^nt> ' | tail -n 2 | head -n 1)" = "nt> irql" ]
check shell_stray_escape_is_discarded $? "ESC ESC [ A gave: $(serial | grep '^nt> ' | tail -n 2 | head -n 1 | cat -v)"
type_line VER
ver_out=$OUT
type_line Help
echo "$ver_out" | grep -q '^NT mini-kernel [0-9]' && echo "$OUT" | grep -q '^  lookaside '
check shell_commands_ignore_case $? "VER: '$(echo "$ver_out" | head -n 1)'; Help: '$(echo "$OUT" | head -n 1)'"

# objdir: the namespace as WinObj shows it; a link is followed to its
# directory; what is missing or no directory is said so.
why=
type_line objdir
echo "$OUT" | grep -q '^Directory \\$' || why="$why; root: no header"
echo "$OUT" | grep -Eq '^  BaseNamedObjects +Directory$' || why="$why; no BaseNamedObjects"
echo "$OUT" | grep -Eq '^  ObjectTypes +Directory$' || why="$why; no ObjectTypes"
echo "$OUT" | grep -Eq '^  DosDevices +SymbolicLink +-> \\\?\?$' || why="$why; no DosDevices link"
echo "$OUT" | grep -Eq '^[0-9]+ object\(s\)$' || why="$why; no count"
type_line 'objdir \\objecttypes'
echo "$OUT" | grep -q '^Directory \\ObjectTypes$' &&
    echo "$OUT" | grep -Eq '^  Event +Type$' &&
    echo "$OUT" | grep -Eq '^  Thread +Type$' || why="$why; ObjectTypes: $(echo "$OUT" | tr '\n' '|')"
type_line 'objdir \\DosDevices'
echo "$OUT" | grep -q '^Directory \\??$' || why="$why; DosDevices: $(echo "$OUT" | tr '\n' '|')"
type_line 'objdir \\NoSuchDirectory'
echo "$OUT" | grep -q 'not found (status c0000034)' || why="$why; missing: $OUT"
type_line 'objdir \\SystemRoot'
echo "$OUT" | grep -q '^Directory \\SystemRoot$' &&
    echo "$OUT" | grep -Eq '^  shell-boot-file.txt +BootFile +11 bytes$' || why="$why; SystemRoot: $(echo "$OUT" | tr '\n' '|')"
type_line 'objdir \\ObjectTypes\\Event'
echo "$OUT" | grep -q '^\\ObjectTypes\\Event is a Type, not a directory$' || why="$why; Event: $OUT"
[ -z "$why" ]
check shell_objdir_lists_the_namespace $? "${why#; }"

# lm: the kernel's two records (ntoskrnl.exe and hal.dll are one image
# here); drivers appear as they load (the gdb part below loads one).
type_line lm
lm_out=$OUT
kernel_range=$(echo "$OUT" | awk '$3 == "ntoskrnl.exe" { print $1, $2 }')
echo "$OUT" | grep -q '^start    end      module name$' &&
    echo "$OUT" | grep -Eq '^[0-9a-f]{8} [0-9a-f]{8} ntoskrnl.exe +loads 1$' &&
    echo "$OUT" | grep -Eq "^$kernel_range hal.dll +loads 1\$" &&
    echo "$OUT" | grep -q '^2 module(s)$'
check shell_lm_lists_the_kernel_images $? "$(echo "$OUT" | tr '\n' '|')"

# verifier: none verified at first; a name added before its load is
# verified when it loads, its counters listed, and removed once unloaded.
type_line verifier
why=
echo "$OUT" | grep -q '^verifier flags: 0x00000009$' &&
    echo "$OUT" | grep -q '^(no driver is verified' || why="$why; query: $(echo "$OUT" | tr '\n' '|')"
type_line 'verifier /add ioctl.sys'
echo "$OUT" | grep -q '^ioctl.sys: verified from its next load$' || why="$why; add: $OUT"
type_line 'load ioctl'
type_line verifier
echo "$OUT" | grep -Eq '^ioctl.sys +yes +1 +[0-9]+ +[0-9]+ +[0-9]+ ' || why="$why; loaded: $(echo "$OUT" | tr '\n' '|')"
# NT's global counters: forced IRQL checking and deadlock detection are
# off (flags 9), so nothing is trimmed and no lock is in the graph.
echo "$OUT" | grep -Eq '^irql raises [0-9]+, spin locks [0-9]+, synchronize execution [0-9]+$' &&
    echo "$OUT" | grep -q '^trims: asked 0, done 0, pages 0$' &&
    echo "$OUT" | grep -q '^deadlock detection: locks 0, edges 0, acquired 0, released 0$' || why="$why; counters: $(echo "$OUT" | tr '\n' '|')"
type_line 'verifier ioctl.sys'
echo "$OUT" | grep -Eq '^ioctl.sys: [0-9]+ live block' || why="$why; blocks: $OUT"
type_line 'verifier /remove ioctl.sys'
echo "$OUT" | grep -q '^ioctl.sys: refused (status c000010e)$' || why="$why; removed while loaded: $OUT"
type_line 'unload ioctl'
type_line 'verifier /remove ioctl.sys'
echo "$OUT" | grep -q '^ioctl.sys: no longer verified$' || why="$why; remove: $OUT"
[ -z "$why" ]
check shell_verifier_adds_queries_and_removes_a_driver $? "${why#; }"

# handles: the system process's table, a row per handle and the count.
type_line handles
rows=$(echo "$OUT" | grep -Ec '^[0-9a-f]{8} (0x)?[0-9a-f]{8} ')
echo "$OUT" | grep -q '^Handle   Object   Type         Access   Name$' &&
    echo "$OUT" | grep -q "^$rows handle(s) in the table of process 4 (System)"
check shell_handles_lists_the_system_table $? "$(echo "$OUT" | tr '\n' '|')"

# run: a program from \SystemRoot in ring 3, its output and exit status;
# ps lists the system process; a program that does not exist is named.
why=
type_line "run hello one two"
echo "$OUT" | grep -q '^hello, world$' &&
    echo "$OUT" | grep -q '^argv\[2\] = "two"$' &&
    echo "$OUT" | grep -Eq '^hello.exe \(process [0-9]+\) exited with status 0x00000000$' ||
    why="$why; run hello: $(echo "$OUT" | tr '\n' '|')"
type_line "ps"
echo "$OUT" | grep -Eq '^ +4 +0 +[0-9]+ +running +System$' ||
    why="$why; ps: $(echo "$OUT" | tr '\n' '|')"
type_line "run nosuch"
echo "$OUT" | grep -q '^run: nosuch.exe: not found (c0000034)$' ||
    why="$why; run nosuch: $(echo "$OUT" | tr '\n' '|')"
type_line "kill 4"
echo "$OUT" | grep -q '^kill: process 4: the system process cannot be ended' ||
    why="$why; kill 4: $(echo "$OUT" | tr '\n' '|')"
type_line "kill 0"
echo "$OUT" | grep -q '^kill: process 0: the idle process cannot be ended' ||
    why="$why; kill 0: $(echo "$OUT" | tr '\n' '|')"
[ -z "$why" ]
check shell_runs_programs_and_lists_processes $? "${why#; }"

# wait_for_lines PATTERN COUNT SECONDS : 0 once COUNT serial lines match
# (output a program prints while the shell waits at its prompt).
wait_for_lines() {
    local tenths=$(($3 * 10))
    while [ "$(serial | grep -Ec -- "$1")" -lt "$2" ]; do
        [ "$tenths" -gt 0 ] || return 1
        sleep 0.1
        tenths=$((tenths - 1))
    done
}
WAITING='^hello: waiting on HelloWait$'

# start: a long-lived program (hello --wait) in the background; ps, vad
# and handles reach it; kill ends it with taskkill's exit code 1, and the
# exit line comes before kill's prompt; then ps no longer lists it.
why=
waiting=$(serial | grep -Ec "$WAITING")
type_line "start hello --wait"
pid=$(echo "$OUT" | sed -n 's/^hello.exe started as process \([0-9]*\)$/\1/p')
[ -n "$pid" ] || why="$why; start: $(echo "$OUT" | tr '\n' '|')"
pid=${pid:-none}
wait_for_lines "$WAITING" $((waiting + 1)) 30 || why="$why; it never said it waits"
type_line ps
echo "$OUT" | grep -Eq "^ +$pid +[0-9]+ +1 +running +hello.exe\$" ||
    why="$why; ps: $(echo "$OUT" | tr '\n' '|')"
type_line "vad $pid"
vad_user=$OUT
for want in "^Process (0x)?[0-9a-f]{8} \\(CR3 [0-9a-f]{8}\\), process $pid \\(hello.exe\\): [0-9]+ user region" \
    ' MEM_IMAGE [A-Z_]+: image hello.exe$' ' MEM_IMAGE [A-Z_]+: image ntdll.dll$' \
    ' MEM_IMAGE [A-Z_]+: image kernel32.dll$' ' MEM_PRIVATE READWRITE: PEB' \
    ' MEM_PRIVATE READWRITE: .*TEB of thread [0-9]+' \
    ' MEM_PRIVATE READWRITE: stack of thread [0-9]+$' \
    ' MEM_PRIVATE READWRITE: process parameters, loader lists$' \
    ' MEM_PRIVATE READWRITE: process heap$'; do
    echo "$vad_user" | grep -Eq -- "$want" || why="$why; vad: no '$want'"
done
type_line "handles $pid"
echo "$OUT" | grep -Eq '^[0-9a-f]{8} (0x)?[0-9a-f]{8} Event +[0-9a-f]{8} \\BaseNamedObjects\\HelloWait$' &&
    echo "$OUT" | grep -Eq "^[1-9][0-9]* handle\\(s\\) in the table of process $pid \\(hello.exe\\)$" ||
    why="$why; handles: $(echo "$OUT" | tr '\n' '|')"
type_line "kill $pid"
echo "$OUT" | grep -q "^process $pid is ending$" &&
    echo "$OUT" | grep -q "^hello.exe (process $pid) exited with status 0x00000001$" ||
    why="$why; kill: $(echo "$OUT" | tr '\n' '|')"
type_line ps
echo "$OUT" | grep -Eq "^ +$pid " && why="$why; ps after kill: $(echo "$OUT" | tr '\n' '|')"
[ "$(serial | grep -c "^hello.exe (process $pid) exited")" = 1 ] ||
    why="$why; the exit line came $(serial | grep -c "^hello.exe (process $pid) exited") times"
[ -z "$why" ]
check shell_start_ps_vad_handles_and_kill_reach_a_process $? "${why#; } (vad: $(echo "$vad_user" | tr '\n' '|'))"

# A started program that ends by itself: its exit line comes once, before
# a later prompt.
why=
type_line "start hello by itself"
pid=$(echo "$OUT" | sed -n 's/^hello.exe started as process \([0-9]*\)$/\1/p')
exited="^hello.exe \\(process ${pid:-none}\\) exited with status 0x00000000\$"
for _ in $(seq 50); do
    serial | grep -Eq "$exited" && break
    sleep 0.2
    type_line ""
done
[ -n "$pid" ] && [ "$(serial | grep -Ec "$exited")" = 1 ] &&
    serial | grep -q '^argv\[2\] = "itself"$'
check shell_start_reports_a_program_that_ends $? "pid '${pid:-}', $(serial | grep -Ec "$exited") exit line(s)"

# Ctrl-C (0x03) while run waits ends the program with
# STATUS_CONTROL_C_EXIT.
before=$(prompts)
waiting=$(serial | grep -Ec "$WAITING")
printf 'run hello --wait\r' >&7
wait_for_lines "$WAITING" $((waiting + 1)) 30
printf '\003' >&7
wait_for_prompts $((before + 1)) 30
OUT=$(output_of "$before")
echo "$OUT" | grep -q '^\^C$' &&
    echo "$OUT" | grep -Eq '^hello.exe \(process [0-9]+\) exited with status 0xc000013a$'
check shell_ctrl_c_ends_a_running_program $? "$(echo "$OUT" | tr '\n' '|')"

type_line "test identity_map_dropped,running_in_high_half"
echo "$OUT" | grep -q '^PASS running_in_high_half' &&
    echo "$OUT" | grep -q '^2 passed, 0 failed'
check shell_runs_named_kernel_tests $? "'$OUT'"
type_line "test"
echo "$OUT" | grep -Eq '^[0-9]{2,} passed, 0 failed$'
check shell_runs_the_kernel_suite $? "$(echo "$OUT" | grep -E '^FAIL|passed' | tr '\n' '|')"

# A crash test would stop the machine, boot_wrong_magic halt it: both are
# refused by name, and the shell goes on. An unknown name in a list is a
# failure that names it; the rest of the list runs.
why=
for name in crash_free_twice boot_wrong_magic; do
    type_line "test $name"
    echo "$OUT" | grep -q "^FAIL selection: $name is a crash test, which stops the machine; it runs alone, at boot, with crash=$name$" &&
        echo "$OUT" | grep -q '^0 passed, 1 failed$' || why="$why; test $name: '$(echo "$OUT" | tr '\n' '|')'"
done
type_line "test running_in_high_half,nosuch"
echo "$OUT" | grep -q "^FAIL selection: no test named 'nosuch'$" &&
    echo "$OUT" | grep -q '^PASS running_in_high_half$' &&
    echo "$OUT" | grep -q '^1 passed, 1 failed$' || why="$why; a list with nosuch: '$(echo "$OUT" | tr '\n' '|')'"
type_line ver
echo "$OUT" | grep -q '^NT mini-kernel [0-9]' && ! serial | grep -q '^\*\*\* STOP' ||
    why="$why; the shell stopped answering"
[ -z "$why" ]
check shell_test_refuses_crash_tests_and_unknown_names $? "${why#; }"

# The PS/2 keyboard and the VGA screen: keys typed through the monitor
# run the command; the text screen (read from 0xB8000) shows it, the
# mistyped x gone (backspace moves left on VGA, erasing nothing, and the
# editor blanks it).
before=$(prompts)
for key in i r q x backspace l ret; do echo "sendkey $key" >&8; done
wait_for_prompts $((before + 1)) 30
output_of "$before" | grep -q '^IRQL 0 (PASSIVE_LEVEL)'
keyboard=$?
echo "xp /2000hx 0xb8000" >&8
for _ in $(seq 100); do # 2000 cells, 8 per line
    [ "$(grep -ac '^[0-9a-f]*:' "$S.monitor")" -ge 250 ] && break
    sleep 0.1
done
# Each cell is a halfword: attribute high, character low; 80 per row.
grep -a '^[0-9a-f]*:' "$S.monitor" | grep -ao '0x[0-9a-f]\{4\}' |
    while read -r cell; do printf "\\x${cell:4:2}"; done | fold -w 80 >"$S.vga"
[ $keyboard -eq 0 ] && grep -q '^nt> irql *$' "$S.vga" && grep -q '^IRQL 0 (PASSIVE_LEVEL)' "$S.vga"
check shell_on_keyboard_and_vga $? "keyboard $keyboard; VGA rows: $(tail -n 3 "$S.vga" | tr -s ' ' | tr '\n' '|')"

# ---- gdb on the same machine -------------------------------------------------

# The state the shell reports now, for each lk-* command to match.
type_line "pool" && pool_out=$OUT
type_line "mem" && mem_out=$OUT
type_line "lookaside" && lookaside_out=$OUT

# gdb_batch NAME WHERE COMMAND... : attaches, runs the commands with a
# marker line before each, detaches; the output of command C is then
# `lk_output NAME C`. WHERE "shell" first runs to where the shell waits for
# a key (PASSIVE_LEVEL, no lock held); "here" reads the machine as it is.
gdb_batch() {
    local name=$1 where=$2 args=() command
    shift 2
    [ "$where" = shell ] &&
        args+=(-ex "hbreak KiConsoleInputGet" -ex "continue" -ex "delete")
    for command in "$@"; do args+=(-ex "echo @@ $command\\n" -ex "$command"); done
    timeout 120 gdb -batch -nx "$KERNEL" -x tools/gdb/kernel.gdb \
        -ex "target remote 127.0.0.1:$port" "${args[@]}" -ex "detach" \
        </dev/null >"$S.gdb-$name" 2>&1
}
lk_output() {
    awk -v want="@@ $2" '/^@@ / { on = ($0 == want); next } on' "$S.gdb-$1"
}
gdb_batch state shell "lk-pte 0x$paged" "lk-pool" "lk-pool Tst?" "lk-pool T*2" \
    "lk-pool-block 0x$paged" "lk-buddy" \
    "lk-lists &ExpLookasideListHead GENERAL_LOOKASIDE ListEntry" \
    "lk-bugcheck" "lk-vm" "help user-defined"

# The same lines, in the same order, from the kernel and from gdb.
same_lines() { # PATTERN SHELL_TEXT GDB_TEXT
    local a b
    a=$(echo "$2" | grep -E "$1")
    b=$(echo "$3" | grep -E "$1")
    [ -n "$a" ] && [ "$a" = "$b" ]
}

names=$(lk_output state "help user-defined")
missing=
for command in lk-pte lk-pool lk-pool-block lk-buddy lk-irql lk-bugcheck lk-lists lk-threads lk-thread lk-lm lk-driver-symbols lk-vm; do
    echo "$names" | grep -q "^$command -- " || missing="$missing $command"
done
[ -z "$missing" ]
check gdb_lk_commands_listed_by_help $? "missing:$missing"

got=$(lk_output state "lk-pte 0x$paged")
same_lines '^(VA|PDE at|PTE at|PFN) ' "$pte_out" "$got" &&
    echo "$got" | grep -q '^(physical memory read from CR3 agrees)'
check gdb_lk_pte_matches_shell_pte $? "shell: $(echo "$pte_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-pool")
same_lines '.' "$pool_out" "$got"
check gdb_lk_pool_matches_shell_pool $? "shell: $(echo "$pool_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-pool Tst?")
[ "$(echo "$got" | grep -c '^Tst')" = 2 ] && same_lines '^Tst2 ' "$pool_out" "$got"
check gdb_lk_pool_filters_by_tag $? "gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-pool T*2")
same_lines '^Tst' "$pattern_out" "$got" && ! echo "$got" | grep -q '^Tst1 '
check gdb_lk_pool_patterns_match_the_shells $? "shell: $(echo "$pattern_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-pool-block 0x$paged")
same_lines '.' "$block_out" "$got"
check gdb_lk_pool_block_matches_shell_pool_address $? "shell '$block_out' gdb '$got'"

got=$(lk_output state "lk-vm")
same_lines '^mm: (page lists|commit charge|page file|no page file|faults|idle processes|page-file sections)' "$mem_out" "$got"
check gdb_lk_vm_matches_shell_mem $? "shell: $(echo "$mem_out" | grep '^mm: \(page\|commit\|no page\|faults\|idle\)' | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-buddy")
same_lines '^mm: (free blocks|  (DMA|low|high) |[0-9]+ of [0-9]+ managed)' "$mem_out" "$got" &&
    echo "$got" | grep -q 'the counts agree'
check gdb_lk_buddy_matches_shell_mem $? "gdb: $(echo "$got" | tr '\n' '|')"

# A shell command and its gdb twin at one moment, so that every line must
# agree: gdb types the command (through the FIFO, once its breakpoint is
# set), stops where the command's routine starts, turns interrupts off (no
# tick, no count moves), runs its twin, lets the command print up to its
# return and turns interrupts on again. Leaves $shell_out and $got.
at_one_moment() { # NAME BREAKPOINT SHELL_LINE GDB_COMMAND
    before=$(prompts)
    timeout 120 gdb -batch -nx "$KERNEL" -x tools/gdb/kernel.gdb \
        -ex "target remote 127.0.0.1:$port" -ex "hbreak $2" \
        -ex "shell printf '$3\\r' > '$S.com1.in'" -ex "continue" \
        -ex 'set $eflags = $eflags & ~0x200' \
        -ex 'set $shell_return = *(unsigned int *)$esp' \
        -ex "echo @@ $4\\n" -ex "$4" -ex "echo @@ end\\n" \
        -ex "delete" -ex 'hbreak *$shell_return' -ex "continue" \
        -ex 'set $eflags = $eflags | 0x200' -ex "delete" -ex "detach" \
        </dev/null >"$S.gdb-$1" 2>&1
    wait_for_prompts $((before + 1)) 60
    shell_out=$(output_of "$before")
    got=$(lk_output "$1" "$4")
}
at_one_moment irql KiShellIrql irql lk-irql
irql_out=$shell_out
[ -n "$got" ] && [ "$got" = "$irql_out" ] &&
    echo "$got" | grep -Eq '^  vector e0 +[0-9]+  clock, IRQL 28$'
check gdb_lk_irql_matches_shell_irql $? "shell: $(echo "$irql_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

at_one_moment lm KiShellModules lm lk-lm
[ -n "$got" ] && [ "$got" = "$shell_out" ] && [ "$got" = "$lm_out" ]
check gdb_lk_lm_matches_shell_lm $? "shell: $(echo "$shell_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

# A driver's symbols at its load address: the shell runs the loader's
# test, gdb stops it while loadtest.sys is loaded (at
# MmFreeDriverInitialization) and, stopping, loads its DWARF copy by
# itself: the line gdb gives LoadTestRun, asked before lk-driver-symbols,
# is in the loaded image; lk-driver-symbols says where they came from.
before=$(prompts)
timeout 120 gdb -batch -nx "$KERNEL" -x tools/gdb/kernel.gdb \
    -ex "target remote 127.0.0.1:$port" -ex "hbreak MmFreeDriverInitialization" \
    -ex "shell printf 'test sysldr_loads_relocates_binds_and_unloads_a_driver\\r' > '$S.com1.in'" \
    -ex "continue" -ex "delete" -ex "echo @@ lk-lm\\n" -ex "lk-lm" \
    -ex "echo @@ info line\\n" -ex "info line LoadTestRun" \
    -ex "echo @@ lk-driver-symbols\\n" -ex "lk-driver-symbols" -ex "detach" \
    </dev/null >"$S.gdb-driver" 2>&1
wait_for_prompts $((before + 1)) 120
driver_line=$(lk_output driver "lk-lm" | awk '$3 == "loadtest.sys"')
start=$(echo "$driver_line" | awk '{ print $1 }')
end=$(echo "$driver_line" | awk '{ print $2 }')
line_at=$(lk_output driver "info line" | sed -n 's/.* starts at address 0x\([0-9a-f]*\) <LoadTestRun>.*/\1/p')
[ -n "$start" ] && [ -n "$line_at" ] &&
    [ $((0x$line_at)) -gt $((0x$start)) ] && [ $((0x$line_at)) -lt $((0x$end)) ] &&
    lk_output driver "lk-driver-symbols" | grep -q '^loadtest.sys: symbols from build/drivers/loadtest.dwarf.sys at offset ' &&
    lk_output driver "info line" | grep -q 'tests/drivers/loadtest/loadtest.c' &&
    output_of "$before" | grep -q '^PASS sysldr_loads_relocates_binds_and_unloads_a_driver'
check gdb_lk_driver_symbols_places_a_drivers_lines $? "$(tr '\n' '|' <"$S.gdb-driver" | tail -c 600)"

# threads / thread ID and their gdb twins the same way. Every line but the
# running thread's (the shell's own, whose stack pointer gdb sees
# elsewhere) must agree; the idle thread (id 0) is switched away, with a
# saved context, and its backtrace starts in the routine that switched
# away (the switch frame's return address, kernel/ke/context_switch.asm).
at_one_moment threads KiShellThreads threads lk-threads
same_lines ' (Ready|Waiting|Standby) |^  id|thread\(s\)$' "$shell_out" "$got" &&
    echo "$got" | grep -Eq '^   0 [0-9a-f]{8} Ready .*\(the boot flow\)$' &&
    echo "$got" | grep -Eq ' Running .* phase1_initialization$'
check gdb_lk_threads_matches_shell_threads $? "shell: $(echo "$shell_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"
at_one_moment thread KiShellThread "thread 0" "lk-thread 0"
[ -n "$got" ] && [ "$got" = "$shell_out" ] &&
    echo "$got" | sed -n 4p | grep -Eq '^  [0-9a-f]{8}  (KiDispatchInterrupt|NtYieldExecution|KeWaitFor[A-Za-z]+)\+0x'
check gdb_lk_thread_matches_shell_thread $? "shell: $(echo "$shell_out" | tr '\n' '|') gdb: $(echo "$got" | tr '\n' '|')"

got=$(lk_output state "lk-lists &ExpLookasideListHead GENERAL_LOOKASIDE ListEntry")
shell_lists=$(echo "$lookaside_out" | awk 'length($1) == 8 && $1 ~ /^[0-9a-f]+$/ { print $1 }')
gdb_lists=$(echo "$got" | awk '$3 == "GENERAL_LOOKASIDE" { print $5 }')
[ -n "$shell_lists" ] && [ "$shell_lists" = "$gdb_lists" ] &&
    echo "$got" | grep -q "^$(echo "$shell_lists" | wc -l) entries$"
check gdb_lk_lists_walks_the_lookaside_lists $? "shell '$shell_lists' gdb '$gdb_lists'"

lk_output state "lk-bugcheck" | grep -q '^No bug check so far'
check gdb_lk_bugcheck_before_any_stop $? "$(lk_output state lk-bugcheck)"

# The shell is still answering after gdb detached; then the stop screen,
# and gdb reads the same code and parameters.
type_line "alloc"
echo "$OUT" | grep -q "^1 block(s) from alloc not yet freed"
check shell_answers_after_gdb_detached $? "'$OUT'"

printf 'bugcheck e2 11 2222 3333 abcdef01\r' >&7
for _ in $(seq 100); do
    serial | grep -q '^The system has been halted' && break
    sleep 0.1
done
stop=$(serial | grep '^\*\*\* STOP: ' | head -n 1)
[ "$stop" = "*** STOP: 0x000000E2 (0x00000011,0x00002222,0x00003333,0xABCDEF01)" ] &&
    serial | grep -q '^MANUALLY_INITIATED_CRASH'
check shell_bugcheck_shows_the_stop_screen $? "stop line '$stop'"
gdb_batch stop here "lk-bugcheck"
got=$(lk_output stop "lk-bugcheck")
[ -n "$stop" ] && [ "$(echo "$got" | head -n 1)" = "$stop" ] &&
    [ "$(echo "$got" | sed -n 2p)" = MANUALLY_INITIATED_CRASH ]
check gdb_lk_bugcheck_matches_the_stop_screen $? "stop '$stop', gdb '$(echo "$got" | tr '\n' '|')'"
session_stop

# ---- session P: input pasted faster than the shell reads it ---------------

# Each paste follows a line that keeps the shell busy for half a second
# (the clock test's stall), so that it all arrives while nobody reads.
SLOW_LINE="test clock_ticks_at_the_programmed_rate"
# wait_until_quiet SECONDS : until no new prompt came for two seconds.
wait_until_quiet() {
    local last=-1 now tenths=$(($1 * 10)) still=0
    while [ "$tenths" -gt 0 ] && [ "$still" -lt 20 ]; do
        now=$(prompts)
        if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
        last=$now
        sleep 0.1
        tenths=$((tenths - 1))
    done
}
lost_reported() {
    serial | sed -n 's/^(\([0-9]*\) characters of input were lost: .*/\1/p' |
        awk '{ sum += $1 } END { print sum + 0 }'
}

session_start paste
# A few KiB (700 lines, 4200 bytes) all run, and nothing is reported lost.
before=$(prompts)
{
    printf '%s\r' "$SLOW_LINE"
    for _ in $(seq 700); do printf 'alloc\r'; done
} >&7
wait_for_prompts $((before + 701)) 120
answers=$(serial | grep -c '^0 block(s) from alloc not yet freed$')
type_line ver
[ "$answers" -eq 700 ] && [ "$(lost_reported)" -eq 0 ] &&
    echo "$OUT" | grep -q '^Input: a queue of 8192 characters; 0 lost so far$'
check shell_paste_of_a_few_kib_loses_nothing $? "$answers of 700 lines ran; $(lost_reported) reported lost; ver says '$(echo "$OUT" | grep '^Input')'"

# Beyond what the queue holds, input is lost, and every character is
# accounted for: 20000 Enters give a prompt each or are reported lost.
before=$(prompts)
{
    printf '%s\r' "$SLOW_LINE"
    head -c 20000 /dev/zero | tr '\0' '\r'
} >&7
wait_until_quiet 180
ran=$(($(prompts) - before - 1))
lost=$(lost_reported)
type_line ver
[ "$lost" -gt 0 ] && [ $((ran + lost)) -eq 20000 ] &&
    echo "$OUT" | grep -q "^Input: a queue of 8192 characters; $lost lost so far$"
check shell_paste_beyond_the_queue_is_counted_and_reported $? "20000 Enters: $ran ran, $lost reported lost; ver says '$(echo "$OUT" | grep '^Input')'"
session_stop

# ---- sessions B and C: reboot and halt ------------------------------------

session_start reboot
printf 'reboot\r' >&7
for _ in $(seq 100); do
    kill -0 "$qemu_pid" 2>/dev/null || break
    sleep 0.1
done
# -no-reboot: QEMU ends at the reset instead of starting again.
! kill -0 "$qemu_pid" 2>/dev/null && serial | grep -q '^Rebooting' &&
    grep -q 'CPU Reset' "$S.qemu" && ! serial | grep -q STOP
check shell_reboot_resets_the_machine $? "QEMU still running or no reset logged"
session_stop

session_start halt
printf 'halt\r' >&7
sleep 1
before=$(prompts)
printf 'help\r' >&7
sleep 2
serial | grep -q '^System halted' && [ "$(prompts)" -eq "$before" ] &&
    kill -0 "$qemu_pid" 2>/dev/null
check shell_halt_stops_the_processor $? "still answering, or QEMU ended"
session_stop

# ---- session D: kernel tests that fail for want of memory ----------------

# alloc takes paged pool until about 55 frames are left. Then a test that
# attaches to an address space and one that fills the pool fail for want
# of memory, and must give back what they took (their cleanup sections):
# the shell stays in the system's space, the whole suite can run (and
# fail) after them, and once alloc's blocks are freed both pass again.
session_start exhaust
type_line mem && free0=$(free_frames "$OUT")
blocks=()
for _ in $(seq 64); do
    type_line mem && left=$(free_frames "$OUT")
    [ "${left:-0}" -le 70 ] && break
    pages=$((left - 55))
    [ "$pages" -gt 1024 ] && pages=1024
    type_line "alloc PagedPool $((pages * 4096 - 64)) Fill"
    block=$(echo "$OUT" | sed -n 's/^allocated \([0-9a-f]*\)$/\1/p')
    [ -n "$block" ] || break
    blocks+=("$block")
done
why=
[ "${left:-0}" -le 70 ] || why="$why; alloc left ${left:-?} frames free, not about 55"
short_tests="vm_long_decommit_leaves_no_stale_tlb_entries pool_model_on_real_memory"
for name in $short_tests; do
    type_line "test $name"
    echo "$OUT" | grep -q '^0 passed, 1 failed$' ||
        why="$why; short of memory $name said '$(echo "$OUT" | grep -E '^FAIL|passed|STOP' | tr '\n' '|')'"
    type_line vad
    echo "$OUT" | grep -q '), the system process: 0 user region(s)$' ||
        why="$why; after $name vad shows '$(echo "$OUT" | head -n 1)'"
done
type_line test
echo "$OUT" | grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed$' ||
    why="$why; short of memory the suite said '$(echo "$OUT" | grep -E 'passed|STOP' | tr '\n' '|')'"
for block in "${blocks[@]}"; do type_line "free $block"; done
for name in $short_tests; do
    type_line "test $name"
    echo "$OUT" | grep -q '^1 passed, 0 failed$' ||
        why="$why; with the memory back $name said '$(echo "$OUT" | grep -E '^FAIL|passed|STOP' | tr '\n' '|')'"
done
# What stays for good: the kernel page tables the 60 MiB of paged pool
# needed and paged pool's page words (a page of each per 4 MiB), and the
# system PTE tables the suite's drivers and threads needed.
type_line mem
[ "$(free_frames "$OUT")" -ge "$((${free0:-0} - 96))" ] ||
    why="$why; free frames $(free_frames "$OUT"), $free0 before"
[ -z "$why" ]
check shell_failed_tests_give_back_what_they_took $? "${why#; }"
session_stop
# ---- session E: the verifier's low-resources simulation ------------------

# Every pool call of the verified ioctl.sys fails (rate 10000): devtest's
# requests are refused, and `verifier` shows the seed and the counters.
session_start low_resources -initrd "$images" \
    -append "verifier=ioctl.sys verifier_flags=1D verifier_seed=1234 verifier_fault_rate=10000"
why=
type_line 'load ioctl'
type_line 'run devtest each_method_reverses_the_input'
type_line verifier
echo "$OUT" | grep -q '^low resources: verifier_seed=1234, 10000 in 10000 fail, from 0 s after boot$' ||
    why="$why; no seed line"
pool=$(echo "$OUT" | awk '$1 == "pool" { print $2, $3 }')
[ -n "$pool" ] && [ "${pool% *}" -gt 0 ] && [ "${pool% *}" = "${pool#* }" ] ||
    why="$why; pool attempts and failures '$pool'"
echo "$OUT" | grep -Eq '^IoAllocateWorkItem +0 +0$' || why="$why; no IoAllocateWorkItem row"
type_line 'unload ioctl'
serial | grep -q '^verifier: low-resources simulation: verifier_seed=1234, 10000 failures in 10000 calls' ||
    why="$why; the seed not printed at boot"
[ -z "$why" ]
check shell_verifier_shows_the_low_resources_counters $? "${why#; } ($(echo "$OUT" | tr '\n' '|'))"
session_stop
echo "shell-test: complete"
