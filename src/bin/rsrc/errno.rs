//! Symbolic names and texts of errnos and signals, from rustix's per-architecture constants
//! (the numbers differ on alpha, mips, parisc and sparc, the names do not).

use rsrc::Errno;
use rustix::process::Signal;
use std::fmt;

const ERRNOS: &[(Errno, &str)] = &[
    (Errno::PERM, "EPERM"),
    (Errno::NOENT, "ENOENT"),
    (Errno::SRCH, "ESRCH"),
    (Errno::INTR, "EINTR"),
    (Errno::IO, "EIO"),
    (Errno::NXIO, "ENXIO"),
    (Errno::TOOBIG, "E2BIG"),
    (Errno::NOEXEC, "ENOEXEC"),
    (Errno::BADF, "EBADF"),
    (Errno::CHILD, "ECHILD"),
    (Errno::AGAIN, "EAGAIN"),
    (Errno::NOMEM, "ENOMEM"),
    (Errno::ACCESS, "EACCES"),
    (Errno::FAULT, "EFAULT"),
    (Errno::BUSY, "EBUSY"),
    (Errno::EXIST, "EEXIST"),
    (Errno::XDEV, "EXDEV"),
    (Errno::NODEV, "ENODEV"),
    (Errno::NOTDIR, "ENOTDIR"),
    (Errno::ISDIR, "EISDIR"),
    (Errno::INVAL, "EINVAL"),
    (Errno::NFILE, "ENFILE"),
    (Errno::MFILE, "EMFILE"),
    (Errno::TXTBSY, "ETXTBSY"),
    (Errno::FBIG, "EFBIG"),
    (Errno::NOSPC, "ENOSPC"),
    (Errno::ROFS, "EROFS"),
    (Errno::MLINK, "EMLINK"),
    (Errno::PIPE, "EPIPE"),
    (Errno::RANGE, "ERANGE"),
    (Errno::NAMETOOLONG, "ENAMETOOLONG"),
    (Errno::NOSYS, "ENOSYS"),
    (Errno::LOOP, "ELOOP"),
    (Errno::LIBBAD, "ELIBBAD"),
    (Errno::NOTSUP, "EOPNOTSUPP"),
    (Errno::DQUOT, "EDQUOT"),
    (Errno::CANCELED, "ECANCELED"),
];

/// The symbolic name of an errno number, e.g. `EPERM`, or `errno N` for one not in the table.
pub fn name(raw: i32) -> String {
    ERRNOS
        .iter()
        .find(|(e, _)| e.raw_os_error() == raw)
        .map_or_else(|| format!("errno {raw}"), |(_, n)| (*n).to_string())
}

/// The C library's text for an errno number, e.g. `Operation not permitted`.
pub fn text(raw: i32) -> String {
    let s = std::io::Error::from_raw_os_error(raw).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `EPERM (Operation not permitted)`.
pub struct Describe(pub i32);

impl fmt::Display for Describe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", name(self.0), text(self.0))
    }
}

/// Describes an `rsrc::Errno`.
pub fn errno(e: Errno) -> Describe {
    Describe(e.raw_os_error())
}

/// Describes a `std::io::Error`: its errno if it has one, else its text.
pub fn io(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => Describe(n).to_string(),
        None => e.to_string(),
    }
}

#[cfg(not(any(
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6",
    target_arch = "sparc",
    target_arch = "sparc64"
)))]
const STKFLT: &[(Signal, &str)] = &[(Signal::STKFLT, "SIGSTKFLT")];
#[cfg(any(
    target_arch = "mips",
    target_arch = "mips32r6",
    target_arch = "mips64",
    target_arch = "mips64r6",
    target_arch = "sparc",
    target_arch = "sparc64"
))]
const STKFLT: &[(Signal, &str)] = &[(Signal::EMT, "SIGEMT")];

const SIGNALS: &[(Signal, &str)] = &[
    (Signal::HUP, "SIGHUP"),
    (Signal::INT, "SIGINT"),
    (Signal::QUIT, "SIGQUIT"),
    (Signal::ILL, "SIGILL"),
    (Signal::TRAP, "SIGTRAP"),
    (Signal::ABORT, "SIGABRT"),
    (Signal::BUS, "SIGBUS"),
    (Signal::FPE, "SIGFPE"),
    (Signal::KILL, "SIGKILL"),
    (Signal::USR1, "SIGUSR1"),
    (Signal::SEGV, "SIGSEGV"),
    (Signal::USR2, "SIGUSR2"),
    (Signal::PIPE, "SIGPIPE"),
    (Signal::ALARM, "SIGALRM"),
    (Signal::TERM, "SIGTERM"),
    (Signal::CHILD, "SIGCHLD"),
    (Signal::CONT, "SIGCONT"),
    (Signal::STOP, "SIGSTOP"),
    (Signal::TSTP, "SIGTSTP"),
    (Signal::TTIN, "SIGTTIN"),
    (Signal::TTOU, "SIGTTOU"),
    (Signal::URG, "SIGURG"),
    (Signal::XCPU, "SIGXCPU"),
    (Signal::XFSZ, "SIGXFSZ"),
    (Signal::VTALARM, "SIGVTALRM"),
    (Signal::PROF, "SIGPROF"),
    (Signal::WINCH, "SIGWINCH"),
    (Signal::IO, "SIGIO"),
    (Signal::POWER, "SIGPWR"),
    (Signal::SYS, "SIGSYS"),
];

/// The name of a signal number, e.g. `SIGKILL`, if it has one (real-time signals do not).
pub fn signal_name(raw: i32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .chain(STKFLT)
        .find(|(s, _)| s.as_raw() == raw)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert_eq!(super::name(rsrc::Errno::PERM.raw_os_error()), "EPERM");
        assert_eq!(super::name(-5), "errno -5");
        assert_eq!(super::signal_name(9), Some("SIGKILL"));
        assert_eq!(super::signal_name(64), None);
    }
}
