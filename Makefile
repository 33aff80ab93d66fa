# The NT mini-kernel. `make run` and `make test` are all a newcomer needs;
# both install missing tools first (tools/deps.sh). See README.md.

VERSION := 0.1.0
BUILD := build

# Toolchain: a bare i686-elf cross compiler if there is one, else Debian's
# i686-linux-gnu one with freestanding flags. CROSS=prefix- overrides.
CROSS ?= $(if $(shell command -v i686-elf-gcc 2>/dev/null),i686-elf-,i686-linux-gnu-)
CC := $(CROSS)gcc
LD := $(CROSS)ld
NM := $(CROSS)nm
NASM := nasm
HOSTCC ?= cc
QEMU := qemu-system-i386
# V=1 shows the full commands.
Q := $(if $(filter 1,$(V)),,@)

# RELEASE=1 gives NT's "free" build: no ASSERT, no KdPrint, no checks that
# NT's free kernel leaves out. The default is the checked build.
ifeq ($(RELEASE),1)
DBG := 0
else
DBG := 1
endif

# Multi-character constants are how DDK code writes pool tags ('looP').
WARNINGS := -Wall -Wextra -Werror -Wno-multichar
# -freg-struct-return: an 8-byte structure (LARGE_INTEGER,
# PHYSICAL_ADDRESS) comes back in edx:eax, as MSVC's x86 convention and
# so every driver expect (KeQueryPerformanceCounter, MmGetPhysicalAddress),
# not through the hidden pointer GCC's Linux default passes.
KCFLAGS := -std=gnu11 -m32 -march=i486 -O2 -g $(WARNINGS) -freg-struct-return \
	-mpreferred-stack-boundary=2 -fno-optimize-sibling-calls \
	-ffreestanding -fno-builtin -fshort-wchar -fno-pie -fno-pic -fno-stack-protector \
	-fno-tree-loop-distribute-patterns -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-common -mgeneral-regs-only \
	-Iinclude -I. -I$(BUILD)/gen -DDBG=$(DBG) -DKI_VERSION='"$(VERSION)"'
KLDFLAGS := -m elf_i386 -nostdlib -z noexecstack -z max-page-size=0x1000 -T linker.ld
NASMFLAGS := -f elf32 -g -F dwarf -I. -DDBG=$(DBG)
HOSTCFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Iinclude -I. -DDBG=1

KERNEL_C := $(wildcard kernel/*.c kernel/ke/*.c kernel/ex/*.c kernel/ob/*.c kernel/io/*.c kernel/ps/*.c kernel/rtl/*.c kernel/hal/*.c kernel/shell/*.c mm/*.c drivers/*.c tests/kernel/*.c) \
	tests/bench/buddy_loops.c tests/bench/pool_loops.c
KERNEL_ASM := $(wildcard boot/*.asm kernel/ke/*.asm kernel/ex/*.asm kernel/rtl/*.asm mm/*.asm tests/kernel/*.asm)
KERNEL_OBJS := $(KERNEL_C:%.c=$(BUILD)/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/%.asm.o) \
	$(BUILD)/gen/exports.o
# The kernel's export lists (docs/io.md): the kernel's table and the
# drivers' import libraries (drivers/drivers.mk) are made from them.
EXPORT_TABLES := $(sort $(wildcard kernel/*/exports.tbl mm/exports.tbl drivers/exports.tbl))
LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name)

# Pure code that also builds for the host; each host test names what it needs.
HOST_TESTS := $(patsubst tests/host/%.c,%,$(wildcard tests/host/test_*.c))
HOST_SOURCES_test_rtl := kernel/rtl/memory.c
HOST_SOURCES_test_list :=
HOST_SOURCES_test_format := kernel/rtl/format.c
HOST_SOURCES_test_crt := kernel/rtl/crt_string.c kernel/rtl/crt_wide.c \
	kernel/rtl/crt_ctype.c kernel/rtl/crt_stdlib.c kernel/rtl/crt_printf.c \
	kernel/rtl/format.c
HOST_SOURCES_test_cmdline := kernel/ke/cmdline.c
HOST_SOURCES_test_segment := kernel/ke/segment.c
HOST_SOURCES_test_multiboot := kernel/ke/multiboot.c
HOST_SOURCES_test_boot_module := kernel/ke/boot_module.c
HOST_SOURCES_test_time := kernel/rtl/time.c
HOST_SOURCES_test_memory_map := mm/memory_map.c
HOST_SOURCES_test_buddy := mm/buddy.c mm/buddy_check.c
HOST_SOURCES_test_pte := mm/pte.c mm/pte_protection.c
HOST_SOURCES_test_vad_tree := mm/vad_tree.c
HOST_SOURCES_test_bitmap := kernel/rtl/bitmap.c
HOST_SOURCES_test_unicode := kernel/rtl/unicode.c kernel/rtl/ansi_string.c \
	kernel/rtl/string_convert.c kernel/rtl/memory.c
HOST_SOURCES_test_virtual_range := mm/virtual_range.c kernel/rtl/bitmap.c
HOST_SOURCES_test_scancode := drivers/scancode.c
HOST_SOURCES_test_ata_prd := drivers/ata_prd.c
HOST_SOURCES_test_byte_ring :=
HOST_SOURCES_test_dispatcher := kernel/ke/wait_object.c
HOST_SOURCES_test_line_editor := kernel/shell/line_editor.c
HOST_SOURCES_test_shell_args := kernel/shell/shell_args.c
HOST_SOURCES_test_video := drivers/text_grid.c drivers/framebuffer_draw.c drivers/font.c
SLIST_CORE := kernel/ex/slist.c tests/host/slist_host.c
HOST_SOURCES_test_slist := $(SLIST_CORE)
POOL_CORE := mm/pool.c mm/pool_front.c mm/slab.c mm/pool_big.c mm/pool_track.c mm/pool_query.c \
	mm/lookaside.c kernel/ps/quota.c kernel/rtl/memory.c tests/host/pool_host.c \
	$(SLIST_CORE)
HOST_SOURCES_test_pool := $(POOL_CORE)
HOST_SOURCES_test_pool_front := $(POOL_CORE)
PE_IMAGE_CORE := kernel/rtl/image.c kernel/rtl/image_bounds.c \
	kernel/rtl/image_check.c kernel/rtl/image_reloc.c \
	kernel/rtl/image_import.c kernel/rtl/image_export.c kernel/rtl/memory.c
HOST_SOURCES_test_pe_image := $(PE_IMAGE_CORE) tests/host/pe_builder.c \
	tests/host/pe_fuzz.c
HOST_SOURCES_test_pe_loader := $(PE_IMAGE_CORE) tests/host/pe_builder.c
HOST_SOURCES_test_pe_samples := $(PE_IMAGE_CORE) tests/host/pe_file.c
HOST_SOURCES_test_kernel_exports := mm/kernel_exports.c
HOST_SOURCES_test_verifier_deadlock := mm/verifier_deadlock_graph.c

# Files the loader hands the kernel as Multiboot modules, one module per
# file, each under \SystemRoot by its last path component (hello.exe):
# `make run`, the ISO and the boot-files test carry them. The user
# programs and DLLs (build/user/*.exe, *.dll): user/user.mk lists them.

KERNEL := $(BUILD)/kernel.elf
ISO := $(BUILD)/nt-mini.iso
DEPS_STAMP := $(BUILD)/.deps

# PE images (user programs and DLLs, the image tests' samples) come from
# clang in MSVC mode and lld-link. Ring 3's libraries and programs
# (user/) are included here, before any rule names USER_IMAGES as a
# prerequisite: make expands prerequisites as it reads them.
PE_CC := clang-16
PE_LINK := lld-link-16
PE_CFLAGS := --target=i686-pc-windows-msvc -fms-extensions -fasync-exceptions \
	-ffreestanding -fno-builtin -O2 $(WARNINGS)
include user/user.mk
include drivers/drivers.mk
include tests/ddk/ddk.mk
.DEFAULT_GOAL := all

.PHONY: FORCE all iso run run-uefi debug debug-shell test test-matrix bench host-tests clean deps format format-check

all: $(KERNEL) compile_commands.json

deps:
	@tools/deps.sh

$(DEPS_STAMP): tools/deps.sh
	@tools/deps.sh
	@mkdir -p $(@D) && touch $@

# The system-service table, generated for the kernel from the list ntdll's
# stubs are generated from too (docs/user-mode.md).
$(BUILD)/gen/service_table.h: kernel/ps/services.tbl tools/gen-services.sh
	@mkdir -p $(@D)
	$(Q)tools/gen-services.sh kernel $< > $@.tmp && mv $@.tmp $@
# Every kernel object waits for it: several include it.
$(KERNEL_OBJS): | $(BUILD)/gen/service_table.h

# The kernel's exports as ntoskrnl.exe and hal.dll (docs/io.md, "The
# driver loader"): every component's exports.tbl, one C table for the
# loader; drivers/drivers.mk makes the import libraries from the same.
$(BUILD)/gen/exports.c: $(EXPORT_TABLES) tools/gen-exports.sh
	@mkdir -p $(@D)
	$(Q)tools/gen-exports.sh c $(EXPORT_TABLES) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/exports.o: $(BUILD)/gen/exports.c include/kernel/exports.h Makefile | $(DEPS_STAMP)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/%.o: %.c Makefile | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.asm.o: %.asm boot/layout.inc Makefile | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	$(Q)$(NASM) $(NASMFLAGS) $< -o $@
$(BUILD)/kernel/rtl/%.asm.o: kernel/rtl/context.inc

# Two links: the first gives the functions' addresses, the second adds the
# symbol table for backtraces after the code, where it moves nothing.
$(BUILD)/ksyms-empty.S: tools/gen-symbols.sh
	@mkdir -p $(@D)
	$(Q)tools/gen-symbols.sh $(NM) > $@

$(BUILD)/ksyms-empty.o $(BUILD)/ksyms.o: %.o: %.S
	$(Q)$(CC) -m32 -c $< -o $@

$(BUILD)/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o $(LIBGCC)

$(BUILD)/ksyms.S: $(BUILD)/kernel.pass1.elf tools/gen-symbols.sh
	@echo "  SYMS    $@"
	$(Q)tools/gen-symbols.sh $(NM) $< > $@

$(KERNEL): $(KERNEL_OBJS) $(BUILD)/ksyms.o linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o $(LIBGCC)
	@$(NM) -n $(BUILD)/kernel.pass1.elf | grep ' [tT] ' > $(BUILD)/syms.pass1
	@$(NM) -n $@ | grep ' [tT] ' > $(BUILD)/syms.final
	@cmp -s $(BUILD)/syms.pass1 $(BUILD)/syms.final || \
		{ echo "error: functions moved between the two links"; rm -f $@; exit 1; }

# The ISO: one hybrid image that boots through a BIOS (El Torito and an
# MBR, GRUB's i386-pc) and through UEFI (an EFI system partition image with
# GRUB for x86_64-efi and i386-efi), all with iso/boot/grub/grub.cfg.
# grub-mkrescue includes each platform it finds installed, so a missing
# one is an error here rather than an ISO that silently lacks it.
GRUB_PLATFORMS := i386-pc x86_64-efi i386-efi
# The user images go in /boot/files/, and modules.cfg (sourced by each
# menu entry after `multiboot`) loads them: one `module` line per file,
# its name as the module's string (GRUB passes the words after the path).
$(ISO): $(KERNEL) iso/boot/grub/grub.cfg $(USER_IMAGES) $(BUILD)/user-images.list | $(DEPS_STAMP)
	@echo "  ISO     $@"
	$(Q)for p in $(GRUB_PLATFORMS); do [ -d /usr/lib/grub/$$p ] || \
		{ echo "error: GRUB for $$p is missing (make deps)"; exit 1; }; done
	$(Q)rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub $(BUILD)/iso/boot/files
	$(Q)cp iso/boot/grub/grub.cfg $(BUILD)/iso/boot/grub/
	$(Q)cp $(KERNEL) $(BUILD)/iso/boot/kernel.elf
	$(Q){ echo "# The boot files (the Makefile's USER_IMAGES), one module each."; \
		for f in $(USER_IMAGES); do \
			cp "$$f" $(BUILD)/iso/boot/files/ || exit 1; \
			echo "module /boot/files/$$(basename "$$f") $$(basename "$$f")"; \
		done; } > $(BUILD)/iso/boot/grub/modules.cfg
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

iso: $(ISO)

# The list of boot files, rewritten only when it changes, so that the ISO
# is rebuilt when USER_IMAGES changes and only then.
$(BUILD)/user-images.list: FORCE
	@mkdir -p $(@D)
	@echo "$(USER_IMAGES)" | cmp -s - $@ || echo "$(USER_IMAGES)" > $@
FORCE:

# The page file's disk (docs/disk.md): PAGEFILE_MB MiB, sparse, with the
# signature the kernel pages only to, the primary IDE master of `make run`
# and `make debug`. Kept between runs; made again when the size changes.
PAGEFILE_MB ?= 64
PAGEFILE := $(BUILD)/pagefile.img
$(BUILD)/pagefile.size: FORCE
	@mkdir -p $(@D)
	@echo "$(PAGEFILE_MB)" | cmp -s - $@ || echo "$(PAGEFILE_MB)" > $@
$(PAGEFILE): $(BUILD)/pagefile.size tools/mkpagefile.sh
	@echo "  DISK    $@ ($(PAGEFILE_MB) MiB)"
	$(Q)tools/mkpagefile.sh $(PAGEFILE_MB) $@

run: $(DEPS_STAMP) $(KERNEL) $(USER_IMAGES) $(PAGEFILE)
	PAGEFILE=$(PAGEFILE) tools/run.sh $(KERNEL) "$(ARGS)" $(USER_IMAGES)

run-uefi: $(DEPS_STAMP) $(ISO)
	tools/run.sh --uefi $(ISO)

debug: $(DEPS_STAMP) $(KERNEL) $(PAGEFILE)
	PAGEFILE=$(PAGEFILE) tools/debug.sh $(KERNEL) "$(ARGS)"

# The shell of the kernel `make debug` runs, in a second terminal.
debug-shell: $(DEPS_STAMP)
	@tools/debug-shell.sh

# Host unit tests: pure code with AddressSanitizer and UBSan.
.SECONDEXPANSION:
$(BUILD)/host/%: tests/host/%.c tests/host/host_test.h tests/host/host_bugcheck.h tests/host/pool_host.h tests/host/slist_host.h tests/host/pe_builder.h tests/host/pe_file.h $$(HOST_SOURCES_$$*) $(wildcard include/*.h include/kernel/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $< $(HOST_SOURCES_$*)

# The kernel's C run-time routines under names of their own (the host's C
# library serves the test itself), with the kernel's 16-bit wchar_t.
$(BUILD)/host/test_crt: HOSTCFLAGS += -fshort-wchar -include tests/host/crt_names.h
$(BUILD)/host/test_crt: tests/host/crt_names.h $(wildcard include/crt/*.h) include/ntstrsafe.h

host-tests: $(HOST_TESTS:%=$(BUILD)/host/%)

# PE images from the PE toolchain (clang in MSVC mode, lld-link): the
# samples the image layer's host test reads (tests/pe/).
PE_SAMPLES := $(BUILD)/pe/sample.dll $(BUILD)/pe/sample.exe
$(BUILD)/pe/%.obj: tests/pe/%.c Makefile | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  PECC    $@"
	$(Q)$(PE_CC) $(PE_CFLAGS) -c $< -o $@
$(BUILD)/pe/sample.dll: $(BUILD)/pe/sample_dll.obj tests/pe/sample_dll.def
	@echo "  PELINK  $@"
	$(Q)$(PE_LINK) /nologo /dll /nodefaultlib /entry:_DllMainCRTStartup \
		/def:tests/pe/sample_dll.def /implib:$(BUILD)/pe/sample.lib \
		/out:$@ $<
$(BUILD)/pe/sample.lib: $(BUILD)/pe/sample.dll
$(BUILD)/pe/sample.exe: $(BUILD)/pe/sample_exe.obj $(BUILD)/pe/sample.lib
	@echo "  PELINK  $@"
	$(Q)$(PE_LINK) /nologo /nodefaultlib /entry:mainCRTStartup \
		/subsystem:console /base:0x400000 /out:$@ $^
$(BUILD)/host/test_pe_samples: $(PE_SAMPLES)
# The kernel carries them too, for the loader's tests.
$(BUILD)/tests/kernel/pe_samples.asm.o: $(PE_SAMPLES)
$(BUILD)/tests/kernel/pe_samples.asm.o: NASMFLAGS += \
	-DSAMPLE_EXE='"$(BUILD)/pe/sample.exe"' -DSAMPLE_DLL='"$(BUILD)/pe/sample.dll"'
$(BUILD)/host/test_pe_samples: HOSTCFLAGS += -DPE_SAMPLES='"$(BUILD)/pe"'


# screen-text reads the kernel's font off a QEMU screendump (tests).
SCREEN_TEXT := $(BUILD)/tools/screen-text
$(SCREEN_TEXT): tools/screen_text.c drivers/font.c include/kernel/video.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ tools/screen_text.c drivers/font.c

test: $(DEPS_STAMP) $(KERNEL) $(ISO) $(SCREEN_TEXT) $(HOST_TESTS:%=$(BUILD)/host/%) $(USER_IMAGES)
	@USER_IMAGES="$(USER_IMAGES)" tools/test.sh $(KERNEL) $(ISO) $(SCREEN_TEXT) $(HOST_TESTS:%=$(BUILD)/host/%)

# Firmware, CPU models, memory sizes and Bochs alone (make test runs them
# too); writes build/matrix.md.
test-matrix: $(DEPS_STAMP) $(KERNEL) $(ISO) $(SCREEN_TEXT)
	@tools/matrix.sh $(KERNEL) $(ISO) $(SCREEN_TEXT)

# Benchmarks: figures, never pass/fail. The host loops are counted by
# callgrind, the guest's with rdtsc under QEMU -icount (tools/bench.sh).
BENCH_BUDDY := $(BUILD)/bench/bench_buddy
$(BENCH_BUDDY): tests/bench/bench_buddy.c tests/bench/buddy_loops.c tests/bench/buddy_loops.h mm/buddy.c mm/buddy_check.c $(wildcard include/*.h include/kernel/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g $(WARNINGS) -Iinclude -I. -DDBG=1 -o $@ \
		tests/bench/bench_buddy.c tests/bench/buddy_loops.c mm/buddy.c mm/buddy_check.c

# The pool's workloads over the pool (host page provider) and over malloc.
# Position-dependent code, as the kernel's: a global's address is an
# instruction's operand, not a lea from rip first.
BENCH_PIE := -fno-pie -no-pie
BENCH_POOL := $(BUILD)/bench/bench_pool
BENCH_MALLOC := $(BUILD)/bench/bench_malloc
BENCH_POOL_SOURCES := tests/bench/bench_pool.c tests/bench/pool_loops.c
$(BENCH_POOL): $(BENCH_POOL_SOURCES) tests/bench/pool_loops.h $(POOL_CORE) $(wildcard include/*.h include/kernel/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g $(BENCH_PIE) $(WARNINGS) -Iinclude -I. \
		-DDBG=1 -o $@ $(BENCH_POOL_SOURCES) $(POOL_CORE)
$(BENCH_MALLOC): $(BENCH_POOL_SOURCES) tests/bench/pool_loops.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -g $(BENCH_PIE) $(WARNINGS) -Iinclude -I. \
		-DDBG=1 -DBENCH_MALLOC=1 -o $@ $(BENCH_POOL_SOURCES)

comma := ,
space := $(empty) $(empty)
# The boot files of bench=io (iobench.exe and the sample it drives),
# bench=user (exitnow.exe) and bench=verifier (loadtest.sys).
BENCH_BOOT_IMAGES := $(NTDLL) $(KERNEL32) $(USER_BUILD)/iobench.exe \
	$(USER_BUILD)/exitnow.exe \
	$(DRIVER_BUILD)/ioctl.sys $(DRIVER_BUILD)/loadtest.sys
bench: $(DEPS_STAMP) $(KERNEL) $(BENCH_BUDDY) $(BENCH_POOL) $(BENCH_MALLOC) \
		$(BENCH_BOOT_IMAGES)
	@tools/bench.sh $(KERNEL) $(BENCH_BUDDY) $(BENCH_POOL) $(BENCH_MALLOC) \
		$(subst $(space),$(comma),$(strip $(BENCH_BOOT_IMAGES)))

# compile_commands.json for editors and clang tools. Each flag set is
# escaped for JSON once, not once per file (hundreds of files).
compile_commands.json: Makefile $(KERNEL_C) $(wildcard tests/host/*.c tools/*.c)
	@{ json_args() { for a in "$$@"; do printf ',"%s"' "$$(printf '%s' "$$a" | sed 's/"/\\"/g')"; done; }; \
	kargs=$$(json_args $(KCFLAGS)); hargs=$$(json_args $(HOSTCFLAGS)); \
	echo '['; sep=''; \
	for f in $(KERNEL_C); do \
		printf '%s{"directory":"%s","file":"%s","arguments":["%s"%s,"-c","%s"]}\n' \
			"$$sep" "$(CURDIR)" "$$f" "$(CC)" "$$kargs" "$$f"; sep=','; \
	done; \
	for f in $(wildcard tests/host/*.c tools/*.c); do \
		printf '%s{"directory":"%s","file":"%s","arguments":["%s"%s,"-c","%s"]}\n' \
			"$$sep" "$(CURDIR)" "$$f" "$(HOSTCC)" "$$hargs" "$$f"; sep=','; \
	done; echo ']'; } > $@

FORMAT_FILES = $(shell git ls-files '*.c' '*.cpp' '*.h')
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) compile_commands.json

-include $(KERNEL_OBJS:.o=.d)
