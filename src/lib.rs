//! Process resource usage and resource limits on Linux, without libc.
//!
//! `rsrc` does the job of Python's `resource` module — `getrusage`, `getrlimit`, `setrlimit`,
//! `prlimit`, plus `wait4` with the child's usage — as a `#![no_std]` library that never
//! allocates and never panics, and reaches the kernel through its own few lines of inline
//! assembly per architecture. Every function is async-signal-safe, so it can run between
//! `fork` and `exec`.
//!
//! ```
//! use rsrc::{getrlimit, getrusage, raise_nofile_limit, Resource, Who};
//!
//! let usage = getrusage(Who::Process)?;
//! println!("user {} s, system {} s, peak RSS {} bytes",
//!          usage.utime, usage.stime, usage.maxrss_bytes());
//!
//! let old = raise_nofile_limit(Some(1 << 20))?; // soft NOFILE up to hard, at most 2^20
//! let now = getrlimit(Resource::Nofile)?;
//! println!("{}: {} (was {})", Resource::Nofile, now, old);
//! # Ok::<(), rsrc::Errno>(())
//! ```
//!
//! - Times are [`Timeval`]s: exact fixed-point microseconds, convertible to
//!   [`Duration`](core::time::Duration) or `f64` seconds.
//! - Limits are [`Rlimit`]s whose `None` means unlimited.
//! - [`abi`] has the per-architecture numbering and `struct rusage` layouts of 21 kernel ABIs,
//!   on any host, to decode another architecture's raw `struct rusage`.
//! - Errors are [`Errno`] (rustix's), and processes are named by [`Pid`] (rustix's).
//!
//! # References
//! - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html),
//!   [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html),
//!   [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html),
//!   Python [`resource`](https://docs.python.org/3/library/resource.html)

#![no_std]
#![deny(missing_docs)]
#![cfg_attr(
    any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        target_arch = "sparc64"
    ),
    feature(asm_experimental_arch)
)]

#[cfg(not(target_os = "linux"))]
compile_error!("rsrc speaks the Linux syscall ABI only");

#[cfg(test)]
extern crate std;

pub mod abi;
mod limit;
mod spec;
mod sys;
pub mod time;
mod usage;
mod wait;

pub use limit::{
    getrlimit, page_size, prlimit, raise_nofile_limit, setrlimit, try_page_size, Resource, Rlimit,
};
pub use rustix::io::Errno;
pub use rustix::process::Pid;
pub use spec::{RlimitSpec, Setting, Side, SpecError, SpecErrorKind};
pub use time::Timeval;
pub use usage::{getrusage, getrusage_raw, Usage, Who};
pub use wait::{wait4, WaitFor, WaitOptions, WaitStatus, Waited};
