#!/bin/sh
# Writes the assembly for the kernel's symbol table (include/kernel/symbols.h)
# from the functions of a linked kernel: gen-symbols.sh NM kernel.elf > out.S
# With no ELF (first link), writes an empty table.
set -eu
NM=$1
ELF=${2:-}
echo '    .section .note.GNU-stack,"",@progbits'
echo '    .section .ksyms,"a"'
echo '    .globl KiSymbolTable'
echo '    .p2align 2'
echo 'KiSymbolTable:'
if [ -z "$ELF" ]; then
    echo '    .long 0'
    exit 0
fi
"$NM" -n --defined-only "$ELF" | awk '
    BEGIN { n = 0 }
    $2 ~ /^[tT]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
    END {
        printf "    .long %d\n", n
        for (i = 0; i < n; i++)
            printf "    .long 0x%s, .Lname%d - KiSymbolTable\n", addr[i], i
        for (i = 0; i < n; i++)
            printf ".Lname%d: .asciz \"%s\"\n", i, name[i]
    }'
