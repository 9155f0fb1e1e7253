//! Under a seccomp filter that makes getrusage, prlimit64 and wait4 fail (EPERM in one case,
//! ENOSYS in the other), every rsrc function returns exactly that errno and nothing panics;
//! the CLI says so on one line and exits 1.
//!
//! The filter (tests/seccomp_bpf) checks the audit arch and takes the syscall numbers from
//! `rsrc::abi::native()`, so it also checks that the shim uses the numbers the table says.
//! Each case runs in a fresh process of this test binary (a filter cannot be removed).

mod common;
mod seccomp_bpf;

use common::in_child;
use rsrc::{
    getrlimit, getrusage, getrusage_raw, prlimit, raise_nofile_limit, setrlimit, wait4, Errno, Pid,
    Resource, Rlimit, WaitFor, WaitOptions, Who,
};
use std::process::{Command, Stdio};

const WHO: [Who; 4] = [Who::Process, Who::Children, Who::Thread, Who::Both];

/// A raw `getrusage(RUSAGE_SELF)` through the C library: what the kernel (and filter) say.
fn raw_getrusage() -> Result<(), i32> {
    let mut ru = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: a valid out-pointer.
    match unsafe { libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) } {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap()),
    }
}

#[allow(clippy::zombie_processes)] // reaped by init: wait4 is what is denied
fn every_function_fails_with(errno: Errno) {
    let me = Pid::from_raw(std::process::id() as i32).unwrap();
    // Before the filter: everything works (so the errors below come from the filter).
    for who in WHO {
        getrusage(who).unwrap();
    }
    let before: Vec<Rlimit> = Resource::ALL
        .iter()
        .map(|&r| getrlimit(r).unwrap())
        .collect();
    let mut child = Command::new("sleep")
        .arg("0")
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let child_pid = Pid::from_raw(child.id() as i32).unwrap();
    assert_eq!(raw_getrusage(), Ok(()));

    if !seccomp_bpf::deny(&seccomp_bpf::rsrc_syscalls(errno.raw_os_error())) {
        return;
    }

    // The filter is in place, and only for these calls.
    assert_eq!(raw_getrusage(), Err(errno.raw_os_error()));
    assert_eq!(unsafe { libc::getpid() } as u32, std::process::id());

    for who in WHO {
        assert_eq!(getrusage(who), Err(errno), "{who:?}");
    }
    for raw in [0, -1, 1, -2, 42, i32::MIN] {
        assert_eq!(getrusage_raw(raw), Err(errno), "{raw}");
    }
    for (&r, &old) in Resource::ALL.iter().zip(&before) {
        assert_eq!(getrlimit(r), Err(errno), "{r}");
        assert_eq!(setrlimit(r, old), Err(errno), "{r}");
        assert_eq!(prlimit(None, r, None), Err(errno), "{r}");
        assert_eq!(prlimit(Some(me), r, None), Err(errno), "{r}");
        assert_eq!(prlimit(Some(me), r, Some(old)), Err(errno), "{r}");
        // Invalid limits are refused before any syscall, with EINVAL.
        let invalid = Rlimit::new(None, Some(0));
        assert_eq!(setrlimit(r, invalid), Err(Errno::INVAL), "{r}");
        assert_eq!(prlimit(None, r, Some(invalid)), Err(Errno::INVAL), "{r}");
    }
    for ceiling in [None, Some(0), Some(1 << 20), Some(u64::MAX)] {
        assert_eq!(raise_nofile_limit(ceiling), Err(errno));
    }
    for (which, options) in [
        (WaitFor::Pid(child_pid), WaitOptions::empty()),
        (WaitFor::Pid(child_pid), WaitOptions::NOHANG),
        (WaitFor::AnyChild, WaitOptions::NOHANG),
        (
            WaitFor::SameGroup,
            WaitOptions::NOHANG | WaitOptions::UNTRACED,
        ),
        (WaitFor::Group(me), WaitOptions::NOHANG),
    ] {
        assert_eq!(wait4(which, options), Err(errno), "{which:?} {options:?}");
    }
    // Functions that make no syscall (or another one) still work.
    assert!(rsrc::page_size().is_power_of_two());
    assert_eq!(Resource::from_name("nofile"), Some(Resource::Nofile));
    assert!(!errno.to_string().is_empty());

    // The child cannot be reaped here (the C library's waitpid is wait4); it is reparented
    // when this process exits.
    let _ = child.kill();
}

#[test]
fn eperm_from_every_function() {
    in_child("eperm_from_every_function", || {
        every_function_fails_with(Errno::PERM)
    });
}

#[test]
fn enosys_from_every_function() {
    in_child("enosys_from_every_function", || {
        every_function_fails_with(Errno::NOSYS)
    });
}

/// The filter must be exact: with another syscall denied instead, rsrc is unaffected. (A
/// filter that denied everything would pass the tests above for the wrong reason.)
#[test]
fn unrelated_filter_changes_nothing() {
    in_child("unrelated_filter_changes_nothing", || {
        if !seccomp_bpf::deny(&[(libc::SYS_getpriority as u32, libc::EPERM)]) {
            return;
        }
        assert_eq!(
            unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) },
            -1,
            "filter not in place"
        );
        for who in WHO {
            getrusage(who).unwrap();
        }
        for r in Resource::ALL {
            let old = getrlimit(r).unwrap();
            setrlimit(r, old).unwrap();
        }
        assert_eq!(
            wait4(WaitFor::AnyChild, WaitOptions::NOHANG),
            Err(Errno::CHILD)
        );
    });
}

/// The CLI under the same filters: one clear line on stderr naming the error, exit status 1,
/// no panic. Skipped (with a note) when the CLI is not part of this build.
#[test]
fn cli_reports_denied_syscalls_and_exits_1() {
    let Some(exe) = option_env!("CARGO_BIN_EXE_rsrc") else {
        eprintln!("no rsrc CLI in this build: skipped");
        return;
    };
    if std::env::var_os("RSRC_UNDER_QEMU").is_some() {
        // seccomp_bpf::deny checks, in the other tests, that qemu-user refuses filters.
        eprintln!("seccomp: qemu-user cannot filter guest syscalls; run natively on x86_64, i686");
        return;
    }
    let me = std::process::id().to_string();
    // Without a filter these succeed, so the failures below are the filter's.
    for args in [&["usage"][..], &["limits"]] {
        let out = Command::new(exe).args(args).output().unwrap();
        assert!(out.status.success(), "rsrc {args:?}: {out:?}");
    }
    let cases: &[&[&str]] = &[
        &["usage"],
        &["usage", "--who", "both"],
        &["limits"],
        &["limits", "nofile"],
        &["limits", "-p", &me],
        &["set", "-p", &me, "--core=0"],
        &["run", "--nofile=64", "--", "true"],
        &["time", "--", "true"],
    ];
    for (errno, name, text) in [
        (libc::EPERM, "EPERM", "Operation not permitted"),
        (libc::ENOSYS, "ENOSYS", "Function not implemented"),
    ] {
        let prog = seccomp_bpf::program(&seccomp_bpf::rsrc_syscalls(errno));
        for args in cases {
            let mut cmd = Command::new(exe);
            cmd.args(*args).stdin(Stdio::null());
            let prog = prog.clone();
            // SAFETY: `install` makes two raw syscalls and does not allocate.
            unsafe {
                use std::os::unix::process::CommandExt;
                cmd.pre_exec(move || seccomp_bpf::install(&prog));
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!(
                "rsrc {} under {name}: {:?}\n{stderr}",
                args.join(" "),
                out.status
            );
            assert_eq!(out.status.code(), Some(1), "{what}");
            assert!(!stderr.contains("panicked"), "{what}");
            let lines: Vec<&str> = stderr.lines().collect();
            assert_eq!(lines.len(), 1, "one line: {what}");
            assert!(lines[0].starts_with("rsrc: "), "{what}");
            assert!(
                lines[0].contains(name) || lines[0].contains(text),
                "names the error: {what}"
            );
            eprintln!("{name} rsrc {}: {}", args.join(" "), lines[0]);
        }
    }
}
