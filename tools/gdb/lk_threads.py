# gdb commands for threads, sourced after lk.py (they share its helpers):
#   lk-threads             every live thread, as the shell's `threads`
#   lk-thread ID           one thread's wait blocks and the backtrace from
#                          the context it saved when it switched away
# A thread that is not running prints exactly the shell's lines, which
# tools/shell-test.sh checks.
import gdb

STATE_NAMES = ["Initialized", "Ready", "Running", "Standby", "Terminated",
               "Waiting"]
REASON_NAMES = [
    "Executive", "FreePage", "PageIn", "PoolAllocation", "DelayExecution",
    "Suspended", "UserRequest", "WrExecutive", "WrFreePage", "WrPageIn",
    "WrPoolAllocation", "WrDelayExecution", "WrSuspended", "WrUserRequest",
    "WrEventPair", "WrQueue", "WrLpcReceive", "WrLpcReply", "WrVirtualMemory",
    "WrPageOut", "WrRendezvous", "WrKeyedEvent", "WrTerminated",
    "WrProcessInSwap", "WrCpuRateControl", "WrCalloutStack", "WrKernel",
    "WrResource", "WrPushLock", "WrMutex", "WrQuantumEnd", "WrDispatchInt",
    "WrPreempted", "WrYieldExecution", "WrFastMutex", "WrGuardedMutex",
    "WrRundown"]
KIND_NAMES = {0: "notification event", 1: "synchronization event",
              2: "mutex", 3: "process", 5: "semaphore", 6: "thread",
              8: "timer", 9: "timer"}
WAITING, TERMINATED = 5, 4


def symbol_name(address):
    """(name, offset) as KiLookupSymbol gives them, or (None, 0)."""
    out = gdb.execute("info symbol 0x%x" % address, to_string=True)
    if out.startswith("No symbol"):
        return None, 0
    name = out.split(" in section")[0]
    if " + " in name:
        name, offset = name.split(" + ")
        return name, int(offset)
    return name, 0


def live_threads():
    """ETHREADs on PspActiveThreads whose stacks have not gone back."""
    head = number(ev("&PspActiveThreads"))
    offset = field_offset("struct _ETHREAD", "ThreadListEntry")
    entry, found = u32(head), []
    while entry != head and len(found) < 64:
        thread = at(entry - offset, "struct _ETHREAD")
        if not int(thread["StackReaped"]) and \
                int(thread["Tcb"]["State"]) != TERMINATED:
            found.append(thread)
        entry = u32(entry)
    return found


def high_water(tcb):
    """KiStackHighWater: the deepest word no longer zero."""
    low, top = number(tcb["StackLimit"]), number(tcb["InitialStack"])
    if low == 0:
        return 0
    data = gdb.selected_inferior().read_memory(low, top - low).tobytes()
    for index in range(0, len(data), 4):
        if data[index:index + 4] != b"\0\0\0\0":
            return top - low - index
    return 0


def start_name(thread):
    start = number(thread["StartAddress"])
    if start == 0:
        return "(the boot flow)"
    name, _ = symbol_name(start)
    return name or "?"


def row(thread):
    tcb = thread["Tcb"]
    state = int(tcb["State"])
    current = number(ev("KiPcr.PrcbData.CurrentThread"))
    esp = number(gdb.parse_and_eval("$esp")) if number(tcb.address) == \
        current else number(tcb["KernelStack"])
    blocks = number(tcb["WaitBlockList"])
    waited = u32(blocks + 12) if state == WAITING and blocks else 0
    return {"id": number(thread["Cid"]["UniqueThread"]),
            "thread": number(thread.address), "state": state,
            "reason": int(tcb["WaitReason"]), "priority": int(tcb["Priority"]),
            "base": int(tcb["BasePriority"]), "object": waited,
            "used": number(tcb["InitialStack"]) - esp,
            "high": high_water(tcb), "ticks": number(tcb["KernelTime"]),
            "switches": number(tcb["ContextSwitches"]),
            "start": start_name(thread), "tcb": tcb}


class LkThreads(LkCommand):
    """Every live thread: state, priority, wait, stack, ticks (!process 0 7).
Usage: lk-threads. The lines are the shell's `threads`."""

    def __init__(self):
        super().__init__("lk-threads")

    def run(self, argument):
        rows = [row(thread) for thread in live_threads()]
        print("  id thread   state       pri base wait             object   "
              "stack/high  ticks start")
        for r in rows:
            print("%4d %08x %-11s %3d %4d %-16s %08x %5d/%-5d %5d %s" % (
                r["id"], r["thread"], STATE_NAMES[r["state"]], r["priority"],
                r["base"],
                REASON_NAMES[r["reason"]] if r["state"] == WAITING else "-",
                r["object"], r["used"], r["high"], r["ticks"], r["start"]))
        print("%d thread(s)" % len(rows))


class LkThread(LkCommand):
    """One thread: wait blocks and the backtrace from its saved context.
Usage: lk-thread ID. The lines are the shell's `thread ID`."""

    def __init__(self):
        super().__init__("lk-thread")

    def run(self, argument):
        words = gdb.string_to_argv(argument)
        if len(words) != 1 or not words[0].isdigit():
            raise gdb.GdbError("usage: lk-thread ID (decimal, as lk-threads)")
        wanted = int(words[0])
        rows = [r for r in map(row, live_threads()) if r["id"] == wanted]
        if not rows:
            print("thread: no thread with id %d (threads lists them)" % wanted)
            return
        r = rows[0]
        tcb = r["tcb"]
        print("Thread %d at %08x: %s, priority %d (base %d), start %s" % (
            r["id"], r["thread"], STATE_NAMES[r["state"]], r["priority"],
            r["base"], r["start"]))
        print("Stack %08x-%08x: %d bytes in use, %d at most; %d ticks, "
              "%d switches" % (number(tcb["StackLimit"]),
                               number(tcb["InitialStack"]), r["used"],
                               r["high"], r["ticks"], r["switches"]))
        first = number(tcb["WaitBlockList"])
        if r["state"] == WAITING and first:
            timer = number(tcb["Timer"].address)
            print("Waiting (%s, %s%s) on:" % (
                REASON_NAMES[r["reason"]],
                "all" if (u32(first + 20) >> 16) & 0xFF == 0 else "any",
                ", alertable" if int(tcb["Alertable"]) else ""))
            block = first
            for _ in range(65):  # up to 64 objects and the timeout
                waited = u32(block + 12)
                kind = "timeout" if waited == timer else \
                    KIND_NAMES.get(u32(waited) & 0xFF, "object")
                print("  block %08x: %s %08x, key %d" % (
                    block, kind, waited, u32(block + 20) & 0xFFFF))
                block = u32(block + 16)
                if block == first:
                    break
        if r["thread"] == number(ev("KiPcr.PrcbData.CurrentThread")):
            print("(running now: no saved context)")
            return
        print("Backtrace:")
        frame = number(tcb["KernelStack"])
        low, high = number(tcb["StackLimit"]), number(tcb["InitialStack"])
        ebp, ret = u32(frame + 16), u32(frame + 24)
        for _ in range(12):
            if ret == 0:
                break
            name, offset = symbol_name(ret - 1)
            print("  %08x  %s+0x%x" % (ret, name or "?", offset + 1))
            if ebp < low or ebp + 8 > high or ebp & 3 or u32(ebp) <= ebp:
                break
            ret, ebp = u32(ebp + 4), u32(ebp)


for command in (LkThreads, LkThread):
    command()
