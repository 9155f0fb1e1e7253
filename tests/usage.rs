//! getrusage: every `Who`, the `Both` rule, maxrss, deltas.

mod common;

use common::{burn_cpu, in_child};
use rsrc::{getrusage, wait4, Pid, Timeval, Usage, WaitFor, WaitOptions, Who};
use std::process::Command;

#[test]
fn process_utime_grows_after_busy_loop() {
    let before = getrusage(Who::Process).unwrap();
    burn_cpu(200);
    let after = getrusage(Who::Process).unwrap();
    let spent = after.since(&before);
    assert!(
        spent.utime >= Timeval::from_micros(150_000),
        "200 ms of busy loop showed as {} s",
        spent.utime
    );
    assert!(after.minflt >= before.minflt);
}

#[test]
fn thread_is_at_most_process() {
    burn_cpu(50);
    let thread = getrusage(Who::Thread).unwrap();
    let process = getrusage(Who::Process).unwrap();
    assert!(thread.utime > Timeval::ZERO);
    // The kernel splits each total into user and system time on its own (and never lets
    // either go backwards), so only the totals are ordered: thread utime can exceed process
    // utime by a little. Each of the four times is truncated to a microsecond.
    assert!(
        thread.cpu_time() <= process.cpu_time() + Timeval::from_micros(2),
        "{thread:?} vs {process:?}"
    );
    assert!(thread.minflt <= process.minflt);
    assert!(thread.nvcsw <= process.nvcsw);
}

#[test]
fn thread_sees_only_its_own_time() {
    // A second thread burns CPU; this thread's Thread usage must not include it.
    let mine_before = getrusage(Who::Thread).unwrap().utime;
    std::thread::spawn(|| burn_cpu(200)).join().unwrap();
    let mine = getrusage(Who::Thread).unwrap().utime - mine_before;
    assert!(mine < Timeval::from_micros(150_000), "thread saw {mine} s");
}

/// Starts this test binary in `mode`; the caller reaps it with `rsrc::wait4`.
fn spawn_self(mode: &str) -> Pid {
    #[allow(clippy::zombie_processes)] // reaped with rsrc::wait4, which std cannot see
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_mode", "--nocapture", "--test-threads=1"])
        .env("RSRC_CHILD_MODE", mode)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    Pid::from_raw(child.id() as i32).unwrap()
}

/// Not a test of its own: what the child processes of the tests below do.
#[test]
fn child_mode() {
    match std::env::var("RSRC_CHILD_MODE").as_deref() {
        Ok("burn") => burn_cpu(300),
        Ok("touch64") => {
            let mut v = vec![0u8; 64 << 20];
            for i in (0..v.len()).step_by(4096) {
                v[i] = 1;
            }
            std::hint::black_box(&v);
        }
        _ => {}
    }
}

#[test]
fn children_reflects_a_reaped_child() {
    in_child("children_reflects_a_reaped_child", || {
        let before = getrusage(Who::Children).unwrap();
        let pid = spawn_self("burn");
        let w = wait4(WaitFor::Pid(pid), WaitOptions::empty())
            .unwrap()
            .unwrap();
        assert_eq!(w.status.exit_status(), Some(0));
        assert!(
            w.usage.utime >= Timeval::from_micros(250_000),
            "{:?}",
            w.usage
        );
        let after = getrusage(Who::Children).unwrap();
        let delta = after.since(&before);
        // No other child ran: the children's total grew by exactly this child's usage.
        assert_eq!(delta.utime, w.usage.utime);
        assert_eq!(delta.stime, w.usage.stime);
        assert_eq!(delta.minflt, w.usage.minflt);
        assert_eq!(after.maxrss, before.maxrss.max(w.usage.maxrss));
    });
}

#[test]
fn maxrss_grows_after_touching_64_mib() {
    // In a fresh, small process: a child's maxrss starts from the RSS its parent had at fork
    // (the kernel keeps the pre-exec peak), and this test binary's other tests touch 64 MiB.
    in_child("maxrss_grows_after_touching_64_mib", || {
        let pid = spawn_self("touch64");
        let big = wait4(WaitFor::Pid(pid), WaitOptions::empty())
            .unwrap()
            .unwrap();
        let pid = spawn_self("none");
        let small = wait4(WaitFor::Pid(pid), WaitOptions::empty())
            .unwrap()
            .unwrap();
        assert!(big.usage.maxrss_bytes() >= 64 << 20, "{:?}", big.usage);
        // The same program without the 64 MiB: at least 60 MiB less.
        assert!(
            big.usage.maxrss >= small.usage.maxrss + (60 << 10),
            "touched {} KiB vs idle {} KiB",
            big.usage.maxrss,
            small.usage.maxrss
        );
        assert_eq!(big.usage.maxrss_bytes(), big.usage.maxrss * 1024);
    });
}

#[test]
fn maxrss_of_this_process_after_touching_64_mib() {
    let mut v = vec![0u8; 64 << 20];
    for i in (0..v.len()).step_by(4096) {
        v[i] = 1;
    }
    std::hint::black_box(&v);
    let u = getrusage(Who::Process).unwrap();
    assert!(u.maxrss_bytes() >= 64 << 20, "{u:?}");
}

#[test]
fn both_follows_the_emulation_rule() {
    in_child("both_follows_the_emulation_rule", || {
        // Make the children's side non-trivial first.
        let pid = spawn_self("burn");
        wait4(WaitFor::Pid(pid), WaitOptions::empty()).unwrap();

        let (p1, c1) = (
            getrusage(Who::Process).unwrap(),
            getrusage(Who::Children).unwrap(),
        );
        let both = getrusage(Who::Both).unwrap();
        let (p2, c2) = (
            getrusage(Who::Process).unwrap(),
            getrusage(Who::Children).unwrap(),
        );
        // No child exits meanwhile: the children's side is constant.
        assert_eq!(c1, c2);
        let lo = p1.both(&c1);
        let hi = p2.both(&c2);
        assert!(lo.utime <= both.utime && both.utime <= hi.utime);
        assert!(lo.stime <= both.stime && both.stime <= hi.stime);
        assert!(lo.minflt <= both.minflt && both.minflt <= hi.minflt);
        assert!(lo.nvcsw <= both.nvcsw && both.nvcsw <= hi.nvcsw);
        assert!(both.utime >= c1.utime + p1.utime);
        assert!(
            both.utime >= Timeval::from_micros(250_000),
            "the child's time is included"
        );
        assert!(both.maxrss == p1.maxrss.max(c1.maxrss) || both.maxrss == p2.maxrss.max(c2.maxrss));
    });
}

#[test]
fn the_kernel_rejects_rusage_both() {
    // Why the emulation exists: RUSAGE_BOTH (-2) is EINVAL on Linux.
    assert_eq!(
        rsrc::getrusage_raw(Who::Both.as_raw()),
        Err(rsrc::Errno::INVAL)
    );
    assert_eq!(rsrc::getrusage_raw(2), Err(rsrc::Errno::INVAL));
    assert_eq!(rsrc::getrusage_raw(-3), Err(rsrc::Errno::INVAL));
    assert!(rsrc::getrusage_raw(0).is_ok());
}

#[test]
fn arithmetic_saturates() {
    let max = Usage {
        utime: Timeval::MAX,
        minflt: u64::MAX,
        maxrss: 7,
        ..Usage::default()
    };
    let one = Usage {
        utime: Timeval::from_micros(1),
        minflt: 1,
        maxrss: 9,
        ..Usage::default()
    };
    let both = max.both(&one);
    assert_eq!(
        (both.utime, both.minflt, both.maxrss),
        (Timeval::MAX, u64::MAX, 9)
    );
    let d = one - max;
    assert_eq!((d.utime, d.minflt, d.maxrss), (Timeval::ZERO, 0, 9));
    assert_eq!(
        Usage {
            maxrss: u64::MAX,
            ..Usage::default()
        }
        .maxrss_bytes(),
        u64::MAX
    );
}

#[test]
fn who_round_trips() {
    for w in [Who::Process, Who::Children, Who::Thread, Who::Both] {
        assert_eq!(Who::from_raw(w.as_raw()), Some(w));
    }
    assert_eq!(Who::from_raw(5), None);
}
