//! No allocation: a counting global allocator, and every public function of rsrc called while
//! it counts; the count must stay zero. Counting is per thread (rsrc starts no threads), so
//! the test harness's own threads do not disturb it, and each case runs in a fresh process of
//! this binary, so one-time initialisation (the page size) happens inside the count.

mod common;
mod seccomp_bpf;

use core::fmt::Write;
use core::time::Duration;
use rsrc::abi::{self, DecodeError, Endian};
use rsrc::{
    Errno, Pid, Resource, Rlimit, RlimitSpec, Setting, Timeval, Usage, WaitFor, WaitOptions,
    WaitStatus, Who,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note();
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `common::in_child`, but also for `#[ignore]`d tests (run with `--include-ignored`).
fn in_child(name: &str, body: fn()) {
    if std::env::var("RSRC_TEST_CHILD").as_deref() == Ok(name) {
        body();
        println!("RSRC_CHILD_OK {name}");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            name,
            "--nocapture",
            "--test-threads=1",
            "--include-ignored",
        ])
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

/// Runs `f` with counting on and returns how many allocator calls it made.
fn count<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    let r = black_box(f());
    COUNTING.with(|c| c.set(false));
    (ALLOCATIONS.load(Ordering::SeqCst) - before, r)
}

/// A buffer of fixed size (allocated before counting) for `core::fmt::Write`, so formatting
/// needs no allocation; full is `fmt::Error`.
struct Fixed {
    buf: Vec<u8>,
    len: usize,
}

impl Write for Fixed {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Fixed {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap()
    }
}

/// Every public function, once or more; returns the text it formatted.
fn everything(out: &mut Fixed, child: Pid) -> u64 {
    let mut acc = 0u64;
    let me = Pid::from_raw(std::process::id() as i32).unwrap();

    // Page size first: its one-time initialisation (rustix reads the auxv) is in the count.
    acc = acc.wrapping_add(rsrc::page_size() as u64);

    // getrusage.
    for who in [Who::Process, Who::Children, Who::Thread, Who::Both] {
        let u = rsrc::getrusage(who).unwrap();
        assert_eq!(Who::from_raw(who.as_raw()), Some(who));
        write!(out, "{} {} {};", u.utime, u.stime, u.maxrss_bytes()).unwrap();
        acc = acc.wrapping_add(u.counters().iter().sum::<u64>() % 7);
    }
    let raw = rsrc::getrusage_raw(0).unwrap();
    assert_eq!(rsrc::getrusage_raw(42), Err(Errno::INVAL));
    assert_eq!(Who::from_raw(42), None);

    // Usage arithmetic.
    let later = rsrc::getrusage(Who::Process).unwrap();
    let d = later.since(&raw);
    let b = later.both(&raw);
    #[allow(clippy::op_ref)] // the `&Usage - &Usage` impl is under test
    let by_ref = &later - &raw;
    acc = acc.wrapping_add((later - raw).minflt + by_ref.nvcsw + d.cpu_time().as_micros() % 3);
    acc = acc.wrapping_add(b.maxrss + later.cpu_time().secs());

    // decode, every ABI and byte order, and each kind of error.
    let mut image = [0u8; 160];
    image[0] = 1;
    for a in &abi::ALL {
        for e in [Endian::Little, Endian::Big, Endian::NATIVE] {
            let u = Usage::decode(&image, a, e).unwrap();
            acc = acc
                .wrapping_add(u.utime.secs() + a.rusage_bytes() as u64 + a.timeval_bytes() as u64);
            let short = Usage::decode(&image[..a.rusage_bytes() - 1], a, e).unwrap_err();
            write!(out, "{short};").unwrap();
        }
        for r in Resource::ALL {
            assert_eq!(a.resource(a.rlimit(r)), Some(r));
        }
    }
    let mut bad = [0xffu8; 144];
    let neg = Usage::decode(&bad, abi::native(), Endian::NATIVE).unwrap_err();
    bad[..16].fill(0);
    bad[8] = 0x40;
    bad[9] = 0x42;
    bad[10] = 0x0f;
    let usec = Usage::decode(&bad, abi::find("x86_64").unwrap(), Endian::Little).unwrap_err();
    assert!(matches!(neg, DecodeError::Negative { .. }));
    assert!(matches!(usec, DecodeError::Microseconds { .. }));
    write!(out, "{neg} {usec};").unwrap();
    assert!(abi::find("ARM64").is_some() && abi::find("vax").is_none());
    assert_eq!(
        abi::native().rlimit(Resource::Nofile),
        Resource::Nofile.as_raw()
    );

    // Timeval.
    let t = Timeval::new(12, 345);
    let u = Timeval::from_micros(1_999_999);
    let parsed: Timeval = "12.000345".parse().unwrap();
    let err = "1.2345678".parse::<Timeval>().unwrap_err();
    let from_d = Timeval::try_from(Duration::from_micros(7)).unwrap();
    let too_fine = Timeval::try_from(Duration::from_nanos(1)).unwrap_err();
    acc = acc
        .wrapping_add(t.secs() + t.subsec_micros() as u64 + t.as_micros() + t.as_secs_f64() as u64);
    acc = acc
        .wrapping_add(t.as_duration().as_secs() + Duration::from(t).as_secs() + from_d.as_micros());
    acc = acc.wrapping_add(
        (t + u).secs() + (t - u).secs() + t.saturating_add(u).secs() + u.saturating_sub(t).secs(),
    );
    assert_eq!(parsed, t);
    assert!(Timeval::MAX > Timeval::ZERO);
    write!(out, "{t} {u:>12} {u:<12}| {err} {too_fine};").unwrap();

    // Resource.
    for r in Resource::ALL {
        assert_eq!(Resource::from_name(r.name()), Some(r));
        assert_eq!(Resource::from_name(r.short_name()), Some(r));
        assert_eq!(Resource::from_raw(r.as_raw()), Some(r));
        let rr: rustix::process::Resource = r.into();
        assert_eq!(Resource::try_from(rr), Ok(r));
        write!(
            out,
            "{r} {} {} {};",
            r.short_name(),
            r.description(),
            r.unit()
        )
        .unwrap();
    }
    assert_eq!(Resource::from_name("rlimit_nofile"), Some(Resource::Nofile));
    assert_eq!(Resource::from_name("nofiles"), None);

    // Rlimit, getrlimit, setrlimit, prlimit, raise_nofile_limit.
    for r in Resource::ALL {
        let old = rsrc::getrlimit(r).unwrap();
        assert!(old.is_valid());
        assert_eq!(Rlimit::from_raw(old.to_raw()), old);
        rsrc::setrlimit(r, old).unwrap();
        assert_eq!(rsrc::prlimit(None, r, None), Ok(old));
        assert_eq!(rsrc::prlimit(Some(me), r, Some(old)), Ok(old));
        write!(out, "{old} {old:>40};").unwrap();
    }
    let invalid = Rlimit::new(None, Some(1));
    assert_eq!(rsrc::setrlimit(Resource::Core, invalid), Err(Errno::INVAL));
    assert_eq!(
        rsrc::prlimit(None, Resource::Core, Some(invalid)),
        Err(Errno::INVAL)
    );
    let old = rsrc::raise_nofile_limit(Some(4096)).unwrap();
    rsrc::setrlimit(Resource::Nofile, old).unwrap();
    write!(out, "{} {};", Rlimit::UNLIMITED, Rlimit::new(Some(1), None)).unwrap();

    // The limit value parser.
    let spec = RlimitSpec::parse(Resource::Nofile, "1024:unlimited").unwrap();
    let applied = spec.apply(old);
    let bad_spec = RlimitSpec::parse(Resource::Nofile, "1:2:3").unwrap_err();
    let _ = (
        bad_spec.kind(),
        bad_spec.side(),
        bad_spec.resource(),
        bad_spec.text(),
    );
    let both = RlimitSpec::both(Some(5));
    let new = RlimitSpec::new(Setting::Keep, Setting::Value(9)).unwrap();
    acc = acc.wrapping_add(
        spec.soft().resolve(Some(1)).unwrap_or(0) + new.hard().resolve(None).unwrap_or(0),
    );
    write!(
        out,
        "{spec} {applied} {bad_spec} {both} {new} {};",
        Setting::Unlimited
    )
    .unwrap();

    // wait4: the child spawned before counting, then "no children left".
    let w = rsrc::wait4(WaitFor::Pid(child), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!((w.pid, w.status.exit_status()), (child, Some(3)));
    assert_eq!(
        rsrc::wait4(WaitFor::AnyChild, WaitOptions::NOHANG),
        Err(Errno::CHILD)
    );
    let s = w.status;
    acc = acc.wrapping_add(
        s.as_raw() as u64 + s.shell_status() as u64 + s.exited() as u64 + s.signaled() as u64,
    );
    acc = acc.wrapping_add(s.core_dumped() as u64 + s.stopped() as u64 + s.continued() as u64);
    acc = acc.wrapping_add(
        s.terminating_signal().is_some() as u64 + s.stopping_signal().is_some() as u64,
    );
    acc = acc.wrapping_add(
        (WaitFor::Group(me).as_raw() as u64).wrapping_add(WaitFor::SameGroup.as_raw() as u64),
    );
    acc = acc.wrapping_add((WaitOptions::NOHANG | WaitOptions::ALL).bits() as u64);
    write!(
        out,
        "{s} {} {} {};",
        WaitStatus::from_raw(9 | 0x80),
        WaitStatus::from_raw(0x137f),
        WaitStatus::from_raw(0xffff)
    )
    .unwrap();

    // Errno: its number. (Its Display and Debug, with rsrc's default "std" feature, are
    // std::io::Error's, which allocate the C library's message: rustix's code, see
    // errno_text_allocates_only_with_std below.)
    acc = acc.wrapping_add(Errno::PERM.raw_os_error() as u64);
    acc
}

#[test]
#[allow(clippy::zombie_processes)] // reaped with rsrc::wait4, inside the count
fn every_public_function_allocates_nothing() {
    in_child("every_public_function_allocates_nothing", || {
        // The child to wait for, spawned before counting starts.
        let child = std::process::Command::new("sh")
            .args(["-c", "exit 3"])
            .spawn()
            .unwrap();
        let child = Pid::from_raw(child.id() as i32).unwrap();
        let mut out = Fixed {
            buf: vec![0; 1 << 16],
            len: 0,
        };
        // The counter works (a test that cannot fail would prove nothing).
        let (n, v) = count(|| vec![1u8; 10]);
        assert!(n >= 1, "the counting allocator missed an allocation");
        drop(v);

        let (n, acc) = count(|| everything(&mut out, child));
        let text = out.text();
        assert!(text.contains("RLIMIT_NOFILE") && text.contains("exited with status 3"));
        assert!(acc > 0);
        assert_eq!(n, 0, "rsrc allocated {n} times; it formatted:\n{text}");
    });
}

/// rsrc::page_size() once used rustix's, which reads the auxv with prctl(PR_GET_AUXV) and, if
/// that fails (kernels before 6.4, or a seccomp filter that denies prctl), from
/// /proc/self/auxv into a Vec (rustix 1.1 src/backend/linux_raw/param/auxv.rs). rsrc's own
/// msync probe needs neither.
#[test]
fn page_size_without_pr_get_auxv_allocates_nothing() {
    in_child("page_size_without_pr_get_auxv_allocates_nothing", || {
        if !seccomp_bpf::deny(&[(libc::SYS_prctl as u32, libc::EINVAL)]) {
            return;
        }
        let (n, size) = count(rsrc::page_size);
        assert!(size.is_power_of_two());
        assert_eq!(n, 0, "page_size allocated {n} times");
    });
}

/// Same, when /proc is not there either (a sandbox, or early in an init), where rustix's
/// page_size panics (auxv.rs, init_auxv: `init_auxv_impl().unwrap()`).
#[test]
fn page_size_without_pr_get_auxv_or_proc_does_not_panic() {
    in_child(
        "page_size_without_pr_get_auxv_or_proc_does_not_panic",
        || {
            #[allow(unused_mut)]
            let mut denied = vec![
                (libc::SYS_prctl as u32, libc::EINVAL),
                (libc::SYS_openat as u32, libc::ENOENT),
            ];
            // rustix opens /proc/self/auxv with open(2) where the architecture has it.
            #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
            denied.push((libc::SYS_open as u32, libc::ENOENT));
            if !seccomp_bpf::deny(&denied) {
                return;
            }
            assert!(rsrc::page_size().is_power_of_two());
        },
    );
}

/// A filter that denies msync itself: page_size falls back to the architecture's smallest
/// page, try_page_size reports the errno, and neither allocates or panics.
#[test]
fn page_size_with_msync_denied() {
    // A fresh process (in_child execs), so no page size is cached yet.
    in_child("page_size_with_msync_denied", || {
        if !seccomp_bpf::deny(&[(libc::SYS_msync as u32, libc::EPERM)]) {
            return;
        }
        let (n, r) = count(rsrc::try_page_size);
        assert_eq!((n, r), (0, Err(Errno::PERM)));
        let (n, size) = count(rsrc::page_size);
        assert_eq!((n, size), (0, 4096));
    });
}

/// `Errno` is rustix's. With rustix's "std" feature (turned on by rsrc's default "std"),
/// its `Display` and `Debug` are `std::io::Error`'s, which copy strerror's text into a
/// `String`; without "std" they write `os error N` and allocate nothing. So code between fork
/// and exec (or in a signal handler) should print `raw_os_error()`, not `{e}` or `{e:?}`.
#[test]
fn errno_text_allocates_only_with_std() {
    let mut out = Fixed {
        buf: vec![0; 256],
        len: 0,
    };
    let (n, ()) = count(|| write!(out, "{}|{:?}", Errno::PERM, Errno::PERM).unwrap());
    if cfg!(feature = "std") {
        assert!(
            out.text().contains("Operation not permitted"),
            "{}",
            out.text()
        );
        assert!(
            n > 0,
            "std's message no longer allocates: update README and this test"
        );
    } else {
        assert_eq!((n, out.text()), (0, "os error 1|os error 1"));
    }
}
