//! Resource limits: `Resource`, `Rlimit`, `getrlimit`, `setrlimit`, `prlimit`.

use crate::abi;
use crate::sys;
use crate::time::StackStr;
use crate::{Errno, Pid};
use core::fmt;

/// A Linux resource limit (`RLIMIT_*`). Variants are in the generic (asm-generic) numbering
/// order; [`as_raw`](Resource::as_raw) gives this target's number, which differs on mips,
/// sparc and alpha.
///
/// # Example
/// ```
/// use rsrc::Resource;
/// let r = Resource::from_name("nofile").unwrap();
/// assert_eq!(r, Resource::Nofile);
/// assert_eq!(r.name(), "RLIMIT_NOFILE");
/// assert_eq!((r.description(), r.unit()), ("max number of open files", "files"));
/// ```
///
/// # References
/// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html),
///   [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Resource {
    /// `RLIMIT_CPU`: CPU time in seconds; `SIGXCPU` at the soft limit.
    Cpu,
    /// `RLIMIT_FSIZE`: largest file the process may create, in bytes; `SIGXFSZ`/`EFBIG` past it.
    Fsize,
    /// `RLIMIT_DATA`: data segment and private mappings, in bytes.
    Data,
    /// `RLIMIT_STACK`: main thread stack, in bytes.
    Stack,
    /// `RLIMIT_CORE`: largest core dump, in bytes (0 disables core dumps).
    Core,
    /// `RLIMIT_RSS`: resident set size in bytes (not enforced by modern Linux).
    Rss,
    /// `RLIMIT_NPROC`: processes (threads) of the real user ID.
    Nproc,
    /// `RLIMIT_NOFILE`: one more than the highest file descriptor number that may be opened.
    Nofile,
    /// `RLIMIT_MEMLOCK`: bytes of memory that may be locked into RAM.
    Memlock,
    /// `RLIMIT_AS`: virtual address space, in bytes.
    As,
    /// `RLIMIT_LOCKS`: `flock`/`fcntl` locks (not enforced since Linux 2.4.25).
    Locks,
    /// `RLIMIT_SIGPENDING`: signals that may be queued for the real user ID.
    Sigpending,
    /// `RLIMIT_MSGQUEUE`: bytes in POSIX message queues of the real user ID.
    Msgqueue,
    /// `RLIMIT_NICE`: ceiling of the nice value, as `20 - nice` (1..=40).
    Nice,
    /// `RLIMIT_RTPRIO`: ceiling of the real-time priority.
    Rtprio,
    /// `RLIMIT_RTTIME`: microseconds of real-time CPU time without a blocking call.
    Rttime,
}

struct Info {
    short: &'static str,
    description: &'static str,
    unit: &'static str,
}

const INFO: [Info; 16] = [
    info("CPU", "CPU time", "seconds"),
    info("FSIZE", "max file size", "bytes"),
    info("DATA", "max data size", "bytes"),
    info("STACK", "max stack size", "bytes"),
    info("CORE", "max core file size", "bytes"),
    info("RSS", "max resident set size", "bytes"),
    info("NPROC", "max number of processes", "processes"),
    info("NOFILE", "max number of open files", "files"),
    info("MEMLOCK", "max locked-in-memory address space", "bytes"),
    info("AS", "address space limit", "bytes"),
    info("LOCKS", "max number of file locks held", "locks"),
    info("SIGPENDING", "max number of pending signals", "signals"),
    info("MSGQUEUE", "max bytes in POSIX mqueues", "bytes"),
    info("NICE", "max nice prio allowed to raise", ""),
    info("RTPRIO", "max real-time priority", ""),
    info("RTTIME", "timeout for real-time tasks", "microsecs"),
];

const fn info(short: &'static str, description: &'static str, unit: &'static str) -> Info {
    Info {
        short,
        description,
        unit,
    }
}

const NAMES: [&str; 16] = [
    "RLIMIT_CPU",
    "RLIMIT_FSIZE",
    "RLIMIT_DATA",
    "RLIMIT_STACK",
    "RLIMIT_CORE",
    "RLIMIT_RSS",
    "RLIMIT_NPROC",
    "RLIMIT_NOFILE",
    "RLIMIT_MEMLOCK",
    "RLIMIT_AS",
    "RLIMIT_LOCKS",
    "RLIMIT_SIGPENDING",
    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",
    "RLIMIT_RTPRIO",
    "RLIMIT_RTTIME",
];

impl Resource {
    /// All sixteen, in the generic numbering order (`Cpu` first, `Rttime` last).
    pub const ALL: [Resource; 16] = [
        Resource::Cpu,
        Resource::Fsize,
        Resource::Data,
        Resource::Stack,
        Resource::Core,
        Resource::Rss,
        Resource::Nproc,
        Resource::Nofile,
        Resource::Memlock,
        Resource::As,
        Resource::Locks,
        Resource::Sigpending,
        Resource::Msgqueue,
        Resource::Nice,
        Resource::Rtprio,
        Resource::Rttime,
    ];

    /// This target's `RLIMIT_*` number, from [`abi::native`].
    #[inline]
    pub const fn as_raw(self) -> u32 {
        abi::native().rlimit(self)
    }

    /// The resource this target numbers `raw`, if any.
    #[inline]
    pub const fn from_raw(raw: u32) -> Option<Resource> {
        abi::native().resource(raw)
    }

    /// The C name, e.g. `"RLIMIT_NOFILE"`.
    #[inline]
    pub const fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The name without `RLIMIT_`, as `prlimit(1)` prints it, e.g. `"NOFILE"`.
    #[inline]
    pub const fn short_name(self) -> &'static str {
        INFO[self as usize].short
    }

    /// `prlimit(1)`'s description, e.g. `"max number of open files"`.
    #[inline]
    pub const fn description(self) -> &'static str {
        INFO[self as usize].description
    }

    /// `prlimit(1)`'s unit: `"bytes"`, `"seconds"`, `"files"`, `"processes"`, `"locks"`,
    /// `"signals"`, `"microsecs"`, or `""` for `Nice` and `Rtprio` (plain numbers).
    #[inline]
    pub const fn unit(self) -> &'static str {
        INFO[self as usize].unit
    }

    /// Looks a resource up by name: `"RLIMIT_NOFILE"`, `"NOFILE"` or `"nofile"`, in any ASCII
    /// case. Anything else is `None`.
    pub fn from_name(name: &str) -> Option<Resource> {
        let short = match name.get(..7) {
            Some(p) if p.eq_ignore_ascii_case("RLIMIT_") => name.get(7..).unwrap_or(""),
            _ => name,
        };
        Resource::ALL
            .into_iter()
            .find(|r| r.short_name().eq_ignore_ascii_case(short))
    }
}

impl fmt::Display for Resource {
    /// The C name, `RLIMIT_NOFILE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Resource> for rustix::process::Resource {
    fn from(r: Resource) -> Self {
        use rustix::process::Resource as R;
        match r {
            Resource::Cpu => R::Cpu,
            Resource::Fsize => R::Fsize,
            Resource::Data => R::Data,
            Resource::Stack => R::Stack,
            Resource::Core => R::Core,
            Resource::Rss => R::Rss,
            Resource::Nproc => R::Nproc,
            Resource::Nofile => R::Nofile,
            Resource::Memlock => R::Memlock,
            Resource::As => R::As,
            Resource::Locks => R::Locks,
            Resource::Sigpending => R::Sigpending,
            Resource::Msgqueue => R::Msgqueue,
            Resource::Nice => R::Nice,
            Resource::Rtprio => R::Rtprio,
            Resource::Rttime => R::Rttime,
        }
    }
}

impl TryFrom<rustix::process::Resource> for Resource {
    type Error = Errno;
    /// rustix's enum is `non_exhaustive`; a resource this crate does not know is `EINVAL`,
    /// as the kernel would answer.
    fn try_from(r: rustix::process::Resource) -> Result<Self, Errno> {
        Resource::from_raw(r as u32).ok_or(Errno::INVAL)
    }
}

/// A soft and a hard limit; `None` means unlimited (`RLIM64_INFINITY`).
///
/// Only the hard limit bounds the soft one: an unprivileged process may set its soft limit
/// anywhere up to the hard limit, and lower (never raise) the hard limit.
///
/// # Example
/// ```
/// use rsrc::Rlimit;
/// assert!(Rlimit::new(Some(1024), None).is_valid());
/// assert!(!Rlimit::new(None, Some(1024)).is_valid()); // soft above hard
/// assert_eq!(Rlimit::new(Some(8), Some(16)).to_string(), "8:16");
/// assert_eq!(Rlimit::UNLIMITED.to_string(), "unlimited:unlimited");
/// assert!(Rlimit::new(None, Some(u64::MAX)).is_valid()); // u64::MAX encodes unlimited
/// ```
///
/// # References
/// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rlimit {
    /// The soft (current) limit, enforced by the kernel.
    pub soft: Option<u64>,
    /// The hard (maximum) limit, the ceiling of the soft limit.
    pub hard: Option<u64>,
}

/// `RLIM64_INFINITY`, the `prlimit64` encoding of "unlimited".
const INFINITY: u64 = u64::MAX;

impl Rlimit {
    /// Both limits unlimited.
    pub const UNLIMITED: Rlimit = Rlimit {
        soft: None,
        hard: None,
    };

    /// A limit with the given soft and hard values.
    #[inline]
    pub const fn new(soft: Option<u64>, hard: Option<u64>) -> Rlimit {
        Rlimit { soft, hard }
    }

    /// Whether the soft limit is at most the hard limit (with unlimited above every number).
    /// `Some(u64::MAX)` is the kernel's encoding of unlimited and counts as unlimited here.
    #[inline]
    pub const fn is_valid(&self) -> bool {
        // In the kernel's encoding unlimited is u64::MAX, above every number, and so is
        // `Some(u64::MAX)`: validity is one comparison of the encoded values (26 instructions
        // per setrlimit, against 35 for matching on the decoded pair).
        encode(self.soft) <= encode(self.hard)
    }

    /// The `struct rlimit64` encoding: `[rlim_cur, rlim_max]`, unlimited as `u64::MAX`.
    #[inline]
    pub const fn to_raw(self) -> [u64; 2] {
        [encode(self.soft), encode(self.hard)]
    }

    /// Decodes `[rlim_cur, rlim_max]` of `struct rlimit64`; `u64::MAX` is unlimited.
    #[inline]
    pub const fn from_raw(raw: [u64; 2]) -> Rlimit {
        Rlimit {
            soft: decode(raw[0]),
            hard: decode(raw[1]),
        }
    }
}

impl fmt::Display for Rlimit {
    /// `SOFT:HARD`, each a number or `unlimited` (the syntax `prlimit(1)` accepts). Width,
    /// fill and alignment flags are honoured.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = StackStr::new();
        // Cannot fail: two 20-digit numbers and a colon fit in the buffer.
        let _ = fmt::Write::write_fmt(
            &mut buf,
            format_args!("{}:{}", Limit(self.soft), Limit(self.hard)),
        );
        f.pad(buf.as_str())
    }
}

struct Limit(Option<u64>);

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => write!(f, "{v}"),
            None => f.write_str("unlimited"),
        }
    }
}

#[inline]
const fn encode(v: Option<u64>) -> u64 {
    match v {
        Some(v) => v,
        None => INFINITY,
    }
}

#[inline]
const fn decode(v: u64) -> Option<u64> {
    if v == INFINITY {
        None
    } else {
        Some(v)
    }
}

/// The calling process's limit for `resource`.
///
/// Unlike `rustix::process::getrlimit`, this can fail: a seccomp filter may deny the call.
///
/// # Errors
/// The kernel's `Errno` (`EPERM`/`ENOSYS` under seccomp).
///
/// # Example
/// ```
/// let nofile = rsrc::getrlimit(rsrc::Resource::Nofile)?;
/// assert!(nofile.is_valid());
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
/// - [POSIX `getrlimit`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getrlimit.html)
#[inline]
pub fn getrlimit(resource: Resource) -> Result<Rlimit, Errno> {
    sys::prlimit64(0, resource.as_raw(), None, true).map(Rlimit::from_raw)
}

/// Sets the calling process's limit for `resource`.
///
/// # Errors
/// `EINVAL` if the soft limit is above the hard one (checked before any syscall); `EPERM` when
/// raising the hard limit without `CAP_SYS_RESOURCE`, or raising `Nofile` above
/// `/proc/sys/fs/nr_open`.
///
/// # Example
/// ```
/// use rsrc::{getrlimit, setrlimit, Resource, Rlimit};
/// let old = getrlimit(Resource::Core)?;
/// setrlimit(Resource::Core, Rlimit::new(Some(0), old.hard))?; // no core dumps
/// assert_eq!(getrlimit(Resource::Core)?.soft, Some(0));
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
/// - [POSIX `setrlimit`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/setrlimit.html)
#[inline]
pub fn setrlimit(resource: Resource, new: Rlimit) -> Result<(), Errno> {
    if !new.is_valid() {
        return Err(Errno::INVAL);
    }
    sys::prlimit64(0, resource.as_raw(), Some(&new.to_raw()), false).map(drop)
}

/// Reads, and if `new` is given replaces, the limit of process `pid` (`None`: the caller),
/// returning the limit it had before. With `new = None` nothing is changed.
///
/// # Errors
/// `ESRCH` if there is no such process; `EPERM` if the caller may not act on it (different
/// credentials without `CAP_SYS_RESOURCE`) or raises a hard limit; `EINVAL` if `new`'s soft
/// limit is above its hard one (checked before any syscall).
///
/// # Example
/// ```
/// use rsrc::{prlimit, Pid, Resource};
/// let me = Pid::from_raw(std::process::id() as i32);
/// let seen = prlimit(me, Resource::Stack, None)?;
/// assert_eq!(seen, rsrc::getrlimit(Resource::Stack)?);
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`prlimit(2)`](https://man7.org/linux/man-pages/man2/prlimit.2.html)
#[inline]
pub fn prlimit(pid: Option<Pid>, resource: Resource, new: Option<Rlimit>) -> Result<Rlimit, Errno> {
    let raw_new = match new {
        Some(n) if !n.is_valid() => return Err(Errno::INVAL),
        Some(n) => Some(n.to_raw()),
        None => None,
    };
    sys::prlimit64(Pid::as_raw(pid), resource.as_raw(), raw_new.as_ref(), true)
        .map(Rlimit::from_raw)
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit, or to `ceiling` if that is lower, and
/// returns the limit as it was, so it can be put back before `exec` (programs using `select`
/// break with descriptors at or above 1024).
///
/// The ceiling matters when the hard limit is huge: a child that closes every possible
/// descriptor in a loop would otherwise spin for minutes. The soft limit is never lowered.
///
/// # Errors
/// The `Errno` of the read or of the write.
///
/// # Example
/// ```
/// let old = rsrc::raise_nofile_limit(Some(65_536))?;
/// let now = rsrc::getrlimit(rsrc::Resource::Nofile)?;
/// assert!(now.soft >= old.soft.map(|s| s.min(65_536)));
/// rsrc::setrlimit(rsrc::Resource::Nofile, old)?;
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
pub fn raise_nofile_limit(ceiling: Option<u64>) -> Result<Rlimit, Errno> {
    let old = getrlimit(Resource::Nofile)?;
    let target = match (old.hard, ceiling) {
        (Some(h), Some(c)) => Some(h.min(c)),
        (Some(h), None) => Some(h),
        (None, c) => c,
    };
    // None sorts below every Some, so compare "unlimited" explicitly.
    let raise = match (old.soft, target) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(s), Some(t)) => t > s,
    };
    if raise {
        setrlimit(
            Resource::Nofile,
            Rlimit {
                soft: target,
                hard: old.hard,
            },
        )?;
    }
    Ok(old)
}

/// The size of a memory page in bytes, e.g. to turn page counts into bytes.
///
/// Found with one `msync` probe on the first call and cached (see `src/sys/mod.rs`): no
/// auxiliary vector, no `/proc`, no allocation, no panic, so it is safe between `fork` and
/// `exec` and under seccomp. If a seccomp filter denies `msync`, the smallest page size of the
/// architecture is returned (4096; 8192 on sparc64); [`try_page_size`] reports the error
/// instead.
///
/// # Example
/// ```
/// assert!(rsrc::page_size().is_power_of_two());
/// ```
///
/// # References
/// - [`getpagesize(2)`](https://man7.org/linux/man-pages/man2/getpagesize.2.html),
///   [`msync(2)`](https://man7.org/linux/man-pages/man2/msync.2.html)
#[inline]
pub fn page_size() -> usize {
    match sys::page_size() {
        Ok(size) => size,
        Err(_) => MIN_PAGE_SIZE,
    }
}

/// The page size, or the `Errno` of the probe (e.g. `EPERM` from a seccomp filter).
///
/// # Errors
/// The `Errno` of `msync`, if it is denied.
///
/// # Example
/// ```
/// assert_eq!(rsrc::try_page_size()?, rsrc::page_size());
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`getpagesize(2)`](https://man7.org/linux/man-pages/man2/getpagesize.2.html)
#[inline]
pub fn try_page_size() -> Result<usize, Errno> {
    sys::page_size()
}

const MIN_PAGE_SIZE: usize = if cfg!(any(target_arch = "sparc64", target_arch = "sparc")) {
    8192
} else {
    4096
};
