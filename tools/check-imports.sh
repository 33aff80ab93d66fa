#!/bin/sh
# Checks that PE objects reference only exported names: every undefined
# symbol of each OBJECT must be a name one of the LIST files exports.
#
#   tools/check-imports.sh OBJECT... -- LIST...
#
# A LIST is an exports table (DLL CONVENTION NAME [ARGBYTES], the format
# of kernel/*/exports.tbl) or a module-definition file (EXPORTS lines
# such as Name@8, @Name@8, Name, Name DATA). A call references the
# decorated name (_Name@8, @Name@8, _Name) or, through dllimport, the
# import pointer (__imp__Name@8); data only the pointer. NM picks llvm-nm.
set -eu

NM=${NM:-llvm-nm-16}
objects=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    objects="$objects $1"
    shift
done
if [ $# -eq 0 ] || [ -z "$objects" ]; then
    echo "usage: $0 OBJECT... -- LIST..." >&2
    exit 2
fi
shift

allowed=$(mktemp)
trap 'rm -f "$allowed"' EXIT
for list in "$@"; do
    case "$list" in
    *.def)
        sed -e 's/;.*//' "$list" | awk '
            toupper($1) == "LIBRARY" || toupper($1) == "EXPORTS" || NF == 0 { next }
            {
                name = $1; sub(/=.*/, "", name)
                symbol = (substr(name, 1, 1) == "@") ? name : "_" name
                if (toupper($NF) != "DATA") print symbol
                print "__imp_" symbol
            }'
        ;;
    *)
        sed -e 's/#.*//' "$list" | awk -v list="$list" '
            NF == 0 { next }
            $2 == "stdcall" && NF == 4 { s = "_" $3 "@" $4 }
            $2 == "fastcall" && NF == 4 { s = "@" $3 "@" $4 }
            $2 == "cdecl" && NF == 3 { s = "_" $3 }
            $2 == "data" && NF == 3 { print "__imp__" $3; next }
            s == "" { printf "%s: bad line: %s\n", list, $0 > "/dev/stderr"; exit 1 }
            { print s; print "__imp_" s; s = "" }'
        ;;
    esac
done | sort -u > "$allowed"

status=0
for object in $objects; do
    missing=$($NM -u "$object" | awk '{ print $NF }' | sort -u |
        comm -23 - "$allowed")
    if [ -n "$missing" ]; then
        echo "$object imports names the kernel does not export:" >&2
        echo "$missing" | sed 's/^/    /' >&2
        status=1
    fi
done
exit $status
