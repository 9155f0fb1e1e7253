//! `getrusage`: whose usage, the `Usage` record, and the `Both` emulation.

use crate::sys;
use crate::time::Timeval;
use crate::Errno;
use core::ops::Sub;

/// Whose resource usage [`getrusage`] reports.
///
/// # Example
/// ```
/// assert_eq!(rsrc::Who::Children.as_raw(), -1); // RUSAGE_CHILDREN
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Who {
    /// `RUSAGE_SELF`: every thread of the calling process.
    #[default]
    Process,
    /// `RUSAGE_CHILDREN`: all descendants that terminated and were waited for (and their
    /// waited-for descendants).
    Children,
    /// `RUSAGE_THREAD`: the calling thread only.
    Thread,
    /// `RUSAGE_BOTH`: Linux rejects it with `EINVAL`, so rsrc computes it from
    /// [`Process`](Who::Process) and [`Children`](Who::Children); see [`Usage::both`].
    Both,
}

impl Who {
    /// The `RUSAGE_*` value (`0`, `-1`, `1`, `-2`).
    #[inline]
    pub const fn as_raw(self) -> i32 {
        match self {
            Who::Process => 0,
            Who::Children => -1,
            Who::Thread => 1,
            Who::Both => -2,
        }
    }

    /// The `Who` for a `RUSAGE_*` value, if it is one.
    #[inline]
    pub const fn from_raw(raw: i32) -> Option<Who> {
        match raw {
            0 => Some(Who::Process),
            -1 => Some(Who::Children),
            1 => Some(Who::Thread),
            -2 => Some(Who::Both),
            _ => None,
        }
    }
}

/// Resource usage, the fields of the kernel's `struct rusage` in Python's `struct_rusage` order.
///
/// Counters the kernel does not maintain (`ixrss`, `idrss`, `isrss`, `nswap`, `msgsnd`,
/// `msgrcv`, `nsignals`) are zero on Linux. Where the kernel's `long` and `tv_usec` are both 64
/// bits (every 64-bit target but sparc64, and x32) the layout is the kernel's own, and the
/// kernel writes into a `Usage` without a copy.
///
/// # Example
/// ```
/// let u = rsrc::getrusage(rsrc::Who::Process)?;
/// assert!(u.maxrss_bytes() > 0);
/// println!("user {} s, system {} s, {} minor faults", u.utime, u.stime, u.minflt);
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(C)]
pub struct Usage {
    /// `ru_utime`: CPU time spent in user mode.
    pub utime: Timeval,
    /// `ru_stime`: CPU time spent in the kernel.
    pub stime: Timeval,
    /// `ru_maxrss`: peak resident set size in KiB (see [`Usage::maxrss_bytes`]).
    pub maxrss: u64,
    /// `ru_ixrss`: integral shared memory size (unused on Linux: 0).
    pub ixrss: u64,
    /// `ru_idrss`: integral unshared data size (unused on Linux: 0).
    pub idrss: u64,
    /// `ru_isrss`: integral unshared stack size (unused on Linux: 0).
    pub isrss: u64,
    /// `ru_minflt`: page faults served without I/O.
    pub minflt: u64,
    /// `ru_majflt`: page faults that needed I/O.
    pub majflt: u64,
    /// `ru_nswap`: swaps (unused on Linux: 0).
    pub nswap: u64,
    /// `ru_inblock`: file system reads, in 512-byte blocks.
    pub inblock: u64,
    /// `ru_oublock`: file system writes, in 512-byte blocks.
    pub oublock: u64,
    /// `ru_msgsnd`: IPC messages sent (unused on Linux: 0).
    pub msgsnd: u64,
    /// `ru_msgrcv`: IPC messages received (unused on Linux: 0).
    pub msgrcv: u64,
    /// `ru_nsignals`: signals received (unused on Linux: 0).
    pub nsignals: u64,
    /// `ru_nvcsw`: voluntary context switches (the task blocked).
    pub nvcsw: u64,
    /// `ru_nivcsw`: involuntary context switches (the task was preempted).
    pub nivcsw: u64,
}

impl Usage {
    /// Builds a `Usage` from its two times and fourteen counters in the kernel's order.
    #[inline]
    pub(crate) const fn from_parts(utime: Timeval, stime: Timeval, c: [u64; 14]) -> Usage {
        Usage {
            utime,
            stime,
            maxrss: c[0],
            ixrss: c[1],
            idrss: c[2],
            isrss: c[3],
            minflt: c[4],
            majflt: c[5],
            nswap: c[6],
            inblock: c[7],
            oublock: c[8],
            msgsnd: c[9],
            msgrcv: c[10],
            nsignals: c[11],
            nvcsw: c[12],
            nivcsw: c[13],
        }
    }

    /// The fourteen counters in the kernel's order (`maxrss` first, `nivcsw` last).
    #[inline]
    pub const fn counters(&self) -> [u64; 14] {
        [
            self.maxrss,
            self.ixrss,
            self.idrss,
            self.isrss,
            self.minflt,
            self.majflt,
            self.nswap,
            self.inblock,
            self.oublock,
            self.msgsnd,
            self.msgrcv,
            self.nsignals,
            self.nvcsw,
            self.nivcsw,
        ]
    }

    /// Peak resident set size in bytes (Linux reports `ru_maxrss` in KiB), saturating.
    #[inline]
    pub const fn maxrss_bytes(&self) -> u64 {
        self.maxrss.saturating_mul(1024)
    }

    /// User plus system CPU time, saturating.
    #[inline]
    pub const fn cpu_time(&self) -> Timeval {
        self.utime.saturating_add(self.stime)
    }

    /// The `RUSAGE_BOTH` rule: times and counters summed (saturating), `maxrss` the larger of
    /// the two, since a peak is not additive.
    ///
    /// # Example
    /// ```
    /// use rsrc::{Timeval, Usage};
    /// let a = Usage { utime: Timeval::from_micros(5), maxrss: 100, minflt: 1, ..Usage::default() };
    /// let b = Usage { utime: Timeval::from_micros(7), maxrss: 40, minflt: 2, ..Usage::default() };
    /// let both = a.both(&b);
    /// assert_eq!((both.utime.as_micros(), both.maxrss, both.minflt), (12, 100, 3));
    /// ```
    pub const fn both(&self, other: &Usage) -> Usage {
        let (a, b) = (self.counters(), other.counters());
        let mut c = [0u64; 14];
        let mut i = 0;
        while i < 14 {
            c[i] = a[i].saturating_add(b[i]);
            i += 1;
        }
        c[0] = if a[0] > b[0] { a[0] } else { b[0] };
        Usage::from_parts(
            self.utime.saturating_add(other.utime),
            self.stime.saturating_add(other.stime),
            c,
        )
    }

    /// What happened between `earlier` and `self`: times and counters subtracted, saturating
    /// at zero. `maxrss` is a high-water mark, not a counter, so the result carries `self`'s
    /// (the peak so far at the later sample); compare the two samples' `maxrss` to see whether
    /// the region raised the peak.
    ///
    /// # Example
    /// ```
    /// let before = rsrc::getrusage(rsrc::Who::Process)?;
    /// let mut x = 0u64;
    /// for i in 0..1_000_000 { x = core::hint::black_box(x.wrapping_add(i)); }
    /// let spent = rsrc::getrusage(rsrc::Who::Process)?.since(&before);
    /// assert!(spent.utime <= rsrc::Timeval::from_micros(60_000_000));
    /// # Ok::<(), rsrc::Errno>(())
    /// ```
    pub const fn since(&self, earlier: &Usage) -> Usage {
        let (a, b) = (self.counters(), earlier.counters());
        let mut c = [0u64; 14];
        let mut i = 0;
        while i < 14 {
            c[i] = a[i].saturating_sub(b[i]);
            i += 1;
        }
        c[0] = a[0];
        Usage::from_parts(
            self.utime.saturating_sub(earlier.utime),
            self.stime.saturating_sub(earlier.stime),
            c,
        )
    }
}

impl Sub for Usage {
    type Output = Usage;
    /// `self.since(&rhs)`: see [`Usage::since`].
    #[inline]
    fn sub(self, rhs: Usage) -> Usage {
        self.since(&rhs)
    }
}

impl Sub<&Usage> for &Usage {
    type Output = Usage;
    /// `self.since(rhs)`: see [`Usage::since`].
    #[inline]
    fn sub(self, rhs: &Usage) -> Usage {
        self.since(rhs)
    }
}

/// Resource usage of the calling process, its waited-for children, the calling thread, or
/// the process and its children together.
///
/// [`Who::Both`] makes two calls (process, then children) and combines them with
/// [`Usage::both`]; a child reaped between the two calls is counted in the children only.
///
/// # Errors
/// The kernel's `Errno`, e.g. `EPERM` or `ENOSYS` from a seccomp filter.
///
/// # Example
/// ```
/// use rsrc::{getrusage, Who};
/// let thread = getrusage(Who::Thread)?;
/// let me = getrusage(Who::Process)?; // sampled second: it includes everything `thread` saw
/// // Totals are ordered; the user/system split of each is the kernel's estimate.
/// assert!(thread.cpu_time() <= me.cpu_time() + rsrc::Timeval::from_micros(2));
/// # Ok::<(), rsrc::Errno>(())
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
/// - [POSIX `getrusage`](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getrusage.html)
#[inline]
pub fn getrusage(who: Who) -> Result<Usage, Errno> {
    match who {
        Who::Both => {
            let me = sys::getrusage(Who::Process.as_raw())?;
            let children = sys::getrusage(Who::Children.as_raw())?;
            Ok(me.both(&children))
        }
        _ => sys::getrusage(who.as_raw()),
    }
}

/// `getrusage` with a raw `RUSAGE_*` value, passed to the kernel unchanged (no `Both`
/// emulation); for values this crate does not know yet.
///
/// # Errors
/// `EINVAL` for a value the kernel does not accept (including `RUSAGE_BOTH`, `-2`).
///
/// # Example
/// ```
/// assert_eq!(rsrc::getrusage_raw(42), Err(rsrc::Errno::INVAL));
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[inline]
pub fn getrusage_raw(who: i32) -> Result<Usage, Errno> {
    sys::getrusage(who)
}
