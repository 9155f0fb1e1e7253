//! The driver of `ci/bench-instructions`: runs one operation N times, so that callgrind's
//! instruction count of `instructions OP 2N` minus that of `instructions OP N`, divided by N,
//! is the user-space cost of one call with process start-up and exit cancelled out.
//!
//! ```text
//! instructions list            the operations, one per line
//! instructions OP N [PID]      run OP N times (PID: the other process of the *_pid operations)
//! instructions                 (or --bench, as `cargo bench`/`cargo test` run it) a smoke test:
//!                              every operation a few times, results cross-checked
//! ```
//!
//! Every loop reads one field of each result (through `black_box`, so nothing is optimised
//! away), as the issue's reference numbers do. Typed APIs check for errors; bare syscalls do not.

mod common;

use common::{bare_getrusage, bare_prlimit64, RUSAGE_SELF, RUSAGE_THREAD};
use core::fmt::Write as _;
use core::hint::black_box;
use rsrc::abi::{self, Endian};
use rsrc::{Pid, Resource, Timeval, Usage, Who};
use std::process::ExitCode;

type Op = fn(u64, i32);

/// Every operation: name and loop. `ci/bench-instructions` prints them in this order.
const OPS: &[(&str, Op)] = &[
    ("bare_getrusage", bare_getrusage_loop),
    ("rsrc_getrusage_process", rsrc_getrusage_process),
    ("rsrc_getrusage_thread", rsrc_getrusage_thread),
    ("rsrc_getrusage_children", rsrc_getrusage_children),
    ("rsrc_getrusage_both", rsrc_getrusage_both),
    ("libc_getrusage", libc_getrusage),
    ("nix_getrusage", nix_getrusage),
    ("bare_prlimit64", bare_prlimit64_loop),
    ("rsrc_getrlimit_nofile", rsrc_getrlimit_nofile),
    ("libc_getrlimit", libc_getrlimit),
    ("nix_getrlimit", nix_getrlimit),
    ("rustix_getrlimit", rustix_getrlimit),
    ("rsrc_setrlimit_nofile", rsrc_setrlimit_nofile),
    ("libc_setrlimit", libc_setrlimit),
    ("bare_prlimit64_pid", bare_prlimit64_pid),
    ("rsrc_prlimit_pid", rsrc_prlimit_pid),
    ("libc_prlimit_pid", libc_prlimit_pid),
    ("rsrc_wait4_nohang", rsrc_wait4_nohang),
    ("libc_wait4_nohang", libc_wait4_nohang),
    ("rsrc_usage_decode_native", rsrc_usage_decode_native),
    ("rsrc_usage_decode_i386", rsrc_usage_decode_i386),
    ("rsrc_timeval_from_micros", rsrc_timeval_from_micros),
    ("rsrc_timeval_as_micros", rsrc_timeval_as_micros),
    ("rsrc_timeval_as_duration", rsrc_timeval_as_duration),
    ("rsrc_timeval_as_secs_f64", rsrc_timeval_as_secs_f64),
    ("rsrc_timeval_display", rsrc_timeval_display),
];

#[inline(never)]
fn bare_getrusage_loop(n: u64, _: i32) {
    for _ in 0..n {
        black_box(bare_getrusage(RUSAGE_SELF));
    }
}

#[inline(never)]
fn rsrc_getrusage_process(n: u64, _: i32) {
    for _ in 0..n {
        if let Ok(u) = rsrc::getrusage(Who::Process) {
            black_box(u.minflt);
        }
    }
}

#[inline(never)]
fn rsrc_getrusage_thread(n: u64, _: i32) {
    for _ in 0..n {
        if let Ok(u) = rsrc::getrusage(Who::Thread) {
            black_box(u.minflt);
        }
    }
}

#[inline(never)]
fn rsrc_getrusage_children(n: u64, _: i32) {
    for _ in 0..n {
        if let Ok(u) = rsrc::getrusage(Who::Children) {
            black_box(u.minflt);
        }
    }
}

/// Two syscalls (process, children) and the merge of `Usage::both`.
#[inline(never)]
fn rsrc_getrusage_both(n: u64, _: i32) {
    for _ in 0..n {
        if let Ok(u) = rsrc::getrusage(Who::Both) {
            black_box(u.minflt);
        }
    }
}

#[inline(never)]
fn libc_getrusage(n: u64, _: i32) {
    for _ in 0..n {
        let mut ru = core::mem::MaybeUninit::<libc::rusage>::uninit();
        // SAFETY: getrusage fills `ru` when it returns 0.
        unsafe {
            if libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) == 0 {
                black_box(ru.assume_init_ref().ru_minflt);
            }
        }
    }
}

#[inline(never)]
fn nix_getrusage(n: u64, _: i32) {
    use nix::sys::resource::{getrusage, UsageWho};
    for _ in 0..n {
        if let Ok(u) = getrusage(UsageWho::RUSAGE_SELF) {
            black_box(u.minor_page_faults());
        }
    }
}

#[inline(never)]
fn bare_prlimit64_loop(n: u64, _: i32) {
    let nofile = Resource::Nofile.as_raw();
    for _ in 0..n {
        black_box(bare_prlimit64(0, nofile));
    }
}

#[inline(never)]
fn rsrc_getrlimit_nofile(n: u64, _: i32) {
    for _ in 0..n {
        if let Ok(l) = rsrc::getrlimit(Resource::Nofile) {
            black_box(l.soft);
        }
    }
}

#[inline(never)]
fn libc_getrlimit(n: u64, _: i32) {
    for _ in 0..n {
        let mut rl = core::mem::MaybeUninit::<libc::rlimit>::uninit();
        // SAFETY: getrlimit fills `rl` when it returns 0.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, rl.as_mut_ptr()) == 0 {
                black_box(rl.assume_init_ref().rlim_cur);
            }
        }
    }
}

#[inline(never)]
fn nix_getrlimit(n: u64, _: i32) {
    use nix::sys::resource::{getrlimit, Resource as R};
    for _ in 0..n {
        if let Ok((soft, _)) = getrlimit(R::RLIMIT_NOFILE) {
            black_box(soft);
        }
    }
}

#[inline(never)]
fn rustix_getrlimit(n: u64, _: i32) {
    for _ in 0..n {
        // Infallible in rustix's API.
        black_box(rustix::process::getrlimit(rustix::process::Resource::Nofile).current);
    }
}

/// Sets the soft NOFILE limit to what it is (read once, before the loop).
#[inline(never)]
fn rsrc_setrlimit_nofile(n: u64, _: i32) {
    let Ok(now) = rsrc::getrlimit(Resource::Nofile) else {
        return;
    };
    for _ in 0..n {
        black_box(rsrc::setrlimit(Resource::Nofile, *black_box(&now)).is_ok());
    }
}

#[inline(never)]
fn libc_setrlimit(n: u64, _: i32) {
    let mut now = core::mem::MaybeUninit::<libc::rlimit>::uninit();
    // SAFETY: getrlimit fills `now` when it returns 0; setrlimit reads a live rlimit.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, now.as_mut_ptr()) != 0 {
            return;
        }
        for _ in 0..n {
            black_box(libc::setrlimit(libc::RLIMIT_NOFILE, black_box(now.as_ptr())) == 0);
        }
    }
}

#[inline(never)]
fn bare_prlimit64_pid(n: u64, pid: i32) {
    let nofile = Resource::Nofile.as_raw();
    for _ in 0..n {
        black_box(bare_prlimit64(pid, nofile));
    }
}

#[inline(never)]
fn rsrc_prlimit_pid(n: u64, pid: i32) {
    let pid = Pid::from_raw(pid);
    for _ in 0..n {
        if let Ok(l) = rsrc::prlimit(pid, Resource::Nofile, None) {
            black_box(l.soft);
        }
    }
}

#[inline(never)]
fn libc_prlimit_pid(n: u64, pid: i32) {
    for _ in 0..n {
        let mut rl = core::mem::MaybeUninit::<libc::rlimit>::uninit();
        // SAFETY: prlimit fills `rl` when it returns 0; the new limit is NULL (read only).
        unsafe {
            if libc::prlimit(pid, libc::RLIMIT_NOFILE, core::ptr::null(), rl.as_mut_ptr()) == 0 {
                black_box(rl.assume_init_ref().rlim_cur);
            }
        }
    }
}

/// A `sleep` child of this process, killed and reaped on drop.
struct Child(std::process::Child);

impl Child {
    fn spawn() -> Child {
        Child(
            std::process::Command::new("sleep")
                .arg("600")
                .spawn()
                .expect("spawn sleep"),
        )
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `wait4(child, WNOHANG)` on a child that is still running: `Ok(None)`, no usage to copy.
#[inline(never)]
fn rsrc_wait4_nohang(n: u64, _: i32) {
    let child = Child::spawn();
    let which = rsrc::WaitFor::Pid(Pid::from_raw(child.0.id() as i32).expect("a pid"));
    for _ in 0..n {
        if let Ok(w) = rsrc::wait4(which, rsrc::WaitOptions::NOHANG) {
            black_box(w.is_some());
        }
    }
}

#[inline(never)]
fn libc_wait4_nohang(n: u64, _: i32) {
    let child = Child::spawn();
    let pid = child.0.id() as i32;
    for _ in 0..n {
        let mut status = 0;
        let mut ru = core::mem::MaybeUninit::<libc::rusage>::uninit();
        // SAFETY: live out-pointers; `ru` is read only when a pid was returned.
        unsafe {
            let got = libc::wait4(pid, &mut status, libc::WNOHANG, ru.as_mut_ptr());
            if got >= 0 {
                black_box(got > 0 && ru.assume_init_ref().ru_minflt > 0);
            }
        }
    }
}

#[inline(never)]
fn rsrc_usage_decode_native(n: u64, _: i32) {
    let image = common::native_image();
    let native = abi::native();
    for _ in 0..n {
        if let Ok(u) = Usage::decode(black_box(&image), native, Endian::NATIVE) {
            black_box(u.minflt);
        }
    }
}

#[inline(never)]
fn rsrc_usage_decode_i386(n: u64, _: i32) {
    let image = common::i386_image();
    let i386 = abi::find("i386").expect("i386 is in the table");
    for _ in 0..n {
        if let Ok(u) = Usage::decode(black_box(&image), i386, Endian::Little) {
            black_box(u.minflt);
        }
    }
}

#[inline(never)]
fn rsrc_timeval_from_micros(n: u64, _: i32) {
    for _ in 0..n {
        black_box(Timeval::from_micros(black_box(common::SAMPLE_MICROS)));
    }
}

#[inline(never)]
fn rsrc_timeval_as_micros(n: u64, _: i32) {
    let t = Timeval::from_micros(common::SAMPLE_MICROS);
    for _ in 0..n {
        black_box(black_box(t).as_micros());
    }
}

#[inline(never)]
fn rsrc_timeval_as_duration(n: u64, _: i32) {
    let t = Timeval::from_micros(common::SAMPLE_MICROS);
    for _ in 0..n {
        black_box(black_box(t).as_duration());
    }
}

#[inline(never)]
fn rsrc_timeval_as_secs_f64(n: u64, _: i32) {
    let t = Timeval::from_micros(common::SAMPLE_MICROS);
    for _ in 0..n {
        black_box(black_box(t).as_secs_f64());
    }
}

/// A fixed stack buffer to format into (no allocation in the loop).
struct Buf {
    bytes: [u8; 64],
    len: usize,
}

impl core::fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let dst = self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[inline(never)]
fn rsrc_timeval_display(n: u64, _: i32) {
    let t = Timeval::from_micros(common::SAMPLE_MICROS);
    for _ in 0..n {
        let mut buf = Buf {
            bytes: [0; 64],
            len: 0,
        };
        let _ = write!(buf, "{}", black_box(t));
        black_box(buf.len);
    }
}

/// Runs every operation a few times and checks that the different APIs agree.
fn smoke() -> Result<(), String> {
    let me = std::process::id() as i32;
    for (_, op) in OPS {
        op(3, me);
    }
    let nofile = rsrc::getrlimit(Resource::Nofile).map_err(|e| e.to_string())?;
    let bare = bare_prlimit64(0, Resource::Nofile.as_raw());
    let bare_pid = bare_prlimit64(me, Resource::Nofile.as_raw());
    if nofile.soft != Some(bare) || bare != bare_pid {
        return Err(format!(
            "NOFILE: rsrc {nofile:?}, bare {bare}, bare by pid {bare_pid}"
        ));
    }
    if bare_getrusage(RUSAGE_THREAD) == 0 && bare_getrusage(RUSAGE_SELF) == 0 {
        return Err("bare getrusage read no minor faults".into());
    }
    let decoded = Usage::decode(&common::native_image(), abi::native(), Endian::NATIVE)
        .map_err(|e| e.to_string())?;
    let i386 = Usage::decode(
        &common::i386_image(),
        abi::find("i386").ok_or("no i386")?,
        Endian::Little,
    )
    .map_err(|e| e.to_string())?;
    if decoded != i386 || decoded.minflt != 1000 || decoded.utime != Timeval::new(12, 345) {
        return Err(format!("decode: native {decoded:?}, i386 {i386:?}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["list"] => {
            for (name, _) in OPS {
                println!("{name}");
            }
            ExitCode::SUCCESS
        }
        [op, n, rest @ ..] if rest.len() <= 1 => {
            let Some((_, f)) = OPS.iter().find(|(name, _)| name == op) else {
                eprintln!("instructions: unknown operation {op} (see `instructions list`)");
                return ExitCode::from(2);
            };
            let Ok(n) = n.parse::<u64>() else {
                eprintln!("instructions: N must be a number, not {n}");
                return ExitCode::from(2);
            };
            let pid = match rest.first().map(|p| p.parse::<i32>()) {
                None => std::process::id() as i32,
                Some(Ok(p)) => p,
                Some(Err(_)) => {
                    eprintln!("instructions: PID must be a number");
                    return ExitCode::from(2);
                }
            };
            f(black_box(n), black_box(pid));
            ExitCode::SUCCESS
        }
        // No arguments, or what `cargo bench` / `cargo test` pass to a harness-less target.
        _ if words.iter().all(|w| w.starts_with("--")) => match smoke() {
            Ok(()) => {
                println!(
                    "instructions: smoke test of {} operations passed",
                    OPS.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("instructions: smoke test failed: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: instructions list | instructions OP N [PID]");
            ExitCode::from(2)
        }
    }
}
