//! Async-signal safety under load: eight threads allocate and take a lock in a loop while the
//! main thread forks a few hundred times; each child sets and reads limits and usage with
//! rsrc (nothing else but `_exit` or `execv`) and reports through its exit status whether
//! what it read back is what it set. A child that deadlocked (on a lock or the allocator held
//! by a thread that does not exist after fork) would hang: a watchdog fails the run after a
//! bounded time instead of hanging CI.

mod common;

use common::in_child;
use rsrc::{getrlimit, getrusage, setrlimit, wait4, Pid, Resource, Rlimit, WaitFor, Who};
use std::ffi::CString;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ITERATIONS: usize = 300;
/// Eight, natively. Under qemu-user (ci/cross) none: qemu's own fork is not safe while other
/// guest threads run (seen here: a forked qemu child blocked for good on a futex of qemu's,
/// before running any rsrc code), so the load part is proven on x86_64 and i686 only, and the
/// emulated targets check the fork-and-set part alone.
fn threads() -> usize {
    if common::under_qemu() {
        0
    } else {
        8
    }
}
const WATCHDOG_EXIT: i32 = 99;

/// Exit statuses of a child: what it observed.
const OK: i32 = 0;
const SET_FAILED: i32 = 2;
const READ_BACK_DIFFERS: i32 = 3;
const GET_FAILED: i32 = 4;
const USAGE_WRONG: i32 = 5;
const EXEC_FAILED: i32 = 6;

fn meaning(code: Option<i32>) -> &'static str {
    match code {
        Some(OK) => "ok",
        Some(1) => "the exec'd shell saw another soft NOFILE limit",
        Some(SET_FAILED) => "setrlimit failed",
        Some(READ_BACK_DIFFERS) => "getrlimit returned something else than was set",
        Some(GET_FAILED) => "getrlimit failed",
        Some(USAGE_WRONG) => "getrusage failed or returned nonsense",
        Some(EXEC_FAILED) => "execv failed",
        _ => "killed",
    }
}

/// The child's work between fork and `_exit`/exec: only rsrc and raw calls.
fn child(new: Rlimit, core: Rlimit, exec: Option<&[*const libc::c_char; 5]>, hang: bool) -> i32 {
    if hang {
        loop {
            // SAFETY: pause is async-signal-safe.
            unsafe { libc::pause() };
        }
    }
    if setrlimit(Resource::Nofile, new).is_err() || setrlimit(Resource::Core, core).is_err() {
        return SET_FAILED;
    }
    match (getrlimit(Resource::Nofile), getrlimit(Resource::Core)) {
        (Ok(n), Ok(c)) if n == new && c == core => {}
        (Ok(_), Ok(_)) => return READ_BACK_DIFFERS,
        _ => return GET_FAILED,
    }
    for who in [Who::Process, Who::Thread, Who::Both] {
        match getrusage(who) {
            Ok(u) if u.maxrss > 0 && u.utime.subsec_micros() < 1_000_000 => {}
            _ => return USAGE_WRONG,
        }
    }
    if let Some(argv) = exec {
        // SAFETY: argv is a NULL-terminated array of C strings built before fork.
        unsafe { libc::execv(argv[0], argv.as_ptr()) };
        return EXEC_FAILED;
    }
    OK
}

/// Forks `iterations` times under load; `hang_at` makes that child hang (the watchdog's
/// self-test); returns the number of children checked.
fn stress(iterations: usize, budget: Duration, hang_at: Option<usize>) -> usize {
    let stop = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Mutex::new(Vec::<Vec<u8>>::new()));
    let mut workers = Vec::new();
    for t in 0..threads() {
        let (stop, shared) = (stop.clone(), shared.clone());
        workers.push(std::thread::spawn(move || {
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let v = vec![t as u8; 1 + (i * 37 + t) % 8192];
                let s = format!("{t}:{i}");
                let mut g = shared.lock().unwrap();
                g.push(v);
                if g.len() > 64 {
                    g.clear();
                }
                drop(g);
                black_box(s);
            }
        }));
    }

    // The watchdog: kills the current child and fails the whole process when time is up.
    let current = Arc::new(AtomicI32::new(0));
    let iteration = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    {
        let (current, iteration, done) = (current.clone(), iteration.clone(), done.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
                if start.elapsed() > budget {
                    let pid = current.load(Ordering::SeqCst);
                    eprintln!(
                        "watchdog: no progress after {budget:?}, at iteration {} (child {pid})",
                        iteration.load(Ordering::SeqCst)
                    );
                    if pid > 0 {
                        // SAFETY: plain syscalls.
                        unsafe { libc::kill(pid, libc::SIGKILL) };
                    }
                    // SAFETY: ends the process without running anything else.
                    unsafe { libc::_exit(WATCHDOG_EXIT) };
                }
            }
        });
    }

    let old = getrlimit(Resource::Nofile).unwrap();
    let top = old.hard.map_or(1024, |h| h.min(1024));
    assert!(top > 256, "hard NOFILE limit too low for this test: {old}");
    let sh = CString::new("/bin/sh").unwrap();
    let dash_c = CString::new("-c").unwrap();
    let script = CString::new(r#"test "$(ulimit -Sn)" = "$0""#).unwrap();
    let mut checked = 0;
    for i in 0..iterations {
        iteration.store(i, Ordering::SeqCst);
        let want = top - (i as u64 % 200);
        let new = Rlimit::new(Some(want), old.hard);
        let core = Rlimit::new(Some(i as u64 % 2), Some(i as u64 % 2));
        // Every third child execs a shell that checks the limit it inherited; one of them is
        // told a wrong value, and must say so (exit 1): the check can fail.
        let lie = i % 97 == 48;
        let told = CString::new((want + lie as u64).to_string()).unwrap();
        let argv = [
            sh.as_ptr(),
            dash_c.as_ptr(),
            script.as_ptr(),
            told.as_ptr(),
            std::ptr::null(),
        ];
        let exec = (i % 3 == 0 || lie).then_some(&argv);
        let hang = hang_at == Some(i);
        // SAFETY: the child only calls `child` (rsrc and raw syscalls) and `_exit`.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
        if pid == 0 {
            let code = child(new, core, exec, hang);
            // SAFETY: ends the child without running the parent's atexit handlers.
            unsafe { libc::_exit(code) };
        }
        current.store(pid, Ordering::SeqCst);
        let w = wait4(
            WaitFor::Pid(Pid::from_raw(pid).unwrap()),
            Default::default(),
        )
        .unwrap()
        .unwrap();
        let expected = if lie { 1 } else { OK };
        assert_eq!(
            w.status.exit_status(),
            Some(expected),
            "iteration {i} (exec: {}): {} ({})",
            exec.is_some(),
            meaning(w.status.exit_status()),
            w.status
        );
        assert!(w.usage.maxrss > 0, "iteration {i}: {:?}", w.usage);
        checked += 1;
    }
    done.store(true, Ordering::SeqCst);
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    checked
}

#[test]
fn fork_while_threads_allocate_and_lock() {
    in_child("fork_while_threads_allocate_and_lock", || {
        let start = Instant::now();
        let n = stress(ITERATIONS, Duration::from_secs(120), None);
        assert_eq!(n, ITERATIONS);
        println!("{n} forks under load in {:?}", start.elapsed());
    });
}

/// The watchdog works: a child that hangs makes the run fail (exit 99) in bounded time,
/// rather than hanging the test suite.
#[test]
fn watchdog_fails_a_hung_run() {
    const NAME: &str = "watchdog_fails_a_hung_run";
    if std::env::var("RSRC_TEST_CHILD").as_deref() == Ok(NAME) {
        stress(10, Duration::from_secs(2), Some(5));
        unreachable!("the watchdog should have ended this process");
    }
    let start = Instant::now();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", NAME, "--nocapture", "--test-threads=1"])
        .env("RSRC_TEST_CHILD", NAME)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(WATCHDOG_EXIT), "{stderr}");
    assert!(stderr.contains("at iteration 5"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(30));
}
