//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::process::Command;

/// Runs `body` in a fresh process of this test binary, so that it may change process-wide
/// state (limits, children, credentials) without disturbing tests running in parallel.
///
/// The child prints a marker after `body` returns; the parent requires it, so a filter that
/// matched no test (and so "passed") cannot be mistaken for success.
pub fn in_child(name: &str, body: fn()) {
    if std::env::var("RSRC_TEST_CHILD").as_deref() == Ok(name) {
        body();
        println!("RSRC_CHILD_OK {name}");
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env("RSRC_TEST_CHILD", name)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(&format!("RSRC_CHILD_OK {name}")),
        "child run of {name} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// True when the tests run under qemu-user (ci/cross sets this), which emulates some limits.
pub fn under_qemu() -> bool {
    std::env::var_os("RSRC_UNDER_QEMU").is_some()
}

/// False where the kernel's CPU times cannot be seen: qemu-user 7.2 writes zero sub-second
/// times into a sparc64 `struct rusage` (a C program calling getrusage through glibc sees the
/// same zeros), so a short child's CPU time reads as 0 there.
pub fn cpu_times_reported() -> bool {
    !(under_qemu() && cfg!(target_arch = "sparc64"))
}

/// Burns about `ms` milliseconds of user CPU time in this thread.
pub fn burn_cpu(ms: u64) {
    let start = rsrc::getrusage(rsrc::Who::Thread).unwrap().utime;
    let mut x = 0u64;
    loop {
        for i in 0..100_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        let now = rsrc::getrusage(rsrc::Who::Thread).unwrap().utime;
        if (now - start).as_micros() >= ms * 1000 {
            break;
        }
    }
}

/// Reads `Max <name>` soft and hard from /proc/<pid>/limits (the kernel's own text, an
/// independent view of the same limits). `None` is unlimited.
pub fn proc_limits(pid: u32, row: &str) -> (Option<u64>, Option<u64>) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(row))
        .unwrap_or_else(|| panic!("no {row:?} in /proc/{pid}/limits:\n{text}"));
    let rest = &line[row.len()..];
    let mut it = rest.split_whitespace();
    let p = |s: &str| {
        if s == "unlimited" {
            None
        } else {
            Some(s.parse().unwrap())
        }
    };
    (p(it.next().unwrap()), p(it.next().unwrap()))
}

/// The /proc/<pid>/limits row label of a resource.
pub fn proc_row(r: rsrc::Resource) -> &'static str {
    use rsrc::Resource::*;
    match r {
        Cpu => "Max cpu time",
        Fsize => "Max file size",
        Data => "Max data size",
        Stack => "Max stack size",
        Core => "Max core file size",
        Rss => "Max resident set",
        Nproc => "Max processes",
        Nofile => "Max open files",
        Memlock => "Max locked memory",
        As => "Max address space",
        Locks => "Max file locks",
        Sigpending => "Max pending signals",
        Msgqueue => "Max msgqueue size",
        Nice => "Max nice priority",
        Rtprio => "Max realtime priority",
        Rttime => "Max realtime timeout",
    }
}

/// Signal numbers of this target, written out because the libc crate 0.2.191 gives mips64 the
/// generic numbers (its glibc module lists `mips` twice where it means `mips64`).
pub mod sig {
    #[cfg(any(target_arch = "mips", target_arch = "mips64"))]
    mod arch {
        pub const STOP: i32 = 23;
        pub const CONT: i32 = 25;
        pub const XCPU: i32 = 30;
        pub const XFSZ: i32 = 31;
    }
    #[cfg(any(target_arch = "sparc", target_arch = "sparc64"))]
    mod arch {
        pub const STOP: i32 = 17;
        pub const CONT: i32 = 19;
        pub const XCPU: i32 = 24;
        pub const XFSZ: i32 = 25;
    }
    #[cfg(not(any(
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    )))]
    mod arch {
        pub const STOP: i32 = 19;
        pub const CONT: i32 = 18;
        pub const XCPU: i32 = 24;
        pub const XFSZ: i32 = 25;
    }
    #[allow(unused_imports)] // each test file uses some of them
    pub use arch::*;
}
