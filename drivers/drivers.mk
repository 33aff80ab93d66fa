# Drivers: PE images built as a WDK build makes them (clang in MSVC mode,
# lld-link), linked with the import libraries of the kernel's exports,
# into build/drivers/NAME.sys. docs/io.md ("The driver loader") says how
# to write one; the Makefile includes this file after user/user.mk.
#
# $(DDK_LIB)/ntoskrnl.lib and hal.lib come from the exports.tbl lists
# (tools/gen-exports.sh def): a driver's _IoCreateDevice@28,
# @IofCompleteRequest@8, _DbgPrint or __imp__PsProcessType links, and its
# image imports NT's plain names, as with NT's own import libraries.

DDK_LIB := $(BUILD)/ddk/lib
DRIVER_BUILD := $(BUILD)/drivers
DDK_IMPORT_LIBS := $(DDK_LIB)/ntoskrnl.lib $(DDK_LIB)/hal.lib

$(DDK_LIB)/%.def: $(EXPORT_TABLES) tools/gen-exports.sh
	@mkdir -p $(@D)
	$(Q)tools/gen-exports.sh def $* $(EXPORT_TABLES) > $@.tmp && mv $@.tmp $@
# The .def files stay, to read what the libraries hold.
.SECONDARY: $(DDK_LIB)/ntoskrnl.def $(DDK_LIB)/hal.def
$(DDK_LIB)/%.lib: $(DDK_LIB)/%.def | $(DEPS_STAMP)
	@echo "  IMPLIB  $@"
	$(Q)$(PE_DLLTOOL) -m i386 -k -d $< -l $@

# The WDK's x86 defines (_X86_, i386, STD_CALL, _KERNEL_MODE); DWARF for
# gdb (tools/gdb: lk-lm, lk-driver-symbols). No stack probes: a frame over
# a page would call _chkstk, which is the C library's, not the kernel's.
DRIVER_CFLAGS := $(PE_CFLAGS) -march=i486 -Iinclude \
	$(if $(wildcard include/crt),-Iinclude/crt) \
	-D_X86_=1 -Di386=1 -DSTD_CALL -D_KERNEL_MODE=1 -DDBG=$(DBG) \
	-mno-stack-arg-probe -gdwarf -fno-omit-frame-pointer
# /driver: a native image that keeps its relocations (it is never loaded
# at its base); 0x10000 is the base NT's build gives drivers. /safeseh:no
# and the import directory's alignment as for the user images
# (user/user.mk). Two links of the same objects: NAME.sys, the image the
# kernel loads, with a COFF symbol table (/debug:symtab: function names
# for gdb, outside the loaded image), and NAME.dwarf.sys with the DWARF
# (/debug:dwarf) for gdb's lines and types. The DWARF link cannot be the
# loaded one: lld 16 then starts .rdata with a debug directory and a
# CodeView record of 0x35 bytes, which leaves the export directory after
# them unaligned, and the image check refuses that (docs/pe-images.md).
# Both have .text first, so code has the same RVAs in each;
# tools/gdb/lk.py's lk-driver-symbols loads the DWARF copy at the loaded
# image's offset.
DRIVER_LINK := $(PE_LINK) /nologo /driver /subsystem:native /nodefaultlib \
	/entry:DriverEntry /base:0x10000 /safeseh:no

$(DRIVER_BUILD)/%.obj: %.c $(wildcard include/*.h) drivers/drivers.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  DRVCC   $@"
	$(Q)$(PE_CC) $(DRIVER_CFLAGS) -c $< -o $@

# DRIVER(NAME, SOURCE-FOLDER, EXTRA-LIBS): $(DRIVER_BUILD)/NAME.sys from
# the folder's .c files, with its export library NAME.lib when it exports.
define DRIVER
$(DRIVER_BUILD)/$(1).sys: $(patsubst %.c,$(DRIVER_BUILD)/%.obj,$(wildcard $(2)/*.c)) \
		$(USER_IMPORT_ALIGN) $(DDK_IMPORT_LIBS) $(3)
	@echo "  DRVLINK $$@"
	$(Q)$(DRIVER_LINK) /debug:symtab /implib:$(DRIVER_BUILD)/$(1).lib \
		/out:$$@ $$^
	$(Q)$(DRIVER_LINK) /debug:dwarf /noimplib \
		/out:$(DRIVER_BUILD)/$(1).dwarf.sys $$^
$(DRIVER_BUILD)/$(1).lib $(DRIVER_BUILD)/$(1).dwarf.sys: $(DRIVER_BUILD)/$(1).sys
endef

# The loader's test drivers (tests/drivers/): loadtest.sys exports
# routines and has INIT and PAGE sections; importer.sys imports from it;
# the broken ones import a routine the kernel lacks (missing.sys) and
# from a DLL nobody loaded (nodll.sys), through import libraries of
# their own (tests/drivers/*.def); expuser.sys imports from expdll.sys,
# an export driver with DllInitialize and DllUnload that the loader loads
# for it; failentry.sys's DriverEntry fails after making a device;
# vfbroken.sys makes the pool mistakes Driver Verifier catches, vflocks.sys
# the IRQL and lock ones, vfio.sys the I/O ones.
$(eval $(call DRIVER,loadtest,tests/drivers/loadtest,))
$(eval $(call DRIVER,vfbroken,tests/drivers/vfbroken,))
$(eval $(call DRIVER,vflocks,tests/drivers/vflocks,))
$(eval $(call DRIVER,vfio,tests/drivers/vfio,))
$(eval $(call DRIVER,expdll,tests/drivers/expdll,))
$(eval $(call DRIVER,expuser,tests/drivers/expuser,$(DRIVER_BUILD)/expdll.lib))
$(eval $(call DRIVER,failentry,tests/drivers/failentry,))
$(eval $(call DRIVER,importer,tests/drivers/importer,$(DRIVER_BUILD)/loadtest.lib))
$(eval $(call DRIVER,missing,tests/drivers/missing,$(DRIVER_BUILD)/bogus_ntoskrnl.lib))
$(eval $(call DRIVER,nodll,tests/drivers/nodll,$(DRIVER_BUILD)/nosuch.lib))
$(DRIVER_BUILD)/bogus_ntoskrnl.lib: tests/drivers/bogus_ntoskrnl.def | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(PE_DLLTOOL) -m i386 -k -d $< -l $@
$(DRIVER_BUILD)/nosuch.lib: tests/drivers/nosuch.def | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(PE_DLLTOOL) -m i386 -k -d $< -l $@

# The samples (drivers/samples/, docs/io.md): the way to start a driver.
$(eval $(call DRIVER,ioctl,drivers/samples/ioctl,))
$(eval $(call DRIVER,shared,drivers/samples/shared,))
$(eval $(call DRIVER,filter,drivers/samples/filter,))
SAMPLE_DRIVERS := $(DRIVER_BUILD)/ioctl.sys $(DRIVER_BUILD)/shared.sys \
	$(DRIVER_BUILD)/filter.sys

DRIVER_IMAGES := $(SAMPLE_DRIVERS) $(DRIVER_BUILD)/loadtest.sys $(DRIVER_BUILD)/importer.sys \
	$(DRIVER_BUILD)/missing.sys $(DRIVER_BUILD)/nodll.sys \
	$(DRIVER_BUILD)/expdll.sys $(DRIVER_BUILD)/expuser.sys \
	$(DRIVER_BUILD)/failentry.sys $(DRIVER_BUILD)/vfbroken.sys \
	$(DRIVER_BUILD)/vflocks.sys $(DRIVER_BUILD)/vfio.sys
.PHONY: drivers
drivers: $(DRIVER_IMAGES)
all: drivers
# Boot files travel together: `make run`, the ISO and the tests carry the
# drivers as they carry the user images (\SystemRoot\NAME.sys).
USER_IMAGES += $(DRIVER_IMAGES)
