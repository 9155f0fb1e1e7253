//! `wait4`: reap a child and get the resources it used.

use crate::sys;
use crate::usage::Usage;
use crate::{Errno, Pid};
use core::fmt;

bitflags::bitflags! {
    /// Options of [`wait4`] (`W*` in `<sys/wait.h>`; the same on every Linux architecture).
    ///
    /// # Example
    /// ```
    /// use rsrc::WaitOptions;
    /// let o = WaitOptions::NOHANG | WaitOptions::UNTRACED;
    /// assert_eq!(o.bits(), 3);
    /// ```
    ///
    /// # References
    /// - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct WaitOptions: u32 {
        /// `WNOHANG`: return `Ok(None)` at once if no child has changed state.
        const NOHANG = 1;
        /// `WUNTRACED`: also report children stopped by a signal.
        const UNTRACED = 2;
        /// `WCONTINUED`: also report stopped children resumed by `SIGCONT`.
        const CONTINUED = 8;
        /// `__WNOTHREAD`: only children of the calling thread.
        const NOTHREAD = 0x2000_0000;
        /// `__WALL`: children of any kind, clone or not.
        const ALL = 0x4000_0000;
        /// `__WCLONE`: only "clone" children (exit signal other than `SIGCHLD`).
        const CLONE = 0x8000_0000;
    }
}

/// How a child changed state: the `int` status of `wait4`, decoded as `<sys/wait.h>` does.
///
/// # Example
/// ```
/// use rsrc::WaitStatus;
/// let s = WaitStatus::from_raw(3 << 8);
/// assert_eq!((s.exit_status(), s.terminating_signal()), (Some(3), None));
/// assert_eq!(WaitStatus::from_raw(9).to_string(), "killed by signal 9");
/// assert_eq!(WaitStatus::from_raw(9).shell_status(), 137);
/// ```
///
/// # References
/// - [`wait(2)`](https://man7.org/linux/man-pages/man2/wait.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WaitStatus(i32);

impl WaitStatus {
    /// Wraps a raw status as written by `wait4`.
    #[inline]
    pub const fn from_raw(raw: i32) -> WaitStatus {
        WaitStatus(raw)
    }

    /// The raw status.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self.0
    }

    /// `WIFEXITED`: the child called `exit`.
    #[inline]
    pub const fn exited(self) -> bool {
        self.0 & 0x7f == 0
    }

    /// `WEXITSTATUS`, if it exited.
    #[inline]
    pub const fn exit_status(self) -> Option<i32> {
        if self.exited() {
            Some((self.0 >> 8) & 0xff)
        } else {
            None
        }
    }

    /// `WIFSIGNALED`: a signal killed the child.
    #[inline]
    pub const fn signaled(self) -> bool {
        let sig = self.0 & 0x7f;
        sig != 0 && sig != 0x7f
    }

    /// `WTERMSIG`, if a signal killed it.
    #[inline]
    pub const fn terminating_signal(self) -> Option<i32> {
        if self.signaled() {
            Some(self.0 & 0x7f)
        } else {
            None
        }
    }

    /// `WCOREDUMP`: killed, and a core dump was written.
    #[inline]
    pub const fn core_dumped(self) -> bool {
        self.signaled() && self.0 & 0x80 != 0
    }

    /// `WIFSTOPPED`: stopped by a signal (reported with [`WaitOptions::UNTRACED`]).
    #[inline]
    pub const fn stopped(self) -> bool {
        self.0 & 0xff == 0x7f
    }

    /// `WSTOPSIG`, if stopped.
    #[inline]
    pub const fn stopping_signal(self) -> Option<i32> {
        if self.stopped() {
            Some((self.0 >> 8) & 0xff)
        } else {
            None
        }
    }

    /// `WIFCONTINUED`: resumed by `SIGCONT` (reported with [`WaitOptions::CONTINUED`]).
    #[inline]
    pub const fn continued(self) -> bool {
        self.0 == 0xffff
    }

    /// The status a shell would report: the exit status, or 128 + the signal number.
    #[inline]
    pub const fn shell_status(self) -> i32 {
        match (self.exit_status(), self.terminating_signal()) {
            (Some(code), _) => code,
            (None, Some(sig)) => 128 + sig,
            (None, None) => 128 + ((self.0 >> 8) & 0xff),
        }
    }
}

impl fmt::Display for WaitStatus {
    /// `exited with status N`, `killed by signal N` (`(core dumped)`), `stopped by signal N`
    /// or `continued`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = self.exit_status() {
            write!(f, "exited with status {code}")
        } else if let Some(sig) = self.terminating_signal() {
            let core = if self.core_dumped() {
                " (core dumped)"
            } else {
                ""
            };
            write!(f, "killed by signal {sig}{core}")
        } else if let Some(sig) = self.stopping_signal() {
            write!(f, "stopped by signal {sig}")
        } else if self.continued() {
            f.write_str("continued")
        } else {
            write!(f, "unknown wait status {:#x}", self.0)
        }
    }
}

/// A child that [`wait4`] reported: who, what happened, and what it used.
///
/// # References
/// - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Waited {
    /// The child's process ID.
    pub pid: Pid,
    /// How it changed state.
    pub status: WaitStatus,
    /// The resources the child and its waited-for descendants used. For a stop or continue
    /// report the child is still alive and this is its usage so far (the kernel fills it the
    /// same way); zero only when [`wait4`] returned `Ok(None)`.
    pub usage: Usage,
}

/// Which children [`wait4`] waits for.
///
/// # References
/// - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WaitFor {
    /// Any child (`pid = -1`): what an init process reaps.
    #[default]
    AnyChild,
    /// The child with this process ID.
    Pid(Pid),
    /// Any child in the caller's process group (`pid = 0`).
    SameGroup,
    /// Any child in this process group (`pid = -pgid`).
    Group(Pid),
}

impl WaitFor {
    /// The `pid` argument of `wait4`.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        match self {
            WaitFor::AnyChild => -1,
            WaitFor::Pid(p) => p.as_raw_pid(),
            WaitFor::SameGroup => 0,
            // A pid is positive, so this cannot overflow.
            WaitFor::Group(g) => -g.as_raw_pid(),
        }
    }
}

/// Waits for a child to change state and returns its pid, status and resource usage.
///
/// Returns `Ok(None)` only with [`WaitOptions::NOHANG`] when children exist but none has
/// changed state. An init process reaps with
/// `wait4(WaitFor::AnyChild, WaitOptions::empty())` until `ECHILD`.
///
/// # Errors
/// `ECHILD` if there is no such child, `EINTR` if a signal arrived, `EINVAL` for bad options.
///
/// # Example
/// ```
/// use rsrc::{wait4, WaitFor, WaitOptions, Pid};
/// let child = std::process::Command::new("true").spawn()?;
/// let pid = Pid::from_raw(child.id() as i32).unwrap();
/// let w = wait4(WaitFor::Pid(pid), WaitOptions::empty())?.unwrap();
/// assert_eq!((w.pid, w.status.exit_status()), (pid, Some(0)));
/// assert!(w.usage.maxrss > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # References
/// - [`wait4(2)`](https://man7.org/linux/man-pages/man2/wait4.2.html)
#[inline]
pub fn wait4(which: WaitFor, options: WaitOptions) -> Result<Option<Waited>, Errno> {
    let (pid, status, usage) = sys::wait4(which.as_raw(), options.bits())?;
    Ok(Pid::from_raw(pid).map(|pid| Waited {
        pid,
        status: WaitStatus(status),
        usage,
    }))
}
