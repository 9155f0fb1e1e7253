//! `Timeval`: construction, saturating arithmetic, conversions, ordering, `Display` and
//! `FromStr`, against a model in exact `u128` microseconds.
//!
//! Input: seconds (8 bytes) and microseconds (4 bytes, not reduced) of `a`, the same of `b`,
//! then a string for `FromStr`.
#![no_main]

use core::time::Duration;
use libfuzzer_sys::fuzz_target;
use rsrc::Timeval;
use rsrc_fuzz::{assert_is, micros, parse_timeval_model, timeval_text, Input, M, MAX_MICROS};

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let (a_sec, a_usec) = (input.u64(), input.u32());
    let (b_sec, b_usec) = (input.u64(), input.u32());
    let text = String::from_utf8_lossy(input.rest()).into_owned();

    // new: microseconds of a second or more carry; the sum saturates at MAX.
    let a = Timeval::new(a_sec, a_usec);
    let b = Timeval::new(b_sec, b_usec);
    let ma = (a_sec as u128 * M + a_usec as u128).min(MAX_MICROS);
    let mb = (b_sec as u128 * M + b_usec as u128).min(MAX_MICROS);
    assert_is(a, ma, "Timeval::new");
    assert_is(b, mb, "Timeval::new");

    // from_micros is exact; as_micros saturates at u64::MAX.
    assert_is(Timeval::from_micros(a_sec), a_sec as u128, "from_micros");
    assert_eq!(a.as_micros() as u128, ma.min(u64::MAX as u128));

    // Saturating arithmetic, and the operators are the same functions.
    let sum = (ma + mb).min(MAX_MICROS);
    let diff = ma.saturating_sub(mb);
    assert_is(a.saturating_add(b), sum, "saturating_add");
    assert_is(a + b, sum, "+");
    assert_is(b + a, sum, "+ commutes");
    assert_is(a.saturating_sub(b), diff, "saturating_sub");
    assert_is(a - b, diff, "-");

    // Ordering agrees with the value.
    assert_eq!(a.cmp(&b), ma.cmp(&mb));
    assert_eq!(a == b, ma == mb);

    // Duration: exact both ways.
    let d = a.as_duration();
    assert_eq!(d.as_nanos(), ma * 1000);
    assert_eq!(Duration::from(a), d);
    assert_eq!(Timeval::try_from(d), Ok(a));
    let f = a.as_secs_f64();
    assert!(
        (f - ma as f64 / 1e6).abs() <= f * 1e-15 + 1e-9,
        "{f} vs {ma}"
    );

    // Display: exact text, padding, and FromStr reads it back.
    let shown = a.to_string();
    assert_eq!(shown, timeval_text(a));
    assert_eq!(shown.parse::<Timeval>(), Ok(a), "{shown}");
    assert_eq!(format!("{a:>40}").trim_start(), shown);
    assert_eq!(format!("{a:*<40}").trim_end_matches('*'), shown);

    // FromStr of arbitrary text agrees with the model, and what it accepts re-displays to the
    // same value.
    let parsed = text.parse::<Timeval>();
    match parse_timeval_model(&text) {
        Ok(m) => {
            let t = parsed.unwrap_or_else(|e| panic!("{text:?}: {e:?}, model {m}"));
            assert_is(t, m, "FromStr");
            assert_eq!(t.to_string().parse::<Timeval>(), Ok(t));
        }
        Err(e) => assert_eq!(parsed, Err(e), "{text:?}"),
    }
    if let Err(e) = parsed {
        assert!(!e.to_string().is_empty());
    }
    let _ = micros(a);
});
