# gdb settings for the kernel; `make debug` and the gdb test load this,
# then connect to QEMU's stub and set a hardware breakpoint on
# KiSystemStartup. QEMU's stub reports linear addresses, so the kernel's
# symbols (linked high) line up once paging is on; a software breakpoint
# would be written before paging exists, hence hbreak, which needs the
# connection first.
set pagination off
set confirm off
set architecture i386
