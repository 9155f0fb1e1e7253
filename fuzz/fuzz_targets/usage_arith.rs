//! `Usage` arithmetic: the `RUSAGE_BOTH` rule (`both`), deltas (`since`, `-`), `cpu_time` and
//! `maxrss_bytes`, field by field against a `u128` model with saturation.
//!
//! Input: two `Usage`s of 136 bytes each (times as seconds + microseconds, 14 counters).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsrc::Usage;
use rsrc_fuzz::{assert_is, counters, micros, Input, MAX_MICROS};

fn check_both(a: &Usage, b: &Usage, got: &Usage) {
    assert_is(
        got.utime,
        (micros(a.utime) + micros(b.utime)).min(MAX_MICROS),
        "both utime",
    );
    assert_is(
        got.stime,
        (micros(a.stime) + micros(b.stime)).min(MAX_MICROS),
        "both stime",
    );
    let (ca, cb, cg) = (counters(a), counters(b), counters(got));
    for i in 0..14 {
        let want = if i == 0 {
            ca[0].max(cb[0]) as u128 // a peak is not additive
        } else {
            (ca[i] as u128 + cb[i] as u128).min(u64::MAX as u128)
        };
        assert_eq!(cg[i] as u128, want, "both counter {i}");
    }
}

fn check_since(later: &Usage, earlier: &Usage, got: &Usage) {
    let dt = |x, y| micros(x).saturating_sub(micros(y));
    assert_is(got.utime, dt(later.utime, earlier.utime), "since utime");
    assert_is(got.stime, dt(later.stime, earlier.stime), "since stime");
    let (cl, ce, cg) = (counters(later), counters(earlier), counters(got));
    for i in 0..14 {
        let want = if i == 0 {
            cl[0] as u128 // the later peak
        } else {
            (cl[i] as u128).saturating_sub(ce[i] as u128)
        };
        assert_eq!(cg[i] as u128, want, "since counter {i}");
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let a = input.usage();
    let b = input.usage();

    let ab = a.both(&b);
    check_both(&a, &b, &ab);
    assert_eq!(ab, b.both(&a), "both commutes");
    assert_eq!(a.counters(), counters(&a));

    let d = a.since(&b);
    check_since(&a, &b, &d);
    assert_eq!(a - b, d);
    assert_eq!(&a - &b, d);
    assert_eq!(a.since(&a).cpu_time(), rsrc::Timeval::ZERO);

    // (a since b) both b gives back a wherever nothing saturated.
    if micros(a.utime) >= micros(b.utime)
        && counters(&a).iter().zip(counters(&b)).all(|(x, y)| *x >= y)
    {
        let back = d.both(&b);
        assert_eq!(back.utime, a.utime);
        assert_eq!(back.counters()[1..], a.counters()[1..]);
    }

    assert_is(
        a.cpu_time(),
        (micros(a.utime) + micros(a.stime)).min(MAX_MICROS),
        "cpu_time",
    );
    assert_eq!(
        a.maxrss_bytes() as u128,
        (a.maxrss as u128 * 1024).min(u64::MAX as u128)
    );
});
