#!/usr/bin/env python3
"""Explains a failed no-panic link: reads `objdump -d -C` of the binary linked with the
undefined symbol defined (--defsym), and prints every chain of calls from a function of rsrc,
rustix or this check into the panic machinery, innermost first.

Usage: objdump -d --no-show-raw-insn -C BINARY | python3 panic-paths.py"""
import re
import sys
from collections import defaultdict, deque

header = re.compile(r"^[0-9a-f]+ <(.*)>:$")
call = re.compile(r"\s(?:call|jmp)\w*\s+[0-9a-f]+ <(.*?)(\+0x[0-9a-f]+)?>$")

callers = defaultdict(set)
current = None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = header.match(line)
    if m:
        current = m.group(1)
        continue
    m = call.search(line)
    if m and current and not m.group(2) and m.group(1) != current:
        callers[m.group(1)].add(current)

sinks = [f for f in list(callers) if "rust_begin_unwind" in f or f.startswith("core::panicking::")]
# Walk up from the sinks; report the first function on each path that belongs to rsrc, rustix
# or the check itself, with the chain that leads from it to the panic.
seen, found = set(sinks), {}
queue = deque((s, [s]) for s in sinks)
while queue:
    fn, chain = queue.popleft()
    for caller in sorted(callers.get(fn, ())):
        if caller in seen:
            continue
        seen.add(caller)
        path = [caller] + chain
        if re.search(r"\b(rsrc|rustix|rsrc_no_panic)::", caller) or caller == "main":
            found.setdefault(caller, path)
        queue.append((caller, path))
if not found:
    print("no panic path found from rsrc, rustix or the check (is the binary the right one?)")
for fn, path in sorted(found.items()):
    print(" -> ".join(path))
