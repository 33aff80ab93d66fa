# Shared by the test scripts (source it from bash after setting LOGS):
# the PASS/FAIL tally, relaying a log's results, and one boot of the
# kernel suite.
. "$(dirname "${BASH_SOURCE[0]}")/qemu.sh"

passed=0
failed=0
skipped=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# Counts the PASS/FAIL lines in FILE, printing them with SUFFIX appended;
# SKIP lines (a test that lacks what it needs, a disk say) are printed and
# counted apart: neither passed nor failed.
relay_results() {
    local file=$1 suffix=$2 line
    while IFS= read -r line; do
        line=${line%$'\r'}
        case "$line" in
        "PASS "*) pass "${line#PASS }$suffix" ;;
        "FAIL "*) fail "${line#FAIL }$suffix" ;;
        "SKIP "*)
            echo "$line$suffix"
            skipped=$((skipped + 1))
            ;;
        "seed "*) echo "    $line" ;;
        esac
    done <"$file"
}

# kernel_tests_boot LABEL QEMU-ARGS...: one boot running chosen kernel
# tests, logged at $log; their lines relayed with " [LABEL]", and a
# failure (with any seed the log printed) unless QEMU left with the tests'
# pass status (33).
kernel_tests_boot() {
    local label=$1 status seeds
    shift
    qemu_boot "$log" "$@"
    status=$?
    relay_results "$log.serial" " [$label]"
    if [ $status -ne 33 ]; then
        seeds=$(grep -a 'seed' "$log.serial" | tr -d '\r' | tr '\n' ' ')
        fail "${log##*/}: QEMU exit status $status${seeds:+ ($seeds)}"
        show_tails "$log"
    fi
}

# run_suite LABEL ARGS... : the kernel suite in one boot, by SUITE_BOOT
# (qemu_boot unless set; it gets the log prefix and ARGS and returns
# QEMU's exit status: 33 passed, 35 failed). The log prefix is left in
# SUITE_LOG, the status in SUITE_STATUS.
SUITE_LOG=
SUITE_STATUS=
run_suite() {
    local label=$1 log status summary
    shift
    log="$LOGS/suite-$(echo "$label" | tr -c 'A-Za-z0-9\n' '_')"
    SUITE_LOG=$log
    echo "== kernel tests [$label]"
    "${SUITE_BOOT:-qemu_boot}" "$log" "$@"
    status=$?
    SUITE_STATUS=$status
    relay_results "$log.serial" " [$label]"
    summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log.serial" | tail -n 1)
    case "$status:$summary" in
    "33:"*" 0 failed"*) ;;
    "35:"*) show_tails "$log" ;;
    *)
        fail "kernel suite [$label]: QEMU exit status $status, summary '${summary:-none}' (124 is the time limit, 0 a reset or shutdown)"
        show_tails "$log"
        ;;
    esac
}
