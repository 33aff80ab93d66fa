# gdb settings for the kernel; `make debug` and the gdb test load this,
# then connect to QEMU's stub and set a hardware breakpoint on
# KiSystemStartup. QEMU's stub reports linear addresses, so the kernel's
# symbols (linked high) line up once paging is on; a software breakpoint
# would be written before paging exists, hence hbreak, which needs the
# connection first.
set pagination off
set confirm off
set architecture i386

# The lk-* commands (help user-defined lists them). The path is from the
# repository's root, where `make debug` starts gdb.
source tools/gdb/lk.py
source tools/gdb/lk_threads.py
source tools/gdb/lk_modules.py

# pte-walk ADDRESS: the two-level walk for a linear address, twice: by hand
# through physical memory from CR3 (QEMU's `monitor xp`), and through the
# kernel's self-map (PDE_BASE 0xC0300000, PTE_BASE 0xC0000000). Compare
# with `monitor info tlb`. docs/virtual-memory.md explains each step.
define pte-walk
  set $va = (unsigned int)($arg0)
  set $pde_at = ($cr3 & 0xfffff000) + 4 * ($va >> 22)
  printf "va %08x: directory index %03x, table index %03x, offset %03x\n", $va, $va >> 22, ($va >> 12) & 0x3ff, $va & 0xfff
  printf "CR3 %08x -> PDE at physical %08x:\n", $cr3, $pde_at
  eval "monitor xp /wx 0x%x", $pde_at
  set $pde = *(unsigned int *)(0xC0300000 + 4 * ($va >> 22))
  printf "  the same PDE through the self-map at %08x: %08x\n", 0xC0300000 + 4 * ($va >> 22), $pde
  if ($pde & 1) == 0
    printf "  PDE not present: no page table, the address is unmapped\n"
  else
    set $pte_at = ($pde & 0xfffff000) + 4 * (($va >> 12) & 0x3ff)
    printf "PDE -> page table at physical %08x, PTE at physical %08x:\n", $pde & 0xfffff000, $pte_at
    eval "monitor xp /wx 0x%x", $pte_at
    set $pte = *(unsigned int *)(0xC0000000 + 4 * ($va >> 12))
    printf "  the same PTE through the self-map at %08x: %08x\n", 0xC0000000 + 4 * ($va >> 12), $pte
    if ($pte & 1) == 0
      printf "  PTE not present: the address is unmapped\n"
    else
      printf "PTE -> frame %05x: physical address %08x,", $pte >> 12, ($pte & 0xfffff000) | ($va & 0xfff)
      if $pte & 2
        printf " writable"
      else
        printf " read-only"
      end
      if $pte & 4
        printf " user"
      else
        printf " kernel"
      end
      if $pte & 0x100
        printf " global"
      end
      if $pte & 0x10
        printf " uncached"
      end
      printf "\n"
    end
  end
end
document pte-walk
Walks CR3 -> PDE -> PTE -> frame for a linear address, by hand and through the self-map.
end
