//! The no-panic proof: a static, `no_std`, fully optimised (fat LTO) binary that calls every
//! public function of rsrc on inputs the optimiser cannot see (the command line), and whose
//! panic handler calls a function that is defined nowhere. If any panic path survives
//! optimisation anywhere in rsrc (or in what it calls, or in this file), the linker must
//! resolve that symbol and fails; so a successful link is the proof.
//!
//! `ci/no-panic` builds it, runs it, and checks that the self-test features (each adding one
//! deliberate panic path) make the link fail.
//!
//! Run: `rsrc-no-panic [NAME [BYTES [NUMBER]]]`; it prints one line per group of calls.

#![no_std]
#![no_main]

use core::ffi::{c_char, c_int, CStr};
use core::fmt::{self, Write};
use core::hint::black_box;
use core::time::Duration;
use rsrc::abi::{self, Endian};
use rsrc::time::ParseTimevalError;
use rsrc::{Errno, Pid, Resource, Rlimit, Timeval, Usage, WaitFor, WaitOptions, WaitStatus, Who};

// The C library, for `write` and for the `memcpy`/`memset`/`bcmp` that compiled Rust calls;
// its start files call `main` below.
#[link(name = "c")]
extern "C" {
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
}

extern "C" {
    /// Defined nowhere, on purpose: see the crate documentation.
    fn rsrc_no_panic_check__a_panic_path_survived_optimisation() -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: never reached at run time; it must not even link.
    unsafe { rsrc_no_panic_check__a_panic_path_survived_optimisation() }
}

/// A fixed buffer for `core::fmt::Write`; full means `fmt::Error`, never a panic.
struct Buf {
    bytes: [u8; 512],
    len: usize,
}

impl Buf {
    const fn new() -> Buf {
        Buf {
            bytes: [0; 512],
            len: 0,
        }
    }

    fn flush(&mut self) {
        let mut done = 0;
        while let Some(rest) = self.bytes.get(done..self.len) {
            if rest.is_empty() {
                break;
            }
            // SAFETY: `rest` is a live byte slice.
            let n = unsafe { write(1, rest.as_ptr(), rest.len()) };
            if n <= 0 {
                break;
            }
            done = done.saturating_add(n as usize);
        }
        self.len = 0;
    }
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Argument `i` of the command line, or empty.
fn arg(argc: c_int, argv: *const *const c_char, i: usize) -> &'static [u8] {
    if argv.is_null() || i >= argc.max(0) as usize {
        return b"";
    }
    // SAFETY: the C runtime passes `argc` valid NUL-terminated strings.
    unsafe {
        let p = *argv.add(i);
        if p.is_null() {
            b""
        } else {
            CStr::from_ptr(p).to_bytes()
        }
    }
}

/// Eight bytes of `bytes` from `at` as a little-endian number (zeros past the end).
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    for (i, slot) in w.iter_mut().enumerate() {
        *slot = bytes.get(at.wrapping_add(i)).copied().unwrap_or(0);
    }
    u64::from_le_bytes(w)
}

fn errno(e: Errno) -> i32 {
    e.raw_os_error()
}

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let name_bytes = arg(argc, argv, 1);
    let name = core::str::from_utf8(name_bytes).unwrap_or("");
    let bytes = arg(argc, argv, 2);
    let n = word(arg(argc, argv, 3), 0) ^ word(bytes, 0);
    let m = word(bytes, 8);
    let small = (n % 64) as usize;
    let mut out = Buf::new();

    #[cfg(feature = "selftest-index")]
    {
        // Index out of bounds unless argc is small: a panic path the optimiser must keep.
        let table = [1u8, 2, 3, 4];
        black_box(table[argc as usize]);
    }
    #[cfg(feature = "selftest-unwrap")]
    {
        black_box(Resource::from_name(name).unwrap());
    }
    #[cfg(feature = "selftest-panic")]
    if n == 42 {
        panic!("the answer");
    }

    // --- usage ---
    for who in [Who::Process, Who::Children, Who::Thread, Who::Both] {
        let w = Who::from_raw(who.as_raw()).unwrap_or_default();
        match rsrc::getrusage(w) {
            Ok(u) => {
                let _ = write!(out, "{:?} {} {} {};", w, u.utime, u.stime, u.maxrss_bytes());
                black_box(u);
            }
            Err(e) => {
                let _ = write!(out, "{w:?} err {};", errno(e));
            }
        }
    }
    let raw_who = n as i32;
    black_box(Who::from_raw(raw_who));
    let raw = rsrc::getrusage_raw(raw_who).map(|u| u.counters());
    let _ = writeln!(out, " raw({raw_who}) {raw:?}");
    out.flush();

    // --- decode, every ABI, both byte orders, and the native one with the input's bytes ---
    let which = abi::ALL
        .get(small % abi::ALL.len())
        .unwrap_or(abi::native());
    let mut decoded = 0;
    for abi in abi::ALL.iter().chain([which, abi::native()]) {
        for endian in [Endian::Little, Endian::Big, Endian::NATIVE] {
            match Usage::decode(bytes, abi, endian) {
                Ok(u) => {
                    decoded += 1;
                    black_box((u.cpu_time(), u.minflt));
                }
                Err(e) if abi.name == which.name => {
                    let _ = write!(out, "{}: {e}; ", abi.name);
                }
                Err(e) => {
                    black_box(e);
                }
            }
            black_box((abi.rusage_bytes(), abi.timeval_bytes()));
        }
        let made_up = abi::Abi {
            long_bytes: bytes.first().copied().unwrap_or(8),
            tv_usec_bytes: bytes.get(1).copied().unwrap_or(8),
            ..*abi
        };
        black_box(Usage::decode(bytes, &made_up, Endian::Big).is_ok());
        out.flush();
    }
    let found = abi::find(name).map_or("-", |a| a.name);
    let _ = writeln!(out, "decoded {decoded}; find {found}");
    out.flush();

    // --- usage arithmetic ---
    let a = Usage {
        utime: Timeval::new(n, m as u32),
        stime: Timeval::from_micros(m),
        maxrss: n,
        minflt: m,
        nivcsw: n ^ m,
        ..Usage::default()
    };
    let b = Usage {
        utime: Timeval::from_micros(n),
        maxrss: m,
        ..a
    };
    let both = a.both(&b);
    let since = a.since(&b);
    black_box((
        a - b,
        &a - &b,
        both.counters(),
        since.cpu_time(),
        a.maxrss_bytes(),
    ));
    let _ = writeln!(out, "both {} since {}", both.utime, since.stime);
    out.flush();

    // --- Timeval ---
    let t = Timeval::new(n, m as u32);
    let u = Timeval::from_micros(m);
    black_box((
        t.secs(),
        t.subsec_micros(),
        t.as_micros(),
        t.as_duration(),
        t.as_secs_f64(),
        t.saturating_add(u),
        t.saturating_sub(u),
        t + u,
        t - u,
        t.cmp(&u),
        Duration::from(t),
        Timeval::ZERO,
        Timeval::MAX,
    ));
    let parsed: Result<Timeval, ParseTimevalError> = name.parse();
    let from_duration = Timeval::try_from(Duration::new(n, (m % 1_000_000_000) as u32));
    let _ = write!(out, "{t} {t:>30} {u:<12}| {parsed:?} {from_duration:?}");
    if let Err(e) = parsed {
        let _ = write!(out, " ({e})");
    }
    let _ = writeln!(out);
    out.flush();

    // --- Resource and Rlimit ---
    for r in Resource::ALL {
        black_box((
            r.as_raw(),
            r.name(),
            r.short_name(),
            r.description(),
            r.unit(),
        ));
        black_box(Resource::from_raw(r.as_raw()));
        let rr: rustix::process::Resource = r.into();
        let _ = black_box(Resource::try_from(rr));
        for abi in &abi::ALL {
            black_box(abi.resource(abi.rlimit(r)));
        }
    }
    let named = Resource::from_name(name).unwrap_or(Resource::Core);
    let raw_resource = Resource::from_raw(n as u32);
    let lim = Rlimit::new(Some(n), Some(m).filter(|_| n & 1 == 0));
    let back = Rlimit::from_raw(lim.to_raw());
    let _ = writeln!(
        out,
        "{named} {raw_resource:?} {lim} {lim:>50} {} {back:?} {}",
        lim.is_valid(),
        Rlimit::UNLIMITED
    );
    out.flush();

    // --- limits: get, set (to what it was, or an invalid value: EINVAL), prlimit, raise ---
    for r in Resource::ALL {
        match rsrc::getrlimit(r) {
            Ok(old) => {
                let again = rsrc::setrlimit(r, old);
                let _ = write!(out, "{} {old} {again:?}; ", r.short_name());
                out.flush();
            }
            Err(e) => {
                let _ = write!(out, "{} err {};", r.short_name(), errno(e));
            }
        }
    }
    let _ = black_box(rsrc::setrlimit(named, Rlimit::new(None, Some(n))));
    let me = rsrc::prlimit(None, named, None);
    let other = rsrc::prlimit(Pid::from_raw(n as i32), named, None);
    let swapped = match me {
        Ok(cur) => rsrc::prlimit(None, named, Some(cur)),
        Err(e) => Err(e),
    };
    let invalid = rsrc::prlimit(None, named, Some(Rlimit::new(None, Some(0))));
    let raised = rsrc::raise_nofile_limit(Some(m).filter(|_| n & 2 == 0));
    let _ = writeln!(out);
    out.flush();
    let _ = writeln!(out, "{me:?} {other:?} {swapped:?}");
    out.flush();
    let _ = writeln!(out, "{invalid:?} {raised:?}");
    out.flush();
    if let (Ok(old), Ok(_)) = (raised, me) {
        let _ = black_box(rsrc::setrlimit(Resource::Nofile, old));
    }

    let _ = writeln!(out, "page_size {} {:?}", rsrc::page_size(), rsrc::try_page_size());
    out.flush();

    // --- wait4 (this process has no children: ECHILD), options, statuses ---
    let opts = WaitOptions::from_bits_truncate(n as u32) | WaitOptions::NOHANG;
    for which in [
        WaitFor::AnyChild,
        WaitFor::SameGroup,
        WaitFor::default(),
        match Pid::from_raw(n as i32) {
            Some(p) => WaitFor::Pid(p),
            None => WaitFor::AnyChild,
        },
        match Pid::from_raw(m as i32) {
            Some(p) => WaitFor::Group(p),
            None => WaitFor::SameGroup,
        },
    ] {
        let r = rsrc::wait4(which, opts);
        let _ = write!(
            out,
            "{} {:?}",
            which.as_raw(),
            r.map(|w| w.map(|w| w.status))
        );
        if let Err(e) = r {
            let _ = write!(out, " ({e}); ");
        }
        out.flush();
    }
    let status = WaitStatus::from_raw(n as i32);
    black_box((
        status.as_raw(),
        status.exited(),
        status.exit_status(),
        status.signaled(),
        status.terminating_signal(),
        status.core_dumped(),
        status.stopped(),
        status.stopping_signal(),
        status.continued(),
        status.shell_status(),
        opts.bits(),
    ));
    let _ = writeln!(out);
    let _ = writeln!(out, "{status}; {}", WaitStatus::from_raw(m as i32));
    out.flush();

    // --- the limit value parser and formatter ---
    spec(&mut out, named, name, n);
    out.flush();
    0
}

/// `RlimitSpec` (src/spec.rs): parse, display, resolve, apply.
fn spec(out: &mut Buf, r: Resource, text: &str, n: u64) {
    use rsrc::{RlimitSpec, Setting};
    let parsed = RlimitSpec::parse(r, text);
    match parsed {
        Ok(s) => {
            let cur = Rlimit::new(Some(n), None);
            let applied = s.apply(cur);
            let _ = write!(out, "spec {s} {:?} {:?} {applied}", s.soft(), s.hard());
            black_box((s.soft().resolve(Some(n)), s.hard().resolve(None)));
        }
        Err(e) => {
            let _ = write!(
                out,
                "spec error: {e} {:?} {:?} {:?} {}",
                e.kind(),
                e.side(),
                e.resource(),
                e.text()
            );
        }
    }
    out.flush();
    for s in [Setting::Keep, Setting::Unlimited, Setting::Value(n)] {
        let _ = write!(out, " {s}");
        if let Ok(spec) = RlimitSpec::new(s, Setting::Value(n)) {
            let _ = write!(out, " {spec}");
        }
    }
    let _ = writeln!(out, " {}", RlimitSpec::both(Some(n).filter(|v| v & 1 == 1)));
}
