//! Core-only test of rsrc's arch-specific code, for targets where no std can be had
//! (loongarch64-unknown-linux-musl, under qemu-loongarch64); it also runs natively on
//! x86_64-unknown-linux-musl, which shows the checks themselves are right.
//!
//! No std, no libc: `_start` is ours (src/arch/), and so are the syscalls the checks need
//! (src/rt.rs), numbered by linux-raw-sys rather than by rsrc. Prints `ok NAME` or
//! `FAIL NAME: DETAILS` per check, then `N passed, M failed`, and exits 1 if anything failed.
//!
//! Run: `ci/nostd-test/run TARGET`.

#![no_std]
#![no_main]

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "loongarch64", path = "arch/loongarch64.rs")]
mod arch;
#[cfg(target_arch = "x86_64")]
mod mem;
#[macro_use]
mod rt;

use core::ffi::CStr;
use core::fmt::{self, Write};
use core::hint::black_box;
use core::mem::{offset_of, size_of};
use linux_raw_sys::general as g;
use rsrc::abi::{self, Endian};
use rsrc::{Errno, Pid, Resource, Rlimit, Timeval, Usage, WaitFor, WaitOptions, Who};
use rt::Startup;

// errno values (asm-generic/errno-base.h, the same on x86_64 and loongarch64; linux-raw-sys
// has them only behind its "errno" feature).
const ESRCH: i32 = 3;
const ECHILD: i32 = 10;
const EINVAL: i32 = 22;
const EMFILE: i32 = 24;
const EFBIG: i32 = 27;

/// `AT_PAGESZ` of `linux/auxvec.h`.
const AT_PAGESZ: usize = 6;

/// NOFILE limit set by the EMFILE check: fds 0..=9 usable, 10 not.
const NOFILE: u64 = 10;

/// Soft FSIZE limit set by the EFBIG check.
const FSIZE: u64 = 4096;

struct Report {
    passed: u32,
    failed: u32,
}

impl Report {
    fn check(&mut self, name: &str, pass: bool, why: fmt::Arguments<'_>) {
        if pass {
            self.passed += 1;
            println!("ok {name}");
        } else {
            self.failed += 1;
            println!("FAIL {name}: {why}");
        }
    }
}

/// `check!(report, "name", condition, "details on failure", args...)`.
macro_rules! check {
    ($r:expr, $name:expr, $cond:expr, $($why:tt)+) => {
        $r.check($name, $cond, format_args!($($why)+))
    };
}

fn main(start: &Startup) -> i32 {
    let mut r = Report {
        passed: 0,
        failed: 0,
    };
    getrusage_checks(&mut r);
    abi_checks(&mut r);
    prlimit_checks(&mut r, start);
    error_and_wait_checks(&mut r);
    decode_check(&mut r);
    page_size_check(&mut r, start);
    println!("{} passed, {} failed", r.passed, r.failed);
    i32::from(r.failed != 0)
}

// ---------------------------------------------------------------------------------------------
// 1. getrusage

/// Rounds of busy work before giving up waiting for user time to reach 100 ms: each round is
/// 20 000 multiply-adds, so the cap is about 10^9 of them (~0.5 s natively, some seconds
/// under qemu), reached only if user time never advances.
const BUSY_CAP: u32 = 50_000;

fn busy(mut acc: u64) -> u64 {
    for i in 0..20_000u64 {
        acc = black_box(acc.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i));
    }
    acc
}

fn getrusage_checks(r: &mut Report) {
    for (name, who) in [
        ("getrusage.process", Who::Process),
        ("getrusage.thread", Who::Thread),
        ("getrusage.children", Who::Children),
        ("getrusage.both", Who::Both),
    ] {
        let u = rsrc::getrusage(who);
        check!(r, name, u.is_ok(), "{:?}", u.err());
    }

    let name = "getrusage.utime_grows";
    let before = match rsrc::getrusage(Who::Process) {
        Ok(u) => u.utime,
        Err(e) => return check!(r, name, false, "{e:?}"),
    };
    let goal = before.as_micros() + 100_000;
    let mut now = before;
    let mut rounds = 0;
    let mut acc = 1;
    while rounds < BUSY_CAP && now.as_micros() < goal {
        acc = busy(acc);
        rounds += 1;
        match rsrc::getrusage(Who::Process) {
            Ok(u) => now = u.utime,
            Err(e) => return check!(r, name, false, "{e:?} after {rounds} rounds"),
        }
    }
    black_box(acc);
    check!(
        r,
        name,
        now.as_micros() >= goal,
        "utime {before} -> {now} after {rounds} rounds of busy work (cap {BUSY_CAP})"
    );

    // Thread first, so that the process, read after, has run at least as long. What the kernel
    // guarantees is the total: it splits each task's and the group's precise runtime into
    // utime and stime separately (cputime_adjust, scaling by tick samples and never letting
    // either go down from what that task or group reported before), so thread utime alone can
    // exceed process utime (by up to ~1 ms, in about half of the native runs). Each of the four
    // times is truncated to microseconds on its own, hence the 1 us slack on the sums.
    let thread = rsrc::getrusage(Who::Thread).map(|u| (u.utime, u.stime));
    let process = rsrc::getrusage(Who::Process).map(|u| (u.utime, u.stime));
    let total = |(u, s): (Timeval, Timeval)| u.as_micros() + s.as_micros();
    check!(
        r,
        "getrusage.thread_le_process",
        matches!((thread, process), (Ok(t), Ok(p))
            if total(t) <= total(p) + 1 && t.0 > Timeval::new(0, 0)),
        "thread (utime, stime) {thread:?}, process {process:?}"
    );

    for (name, raw) in [("getrusage_raw.-2", -2), ("getrusage_raw.42", 42)] {
        let res = rsrc::getrusage_raw(raw);
        let errno = res.as_ref().err().map(|e| e.raw_os_error());
        check!(r, name, errno == Some(EINVAL), "want EINVAL, got {res:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. the native ABI row against linux-raw-sys

/// `Resource::ALL` order, with linux-raw-sys's number for each.
const RLIMITS: [(Resource, u32, &str); 16] = [
    (Resource::Cpu, g::RLIMIT_CPU, "CPU"),
    (Resource::Fsize, g::RLIMIT_FSIZE, "FSIZE"),
    (Resource::Data, g::RLIMIT_DATA, "DATA"),
    (Resource::Stack, g::RLIMIT_STACK, "STACK"),
    (Resource::Core, g::RLIMIT_CORE, "CORE"),
    (Resource::Rss, g::RLIMIT_RSS, "RSS"),
    (Resource::Nproc, g::RLIMIT_NPROC, "NPROC"),
    (Resource::Nofile, g::RLIMIT_NOFILE, "NOFILE"),
    (Resource::Memlock, g::RLIMIT_MEMLOCK, "MEMLOCK"),
    (Resource::As, g::RLIMIT_AS, "AS"),
    (Resource::Locks, g::RLIMIT_LOCKS, "LOCKS"),
    (Resource::Sigpending, g::RLIMIT_SIGPENDING, "SIGPENDING"),
    (Resource::Msgqueue, g::RLIMIT_MSGQUEUE, "MSGQUEUE"),
    (Resource::Nice, g::RLIMIT_NICE, "NICE"),
    (Resource::Rtprio, g::RLIMIT_RTPRIO, "RTPRIO"),
    (Resource::Rttime, g::RLIMIT_RTTIME, "RTTIME"),
];

fn abi_checks(r: &mut Report) {
    let row = abi::native();
    let s = row.syscalls;
    let want = (
        g::__NR_getrusage,
        Some(g::__NR_wait4),
        g::__NR_waitid,
        g::__NR_prlimit64,
        g::__NR_msync,
    );
    let have = (s.getrusage, s.wait4, s.waitid, s.prlimit64, s.msync);
    check!(
        r,
        "abi.syscalls",
        have == want,
        "row {} (getrusage, wait4, waitid, prlimit64, msync) = {have:?}, linux-raw-sys {want:?}",
        row.name
    );

    let mut bad = rt::Buf::<512>::new();
    for (i, &(res, nr, name)) in RLIMITS.iter().enumerate() {
        if Resource::ALL[i] != res || row.rlimit(res) != nr || res.as_raw() != nr {
            let _ = write!(
                bad,
                " RLIMIT_{name}: ALL[{i}]={:?} rlimit()={} as_raw()={} linux-raw-sys={nr};",
                Resource::ALL[i],
                row.rlimit(res),
                res.as_raw()
            );
        }
    }
    check!(
        r,
        "abi.rlimits",
        bad.len == 0,
        "{}",
        core::str::from_utf8(bad.as_bytes()).unwrap_or("?")
    );

    check!(
        r,
        "abi.rusage_bytes",
        size_of::<g::rusage>() == row.rusage_bytes(),
        "size_of::<linux_raw_sys rusage>() = {}, row.rusage_bytes() = {}",
        size_of::<g::rusage>(),
        row.rusage_bytes()
    );

    let tv = row.timeval_bytes();
    let long = row.long_bytes as usize;
    let have = (
        offset_of!(g::rusage, ru_stime),
        offset_of!(g::rusage, ru_maxrss),
        offset_of!(g::rusage, ru_nivcsw),
        offset_of!(g::__kernel_old_timeval, tv_usec),
    );
    let want = (tv, 2 * tv, 2 * tv + 13 * long, long);
    check!(
        r,
        "abi.rusage_offsets",
        have == want,
        "(ru_stime, ru_maxrss, ru_nivcsw, tv_usec) at {have:?} in linux-raw-sys, {want:?} by the row"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. prlimit, NOFILE -> EMFILE, FSIZE -> EFBIG

fn encode(limit: Rlimit) -> [u64; 2] {
    [
        limit.soft.unwrap_or(u64::MAX),
        limit.hard.unwrap_or(u64::MAX),
    ]
}

fn raw_getrlimit(resource: u32) -> Result<[u64; 2], i32> {
    let mut old = [0u64; 2];
    rt::prlimit64(0, resource, None, Some(&mut old)).map(|()| old)
}

fn prlimit_checks(r: &mut Report, start: &Startup) {
    let me = Pid::from_raw(rt::getpid());
    let mut bad = rt::Buf::<512>::new();
    for &(res, nr, name) in &RLIMITS {
        let raw = raw_getrlimit(nr);
        let get = rsrc::getrlimit(res).map(encode);
        let pr = rsrc::prlimit(None, res, None).map(encode);
        let pr_me = rsrc::prlimit(me, res, None).map(encode);
        let ok = matches!(raw, Ok(v) if get == Ok(v) && pr == Ok(v) && pr_me == Ok(v));
        if !ok {
            let _ = write!(
                bad,
                " {name}: raw {raw:?} getrlimit {get:?} prlimit {pr:?} prlimit(own pid) {pr_me:?};"
            );
        }
    }
    check!(
        r,
        "prlimit.read_all",
        bad.len == 0,
        "{}",
        core::str::from_utf8(bad.as_bytes()).unwrap_or("?")
    );

    let ten = Rlimit::new(Some(NOFILE), Some(NOFILE));
    let set = rsrc::setrlimit(Resource::Nofile, ten);
    let back = rsrc::getrlimit(Resource::Nofile);
    let raw = raw_getrlimit(g::RLIMIT_NOFILE);
    check!(
        r,
        "prlimit.nofile_set",
        set.is_ok() && back == Ok(ten) && raw == Ok([NOFILE, NOFILE]),
        "setrlimit {set:?}, getrlimit {back:?}, raw {raw:?}"
    );
    emfile_check(r);
    efbig_check(r, start);
}

fn emfile_check(r: &mut Report) {
    let mut fds = [-1i32; 16];
    let mut n = 0;
    let err = loop {
        match rt::openat(c"/dev/null", g::O_RDONLY | g::O_CLOEXEC, 0) {
            Ok(fd) if n < fds.len() => {
                fds[n] = fd;
                n += 1;
            }
            Ok(fd) => {
                let _ = rt::close(fd);
                break None;
            }
            Err(e) => break Some(e),
        }
    };
    // EMFILE means the lowest free descriptor was >= the limit: all of 0..=9 are in use (ours
    // or inherited), and every descriptor we got was below 10.
    let mut closed = rt::Buf::<64>::new();
    for fd in 0..NOFILE as i32 {
        if rt::fd_flags(fd).is_err() {
            let _ = write!(closed, " {fd}");
        }
    }
    let opened = &fds[..n];
    check!(
        r,
        "prlimit.nofile_emfile",
        err == Some(EMFILE) && closed.len == 0 && opened.iter().all(|&fd| (0..10).contains(&fd)),
        "openat stopped with errno {err:?} after fds {opened:?}; fds not open in 0..=9:{}",
        core::str::from_utf8(closed.as_bytes()).unwrap_or("?")
    );
    for &fd in opened {
        let _ = rt::close(fd);
    }
}

fn efbig_check(r: &mut Report, start: &Startup) {
    let name = "prlimit.fsize_efbig";
    let old = match rsrc::getrlimit(Resource::Fsize) {
        Ok(l) => l,
        Err(e) => return check!(r, name, false, "getrlimit(FSIZE): {e:?}"),
    };
    let mut path = rt::Buf::<256>::new();
    let dir = start
        .env(b"TMPDIR")
        .filter(|d| !d.is_empty() && d.len() < 200);
    let dir = dir
        .and_then(|d| core::str::from_utf8(d).ok())
        .unwrap_or("/tmp");
    let _ = write!(path, "{dir}/rsrc-nostd-test.{}\0", rt::getpid());
    let Ok(path) = CStr::from_bytes_with_nul(path.as_bytes()) else {
        return check!(r, name, false, "bad temporary path");
    };

    let ign = rt::ignore_signal(g::SIGXFSZ);
    let set = rsrc::setrlimit(Resource::Fsize, Rlimit::new(Some(FSIZE), old.hard));
    let flags = g::O_WRONLY | g::O_CREAT | g::O_TRUNC | g::O_CLOEXEC;
    let (first, second) = match rt::openat(path, flags, 0o600) {
        Ok(fd) => {
            let first = rt::write(fd, &[b'x'; FSIZE as usize]);
            let second = rt::write(fd, b"y");
            let _ = rt::close(fd);
            let _ = rt::unlink(path);
            (first, second)
        }
        Err(e) => (Err(e), Err(e)),
    };
    // Put FSIZE back: stdout may be a regular file already longer than 4096 bytes.
    let restored = rsrc::setrlimit(Resource::Fsize, old);
    check!(
        r,
        name,
        ign.is_ok()
            && set.is_ok()
            && first == Ok(FSIZE as usize)
            && second == Err(EFBIG)
            && restored.is_ok(),
        "ignore SIGXFSZ {ign:?}, setrlimit {set:?}, write 4096 at 0 of {path:?}: {first:?}, \
         1 more: {second:?} (want Err({EFBIG})), restore {restored:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. errors, and wait4 on a forked child

fn error_and_wait_checks(r: &mut Report) {
    let res = rsrc::prlimit(Pid::from_raw(i32::MAX), Resource::Nofile, None);
    check!(
        r,
        "errors.prlimit_esrch",
        res.map_err(Errno::raw_os_error) == Err(ESRCH),
        "prlimit(pid i32::MAX): {res:?}"
    );

    let bad = Rlimit::new(Some(2), Some(1));
    let set = rsrc::setrlimit(Resource::Cpu, bad);
    let pr = rsrc::prlimit(None, Resource::Cpu, Some(bad));
    let raw = rt::prlimit64(0, g::RLIMIT_CPU, Some(&[2, 1]), None);
    check!(
        r,
        "errors.soft_gt_hard",
        set.map_err(Errno::raw_os_error) == Err(EINVAL)
            && pr.map_err(Errno::raw_os_error) == Err(EINVAL)
            && raw == Err(EINVAL),
        "setrlimit {set:?}, prlimit {pr:?}, kernel {raw:?}"
    );

    let res = rsrc::wait4(WaitFor::AnyChild, WaitOptions::empty());
    check!(
        r,
        "errors.wait4_echild",
        res.map_err(Errno::raw_os_error) == Err(ECHILD),
        "wait4(any child) without children: {res:?}"
    );

    let name = "wait4.child_exit_7";
    let child = match rt::fork() {
        Ok(0) => {
            touch_memory();
            rt::exit_group(7)
        }
        Ok(pid) => pid,
        Err(e) => return check!(r, name, false, "fork (clone SIGCHLD): errno {e}"),
    };
    let Some(pid) = Pid::from_raw(child) else {
        return check!(r, name, false, "fork returned pid {child}");
    };
    let res = rsrc::wait4(WaitFor::Pid(pid), WaitOptions::empty());
    check!(
        r,
        name,
        matches!(res, Ok(Some(w)) if w.pid == pid
            && w.status.exit_status() == Some(7)
            && w.usage.maxrss > 0),
        "child {child}: {res:?}"
    );
}

/// Memory the child writes to before it exits.
static mut CHILD_MEMORY: [u8; 2 << 20] = [0; 2 << 20];

/// Makes the forked child's resident set big enough to be seen. Without it the child of this
/// small static binary has a handful of resident pages, and since Linux 6.2 keeps RSS in
/// per-CPU counters read without folding in the per-CPU parts (below a batch of at least 32
/// pages), its `ru_maxrss` is reported as 0 (seen on 6.18 natively).
fn touch_memory() {
    let base = core::ptr::addr_of_mut!(CHILD_MEMORY) as *mut u8;
    let mut i = 0;
    while i < 2 << 20 {
        // SAFETY: in bounds of a static only the single-threaded child touches.
        unsafe { core::ptr::write_volatile(base.add(i), 1) };
        i += 1024;
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Usage::decode of the kernel's own bytes

fn decode_check(r: &mut Report) {
    let name = "decode.children";
    // SAFETY: struct rusage is integers only; all-zero is valid.
    let mut raw: g::rusage = unsafe { core::mem::zeroed() };
    if let Err(e) = rt::getrusage(g::RUSAGE_CHILDREN, &mut raw) {
        return check!(r, name, false, "raw getrusage(RUSAGE_CHILDREN): errno {e}");
    }
    // SAFETY: a live, initialised struct of integers, viewed as its bytes.
    let bytes = unsafe {
        core::slice::from_raw_parts(
            &raw as *const g::rusage as *const u8,
            size_of::<g::rusage>(),
        )
    };
    let decoded = Usage::decode(bytes, abi::native(), Endian::NATIVE);
    let lib = rsrc::getrusage(Who::Children);
    check!(
        r,
        name,
        matches!((decoded, lib), (Ok(d), Ok(l)) if d == l
            && d.maxrss == raw.ru_maxrss as u64
            && d.nivcsw == raw.ru_nivcsw as u64
            && d.maxrss > 0),
        "decoded {decoded:?}, getrusage {lib:?}, raw maxrss {} nivcsw {}",
        raw.ru_maxrss,
        raw.ru_nivcsw
    );
}

// ---------------------------------------------------------------------------------------------
// 6. page size against the auxiliary vector

fn page_size_check(r: &mut Report, start: &Startup) {
    let aux = start.aux(AT_PAGESZ);
    let probe = rsrc::try_page_size();
    let size = rsrc::page_size();
    // rsrc probes with msync, whose alignment check qemu-user leaves to the host kernel: under
    // qemu with a guest page larger than the host's 4 KiB (loongarch64: 16 KiB) the probe
    // finds the host's page. That is the documented limit (README); on a real kernel the
    // probe and AT_PAGESZ agree.
    let want = match aux {
        Some(a) if a > 4096 && start.env(b"RSRC_UNDER_QEMU").is_some() => Some(4096),
        other => other,
    };
    check!(
        r,
        "page_size",
        matches!(want, Some(w) if size == w && probe == Ok(w)),
        "AT_PAGESZ {aux:?}, expected {want:?}, page_size() {size}, try_page_size() {probe:?}"
    );
}
