//! Per-architecture kernel ABI tables, usable on any host.
//!
//! Linux does not number resources, encode "unlimited" or lay out `struct rusage` the same way on
//! every architecture. Each [`Abi`] row records those facts for one kernel ABI as plain data, so a
//! tracer on x86_64 can decode the `struct rusage` a 32-bit big-endian tracee wrote, and so the
//! native syscall shim takes its numbers from the same row the tests check.
//!
//! # References
//! - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html),
//!   [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html),
//!   [`syscall(2)`](https://man7.org/linux/man-pages/man2/syscall.2.html)

mod table;

use crate::limit::Resource;
use crate::time::Timeval;
use crate::usage::Usage;
use core::fmt;

pub use table::*;

/// Byte order of a raw kernel structure.
///
/// # Example
/// ```
/// let e = rsrc::abi::Endian::NATIVE;
/// assert_eq!(e == rsrc::abi::Endian::Little, cfg!(target_endian = "little"));
/// ```
///
/// # References
/// - [`endian(3)`](https://man7.org/linux/man-pages/man3/endian.3.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endian {
    /// Least significant byte first (x86, most arm, riscv, ppc64le, mipsel, loongarch).
    Little,
    /// Most significant byte first (s390x, sparc, m68k, powerpc, parisc, mips).
    Big,
}

impl Endian {
    /// The byte order of the target this crate was compiled for.
    pub const NATIVE: Endian = if cfg!(target_endian = "big") {
        Endian::Big
    } else {
        Endian::Little
    };
}

/// Syscall numbers of the calls rsrc makes, for one ABI.
///
/// # Example
/// ```
/// let x86_64 = rsrc::abi::find("x86_64").unwrap();
/// assert_eq!(x86_64.syscalls.getrusage, 98);
/// ```
///
/// # References
/// - [`syscalls(2)`](https://man7.org/linux/man-pages/man2/syscalls.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Syscalls {
    /// `__NR_getrusage`.
    pub getrusage: u32,
    /// `__NR_wait4`; `None` where the ABI has only `waitid` (riscv32).
    pub wait4: Option<u32>,
    /// `__NR_waitid` (its fifth argument is a `struct rusage *`).
    pub waitid: u32,
    /// `__NR_prlimit64`.
    pub prlimit64: u32,
    /// `__NR_msync`, whose alignment check [`page_size`](crate::page_size) uses to find the
    /// page size without the auxiliary vector.
    pub msync: u32,
}

/// The facts of one kernel ABI that rsrc needs: numbering, legacy constants and layout.
///
/// # Example
/// ```
/// use rsrc::{abi, Resource};
/// let mips = abi::find("mips").unwrap();
/// assert_eq!(mips.rlimit(Resource::Nofile), 5); // 7 on x86_64
/// assert_eq!(mips.rusage_bytes(), 72);
/// ```
///
/// # References
/// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html),
///   [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Abi {
    /// Short name, e.g. `"x86_64"`, `"i386"`, `"mips"` (o32), `"mipsn32"`, `"mips64"` (n64).
    pub name: &'static str,
    /// Width in bytes of the kernel's `long` (`__kernel_long_t`): time fields and counters.
    pub long_bytes: u8,
    /// Width in bytes of `tv_usec` in the kernel's `struct timeval`: 4 on sparc64 (an `int`
    /// followed by 4 bytes of padding), otherwise `long_bytes`.
    pub tv_usec_bytes: u8,
    /// `RLIMIT_*` numbers, indexed in [`Resource::ALL`] order.
    pub rlimits: [u32; 16],
    /// The legacy `RLIM_INFINITY` of `getrlimit`/`setrlimit` (a `__kernel_ulong_t`). `prlimit64`
    /// always uses `RLIM64_INFINITY` (`u64::MAX`).
    pub rlim_infinity: u64,
    /// Syscall numbers.
    pub syscalls: Syscalls,
}

impl Abi {
    /// This ABI's number for `resource`.
    #[inline]
    pub const fn rlimit(&self, resource: Resource) -> u32 {
        self.rlimits[resource as usize]
    }

    /// The resource this ABI numbers `raw`, if any.
    pub const fn resource(&self, raw: u32) -> Option<Resource> {
        let mut i = 0;
        while i < Resource::ALL.len() {
            if self.rlimits[i] == raw {
                return Some(Resource::ALL[i]);
            }
            i += 1;
        }
        None
    }

    /// Size in bytes of the kernel's `struct timeval` in this ABI.
    #[inline]
    pub const fn timeval_bytes(&self) -> usize {
        // tv_usec is padded up to the alignment of tv_sec (sparc64).
        2 * self.long_bytes as usize
    }

    /// Size in bytes of the kernel's `struct rusage`: two `timeval`s and fourteen `long`s.
    #[inline]
    pub const fn rusage_bytes(&self) -> usize {
        2 * self.timeval_bytes() + 14 * self.long_bytes as usize
    }
}

/// Looks up an ABI by name (exact, e.g. `"i386"`; a few aliases such as `"x86"`, `"arm64"`,
/// `"mipso32"`, `"mipsn64"`, `"ppc64"`, `"ppc"` are also accepted). ASCII case is ignored.
///
/// # Example
/// ```
/// assert_eq!(rsrc::abi::find("ARM64").unwrap().name, "aarch64");
/// assert!(rsrc::abi::find("vax").is_none());
/// ```
pub fn find(name: &str) -> Option<&'static Abi> {
    let canonical = match_alias(name);
    ALL.iter().find(|a| a.name.eq_ignore_ascii_case(canonical))
}

fn match_alias(name: &str) -> &str {
    const ALIASES: [(&str, &str); 10] = [
        ("x86", "i386"),
        ("i686", "i386"),
        ("amd64", "x86_64"),
        ("arm64", "aarch64"),
        ("mipso32", "mips"),
        ("mipsn64", "mips64"),
        ("ppc", "powerpc"),
        ("ppc64", "powerpc64"),
        ("loongarch", "loongarch64"),
        ("hppa", "parisc"),
    ];
    for (alias, canonical) in ALIASES {
        if alias.eq_ignore_ascii_case(name) {
            return canonical;
        }
    }
    name
}

/// The ABI of the target this crate was compiled for; the syscall shim uses its numbers.
///
/// # Example
/// ```
/// let abi = rsrc::abi::native();
/// assert_eq!(abi.rlimit(rsrc::Resource::Nofile), rsrc::Resource::Nofile.as_raw());
/// ```
#[inline]
pub const fn native() -> &'static Abi {
    &table::NATIVE
}

/// Why a raw `struct rusage` image could not be decoded.
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecodeError {
    /// The buffer is shorter than the ABI's `struct rusage`.
    Short {
        /// Bytes the ABI's `struct rusage` takes.
        needed: usize,
        /// Bytes given.
        got: usize,
    },
    /// A field that the kernel never makes negative was negative.
    Negative {
        /// The field's Python name, e.g. `"ru_minflt"`.
        field: &'static str,
    },
    /// A `tv_usec` was not below 1 000 000.
    Microseconds {
        /// `"ru_utime"` or `"ru_stime"`.
        field: &'static str,
        /// The value found.
        value: u64,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Short { needed, got } => write!(
                f,
                "struct rusage image too short: {got} bytes given, this ABI needs {needed}"
            ),
            DecodeError::Negative { field } => write!(f, "{field} is negative"),
            DecodeError::Microseconds { field, value } => write!(
                f,
                "{field}.tv_usec is {value}, not below 1000000 microseconds"
            ),
        }
    }
}

impl core::error::Error for DecodeError {}

/// Python's names of the fourteen counters, in the kernel's order.
pub(crate) const COUNTER_NAMES: [&str; 14] = [
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    endian: Endian,
}

impl Reader<'_> {
    /// Reads a signed integer `width` bytes wide (4 or 8); the caller has checked the length.
    fn signed(&mut self, width: usize) -> i64 {
        let mut buf = [0u8; 8];
        let end = self.pos.saturating_add(width);
        let src = self.bytes.get(self.pos..end).unwrap_or(&[]);
        let n = src.len().min(8);
        buf[..n].copy_from_slice(&src[..n]);
        self.pos = end;
        match (width, self.endian) {
            (4, Endian::Little) => i64::from(i32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (4, Endian::Big) => i64::from(i32::from_be_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (_, Endian::Little) => i64::from_le_bytes(buf),
            (_, Endian::Big) => i64::from_be_bytes(buf),
        }
    }

    fn counter(&mut self, width: usize, field: &'static str) -> Result<u64, DecodeError> {
        u64::try_from(self.signed(width)).map_err(|_| DecodeError::Negative { field })
    }

    fn timeval(&mut self, abi: &Abi, field: &'static str) -> Result<Timeval, DecodeError> {
        let long = abi.long_bytes as usize;
        let sec = self.counter(long, field)?;
        let usec = self.counter(abi.tv_usec_bytes as usize, field)?;
        self.pos = self
            .pos
            .saturating_add(long.saturating_sub(abi.tv_usec_bytes as usize));
        if usec >= 1_000_000 {
            return Err(DecodeError::Microseconds { field, value: usec });
        }
        Ok(Timeval::new(sec, usec as u32))
    }
}

impl Usage {
    /// Decodes the raw bytes of `abi`'s `struct rusage` in byte order `endian`, e.g. read from
    /// a 32-bit tracee with `process_vm_readv` or from a core file. Bytes past the structure
    /// are ignored.
    ///
    /// # Errors
    /// [`DecodeError`] for a short buffer, a negative field or a `tv_usec` of a second or more.
    ///
    /// # Example
    /// ```
    /// use rsrc::abi::{self, Endian};
    /// let i386 = abi::find("i386").unwrap();
    /// let mut raw = [0u8; 72];
    /// raw[0..4].copy_from_slice(&3u32.to_le_bytes()); // ru_utime.tv_sec
    /// raw[4..8].copy_from_slice(&250_000u32.to_le_bytes()); // ru_utime.tv_usec
    /// raw[16..20].copy_from_slice(&2048u32.to_le_bytes()); // ru_maxrss (KiB)
    /// let u = rsrc::Usage::decode(&raw, i386, Endian::Little)?;
    /// assert_eq!(u.utime.to_string(), "3.250000");
    /// assert_eq!(u.maxrss_bytes(), 2 * 1024 * 1024);
    /// # Ok::<(), rsrc::abi::DecodeError>(())
    /// ```
    ///
    /// # References
    /// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
    pub fn decode(bytes: &[u8], abi: &Abi, endian: Endian) -> Result<Usage, DecodeError> {
        let needed = abi.rusage_bytes();
        if bytes.len() < needed {
            return Err(DecodeError::Short {
                needed,
                got: bytes.len(),
            });
        }
        let mut r = Reader {
            bytes,
            pos: 0,
            endian,
        };
        let utime = r.timeval(abi, "ru_utime")?;
        let stime = r.timeval(abi, "ru_stime")?;
        let mut c = [0u64; 14];
        let long = abi.long_bytes as usize;
        for (slot, name) in c.iter_mut().zip(COUNTER_NAMES) {
            *slot = r.counter(long, name)?;
        }
        Ok(Usage::from_parts(utime, stime, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A caller-built `Abi` whose `tv_usec` is wider than its `long` used to underflow
    /// `long - tv_usec_bytes` (a panic with overflow checks on; found by
    /// fuzz/fuzz_targets/decode.rs). It is a nonsense layout, but decode must not panic.
    #[test]
    fn wider_usec_than_long_does_not_panic() {
        for (long_bytes, tv_usec_bytes) in [(0, 5), (4, 8), (0, 255), (255, 255), (1, 0)] {
            let abi = Abi {
                name: "made-up",
                long_bytes,
                tv_usec_bytes,
                ..*native()
            };
            for len in [0, 5, 64, 4096] {
                let bytes = [0xffu8; 4096];
                let _ = Usage::decode(&bytes[..len], &abi, Endian::Little);
                let _ = Usage::decode(&[0u8; 4096][..len], &abi, Endian::Big);
            }
        }
    }
}
