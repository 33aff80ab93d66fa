# gdb commands that read the kernel's own structures, WinDbg-style:
#   lk-pte ADDR            the walk CR3 -> PDE -> PTE -> frame (as !pte)
#   lk-pool [TAG]          the pool's tag table (as poolmon, !poolused)
#   lk-pool-block ADDR     the pool block holding ADDR (as !pool)
#   lk-buddy               the buddy allocator's free lists, walked
#   lk-irql                IRQL, HAL, pending work, ticks, interrupts
#   lk-vm                  page lists, commit, page file, fault counters
#   lk-bugcheck            the last stop code and parameters
#   lk-lists ADDR [TYPE FIELD]   walk a LIST_ENTRY (as !list / dl)
# ADDR is any gdb expression: 0xe0001000, &ExpLookasideListHead, $eax.
# Their output lines are the shell's for the same state (kernel/shell/),
# which tools/shell-test.sh checks. Loaded by tools/gdb/kernel.gdb.
import struct

import gdb

PTE_BASE = 0xC0000000
PDE_BASE = 0xC0300000
KERNEL_BASE = 0x80000000
PAGED_POOL_START = 0xE0000000
PAGED_POOL_END = 0xF0000000
VALID, WRITE, OWNER, WRITE_THROUGH, CACHE_DISABLE = 1, 2, 4, 8, 0x10
ACCESSED, DIRTY, LARGE, GLOBAL = 0x20, 0x40, 0x80, 0x100
NO_PAGE = 0xFFFFFFFF
PFN_STATES = ["Reserved", "Bad", "Free", "Cached", "Active", "Tail"]
PFN_USAGES = ["None", "Contiguous", "PageTable", "Pool", "Process", "Test",
              "PageDirectory", "SystemPages", "Section", "MdlPages",
              "DriverPageable", "SectionPageable"]
ZONE_NAMES = ["DMA  (< 16 MiB)", "low  (< 1 GiB) ", "high (> 1 GiB) "]
IRQL_NAMES = {0: "PASSIVE_LEVEL", 1: "APC_LEVEL", 2: "DISPATCH_LEVEL",
              27: "PROFILE_LEVEL", 28: "CLOCK_LEVEL", 29: "IPI_LEVEL",
              30: "POWER_LEVEL", 31: "HIGH_LEVEL"}


def ev(expression):
    return gdb.parse_and_eval(expression)


def at(address, type_name):
    """The object of type type_name at address (the type looked up in
    every compilation unit, whatever the current frame can see)."""
    pointer = gdb.lookup_type(type_name).pointer()
    return gdb.Value(address).cast(pointer).dereference()


def u32(address):
    data = gdb.selected_inferior().read_memory(address, 4).tobytes()
    return struct.unpack("<I", data)[0]


def number(value):
    return int(value) & 0xFFFFFFFF


def buddy_cache(buddy, zone):
    """A zone's page cache: the top zone's is TopCache (kernel/buddy.h)."""
    if number(buddy["TopZone"]) == zone:
        return buddy["TopCache"]
    return buddy["Cache"][zone]


def address_argument(text, usage):
    if not text.strip():
        raise gdb.GdbError("usage: " + usage)
    return number(ev(text))


def tag_text(tag):
    return "".join(chr(c) if 0x20 <= c <= 0x7E else "."
                   for c in struct.pack("<I", tag))


def tag_matches(tag, pattern):
    """KiShellTagMatches: '?' is any one character, '*' any run of them
    (none included); the pattern's end matches the tag's space padding."""
    text = struct.pack("<I", tag).decode("latin-1")

    def match(index, rest):
        while True:
            if rest[:1] == "*":
                return any(match(start, rest[1:]) for start in range(index, 5))
            if rest == "":
                return text[index:] == " " * (4 - index)
            if index == 4 or (rest[0] != "?" and rest[0] != text[index]):
                return False
            rest, index = rest[1:], index + 1

    return match(0, pattern)


def pool_type_name(base):
    return "Paged" if base == 1 else "Nonp"


def physical_u32(address):
    """A word of physical memory, through QEMU's monitor (xp)."""
    out = gdb.execute("monitor xp /wx 0x%x" % address, to_string=True)
    return int(out.split(":")[1].split()[0], 16)


class LkCommand(gdb.Command):
    """The first docstring line is what `help user-defined` shows."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_USER)
        self.name = name

    def invoke(self, argument, from_tty):
        # Without a target gdb reads the ELF file's own bytes: every count
        # would be the zero the image was linked with.
        if gdb.selected_thread() is None:
            raise gdb.GdbError(
                "%s: no target, so no kernel to read; connect first "
                "(make debug does: target remote 127.0.0.1:1234)"
                % self.name)
        try:
            self.run(argument)
        except gdb.MemoryError as error:
            raise gdb.GdbError("unreadable kernel memory: %s" % error)


# ---- lk-pte -------------------------------------------------------------

def entry_line(level, at, entry, is_pde):
    head = "%s at %08x = %08x " % (level, at, entry)
    if not entry & VALID:
        return head + " not valid: " + (
            "no page table, the address is not mapped" if is_pde
            else "the address is not mapped")
    words = " valid %s %s" % ("write" if entry & WRITE else "read",
                              "user" if entry & OWNER else "kernel")
    for bit, word in ((WRITE_THROUGH, "write-through"),
                      (CACHE_DISABLE, "no-cache"), (ACCESSED, "accessed"),
                      (DIRTY, "dirty")):
        if entry & bit:
            words += " " + word
    if is_pde and entry & LARGE:
        words += " large"
    if entry & GLOBAL:
        words += " global"
    return head + words


def pfn_line(frame):
    if frame >= number(ev("MmPfnDatabaseSize")):
        return ("PFN %05x: beyond the PFN database (device memory or a hole)"
                % frame)
    pfn = ev("MmPfnDatabase")[frame]
    state, usage = int(pfn["State"]), int(pfn["Usage"])
    return "PFN %05x: state %s, usage %s, order %d, references %d" % (
        frame, PFN_STATES[state] if state < len(PFN_STATES) else "?",
        PFN_USAGES[usage] if usage < len(PFN_USAGES) else "?",
        int(pfn["Order"]), int(pfn["ReferenceCount"]))


class LkPte(LkCommand):
    """Page walk of ADDR: CR3 -> PDE -> PTE -> frame, bits decoded (!pte).
Usage: lk-pte ADDR. Read through the self-map and checked against physical
memory; the lines are the shell's `pte`."""

    def __init__(self):
        super().__init__("lk-pte")

    def run(self, argument):
        va = address_argument(argument, "lk-pte ADDRESS")
        cr3 = number(ev("$cr3"))
        print("VA %08x: PDE index %03x, PTE index %03x, offset %03x; CR3 %08x"
              % (va, va >> 22, (va >> 12) & 0x3FF, va & 0xFFF, cr3))
        pde_at = PDE_BASE + (va >> 22) * 4
        pde = u32(pde_at)
        checked = physical_u32((cr3 & ~0xFFF) + (va >> 22) * 4) == pde
        line = entry_line("PDE", pde_at, pde, True)
        if not pde & VALID:
            print(line)
        elif pde & LARGE:
            frame = (pde >> 12) + ((va >> 12) & 0x3FF)
            print(line + " -> 4 MiB page, frame %05x, physical %08x"
                  % (frame, (frame << 12) | (va & 0xFFF)))
            print(pfn_line(frame))
        else:
            print(line + " -> page table, frame %05x" % (pde >> 12))
            pte_at = PTE_BASE + (va >> 12) * 4
            pte = u32(pte_at)
            checked = checked and physical_u32(
                (pde & ~0xFFF) + ((va >> 12) & 0x3FF) * 4) == pte
            line = entry_line("PTE", pte_at, pte, False)
            if not pte & VALID:
                print(line)
            else:
                print(line + " -> frame %05x, physical %08x"
                      % (pte >> 12, (pte & ~0xFFF) | (va & 0xFFF)))
                print(pfn_line(pte >> 12))
        print("(physical memory read from CR3 %s)"
              % ("agrees" if checked else "DISAGREES with the self-map"))


# ---- lk-pool, lk-pool-block ----------------------------------------------

def front_memos():
    """{(tag, base type): [allocations, frees, bytes]} that the pool's
    per-processor front counted and has not folded into the tracker yet
    (the kernel folds them on a query; gdb adds them itself)."""
    memos = {}
    lists = ev("KiPcr.PrcbData.PoolFront.Lists")
    for base in (0, 1):
        row = lists[base]
        for index in range(row.type.range()[1] + 1):
            entry = row[index]
            frees = number(entry["MemoFrees"])
            # The pop counts nothing itself (kernel/pool_front.h).
            allocations = (frees + number(entry["Room"]) -
                           number(entry["MemoRoom"])) & 0xFFFFFFFF
            if allocations == 0 and frees == 0:
                continue
            stride = (index + 1) * 8
            memo = memos.setdefault((number(entry["MemoTag"]), base),
                                    [0, 0, 0])
            memo[0] += allocations
            memo[1] += frees
            memo[2] += (allocations - frees) * stride
    return memos


def tracker_rows():
    """(tag, base type, allocations, frees, bytes, failures) of every tag
    used or failed, the front's memos included."""
    rows = []
    memos = front_memos()
    overflow = ev("'pool_track.c'::overflow")
    for base in (0, 1):
        tracker = ev("MiPools[%d].Tracker" % base)
        tracker.fetch_lazy()
        count = tracker.type.range()[1] + 1
        entries = [tracker[i] for i in range(count)] + [overflow[base]]
        for entry in entries:
            tag, allocations = number(entry["Tag"]), number(entry["Allocations"])
            frees, in_use = number(entry["Frees"]), number(entry["Bytes"])
            failures = number(entry["Failures"])
            memo = memos.pop((tag, base), None) if tag != 0 else None
            if memo is not None:
                allocations = (allocations + memo[0]) & 0xFFFFFFFF
                frees = (frees + memo[1]) & 0xFFFFFFFF
                in_use = (in_use + memo[2]) & 0xFFFFFFFF
            if tag != 0 and (allocations != 0 or failures != 0):
                rows.append((tag, base, allocations, frees, in_use, failures))
    # A memo's tag with no tracker entry yet (its first blocks).
    for (tag, base), memo in memos.items():
        if tag != 0 and memo[0] != 0:
            rows.append((tag, base, memo[0], memo[1], memo[2] & 0xFFFFFFFF, 0))
    rows.sort(key=lambda row: (-row[4], row[0], row[1]))
    return rows


def pool_pages(base):
    pool = ev("MiPools[%d]" % base)
    return number(pool["SlabPages"]) + number(pool["BigPages"])


class LkPool(LkCommand):
    """Pool use per tag and pool type, largest first (poolmon, !poolused).
Usage: lk-pool [TAG]; TAG may use ? and *. The lines are the shell's `pool`."""

    def __init__(self):
        super().__init__("lk-pool")

    def run(self, argument):
        pattern = argument.strip() or None
        rows = [row for row in tracker_rows()
                if pattern is None or tag_matches(row[0], pattern)]
        print("Tag  Type     Allocs      Frees       Diff      Bytes   Failed")
        for tag, base, allocations, frees, in_use, failures in rows:
            print("%s %-5s %10d %10d %10d %10d %8d" % (
                tag_text(tag), pool_type_name(base), allocations, frees,
                (allocations - frees) & 0xFFFFFFFF, in_use, failures))
        failures = sum(number(ev("MiPools[%d].Failures" % b)) for b in (0, 1))
        print("%d row(s)%s; pages: nonpaged %d, paged %d; failed allocations: %d"
              % (len(rows), " matching " + pattern if pattern else "",
                 pool_pages(0), pool_pages(1), failures))


POOL_WORD_UNUSED = 3


def pool_page_word(va):
    """MiPoolPageWord: the PFN's Owner word when the pool owns the page;
    paged pool's words sit in MiPagedPoolWords, one page of them per 4 MiB."""
    if (va - KERNEL_BASE) & 0xFFFFFFFF < number(ev("MiDirectMapEndPage")) << 12:
        frame = (va - KERNEL_BASE) >> 12
    elif PAGED_POOL_START <= va < PAGED_POOL_END:
        words = number(ev("MiPagedPoolWords")[(va - PAGED_POOL_START) >> 22])
        if words == 0:
            return None
        word = u32(words + ((va >> 12) & 1023) * 4)
        return None if word == POOL_WORD_UNUSED else word
    else:
        return None
    if frame >= number(ev("MmPfnDatabaseSize")):
        return None
    pfn = ev("MmPfnDatabase")[frame]
    if int(pfn["Usage"]) != int(ev("MiUsagePool")):
        return None
    return number(pfn["Owner"])


def describe_block(va):
    """MiQueryPoolBlock: (block, size, tag, base, in use, big, quota)."""
    word = pool_page_word(va)
    if word is None:
        return None
    if word >= 8:
        slab = at(word, "struct _MI_SLAB")
        first = number(slab["FirstBlock"])
        cache = slab["Cache"].dereference()
        stride = number(cache["Stride"])
        if va < first or (va - first) // stride >= number(cache["Capacity"]):
            return None
        header_at = first + (va - first) // stride * stride
        header = at(header_at, "struct _POOL_HEADER")
        kind = int(header["PoolType"])
        size = stride - 8 - (4 if kind & 8 else 0)
        return (header_at + 8, size, number(header["PoolTag"]),
                int(cache["Pool"]["BaseType"]), kind != 0, False,
                (kind & 8) != 0)
    for base in (0, 1):
        pool = ev("MiPools[%d]" % base)
        size = number(pool["BigTableSize"])
        if size == 0:
            continue
        table = ev("*MiPools[%d].BigTable@%d" % (base, size))
        table.fetch_lazy()
        for index in range(size):
            entry = table[index]
            start = number(entry["Va"])
            if start and start <= va < start + (number(entry["Pages"]) << 12):
                return (start, number(entry["Pages"]) << 12,
                        number(entry["Tag"]), base, True, True,
                        (int(entry["PoolType"]) & 8) != 0)
    return None


class LkPoolBlock(LkCommand):
    """The pool block holding ADDR: tag, size, type, free or in use (!pool).
Usage: lk-pool-block ADDR. The line is the shell's `pool ADDRESS`."""

    def __init__(self):
        super().__init__("lk-pool-block")

    def run(self, argument):
        va = address_argument(argument, "lk-pool-block ADDRESS")
        info = describe_block(va)
        if info is None:
            print("%08x is not in a pool block" % va)
            return
        block, size, tag, base, in_use, big, quota = info
        print("%08x is in block %08x: %s pool, %d bytes, tag %s, %s, %s%s" % (
            va, block, pool_type_name(base), size, tag_text(tag),
            "in use" if in_use else "free",
            "big (whole pages)" if big else "in a slab",
            ", quota charged" if quota else ""))


# ---- lk-buddy -------------------------------------------------------------

class LkBuddy(LkCommand):
    """Buddy allocator: free blocks per zone and order, lists walked.
Usage: lk-buddy. Walks every free list and page cache through the PFN
database and checks the counts; the lines are the shell's `mem`."""

    def __init__(self):
        super().__init__("lk-buddy")

    def walk(self, head, limit):
        database = ev("MmPfnDatabase")
        count, frame = 0, head
        while frame != NO_PAGE and count <= limit:
            count += 1
            frame = number(database[frame]["Flink"])
        return count

    def run(self, argument):
        buddy = ev("MiBuddy")
        zones = int(ev("MiZoneCount"))
        orders = buddy["FreeList"][0].type.range()[1] + 1
        limit = number(buddy["PageCount"])
        print("mm: free blocks per order  "
              + "".join("%5d" % order for order in range(orders))
              + "   frames")
        total_free = total_managed = 0
        largest = -1
        problems = []
        for zone in range(zones):
            counts = []
            for order in range(orders):
                free_list = buddy["FreeList"][zone][order]
                walked = self.walk(number(free_list["Head"]), limit)
                if walked != number(free_list["Count"]):
                    problems.append("zone %d order %d: the list holds %d blocks"
                                    ", its count says %d" % (
                                        zone, order, walked,
                                        number(free_list["Count"])))
                counts.append(walked)
                if walked:
                    largest = max(largest, order)
            # A cache is a stack of frame numbers, each of whose records
            # says Cached.
            cache = buddy_cache(buddy, zone)
            cached = number(cache["Count"])
            room = cache["Frames"].type.range()[1] + 1
            if cached > room:
                problems.append("zone %d: the page cache's count %d is past "
                                "its room %d" % (zone, cached, room))
                cached = 0
            database = ev("MmPfnDatabase")
            for index in range(cached):
                frame = number(cache["Frames"][index])
                state = int(database[frame]["State"]) if frame < limit else -1
                if state != PFN_STATES.index("Cached"):
                    problems.append("zone %d: cached frame %#x is not Cached"
                                    % (zone, frame))
            listed = sum(count << order for order, count in enumerate(counts))
            if listed != number(buddy["ListPages"][zone]):
                problems.append("zone %d: %d frames on the lists, ListPages "
                                "says %d" % (zone, listed,
                                             number(buddy["ListPages"][zone])))
            frames = listed + cached
            print("mm:   %s     " % ZONE_NAMES[zone]
                  + "".join("%5d" % count for count in counts)
                  + "  %7d" % frames)
            total_free += frames
            total_managed += number(buddy["ManagedPages"][zone])
        print("mm: %d of %d managed frames free (%d KiB), largest free block "
              "order %d" % (total_free, total_managed, total_free * 4, largest))
        for problem in problems:
            print("INCONSISTENT: " + problem)
        if not problems:
            print("(walked every free list and page cache: the counts agree)")


# ---- lk-irql -----------------------------------------------------------------

CLOCK_LEVEL = 28
APIC_SPURIOUS_VECTOR = 0xFF


def vector_text(vector):
    """describe_vector in kernel/shell/shell_system.c: the clock, an ISA
    line (from HalpIsaRoutes), or the controllers' own."""
    if vector == number(ev("KiClockVector")):
        return "clock, IRQL %d" % CLOCK_LEVEL
    routes = ev("HalpIsaRoutes")
    for irq in range(routes.type.range()[1] + 1):
        if vector != 0 and number(routes[irq]["Vector"]) == vector:
            return "IRQ %d, IRQL %d" % (irq, int(routes[irq]["Irql"]))
    if vector == APIC_SPURIOUS_VECTOR:
        return "APIC spurious"
    return "exception" if vector < 0x20 else "other"


class LkIrql(LkCommand):
    """IRQL, HAL, pending interrupts and DPCs, ticks, interrupts per vector.
Usage: lk-irql. The lines are the shell's `irql`."""

    def __init__(self):
        super().__init__("lk-irql")

    def run(self, argument):
        irql = int(ev("KiPcr.Irql"))
        controller = ev("HalpController").dereference()
        print("IRQL %d (%s); HAL: %s, lazy: the controller is told only when "
              "an interrupt comes too early" % (
                  irql, IRQL_NAMES.get(irql, "a device's DIRQL"),
                  controller["Name"].string()))
        print("Pending (PCR IRR): %08x; DPCs queued %d, run %d" % (
            number(ev("KiPcr.IRR")), number(ev("KiDpcQueueDepth")),
            number(ev("KiDpcCount"))))
        ticks = int(ev("KiTickCount"))
        increment = number(ev("KeTimeIncrement"))
        time = ticks * increment
        print("Ticks: %d of %d x 100 ns; interrupt time %d.%03d s" % (
            ticks, increment, time // 10000000, time // 10000 % 1000))
        print("Interrupts per vector (unexpected %d, spurious %d):" % (
            number(ev("KiUnexpectedInterruptCount")),
            number(ev("HalpSpuriousInterruptCount"))))
        counts = ev("KiInterruptCount")
        counts.fetch_lazy()
        for vector in range(counts.type.range()[1] + 1):
            if number(counts[vector]):
                print("  vector %02x %10d  %s" % (
                    vector, number(counts[vector]), vector_text(vector)))


# ---- lk-bugcheck ---------------------------------------------------------------

class LkBugCheck(LkCommand):
    """The last bug check: code, name and parameters (KiBugCheckData).
Usage: lk-bugcheck. The lines are the stop screen's first two."""

    def __init__(self):
        super().__init__("lk-bugcheck")

    def run(self, argument):
        data = [number(ev("KiBugCheckData[%d]" % i)) for i in range(5)]
        if data[0] == 0:
            print("No bug check so far (KiBugCheckData is zero).")
            return
        print("*** STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)" % tuple(data))
        names = ev("'bugcheck.c'::bugcheck_names")
        for index in range(names.type.range()[1] + 1):
            if number(names[index]["Code"]) == data[0]:
                print(names[index]["Name"].string())
                return
        print("")


# ---- lk-lists --------------------------------------------------------------

def field_offset(type_name, path):
    """Byte offset of a (dotted) field path inside a type."""
    kind = gdb.lookup_type(type_name).strip_typedefs()
    offset = 0
    for name in path.split("."):
        for field in kind.fields():
            if field.name == name:
                offset += field.bitpos // 8
                kind = field.type.strip_typedefs()
                break
        else:
            raise gdb.GdbError("%s has no field %s" % (type_name, path))
    return offset


class LkLists(LkCommand):
    """Walk a LIST_ENTRY list from its head, checking each Blink (!list).
Usage: lk-lists ADDR [TYPE FIELD]. With TYPE and FIELD (dotted for nested
fields), each entry's record is printed, as CONTAINING_RECORD gives it."""

    def __init__(self):
        super().__init__("lk-lists")

    def run(self, argument):
        words = gdb.string_to_argv(argument)
        if len(words) not in (1, 3):
            raise gdb.GdbError("usage: lk-lists ADDRESS [TYPE FIELD]")
        head = number(ev(words[0]))
        offset = field_offset(words[1], words[2]) if len(words) == 3 else None
        previous, entry, count = head, u32(head), 0
        while entry != head:
            if entry == 0 or u32(entry + 4) != previous:
                print("corrupt: entry %08x after %08x has Blink %08x" % (
                    entry, previous, u32(entry + 4) if entry else 0))
                return
            if offset is None:
                print("  [%d] %08x" % (count, entry))
            else:
                print("  [%d] %08x  %s at %08x" % (count, entry, words[1],
                                                   entry - offset))
            previous, entry, count = entry, u32(entry), count + 1
            if count > 1000000:
                print("more than a million entries: a loop?")
                return
        print("%d entries" % count)


# ---- lk-vm -------------------------------------------------------------------

class LkVm(LkCommand):
    """Paging: the page lists, commit charge, page file, fault counters.
Usage: lk-vm. The lines are the paging lines of the shell's `mem`."""

    def __init__(self):
        super().__init__("lk-vm")

    def run(self, argument):
        kib = 4
        free = 0
        buddy = ev("MiBuddy")
        for zone in range(3):
            free += number(buddy["ListPages"][zone])
            free += number(buddy_cache(buddy, zone)["Count"])
        zeroed = number(ev("MiZeroedList.Total"))
        print("mm: page lists: free %d (zeroed %d), standby %d, modified %d "
              "pages" % (free + zeroed, zeroed,
                         number(ev("MiStandbyList.Total")),
                         number(ev("MiModifiedList.Total"))))
        print("mm: commit charge %d KiB of a %d KiB limit (peak %d KiB)" % (
            number(ev("MmTotalCommittedPages")) * kib,
            number(ev("MmTotalCommitLimit")) * kib,
            number(ev("MmPeakCommitment")) * kib))
        if int(ev("MiPageFilePresent")):
            slots = number(ev("MiPageFileSlots"))
            print("mm: page file %d of %d pages in use" % (
                slots - 1 - number(ev("MiPageFileFreeSlots")), slots - 1))
        else:
            print("mm: no page file")
        count = ev("MiPagingCounters")
        print("mm: faults soft %d, hard %d, in-page errors %d; trimmed %d, "
              "written %d in %d clusters, standby reused %d" % tuple(
                  number(count[name]) for name in (
                      "SoftFaults", "HardFaults", "InPageErrors",
                      "PagesTrimmed", "PagesWritten", "WriteClusters",
                      "StandbyReused")))
        print("mm: idle processes' page tables out %d, back in %d" % (
            number(count["PageTablesOut"]), number(count["PageTablesIn"])))
        sections = ev("MiSectionPages")
        print("mm: page-file sections' pages: resident %d, trimmed %d, in "
              "the page file %d" % tuple(number(sections[name]) for name in (
                  "Resident", "Trimmed", "PagedOut")))


for command in (LkPte, LkPool, LkPoolBlock, LkBuddy, LkIrql, LkBugCheck,
                LkLists, LkVm):
    command()
