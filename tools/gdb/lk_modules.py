# gdb commands for the loaded kernel-mode images (mm/sysldr.c), sourced
# after lk.py (they share its helpers):
#   lk-lm                  PsLoadedModuleList, as the shell's `lm` prints it
#   lk-driver-symbols      add-symbol-file for every loaded driver, at the
#                          offset it was loaded at
# lk-driver-symbols reads build/drivers/NAME.dwarf.sys (the DWARF copy
# drivers/drivers.mk links beside NAME.sys), else NAME.sys (function names
# only); an argument names another folder: lk-driver-symbols [FOLDER].
import os
import struct

import gdb

# LkCommand, at, ev and number are lk.py's (sourced first, same namespace).

DEFAULT_FOLDER = "build/drivers"
LDRP_IMAGE_DLL = 0x4
LDRP_IMAGE_NOT_AT_BASE = 0x00200000
MI_SECTION_FREED = 0x4


def unicode_string(value):
    length = int(value["Length"]) // 2
    if length == 0:
        return ""
    data = gdb.selected_inferior().read_memory(
        number(value["Buffer"]), length * 2).tobytes()
    return "".join(chr(c) if 0x20 <= c < 0x7F else "?"
                   for c in struct.unpack("<%dH" % length, data))


def loaded_images():
    """(MI_LOADED_IMAGE value, base name) in load order."""
    head = number(ev("&PsLoadedModuleList"))
    entry = number(ev("PsLoadedModuleList.Flink"))
    while entry != head:
        image = at(entry, "MI_LOADED_IMAGE")
        yield image, unicode_string(image["Entry"]["BaseDllName"])
        entry = number(image["Entry"]["InLoadOrderLinks"]["Flink"])


def init_freed(image):
    return any(int(image["Sections"][i]["Flags"]) & MI_SECTION_FREED
               for i in range(int(image["SectionCount"])))


class LkLm(LkCommand):
    """The loaded kernel-mode images: start, end, name (the shell's lm)."""

    def __init__(self):
        super().__init__("lk-lm")

    def run(self, argument):
        print("start    end      module name")
        count = 0
        for image, name in loaded_images():
            entry = image["Entry"]
            start, flags = number(entry["DllBase"]), int(entry["Flags"])
            print("%08x %08x %-16s loads %u%s%s%s" % (
                start, start + int(entry["SizeOfImage"]), name,
                int(entry["LoadCount"]),
                ", relocated" if flags & LDRP_IMAGE_NOT_AT_BASE else "",
                ", export driver" if flags & LDRP_IMAGE_DLL else "",
                ", INIT freed" if init_freed(image) else ""))
            count += 1
        print("%d module(s)" % count)


def image_base(path):
    """The PE file's ImageBase (the optional header's, PE32)."""
    with open(path, "rb") as f:
        data = f.read(4096)
    nt = struct.unpack_from("<I", data, 0x3C)[0]
    return struct.unpack_from("<I", data, nt + 24 + 28)[0]


# The drivers whose symbols gdb has, by (name, load address), and where
# they came from: a driver loaded again elsewhere gets them again.
symbols_loaded = {}


def load_driver_symbols(folder, say):
    """add-symbol-file for each loaded driver not done yet."""
    for image, name in loaded_images():
        if int(image["PageCount"]) == 0:
            continue  # ntoskrnl.exe, hal.dll: the kernel's own symbols
        base = number(image["Entry"]["DllBase"])
        if (name, base) in symbols_loaded:
            path, offset = symbols_loaded[(name, base)]
            say("%s: symbols from %s at offset %08x" % (name, path, offset))
            continue
        stem = name[:-4] if name.lower().endswith(".sys") else name
        for candidate in (stem + ".dwarf.sys", name):
            path = os.path.join(folder, candidate)
            if os.path.exists(path):
                break
        else:
            say("%s: no %s or %s in %s" % (name, stem + ".dwarf.sys", name,
                                          folder))
            continue
        offset = (base - image_base(path)) & 0xFFFFFFFF
        gdb.execute("add-symbol-file %s -o 0x%x" % (path, offset),
                    to_string=True)
        symbols_loaded[(name, base)] = (path, offset)
        say("%s: symbols from %s at offset %08x" % (name, path, offset))


class LkDriverSymbols(LkCommand):
    """Load each loaded driver's symbols at its load address.
Usage: lk-driver-symbols [FOLDER] (default build/drivers): NAME.dwarf.sys
there (lines and types), or NAME.sys (names only). gdb also does this by
itself whenever the kernel stops with a driver loaded it has no symbols
for yet."""

    def __init__(self):
        super().__init__("lk-driver-symbols")

    def run(self, argument):
        load_driver_symbols(argument.strip() or DEFAULT_FOLDER, print)


def on_stop(event):
    """Symbols for drivers loaded since the last stop, quietly."""
    try:
        load_driver_symbols(DEFAULT_FOLDER, lambda line: None)
    except Exception:  # no target, no kernel symbols yet: nothing to do
        pass


gdb.events.stop.connect(on_stop)


for command in (LkLm, LkDriverSymbols):
    command()
