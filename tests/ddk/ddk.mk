# The driver-facing headers, checked on every build (docs/ddk.md): the
# kitchen sink and a wdm.h-only unit compile as a WDK driver does (clang
# in MSVC mode; C and C++; free, checked and unoptimised), the layout
# checks hold for the kernel's GCC too, and the objects import only the
# names NT's own list has (DDK_EXPORT_LISTS) and this kernel exports
# (EXPORT_TABLES, the lists its ntoskrnl.exe and hal.dll are made from):
# a driver built here runs on both.

DDK_BUILD := $(BUILD)/ddk
DDK_CFLAGS := $(PE_CFLAGS) -Iinclude/crt -Iinclude -Itests/ddk
PE_NM := llvm-nm-16
DDK_EXPORT_LISTS := tests/ddk/nt_exports.tbl
DDK_HEADERS := $(wildcard include/*.h include/crt/*.h tests/ddk/*.h)
DDK_OBJS := $(DDK_BUILD)/kitchen_sink.free.obj \
	$(DDK_BUILD)/kitchen_sink.checked.obj \
	$(DDK_BUILD)/kitchen_sink.free.cpp.obj \
	$(DDK_BUILD)/kitchen_sink.checked.cpp.obj \
	$(DDK_BUILD)/kitchen_sink.unoptimised.obj \
	$(DDK_BUILD)/wdm_only.checked.obj $(DDK_BUILD)/wdm_only.checked.cpp.obj

.PHONY: ddk-check
ddk-check: $(DDK_BUILD)/check.stamp
all: ddk-check

$(DDK_BUILD)/%.free.obj: tests/ddk/%.c $(DDK_HEADERS) tests/ddk/ddk.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DDKCC   $@"
	$(Q)$(PE_CC) $(DDK_CFLAGS) -DDBG=0 -x c -c $< -o $@

$(DDK_BUILD)/%.checked.obj: tests/ddk/%.c $(DDK_HEADERS) tests/ddk/ddk.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DDKCC   $@"
	$(Q)$(PE_CC) $(DDK_CFLAGS) -DDBG=1 -x c -c $< -o $@

$(DDK_BUILD)/%.free.cpp.obj: tests/ddk/%.c $(DDK_HEADERS) tests/ddk/ddk.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DDKCXX  $@"
	$(Q)$(PE_CC) $(DDK_CFLAGS) -DDBG=0 -x c++ -c $< -o $@

$(DDK_BUILD)/%.checked.cpp.obj: tests/ddk/%.c $(DDK_HEADERS) tests/ddk/ddk.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DDKCXX  $@"
	$(Q)$(PE_CC) $(DDK_CFLAGS) -DDBG=1 -x c++ -c $< -o $@

# -O0, as a debug build: every inline routine must still reach exports
# only (an __forceinline one that stayed a call would not).
$(DDK_BUILD)/%.unoptimised.obj: tests/ddk/%.c $(DDK_HEADERS) tests/ddk/ddk.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DDKCC   $@"
	$(Q)$(PE_CC) $(DDK_CFLAGS) -O0 -DDBG=1 -x c -c $< -o $@

# The same layouts through the kernel's compiler, then the imports; and
# the check must refuse a unit that reads the headers' kernel forms.
$(DDK_BUILD)/check.stamp: $(DDK_OBJS) $(DDK_BUILD)/bad_import.checked.obj \
		$(DDK_EXPORT_LISTS) $(EXPORT_TABLES) tools/check-imports.sh \
		$(DDK_HEADERS) | $(DEPS_STAMP)
	@echo "  DDKCHK  $(DDK_BUILD)"
	$(Q)$(CC) $(KCFLAGS) -fsyntax-only -x c tests/ddk/layout_checks.h
	$(Q)NM=$(PE_NM) tools/check-imports.sh $(DDK_OBJS) -- $(DDK_EXPORT_LISTS)
	$(Q)NM=$(PE_NM) tools/check-imports.sh $(DDK_OBJS) -- $(EXPORT_TABLES)
	$(Q)if NM=$(PE_NM) tools/check-imports.sh $(DDK_BUILD)/bad_import.checked.obj \
		-- $(DDK_EXPORT_LISTS) 2>/dev/null; then \
		echo "check-imports.sh let kernel-internal imports through" >&2; \
		exit 1; fi
	@touch $@
