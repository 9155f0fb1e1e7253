//! The per-architecture rows: plain numbers taken from the kernel's uapi headers and syscall
//! tables, checked by `tests/abi_tables.rs` against linux-raw-sys and against an independent
//! transcription of the kernel sources for the ABIs linux-raw-sys lacks.
//!
//! Index order of `rlimits`: Cpu, Fsize, Data, Stack, Core, Rss, Nproc, Nofile, Memlock, As,
//! Locks, Sigpending, Msgqueue, Nice, Rtprio, Rttime.

use super::{Abi, Syscalls};

/// The `RLIMIT_*` numbers of `include/uapi/asm-generic/resource.h`, used unchanged by every
/// architecture except alpha, mips and sparc.
const GENERIC_RLIMITS: [u32; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// `arch/mips/include/uapi/asm/resource.h`: NOFILE 5, AS 6, RSS 7, NPROC 8, MEMLOCK 9 (all mips
/// ABIs).
const MIPS_RLIMITS: [u32; 16] = [0, 1, 2, 3, 4, 7, 8, 5, 9, 6, 10, 11, 12, 13, 14, 15];

/// `arch/sparc/include/uapi/asm/resource.h`: NOFILE 6, NPROC 7 (sparc and sparc64).
const SPARC_RLIMITS: [u32; 16] = [0, 1, 2, 3, 4, 5, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

/// `arch/alpha/include/uapi/asm/resource.h`: NOFILE 6, AS 7, NPROC 8, MEMLOCK 9.
const ALPHA_RLIMITS: [u32; 16] = [0, 1, 2, 3, 4, 5, 8, 6, 9, 7, 10, 11, 12, 13, 14, 15];

/// `~0UL` of an ABI whose `unsigned long` (`__kernel_ulong_t`) is 32 bits wide.
const ULONG32_MAX: u64 = 0xffff_ffff;

/// `__X32_SYSCALL_BIT` of `arch/x86/include/uapi/asm/unistd.h`.
const X32_BIT: u32 = 0x4000_0000;

/// x86_64. `arch/x86/entry/syscalls/syscall_64.tbl`; asm-generic `resource.h`.
pub const X86_64: Abi = Abi {
    name: "x86_64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 98,
        wait4: Some(61),
        waitid: 247,
        prlimit64: 302,
        msync: 26,
    },
};

/// x32. `arch/x86/entry/syscalls/syscall_64.tbl` plus `__X32_SYSCALL_BIT`; waitid is the x32
/// entry 529, not the 64-bit 247. `arch/x86/include/uapi/asm/posix_types_x32.h` makes
/// `__kernel_long_t` a `long long`, so `struct rusage` and `struct rlimit` have 64-bit fields.
pub const X32: Abi = Abi {
    name: "x32",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    // getrlimit is the 64-bit sys_getrlimit writing a 64-bit __kernel_ulong_t.
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: X32_BIT | 98,
        wait4: Some(X32_BIT | 61),
        waitid: X32_BIT | 529,
        prlimit64: X32_BIT | 302,
        msync: X32_BIT | 26,
    },
};

/// i386. `arch/x86/entry/syscalls/syscall_32.tbl`; asm-generic `resource.h`.
pub const I386: Abi = Abi {
    name: "i386",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 284,
        prlimit64: 340,
        msync: 144,
    },
};

/// aarch64. `include/uapi/asm-generic/unistd.h`; asm-generic `resource.h`.
pub const AARCH64: Abi = Abi {
    name: "aarch64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: Some(260),
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// arm (EABI). `arch/arm/tools/syscall.tbl`; asm-generic `resource.h`.
pub const ARM: Abi = Abi {
    name: "arm",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 280,
        prlimit64: 369,
        msync: 144,
    },
};

/// riscv64. `include/uapi/asm-generic/unistd.h`; asm-generic `resource.h`.
pub const RISCV64: Abi = Abi {
    name: "riscv64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: Some(260),
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// riscv32. `include/uapi/asm-generic/unistd.h` without the time32 calls: no wait4.
pub const RISCV32: Abi = Abi {
    name: "riscv32",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: None,
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// powerpc (32-bit). `arch/powerpc/kernel/syscalls/syscall.tbl`; asm-generic `resource.h`.
pub const POWERPC: Abi = Abi {
    name: "powerpc",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 272,
        prlimit64: 325,
        msync: 144,
    },
};

/// powerpc64 (both byte orders). `arch/powerpc/kernel/syscalls/syscall.tbl`; asm-generic
/// `resource.h`.
pub const POWERPC64: Abi = Abi {
    name: "powerpc64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 272,
        prlimit64: 325,
        msync: 144,
    },
};

/// s390x. `arch/s390/kernel/syscalls/syscall.tbl` (64-bit column); asm-generic `resource.h`.
pub const S390X: Abi = Abi {
    name: "s390x",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 281,
        prlimit64: 334,
        msync: 144,
    },
};

/// mips o32. `arch/mips/kernel/syscalls/syscall_o32.tbl` (base 4000);
/// `arch/mips/include/uapi/asm/resource.h` (RLIM_INFINITY 0x7fffffff without `__mips64`).
pub const MIPS: Abi = Abi {
    name: "mips",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: MIPS_RLIMITS,
    rlim_infinity: 0x7fff_ffff,
    syscalls: Syscalls {
        getrusage: 4077,
        wait4: Some(4114),
        waitid: 4278,
        prlimit64: 4338,
        msync: 4144,
    },
};

/// mips n32. `arch/mips/kernel/syscalls/syscall_n32.tbl` (base 6000, compat entries with
/// 32-bit `struct rusage`); `arch/mips/include/uapi/asm/resource.h`. The uapi header gives n32
/// `~0UL` (n32 defines `__mips64`), but n32 exists only on 64-bit kernels, whose
/// compat_sys_getrlimit reports `COMPAT_RLIM_INFINITY`, 0x7fffffff
/// (`arch/mips/include/asm/compat.h`).
pub const MIPSN32: Abi = Abi {
    name: "mipsn32",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: MIPS_RLIMITS,
    rlim_infinity: 0x7fff_ffff,
    syscalls: Syscalls {
        getrusage: 6096,
        wait4: Some(6059),
        waitid: 6241,
        prlimit64: 6302,
        msync: 6025,
    },
};

/// mips n64. `arch/mips/kernel/syscalls/syscall_n64.tbl` (base 5000);
/// `arch/mips/include/uapi/asm/resource.h`.
pub const MIPS64: Abi = Abi {
    name: "mips64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: MIPS_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 5096,
        wait4: Some(5059),
        waitid: 5237,
        prlimit64: 5297,
        msync: 5025,
    },
};

/// loongarch64. `include/uapi/asm-generic/unistd.h`; asm-generic `resource.h`.
pub const LOONGARCH64: Abi = Abi {
    name: "loongarch64",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: Some(260),
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// sparc (32-bit). `arch/sparc/kernel/syscalls/syscall.tbl`;
/// `arch/sparc/include/uapi/asm/resource.h` (RLIM_INFINITY 0x7fffffff without `__arch64__`).
pub const SPARC: Abi = Abi {
    name: "sparc",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: SPARC_RLIMITS,
    rlim_infinity: 0x7fff_ffff,
    syscalls: Syscalls {
        getrusage: 117,
        wait4: Some(7),
        waitid: 279,
        prlimit64: 331,
        msync: 65,
    },
};

/// sparc64. `arch/sparc/kernel/syscalls/syscall.tbl`; `arch/sparc/include/uapi/asm/resource.h`;
/// `arch/sparc/include/uapi/asm/posix_types.h` (`__kernel_suseconds_t` is an `int`).
pub const SPARC64: Abi = Abi {
    name: "sparc64",
    long_bytes: 8,
    tv_usec_bytes: 4,
    rlimits: SPARC_RLIMITS,
    rlim_infinity: u64::MAX,
    syscalls: Syscalls {
        getrusage: 117,
        wait4: Some(7),
        waitid: 279,
        prlimit64: 331,
        msync: 65,
    },
};

/// alpha. `arch/alpha/kernel/syscalls/syscall.tbl`: the Linux `sys_getrusage` (364) and
/// `sys_wait4` (365), which use the Linux `struct rusage` with 64-bit `timeval` fields, not
/// `osf_getrusage` (117) / `osf_wait4` (7); `arch/alpha/include/uapi/asm/resource.h`.
pub const ALPHA: Abi = Abi {
    name: "alpha",
    long_bytes: 8,
    tv_usec_bytes: 8,
    rlimits: ALPHA_RLIMITS,
    rlim_infinity: 0x7fff_ffff_ffff_ffff,
    syscalls: Syscalls {
        getrusage: 364,
        wait4: Some(365),
        waitid: 438,
        prlimit64: 496,
        msync: 217,
    },
};

/// m68k. `arch/m68k/kernel/syscalls/syscall.tbl`; asm-generic `resource.h`.
pub const M68K: Abi = Abi {
    name: "m68k",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 277,
        prlimit64: 339,
        msync: 144,
    },
};

/// csky. `include/uapi/asm-generic/unistd.h` (with time32 calls); asm-generic `resource.h`.
pub const CSKY: Abi = Abi {
    name: "csky",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: Some(260),
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// hexagon. `include/uapi/asm-generic/unistd.h` (with time32 calls); asm-generic `resource.h`.
pub const HEXAGON: Abi = Abi {
    name: "hexagon",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 165,
        wait4: Some(260),
        waitid: 95,
        prlimit64: 261,
        msync: 227,
    },
};

/// parisc (32-bit userland). `arch/parisc/kernel/syscalls/syscall.tbl`;
/// `arch/parisc/include/uapi/asm/resource.h` (asm-generic numbering).
pub const PARISC: Abi = Abi {
    name: "parisc",
    long_bytes: 4,
    tv_usec_bytes: 4,
    rlimits: GENERIC_RLIMITS,
    rlim_infinity: ULONG32_MAX,
    syscalls: Syscalls {
        getrusage: 77,
        wait4: Some(114),
        waitid: 235,
        prlimit64: 321,
        msync: 144,
    },
};

/// Every ABI rsrc knows.
pub static ALL: [Abi; 21] = [
    X86_64,
    X32,
    I386,
    AARCH64,
    ARM,
    RISCV64,
    RISCV32,
    POWERPC,
    POWERPC64,
    S390X,
    MIPS,
    MIPSN32,
    MIPS64,
    LOONGARCH64,
    SPARC,
    SPARC64,
    ALPHA,
    M68K,
    CSKY,
    HEXAGON,
    PARISC,
];

#[cfg(all(target_arch = "x86_64", target_pointer_width = "64"))]
pub(crate) const NATIVE: Abi = X86_64;
#[cfg(all(target_arch = "x86_64", target_pointer_width = "32"))]
pub(crate) const NATIVE: Abi = X32;
#[cfg(target_arch = "x86")]
pub(crate) const NATIVE: Abi = I386;
#[cfg(target_arch = "aarch64")]
pub(crate) const NATIVE: Abi = AARCH64;
#[cfg(target_arch = "arm")]
pub(crate) const NATIVE: Abi = ARM;
#[cfg(target_arch = "riscv64")]
pub(crate) const NATIVE: Abi = RISCV64;
#[cfg(target_arch = "riscv32")]
pub(crate) const NATIVE: Abi = RISCV32;
#[cfg(target_arch = "powerpc")]
pub(crate) const NATIVE: Abi = POWERPC;
#[cfg(target_arch = "powerpc64")]
pub(crate) const NATIVE: Abi = POWERPC64;
#[cfg(target_arch = "s390x")]
pub(crate) const NATIVE: Abi = S390X;
#[cfg(any(target_arch = "mips", target_arch = "mips32r6"))]
pub(crate) const NATIVE: Abi = MIPS;
#[cfg(all(
    any(target_arch = "mips64", target_arch = "mips64r6"),
    target_pointer_width = "64"
))]
pub(crate) const NATIVE: Abi = MIPS64;
#[cfg(all(
    any(target_arch = "mips64", target_arch = "mips64r6"),
    target_pointer_width = "32"
))]
pub(crate) const NATIVE: Abi = MIPSN32;
#[cfg(target_arch = "loongarch64")]
pub(crate) const NATIVE: Abi = LOONGARCH64;
#[cfg(target_arch = "sparc")]
pub(crate) const NATIVE: Abi = SPARC;
#[cfg(target_arch = "sparc64")]
pub(crate) const NATIVE: Abi = SPARC64;
#[cfg(target_arch = "m68k")]
pub(crate) const NATIVE: Abi = M68K;
#[cfg(target_arch = "csky")]
pub(crate) const NATIVE: Abi = CSKY;
#[cfg(target_arch = "hexagon")]
pub(crate) const NATIVE: Abi = HEXAGON;

#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64",
    target_arch = "riscv32",
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6",
    target_arch = "loongarch64",
    target_arch = "sparc",
    target_arch = "sparc64",
    target_arch = "m68k",
    target_arch = "csky",
    target_arch = "hexagon",
)))]
compile_error!(
    "rsrc: no kernel ABI table for this target_arch; add a row to src/abi/table.rs \
     (syscall numbers, RLIMIT_* order, long width) before building for it"
);

// Keeps the compile_error! above the only error on an unsupported target.
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64",
    target_arch = "riscv32",
    target_arch = "powerpc",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6",
    target_arch = "loongarch64",
    target_arch = "sparc",
    target_arch = "sparc64",
    target_arch = "m68k",
    target_arch = "csky",
    target_arch = "hexagon",
)))]
pub(crate) const NATIVE: Abi = X86_64;
