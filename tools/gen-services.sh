#!/bin/sh
# Generates both sides of the system service table from
# kernel/ps/services.tbl, so the kernel's numbers and ntdll's agree:
#   tools/gen-services.sh kernel TABLE  > service_table.h (C, X-macro)
#   tools/gen-services.sh stubs TABLE   > ntdll_services.asm (NASM, win32)
#   tools/gen-services.sh def TABLE     > the EXPORTS lines for ntdll.def
# The stubs are NT's x86 ones: the number in eax, then a call through
# KUSER_SHARED_DATA.SystemCall (0x7FFE0300), which holds the address of
# ntdll's KiFastSystemCall (sysenter) or KiIntSystemCall (int 0x2e).
set -eu
export LC_ALL=C # byte order for the sorted-names check
mode=$1
table=$2
awk -v mode="$mode" '
/^[ \t]*(#|$)/ { next }
NF != 2 || $2 !~ /^[0-9]+$/ || $2 % 4 != 0 || $1 !~ /^Nt[A-Za-z0-9]+$/ {
    printf "%s:%d: malformed service line: %s\n", FILENAME, FNR, $0 > "/dev/stderr"
    bad = 1
    exit 1
}
$1 <= last {
    printf "%s:%d: %s is out of order (after %s)\n", FILENAME, FNR, $1, last > "/dev/stderr"
    bad = 1
    exit 1
}
{
    last = $1
    zw = "Zw" substr($1, 3)
    if (mode == "kernel")
        printf "SERVICE(%d, %s, %d)\n", n, $1, $2
    else if (mode == "stubs") {
        printf "global _%s@%d\nglobal _%s@%d\n", $1, $2, zw, $2
        printf "_%s@%d:\n_%s@%d:\n", $1, $2, zw, $2
        printf "    mov eax, %d\n    mov edx, SYSTEM_CALL\n    call [edx]\n", n
        if ($2 == 0)
            printf "    ret\n\n"
        else
            printf "    ret %d\n\n", $2
    } else if (mode == "def")
        printf "    %s=_%s@%d\n    %s=_%s@%d\n", $1, $1, $2, zw, zw, $2
    n++
}
BEGIN {
    if (mode == "kernel")
        print "/* Generated from kernel/ps/services.tbl by tools/gen-services.sh. */"
    else if (mode == "stubs") {
        print "; Generated from kernel/ps/services.tbl by tools/gen-services.sh."
        print "SYSTEM_CALL equ 0x7FFE0300"
        print "section .text"
    } else if (mode != "def") {
        print "gen-services.sh: mode is kernel, stubs or def" > "/dev/stderr"
        bad = 1
        exit 1
    }
}
END {
    if (bad)
        exit 1
    if (mode == "kernel")
        printf "#define KI_SERVICE_COUNT %d\n", n
}
' "$table"
