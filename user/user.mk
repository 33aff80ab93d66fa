# Ring 3: ntdll.dll, kernel32.dll, the C runtime and the programs, built as
# PE images with the PE toolchain (clang in MSVC mode, lld-link) into
# build/user/. docs/user-mode.md describes them; the Makefile includes this
# file after its PE rules.

USER_BUILD := $(BUILD)/user
PE_LIB := llvm-lib-16
PE_DLLTOOL := llvm-dlltool-16
# NT_USER_MODE: the shared headers take their ring-3 forms (include/ntdef.h),
# whichever header a file includes first.
USER_CFLAGS := $(PE_CFLAGS) -march=i486 -DNT_USER_MODE=1 -Iuser/include -Iinclude \
	-Ikernel/rtl
USER_NASMFLAGS := -f win32
# /safeseh:no: there is no load-config directory to carry a SafeSEH table
# (ntdll's dispatcher does not check one), and without it lld would mark
# the images IMAGE_DLLCHARACTERISTICS_NO_SEH although they use SEH.
USER_LINK := $(PE_LINK) /nologo /nodefaultlib /safeseh:no
# Aligns the import directory of an image that imports (its comment).
USER_IMPORT_ALIGN := $(USER_BUILD)/link/import_align.asm.obj

NTDLL := $(USER_BUILD)/ntdll.dll
KERNEL32 := $(USER_BUILD)/kernel32.dll
USER_CRT := $(USER_BUILD)/libcrt.lib
USER_PROGRAMS := $(USER_BUILD)/hello.exe $(USER_BUILD)/usertests.exe \
	$(USER_BUILD)/fuzz.exe $(USER_BUILD)/devtest.exe $(USER_BUILD)/sharedtest.exe \
	$(USER_BUILD)/iobench.exe $(USER_BUILD)/pagetest.exe \
	$(USER_BUILD)/exitnow.exe $(USER_BUILD)/partner.exe
USER_IMAGES := $(NTDLL) $(KERNEL32) $(USER_PROGRAMS)
USER_HEADERS := $(wildcard user/include/*.h user/*/*.h user/programs/*/*.h) \
	include/ntdef.h include/devioctl.h \
	include/ntstatus.h include/ntpeb.h include/ntcontext.h include/ntlist.h \
	include/ntexcept.h kernel/rtl/rtlp_seh.h

.PHONY: user
user: $(USER_IMAGES) $(USER_BUILD)/ntcontext.gcc
all: user

$(USER_BUILD)/%.obj: user/%.c $(USER_HEADERS) user/user.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  PECC    $@"
	$(Q)$(PE_CC) $(USER_CFLAGS) -c $< -o $@

# C++ as MSVC compiles it, without C++ exceptions or RTTI (there is no
# C++ runtime; __try/__except is SEH and works as in C). The C runtime
# runs static constructors (.CRT$XC*) before main and the destructors
# they register with atexit at exit (user/crt/crt0.c, exit.c).
USER_CXXFLAGS := $(USER_CFLAGS) -x c++ -std=c++17 -fno-exceptions -fno-rtti
$(USER_BUILD)/%.cpp.obj: user/%.cpp $(USER_HEADERS) user/user.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  PECXX   $@"
	$(Q)$(PE_CC) $(USER_CXXFLAGS) -c $< -o $@

$(USER_BUILD)/%.asm.obj: user/%.asm | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  NASM    $@"
	$(Q)$(NASM) $(USER_NASMFLAGS) $< -o $@

# include/ntcontext.h's offsets must hold for the kernel's compiler too.
$(USER_BUILD)/ntcontext.gcc: include/ntcontext.h include/ntdef.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(CC) $(KCFLAGS) -fsyntax-only -x c $<
	@touch $@

# The C runtime: a static library (with C++'s new and delete); ntdll and
# kernel32 take its memory, string, 64-bit arithmetic and stack-probe
# objects from it too.
USER_CRT_OBJS := $(patsubst user/%.c,$(USER_BUILD)/%.obj,$(wildcard user/crt/*.c)) \
	$(patsubst user/%.cpp,$(USER_BUILD)/%.cpp.obj,$(wildcard user/crt/*.cpp)) \
	$(patsubst user/%.asm,$(USER_BUILD)/%.asm.obj,$(wildcard user/crt/*.asm))
$(USER_CRT): $(USER_CRT_OBJS)
	@echo "  PELIB   $@"
	$(Q)rm -f $@ && $(PE_LIB) /nologo /out:$@ $^

# A .def's "Name=_Name@N" lines as the import library's "Name@N": with
# --kill-at the program's references stay decorated (_Name@N) while the
# name it imports is the DLL's plain export.
define USER_IMPLIB
	@mkdir -p $(dir $(2))
	@echo "  IMPLIB  $(2)"
	$(Q)sed -e 's/^\([ \t]*\)\([A-Za-z0-9_]*\)=_\2\(@[0-9]*\)[ \t]*$$/\1\2\3/' \
		$(1) > $(2).def
	$(Q)$(PE_DLLTOOL) -m i386 -k -d $(2).def -l $(2)
endef

# The exception dispatcher's shared half: NT's RTL is one source for the
# kernel and ntdll, and so is this (kernel/rtl/rtlp_seh.h).
RTL_SHARED_OBJS := $(USER_BUILD)/rtl/exception.obj $(USER_BUILD)/rtl/unwind.obj \
	$(USER_BUILD)/rtl/eh3.obj \
	$(patsubst kernel/rtl/%.asm,$(USER_BUILD)/rtl/%.asm.obj,$(wildcard kernel/rtl/*.asm))
$(USER_BUILD)/rtl/%.obj: kernel/rtl/%.c $(USER_HEADERS) user/user.mk | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  PECC    $@"
	$(Q)$(PE_CC) $(USER_CFLAGS) -c $< -o $@
$(USER_BUILD)/rtl/%.asm.obj: kernel/rtl/%.asm kernel/rtl/context.inc | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  NASM    $@"
	$(Q)$(NASM) $(USER_NASMFLAGS) $< -o $@

# ntdll.dll: the service stubs and their exports come from the service
# table; linked at its fixed base with its relocations kept.
NTDLL_OBJS := $(patsubst user/%.c,$(USER_BUILD)/%.obj,$(wildcard user/ntdll/*.c)) \
	$(patsubst user/%.asm,$(USER_BUILD)/%.asm.obj,$(wildcard user/ntdll/*.asm)) \
	$(USER_BUILD)/ntdll/services.asm.obj $(RTL_SHARED_OBJS)
$(USER_BUILD)/ntdll/services.asm: kernel/ps/services.tbl tools/gen-services.sh
	@mkdir -p $(@D)
	$(Q)tools/gen-services.sh stubs $< > $@.tmp && mv $@.tmp $@
$(USER_BUILD)/ntdll/services.asm.obj: $(USER_BUILD)/ntdll/services.asm
	@echo "  NASM    $@"
	$(Q)$(NASM) $(USER_NASMFLAGS) $< -o $@
$(USER_BUILD)/ntdll/ntdll.def: kernel/ps/services.tbl tools/gen-services.sh user/ntdll/ntdll.def
	@mkdir -p $(@D)
	$(Q){ echo "LIBRARY ntdll.dll"; echo "EXPORTS"; \
		tools/gen-services.sh def $<; grep -v '^;' user/ntdll/ntdll.def; } > $@.tmp
	$(Q)mv $@.tmp $@
$(NTDLL): $(NTDLL_OBJS) $(USER_BUILD)/ntdll/ntdll.def $(USER_CRT)
	@echo "  PELINK  $@"
	$(Q)$(USER_LINK) /dll /noentry /base:0x7C900000 \
		/def:$(USER_BUILD)/ntdll/ntdll.def /noimplib /out:$@ \
		$(NTDLL_OBJS) $(USER_CRT)
$(USER_BUILD)/ntdll.lib: $(USER_BUILD)/ntdll/ntdll.def
	$(call USER_IMPLIB,$<,$@)

# kernel32.dll: the Win32 subset over ntdll.
KERNEL32_OBJS := $(patsubst user/%.c,$(USER_BUILD)/%.obj,$(wildcard user/kernel32/*.c)) \
	$(patsubst user/%.asm,$(USER_BUILD)/%.asm.obj,$(wildcard user/kernel32/*.asm))
$(KERNEL32): $(KERNEL32_OBJS) $(USER_IMPORT_ALIGN) user/kernel32/kernel32.def $(USER_CRT) $(USER_BUILD)/ntdll.lib
	@echo "  PELINK  $@"
	$(Q)$(USER_LINK) /dll /entry:BaseDllInitialize /base:0x7C800000 \
		/def:user/kernel32/kernel32.def /noimplib /out:$@ \
		$(KERNEL32_OBJS) $(USER_IMPORT_ALIGN) $(USER_CRT) $(USER_BUILD)/ntdll.lib
$(USER_BUILD)/kernel32.lib: user/kernel32/kernel32.def
	$(call USER_IMPLIB,$<,$@)

# Programs: one folder each under user/programs/ (C, C++ and NASM
# sources), linked with the C runtime (entry mainCRTStartup) and the two
# DLLs' import libraries.
USER_LIBS := $(USER_IMPORT_ALIGN) $(USER_CRT) $(USER_BUILD)/kernel32.lib $(USER_BUILD)/ntdll.lib
define USER_PROGRAM
$(USER_BUILD)/$(1).exe: $(patsubst user/%.c,$(USER_BUILD)/%.obj,$(wildcard user/programs/$(1)/*.c)) \
		$(patsubst user/%.cpp,$(USER_BUILD)/%.cpp.obj,$(wildcard user/programs/$(1)/*.cpp)) \
		$(patsubst user/%.asm,$(USER_BUILD)/%.asm.obj,$(wildcard user/programs/$(1)/*.asm)) $(USER_LIBS)
	@echo "  PELINK  $$@"
	$(Q)$(USER_LINK) /entry:mainCRTStartup /subsystem:console \
		/base:0x400000 /out:$$@ $$^
endef
$(foreach Program,$(USER_PROGRAMS:$(USER_BUILD)/%.exe=%),$(eval $(call USER_PROGRAM,$(Program))))

# The host test that checks the images as the kernel's loader will.
HOST_SOURCES_test_user_images := $(PE_IMAGE_CORE) tests/host/pe_file.c
$(BUILD)/host/test_user_images: $(USER_IMAGES)
$(BUILD)/host/test_user_images: HOSTCFLAGS += -DUSER_IMAGES='"$(USER_BUILD)"'

# ntdll's heap and status table, and the C runtime's formatting and
# argument splitting, on the host (the user headers by quote includes only,
# so the host's own <stdio.h> stays in front).
HOST_SOURCES_test_user_heap := user/ntdll/heap.c user/ntdll/heap_lists.c \
	user/ntdll/heap_segment.c user/ntdll/heap_virtual.c user/ntdll/heap_lock.c
$(BUILD)/host/test_user_heap: HOSTCFLAGS += -iquote user/include -iquote user/ntdll
$(BUILD)/host/test_user_heap: $(USER_HEADERS)
HOST_SOURCES_test_user_status := user/ntdll/status.c
$(BUILD)/host/test_user_status: HOSTCFLAGS += -iquote user/include
$(BUILD)/host/test_user_status: $(USER_HEADERS)
HOST_SOURCES_test_user_strsafe := user/crt/output.c user/crt/woutput.c \
	user/crt/sprintf_msvc.c
$(BUILD)/host/test_user_strsafe: HOSTCFLAGS += -iquote user/include \
	-iquote user/crt -fshort-wchar
$(BUILD)/host/test_user_strsafe: $(USER_HEADERS) user/crt/output_engine.h
HOST_SOURCES_test_user_file := user/ntdll/dos_path.c user/ntdll/status.c \
	user/kernel32/file_options.c user/kernel32/io_completion.c
$(BUILD)/host/test_user_file: HOSTCFLAGS += -iquote user/include -iquote user/kernel32
$(BUILD)/host/test_user_file: $(USER_HEADERS)
# (wchar_t 16 bits wide, as on Windows, for the wide printf family.)
HOST_SOURCES_test_user_crt := user/crt/output.c user/crt/woutput.c \
	user/crt/sprintf_msvc.c user/crt/cmdline.c
$(BUILD)/host/test_user_crt: HOSTCFLAGS += -iquote user/crt -fshort-wchar
$(BUILD)/host/test_user_crt: user/crt/crt.h user/crt/output_engine.h

# The kernel's test suite runs the C runtime's 64-bit helpers
# (tests/kernel/user_int64.c): the same source, assembled as ELF.
USER_INT64_ELF := $(USER_BUILD)/crt/int64.elf.o
$(USER_INT64_ELF): user/crt/int64.asm | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  NASM    $@"
	$(Q)$(NASM) -f elf32 $< -o $@
KERNEL_OBJS += $(USER_INT64_ELF)
$(BUILD)/kernel.pass1.elf $(KERNEL): $(USER_INT64_ELF)
