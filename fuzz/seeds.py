#!/usr/bin/env python3
"""Regenerates the seed corpus in fuzz/corpus/ (small, deterministic files). The corpus is
committed; run this only to refresh it: python3 fuzz/seeds.py"""
import os, struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
# (name, long_bytes, tv_usec_bytes) in rsrc::abi::ALL order; the index is byte 0 of a decode
# input (taken modulo the table length).
ABIS = [("x86_64", 8, 8), ("x32", 8, 8), ("i386", 4, 4), ("aarch64", 8, 8), ("arm", 4, 4),
        ("riscv64", 8, 8), ("riscv32", 4, 4), ("powerpc", 4, 4), ("powerpc64", 8, 8),
        ("s390x", 8, 8), ("mips", 4, 4), ("mipsn32", 4, 4), ("mips64", 8, 8),
        ("loongarch64", 8, 8), ("sparc", 4, 4), ("sparc64", 8, 4), ("alpha", 8, 8),
        ("m68k", 4, 4), ("csky", 4, 4), ("hexagon", 4, 4), ("parisc", 4, 4)]
COUNTERS = [2048, 0, 0, 0, 1000, 3, 0, 8, 16, 0, 0, 0, 42, 7]


def put(v, width, big):
    return v.to_bytes(8, "big" if big else "little", signed=True)[8 - width:] if big \
        else v.to_bytes(8, "little", signed=True)[:width]


def image(long, usec_w, big, times, counters):
    out = b""
    for sec, usec in times:
        out += put(sec, long, big) + put(usec, usec_w, big) + bytes(long - usec_w)
    for c in counters:
        out += put(c, long, big)
    assert len(out) == 18 * long
    return out


def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


for i, (name, long, usec_w) in enumerate(ABIS):
    for big in (False, True):
        e = "be" if big else "le"
        ok = image(long, usec_w, big, [(12, 345), (1, 999_999)], COUNTERS)
        write("decode", f"{name}-{e}-ok", bytes([i, int(big)]) + ok)
        neg = image(long, usec_w, big, [(12, 345), (1, 5)], COUNTERS[:4] + [-1] + COUNTERS[5:])
        write("decode", f"{name}-{e}-negative", bytes([i, int(big)]) + neg)
        usec = image(long, usec_w, big, [(0, 1_000_000), (0, 0)], COUNTERS)
        write("decode", f"{name}-{e}-usec", bytes([i, int(big)]) + usec)
write("decode", "made-up-abi", bytes([0, 2, 8, 4]) + bytes(144))
write("decode", "short", bytes([2, 0]) + bytes(71))

names = ["CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS", "NPROC", "NOFILE", "MEMLOCK", "AS",
         "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME"]
for n in names:
    write("from_name", n, n.encode())
    write("from_name", "RLIMIT_" + n, ("RLIMIT_" + n).encode())
    write("from_name", "rlimit_" + n.lower(), ("rLiMiT_" + n.lower()).encode())
for n in ["", "RLIMIT_", "rlimit_rlimit_cpu", "nofile ", "x86_64", "ARM64", "mipsn32", "hppa"]:
    write("from_name", "other-" + (n.strip() or "empty"), n.encode())

def tv(sec, usec):
    return struct.pack("<QI", sec, usec)

M64 = 2**64 - 1
for i, (a, b, text) in enumerate([
        ((12, 345), (1, 999_999), "12.000345"),
        ((M64, 999_999), (0, 1), "18446744073709551615.999999"),
        ((M64, 1_500_000), (M64, 2**32 - 1), "18446744073709551616"),
        ((0, 0), (0, 0), ".5"),
        ((3, 250_000), (3, 250_001), "7."),
        ((1, 2_500_000), (0, 0), "1.2500000"),
        ((0, 1), (0, 2), "0.0000001"),
        ((5, 0), (2, 0), "-1"),
        ((0, 0), (0, 0), "1.2.3")]):
    write("timeval", f"seed-{i}", tv(*a) + tv(*b) + text.encode())

def usage(ut, st, c):
    return tv(*ut) + tv(*st) + b"".join(struct.pack("<Q", x) for x in c)

write("usage_arith", "typical", usage((1, 5), (0, 999_999), COUNTERS) +
      usage((0, 7), (2, 1), [40] + COUNTERS[1:]))
write("usage_arith", "saturating", usage((M64, 999_999), (M64, 1), [M64] * 14) +
      usage((1, 1), (M64, 999_999), [1] * 14))
write("usage_arith", "zero", bytes(272))

SPECS = [(7, "1024"), (7, "1024:4096"), (7, "1024:"), (7, ":4096"), (7, "unlimited"),
         (7, "INFINITY:5"), (3, "8M"), (9, "1K:2GiB"), (8, "3T:"), (0, "90s:2h"), (0, "3m"),
         (7, "1K"), (7, ":"), (7, "1:2:3"), (7, "-1:"), (7, "10:5"), (7, "18446744073709551615"),
         (7, "18446744073709551616"), (3, "16777216T"), (7, ""), (7, "1.5"), (7, " 1")]
for i, (r, t) in enumerate(SPECS):
    # resource index, a current limit of zeros, settings (value, value>>0), the text
    write("limit_spec", f"seed-{i:02}", bytes([r]) + bytes(16) + bytes([2, 3]) + t.encode())
