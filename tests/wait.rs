//! wait4: statuses, options, usage of the reaped child, errors.

mod common;

use common::in_child;
use rsrc::{wait4, Errno, Pid, Timeval, WaitFor, WaitOptions, WaitStatus};
use std::process::{Command, Stdio};

fn sh(script: &str) -> (std::process::Child, Pid) {
    let child = Command::new("sh")
        .args(["-c", script])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    (child, pid)
}

fn kill(pid: Pid, sig: i32) {
    assert_eq!(unsafe { libc::kill(pid.as_raw_pid(), sig) }, 0);
}

#[test]
fn exit_status_and_usage() {
    let (_c, pid) = sh("i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; exit 42");
    let w = wait4(WaitFor::Pid(pid), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!(w.pid, pid);
    assert_eq!(w.status.exit_status(), Some(42));
    assert_eq!(w.status.shell_status(), 42);
    assert!(!w.status.signaled() && !w.status.stopped());
    assert_eq!(w.status.to_string(), "exited with status 42");
    assert!(
        w.usage.cpu_time() > Timeval::ZERO || !common::cpu_times_reported(),
        "{:?}",
        w.usage
    );
    assert!(w.usage.maxrss > 0 && w.usage.minflt > 0);
    // Reaped: a second wait finds no such child.
    assert_eq!(
        wait4(WaitFor::Pid(pid), WaitOptions::empty()),
        Err(Errno::CHILD)
    );
}

#[test]
fn killed_by_a_signal() {
    let (_c, pid) = sh("sleep 30");
    kill(pid, libc::SIGKILL);
    let w = wait4(WaitFor::Pid(pid), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!(w.status.terminating_signal(), Some(libc::SIGKILL));
    assert_eq!(w.status.exit_status(), None);
    assert_eq!(w.status.shell_status(), 128 + libc::SIGKILL);
    assert!(!w.status.core_dumped());
}

#[test]
fn nohang_stopped_and_continued() {
    let (_c, pid) = sh("sleep 30");
    // Running, nothing to report.
    assert_eq!(wait4(WaitFor::Pid(pid), WaitOptions::NOHANG), Ok(None));
    kill(pid, common::sig::STOP);
    let w = wait4(WaitFor::Pid(pid), WaitOptions::UNTRACED)
        .unwrap()
        .unwrap();
    assert!(w.status.stopped());
    assert_eq!(w.status.stopping_signal(), Some(common::sig::STOP));
    // A stopped child is still alive; the kernel reports its usage so far.
    assert!(w.usage.maxrss > 0, "{:?}", w.usage);
    assert_eq!(
        w.status.to_string(),
        format!("stopped by signal {}", common::sig::STOP)
    );
    kill(pid, common::sig::CONT);
    let w = wait4(WaitFor::Pid(pid), WaitOptions::CONTINUED)
        .unwrap()
        .unwrap();
    assert!(w.status.continued());
    assert_eq!(w.status.to_string(), "continued");
    kill(pid, libc::SIGTERM);
    let w = wait4(WaitFor::Pid(pid), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!(w.status.terminating_signal(), Some(libc::SIGTERM));
}

#[test]
fn no_children_is_echild() {
    in_child("no_children_is_echild", || {
        assert_eq!(
            wait4(WaitFor::AnyChild, WaitOptions::empty()),
            Err(Errno::CHILD)
        );
        assert_eq!(
            wait4(WaitFor::AnyChild, WaitOptions::NOHANG),
            Err(Errno::CHILD)
        );
        assert_eq!(
            wait4(WaitFor::SameGroup, WaitOptions::empty()),
            Err(Errno::CHILD)
        );
    });
}

#[test]
fn not_our_child_is_echild() {
    // pid 1 exists but is not our child.
    assert_eq!(
        wait4(WaitFor::Pid(Pid::from_raw(1).unwrap()), WaitOptions::NOHANG),
        Err(Errno::CHILD)
    );
}

#[test]
fn bad_options_are_einval() {
    let bogus = WaitOptions::from_bits_retain(0x0100_0000);
    assert_eq!(wait4(WaitFor::AnyChild, bogus), Err(Errno::INVAL));
}

#[test]
fn init_style_reaping_of_any_child() {
    in_child("init_style_reaping_of_any_child", || {
        let mut pids: Vec<Pid> = (0..3).map(|i| sh(&format!("exit {i}")).1).collect();
        let mut codes = Vec::new();
        loop {
            match wait4(WaitFor::AnyChild, WaitOptions::empty()) {
                Ok(Some(w)) => {
                    pids.retain(|p| *p != w.pid);
                    codes.push(w.status.exit_status().unwrap());
                }
                Ok(None) => unreachable!("no NOHANG"),
                Err(e) => {
                    assert_eq!(e, Errno::CHILD);
                    break;
                }
            }
        }
        codes.sort();
        assert_eq!(codes, [0, 1, 2]);
        assert!(pids.is_empty());
    });
}

#[test]
fn wait_status_decoding() {
    let core = WaitStatus::from_raw(libc::SIGSEGV | 0x80);
    assert!(core.core_dumped());
    assert_eq!(
        core.to_string(),
        format!("killed by signal {} (core dumped)", libc::SIGSEGV)
    );
    for raw in [0, 1 << 8, 255 << 8, 9, 0x7f | (19 << 8), 0xffff] {
        let s = WaitStatus::from_raw(raw);
        assert_eq!(s.exited(), libc::WIFEXITED(raw));
        assert_eq!(s.signaled(), libc::WIFSIGNALED(raw));
        assert_eq!(s.stopped(), libc::WIFSTOPPED(raw));
        assert_eq!(s.continued(), libc::WIFCONTINUED(raw));
        assert_eq!(s.as_raw(), raw);
    }
}

#[test]
fn wait_for_raw_values() {
    let p = Pid::from_raw(1234).unwrap();
    assert_eq!(WaitFor::AnyChild.as_raw(), -1);
    assert_eq!(WaitFor::SameGroup.as_raw(), 0);
    assert_eq!(WaitFor::Pid(p).as_raw(), 1234);
    assert_eq!(WaitFor::Group(p).as_raw(), -1234);
}
