//! Property tests (proptest): arithmetic against exact `u128` models, the `RUSAGE_BOTH`
//! emulation against the kernel, `Rlimit` validity and encoding, limits set on a live process
//! and read back through `/proc`, names both ways, `WaitStatus` against the C macros, and the
//! limit value syntax's round trip.

// `&a - &b` is one of the impls under test.
#![allow(clippy::op_ref)]

mod common;

use common::{in_child, proc_limits, proc_row};
use proptest::prelude::*;
use rsrc::abi;
use rsrc::time::ParseTimevalError;
use rsrc::{
    getrusage, prlimit, setrlimit, Errno, Pid, Resource, Rlimit, RlimitSpec, Setting, Timeval,
    Usage, WaitStatus, Who,
};
use std::time::Duration;

const M: u128 = 1_000_000;
const MAX_MICROS: u128 = u64::MAX as u128 * M + (M - 1);

fn micros(t: Timeval) -> u128 {
    t.secs() as u128 * M + t.subsec_micros() as u128
}

fn is(t: Timeval, m: u128) -> bool {
    t.subsec_micros() < 1_000_000 && micros(t) == m
}

/// u64s biased to the edges, where saturation happens.
fn edgy() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => any::<u64>(),
        2 => 0..2_000_000u64,
        2 => (u64::MAX - 2_000_000)..=u64::MAX,
        1 => Just(u64::MAX),
        1 => Just(0u64),
    ]
}

fn timeval() -> impl Strategy<Value = Timeval> {
    (edgy(), 0..1_000_000u32).prop_map(|(s, u)| Timeval::new(s, u))
}

fn usage() -> impl Strategy<Value = Usage> {
    (timeval(), timeval(), proptest::array::uniform14(edgy())).prop_map(|(ut, st, c)| Usage {
        utime: ut,
        stime: st,
        maxrss: c[0],
        ixrss: c[1],
        idrss: c[2],
        isrss: c[3],
        minflt: c[4],
        majflt: c[5],
        nswap: c[6],
        inblock: c[7],
        oublock: c[8],
        msgsnd: c[9],
        msgrcv: c[10],
        nsignals: c[11],
        nvcsw: c[12],
        nivcsw: c[13],
    })
}

fn limit() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![1 => Just(None), 4 => edgy().prop_map(Some)]
}

fn setting() -> impl Strategy<Value = Setting> {
    prop_oneof![
        Just(Setting::Keep),
        Just(Setting::Unlimited),
        edgy().prop_map(Setting::Value)
    ]
}

fn resource() -> impl Strategy<Value = Resource> {
    (0..16usize).prop_map(|i| Resource::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    // --- Timeval ---

    #[test]
    fn timeval_new_carries_and_saturates(sec in edgy(), usec in any::<u32>()) {
        let want = (sec as u128 * M + usec as u128).min(MAX_MICROS);
        prop_assert!(is(Timeval::new(sec, usec), want));
    }

    #[test]
    fn timeval_arithmetic_is_saturating_u128(a in timeval(), b in timeval()) {
        let (ma, mb) = (micros(a), micros(b));
        prop_assert!(is(a + b, (ma + mb).min(MAX_MICROS)));
        prop_assert!(is(a.saturating_add(b), (ma + mb).min(MAX_MICROS)));
        prop_assert!(is(a - b, ma.saturating_sub(mb)));
        prop_assert!(is(a.saturating_sub(b), ma.saturating_sub(mb)));
        prop_assert_eq!(a.cmp(&b), ma.cmp(&mb));
        prop_assert_eq!(a.as_micros() as u128, ma.min(u64::MAX as u128));
        prop_assert_eq!(Timeval::from_micros(a.secs()).as_micros(), a.secs());
    }

    #[test]
    fn timeval_text_and_duration_round_trip(t in timeval()) {
        let text = t.to_string();
        prop_assert_eq!(&text, &format!("{}.{:06}", t.secs(), t.subsec_micros()));
        prop_assert_eq!(text.parse::<Timeval>(), Ok(t));
        // Trailing zero decimals past the sixth are accepted; other ones are not.
        prop_assert_eq!(format!("{text}000").parse::<Timeval>(), Ok(t));
        prop_assert_eq!(format!("{text}1").parse::<Timeval>(), Err(ParseTimevalError::TooPrecise));
        let d = t.as_duration();
        prop_assert_eq!(d.as_nanos(), micros(t) * 1000);
        prop_assert_eq!(Timeval::try_from(d), Ok(t));
        if let Some(finer) = d.checked_add(Duration::from_nanos(1)) {
            prop_assert_eq!(Timeval::try_from(finer), Err(ParseTimevalError::TooPrecise));
        }
    }

    // --- Usage: the RUSAGE_BOTH rule and deltas ---

    #[test]
    fn both_is_a_saturating_sum_with_the_larger_peak(a in usage(), b in usage()) {
        let got = a.both(&b);
        prop_assert_eq!(got, b.both(&a));
        prop_assert!(is(got.utime, (micros(a.utime) + micros(b.utime)).min(MAX_MICROS)));
        prop_assert!(is(got.stime, (micros(a.stime) + micros(b.stime)).min(MAX_MICROS)));
        let (ca, cb, cg) = (a.counters(), b.counters(), got.counters());
        prop_assert_eq!(cg[0], ca[0].max(cb[0]));
        for i in 1..14 {
            prop_assert_eq!(cg[i] as u128, (ca[i] as u128 + cb[i] as u128).min(u64::MAX as u128));
        }
        prop_assert_eq!(a.maxrss_bytes() as u128, (a.maxrss as u128 * 1024).min(u64::MAX as u128));
        prop_assert!(is(a.cpu_time(), (micros(a.utime) + micros(a.stime)).min(MAX_MICROS)));
    }

    #[test]
    fn since_is_a_saturating_difference_keeping_the_later_peak(a in usage(), b in usage()) {
        let got = a.since(&b);
        prop_assert_eq!(a - b, got);
        prop_assert_eq!(&a - &b, got);
        prop_assert!(is(got.utime, micros(a.utime).saturating_sub(micros(b.utime))));
        prop_assert!(is(got.stime, micros(a.stime).saturating_sub(micros(b.stime))));
        let (ca, cb, cg) = (a.counters(), b.counters(), got.counters());
        prop_assert_eq!(cg[0], ca[0]);
        for i in 1..14 {
            prop_assert_eq!(cg[i], ca[i].saturating_sub(cb[i]));
        }
    }

    // --- Rlimit ---

    #[test]
    fn rlimit_validity_is_soft_at_most_hard_with_unlimited_on_top(soft in limit(), hard in limit()) {
        let l = Rlimit::new(soft, hard);
        // Unlimited (None, or u64::MAX, its encoding) is above every number.
        let model = |v: Option<u64>| v.filter(|&x| x != u64::MAX).map_or(u128::MAX, u128::from);
        prop_assert_eq!(l.is_valid(), model(soft) <= model(hard));
        if !l.is_valid() {
            // Refused before any syscall: nothing can change.
            prop_assert_eq!(setrlimit(Resource::Core, l), Err(Errno::INVAL));
            prop_assert_eq!(prlimit(None, Resource::Core, Some(l)), Err(Errno::INVAL));
        }
    }

    #[test]
    fn rlimit_raw_encoding(raw in (edgy(), edgy()), soft in limit(), hard in limit()) {
        let raw = [raw.0, raw.1];
        // Every raw pair decodes and re-encodes to itself (u64::MAX is RLIM64_INFINITY).
        let l = Rlimit::from_raw(raw);
        prop_assert_eq!(l.to_raw(), raw);
        prop_assert_eq!(l.soft.is_none(), raw[0] == u64::MAX);
        // A limit round-trips unless it spells infinity as Some(u64::MAX), which is None.
        let l = Rlimit::new(soft, hard);
        let canon = |v: Option<u64>| v.filter(|&x| x != u64::MAX);
        prop_assert_eq!(Rlimit::from_raw(l.to_raw()), Rlimit::new(canon(soft), canon(hard)));
        let text = |v: Option<u64>| v.map_or("unlimited".to_string(), |x| x.to_string());
        prop_assert_eq!(l.to_string(), format!("{}:{}", text(soft), text(hard)));
    }

    // --- names ---

    #[test]
    fn names_round_trip_in_any_ascii_case(r in resource(), flips in any::<u64>(), prefix in any::<bool>()) {
        let name = if prefix { r.name() } else { r.short_name() };
        let mixed: String = name
            .chars()
            .enumerate()
            .map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_lowercase() } else { c })
            .collect();
        prop_assert_eq!(Resource::from_name(&mixed), Some(r));
        prop_assert_eq!(Resource::from_name(&format!("{mixed} ")), None);
        prop_assert_eq!(Resource::from_name(&mixed[1..]), None);
        prop_assert_eq!(r.to_string(), r.name());
        prop_assert_eq!(Resource::from_raw(r.as_raw()), Some(r));
        for a in &abi::ALL {
            prop_assert_eq!(a.resource(a.rlimit(r)), Some(r));
            prop_assert_eq!(abi::find(&a.name.to_ascii_uppercase()).map(|f| f.name), Some(a.name));
        }
    }

    #[test]
    fn from_name_matches_exactly_the_names(s in "(?i:(rlimit_)?[a-z_]{0,12})") {
        let want = Resource::ALL.into_iter().find(|r| {
            s.eq_ignore_ascii_case(r.name()) || s.eq_ignore_ascii_case(r.short_name())
        });
        prop_assert_eq!(Resource::from_name(&s), want);
    }

    // --- WaitStatus against <sys/wait.h> ---

    #[test]
    fn wait_status_agrees_with_the_c_macros(raw in prop_oneof![
        any::<i32>(),
        (0..256i32, 0..256i32).prop_map(|(hi, lo)| hi << 8 | lo),
        Just(0xffff),
    ]) {
        let s = WaitStatus::from_raw(raw);
        prop_assert_eq!(s.exited(), libc::WIFEXITED(raw));
        prop_assert_eq!(s.signaled(), libc::WIFSIGNALED(raw));
        prop_assert_eq!(s.stopped(), libc::WIFSTOPPED(raw));
        prop_assert_eq!(s.continued(), libc::WIFCONTINUED(raw));
        prop_assert_eq!(s.exit_status(), libc::WIFEXITED(raw).then(|| libc::WEXITSTATUS(raw)));
        prop_assert_eq!(s.terminating_signal(), libc::WIFSIGNALED(raw).then(|| libc::WTERMSIG(raw)));
        prop_assert_eq!(s.stopping_signal(), libc::WIFSTOPPED(raw).then(|| libc::WSTOPSIG(raw)));
        prop_assert_eq!(s.core_dumped(), libc::WIFSIGNALED(raw) && libc::WCOREDUMP(raw));
        prop_assert!(!s.to_string().is_empty());
    }

    // --- the limit value syntax ---

    #[test]
    fn spec_text_round_trips(r in resource(), soft in setting(), hard in setting()) {
        if let Ok(spec) = RlimitSpec::new(soft, hard) {
            let text = spec.to_string();
            prop_assert_eq!(RlimitSpec::parse(r, &text), Ok(spec), "{}", text);
        }
    }
}

/// A child that is killed and reaped however the test ends.
struct Sleeper(std::process::Child);

impl Drop for Sleeper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// prlimit on a live child (so this process's limits are untouched): the old value comes
    /// back, the new one reads back through rsrc and through the kernel's /proc text.
    #[test]
    fn prlimit_on_a_live_process(r in resource(), a in any::<u64>(), b in any::<u64>(), unlimited_hard in any::<bool>()) {
        // qemu-user (ci/cross) accepts sets of these but does not pass them to the kernel.
        prop_assume!(
            std::env::var_os("RSRC_UNDER_QEMU").is_none()
                || !matches!(r, Resource::As | Resource::Data | Resource::Stack)
        );
        let child = Sleeper(std::process::Command::new("sleep").arg("30").spawn().unwrap());
        let pid = Pid::from_raw(child.0.id() as i32).unwrap();
        let old = prlimit(Some(pid), r, None).unwrap();
        // Lowering is always allowed: pick hard <= the old hard, soft <= hard. (CPU stays at
        // a minute or more, or the kernel would signal the sleeper.)
        let floor = if r == Resource::Cpu { 60 } else { 0 };
        let cap = old.hard.unwrap_or(u64::MAX - 1);
        let hard = if unlimited_hard && old.hard.is_none() {
            None
        } else {
            Some(floor.max(b % cap.saturating_add(1)).min(cap))
        };
        let soft = Some(floor.max(a % hard.unwrap_or(u64::MAX - 1).saturating_add(1)));
        let new = Rlimit::new(soft.min(hard).or(soft), hard);
        prop_assume!(new.is_valid());
        prop_assert_eq!(prlimit(Some(pid), r, Some(new)), Ok(old));
        prop_assert_eq!(prlimit(Some(pid), r, None), Ok(new));
        prop_assert_eq!(proc_limits(child.0.id(), proc_row(r)), (new.soft, new.hard));
    }
}

/// The `Who::Both` emulation against the kernel: sampled between two pairs of
/// (process, children) readings, each Both counter and time lies between the two sums (peak:
/// between the two maxima), so it is the sum of the two calls and not something else.
#[test]
fn both_emulation_is_bracketed_by_the_kernels_own_numbers() {
    in_child(
        "both_emulation_is_bracketed_by_the_kernels_own_numbers",
        || {
            for _ in 0..3 {
                // Children to account for: a shell that runs a few commands, reaped by std.
                let st = std::process::Command::new("sh")
                    .args(["-c", "for i in 1 2 3 4 5; do ls / >/dev/null; done"])
                    .status()
                    .unwrap();
                assert!(st.success());
            }
            let mut x = 0u64;
            for round in 0..200 {
                for i in 0..20_000u64 {
                    x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
                }
                let p1 = getrusage(Who::Process).unwrap();
                let c1 = getrusage(Who::Children).unwrap();
                let both = getrusage(Who::Both).unwrap();
                let p2 = getrusage(Who::Process).unwrap();
                let c2 = getrusage(Who::Children).unwrap();
                let (lo, hi) = (p1.both(&c1), p2.both(&c2));
                assert!(
                    c1.maxrss > 0
                        && (c1.utime + c1.stime > Timeval::ZERO || !common::cpu_times_reported()),
                    "{c1:?}"
                );
                let (l, b, h) = (lo.counters(), both.counters(), hi.counters());
                for i in 0..14 {
                    assert!(
                        l[i] <= b[i] && b[i] <= h[i],
                        "round {round} counter {i}: {l:?} {b:?} {h:?}"
                    );
                }
                assert!(
                    lo.utime <= both.utime && both.utime <= hi.utime,
                    "round {round}"
                );
                assert!(
                    lo.stime <= both.stime && both.stime <= hi.stime,
                    "round {round}"
                );
                // Not merely the process's own numbers: the children are in it.
                assert!(both.utime + both.stime >= c1.utime + c1.stime);
                assert!(both.minflt >= p1.minflt + c1.minflt);
            }
        },
    );
}
