//! Wall-clock cost per call of rsrc, glibc (`libc`), `nix`, `rustix` and a bare inline-asm
//! syscall, side by side in one run. `ci/bench` runs this and prints the medians and each one's
//! ratio to the bare syscall of its group (quote ratios from one run, not times across runs).
//!
//! Groups: `getrusage` (floor: `bare`, `bare_thread` for `rsrc_thread`), `getrlimit` (floor: `bare_prlimit64`), `prlimit_pid`
//! (another process, a `sleep` child; floor: `bare`), `pure` (no syscall: decoding and the
//! `Timeval` conversions; `ci/bench` compares them with the bare `getrusage`).

mod common;

use common::{bare_getrusage, bare_prlimit64, RUSAGE_SELF, RUSAGE_THREAD};
use core::hint::black_box;
use criterion::{criterion_group, criterion_main, Criterion};
use rsrc::abi::{self, Endian};
use rsrc::{Pid, Resource, Timeval, Usage, Who};
use std::time::Duration;

fn getrusage(c: &mut Criterion) {
    let mut g = c.benchmark_group("getrusage");
    g.bench_function("bare", |b| b.iter(|| bare_getrusage(RUSAGE_SELF)));
    // RUSAGE_THREAD is cheaper in the kernel (no walk over the threads): its own floor.
    g.bench_function("bare_thread", |b| b.iter(|| bare_getrusage(RUSAGE_THREAD)));
    g.bench_function("rsrc_process", |b| {
        b.iter(|| rsrc::getrusage(Who::Process).map(|u| u.minflt))
    });
    g.bench_function("rsrc_thread", |b| {
        b.iter(|| rsrc::getrusage(Who::Thread).map(|u| u.minflt))
    });
    g.bench_function("libc", |b| {
        b.iter(|| {
            let mut ru = core::mem::MaybeUninit::<libc::rusage>::uninit();
            // SAFETY: getrusage fills `ru` when it returns 0.
            unsafe {
                (libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) == 0)
                    .then(|| ru.assume_init_ref().ru_minflt)
            }
        })
    });
    g.bench_function("nix", |b| {
        b.iter(|| {
            nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_SELF)
                .map(|u| u.minor_page_faults())
        })
    });
    g.finish();
}

fn getrlimit(c: &mut Criterion) {
    let nofile = Resource::Nofile.as_raw();
    let mut g = c.benchmark_group("getrlimit");
    g.bench_function("bare_prlimit64", |b| b.iter(|| bare_prlimit64(0, nofile)));
    g.bench_function("rsrc", |b| {
        b.iter(|| rsrc::getrlimit(Resource::Nofile).map(|l| l.soft))
    });
    g.bench_function("libc", |b| {
        b.iter(|| {
            let mut rl = core::mem::MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: getrlimit fills `rl` when it returns 0.
            unsafe {
                (libc::getrlimit(libc::RLIMIT_NOFILE, rl.as_mut_ptr()) == 0)
                    .then(|| rl.assume_init_ref().rlim_cur)
            }
        })
    });
    g.bench_function("nix", |b| {
        b.iter(|| {
            nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
                .map(|(soft, _)| soft)
        })
    });
    g.bench_function("rustix", |b| {
        b.iter(|| rustix::process::getrlimit(rustix::process::Resource::Nofile).current)
    });
    g.finish();
}

fn prlimit_pid(c: &mut Criterion) {
    // Another process to read: a `sleep` child, killed at the end.
    let mut child = std::process::Command::new("sleep")
        .arg("600")
        .spawn()
        .expect("spawn sleep");
    let raw = child.id() as i32;
    let pid = Pid::from_raw(raw);
    let nofile = Resource::Nofile.as_raw();
    let mut g = c.benchmark_group("prlimit_pid");
    g.bench_function("bare", |b| {
        b.iter(|| bare_prlimit64(black_box(raw), nofile))
    });
    g.bench_function("rsrc", |b| {
        b.iter(|| rsrc::prlimit(black_box(pid), Resource::Nofile, None).map(|l| l.soft))
    });
    g.bench_function("libc", |b| {
        b.iter(|| {
            let mut rl = core::mem::MaybeUninit::<libc::rlimit>::uninit();
            // SAFETY: prlimit fills `rl` when it returns 0; the new limit is NULL.
            unsafe {
                (libc::prlimit(
                    black_box(raw),
                    libc::RLIMIT_NOFILE,
                    core::ptr::null(),
                    rl.as_mut_ptr(),
                ) == 0)
                    .then(|| rl.assume_init_ref().rlim_cur)
            }
        })
    });
    g.finish();
    let _ = child.kill();
    let _ = child.wait();
}

fn pure(c: &mut Criterion) {
    let native = common::native_image();
    let i386_image = common::i386_image();
    let i386 = abi::find("i386").expect("i386 is in the table");
    let t = Timeval::from_micros(common::SAMPLE_MICROS);
    let mut g = c.benchmark_group("pure");
    g.bench_function("usage_decode_native", |b| {
        b.iter(|| {
            Usage::decode(black_box(&native), abi::native(), Endian::NATIVE).map(|u| u.minflt)
        })
    });
    g.bench_function("usage_decode_i386", |b| {
        b.iter(|| Usage::decode(black_box(&i386_image), i386, Endian::Little).map(|u| u.minflt))
    });
    g.bench_function("timeval_from_micros", |b| {
        b.iter(|| Timeval::from_micros(black_box(common::SAMPLE_MICROS)))
    });
    g.bench_function("timeval_as_micros", |b| b.iter(|| black_box(t).as_micros()));
    g.bench_function("timeval_as_duration", |b| {
        b.iter(|| black_box(t).as_duration())
    });
    g.bench_function("timeval_as_secs_f64", |b| {
        b.iter(|| black_box(t).as_secs_f64())
    });
    g.bench_function("timeval_display", |b| {
        let mut s = String::with_capacity(32);
        b.iter(|| {
            use core::fmt::Write as _;
            s.clear();
            let _ = write!(s, "{}", black_box(t));
            s.len()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // Short by default: four groups of a few functions finish in about a minute. Command-line
    // flags (e.g. `--measurement-time 5`) override these.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .nresamples(20_000);
    targets = getrusage, getrlimit, prlimit_pid, pure
}
criterion_main!(benches);
