//! The limit value syntax, `RlimitSpec::parse` and its `Display`, against a model of the
//! grammar: `SOFT:HARD`, `SOFT:`, `:HARD`, one value for both; each side digits with the
//! resource's unit suffix, `unlimited` or `infinity`; `RLIM64_INFINITY` is unlimited.
//!
//! Input: byte 0 picks the resource; bytes 1..17 a current limit for `apply`; bytes 17..19 two
//! settings for `RlimitSpec::new`; the rest is the text.
//!
//! Properties: parse accepts exactly what the model accepts, with the same value, and fails
//! with the same structural error (empty, too many colons, nothing to set, soft above hard);
//! whatever parses keeps the type's invariants, and its text parses back to the same spec for
//! every resource (`parse(format(x)) == x`); `apply` resolves each side; error texts are
//! non-empty and quote part of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsrc::{Resource, Rlimit, RlimitSpec, Setting, SpecErrorKind};
use rsrc_fuzz::Input;

/// One side, per the grammar; `Err(())` for any malformed side.
fn side(r: Resource, text: &str) -> Result<Setting, ()> {
    if text.is_empty() {
        return Ok(Setting::Keep);
    }
    if text.eq_ignore_ascii_case("unlimited") || text.eq_ignore_ascii_case("infinity") {
        return Ok(Setting::Unlimited);
    }
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(split);
    if digits.is_empty() {
        return Err(());
    }
    let value: u128 = digits.parse::<u128>().map_err(|_| ())?; // at most 39 digits fit
    let mult: u128 = match (r.unit(), suffix) {
        (_, "") => 1,
        ("bytes", "K" | "KiB") => 1 << 10,
        ("bytes", "M" | "MiB") => 1 << 20,
        ("bytes", "G" | "GiB") => 1 << 30,
        ("bytes", "T" | "TiB") => 1 << 40,
        ("seconds", "s") => 1,
        ("seconds", "m") => 60,
        ("seconds", "h") => 3600,
        _ => return Err(()),
    };
    let v = value.checked_mul(mult).ok_or(())?;
    match u64::try_from(v) {
        Ok(u64::MAX) => Ok(Setting::Unlimited),
        Ok(v) => Ok(Setting::Value(v)),
        Err(_) => Err(()),
    }
}

#[derive(Debug, PartialEq)]
enum Model {
    Ok(Setting, Setting),
    Structural(SpecErrorKind),
    BadSide,
}

fn model(r: Resource, text: &str) -> Model {
    if text.is_empty() {
        return Model::Structural(SpecErrorKind::Empty);
    }
    let parts: Vec<&str> = text.split(':').collect();
    let (s, h) = match parts[..] {
        [one] => match side(r, one) {
            Ok(v) => (v, v),
            Err(()) => return Model::BadSide,
        },
        [soft, hard] => match (side(r, soft), side(r, hard)) {
            (Ok(s), Ok(h)) => (s, h),
            _ => return Model::BadSide,
        },
        _ => return Model::Structural(SpecErrorKind::TooManyColons),
    };
    let known = |x: Setting| match x {
        Setting::Keep => None,
        Setting::Unlimited => Some(None),
        Setting::Value(v) => Some(Some(v)),
    };
    match (known(s), known(h)) {
        (None, None) => Model::Structural(SpecErrorKind::NothingToSet),
        (Some(soft), Some(Some(hard))) if soft.map_or(true, |v| v > hard) => {
            Model::Structural(SpecErrorKind::SoftAboveHard { soft, hard })
        }
        _ => Model::Ok(s, h),
    }
}

fn setting(b: u8, value: u64) -> Setting {
    match b % 4 {
        0 => Setting::Keep,
        1 => Setting::Unlimited,
        2 => Setting::Value(value),
        _ => Setting::Value(value >> (b / 4 % 64)),
    }
}

fn check_spec(spec: RlimitSpec, current: Rlimit) {
    let (s, h) = (spec.soft(), spec.hard());
    assert!(!(s == Setting::Keep && h == Setting::Keep));
    assert!(s != Setting::Value(u64::MAX) && h != Setting::Value(u64::MAX));
    if let (Some(sv), Setting::Value(hv)) = (
        match s {
            Setting::Keep => None,
            Setting::Unlimited => Some(None),
            Setting::Value(v) => Some(Some(v)),
        },
        h,
    ) {
        assert!(sv.is_some_and(|v| v <= hv), "{spec:?}");
    }
    let text = spec.to_string();
    for r in Resource::ALL {
        assert_eq!(RlimitSpec::parse(r, &text), Ok(spec), "{r}: {text:?}");
    }
    assert_eq!(
        spec.apply(current),
        Rlimit::new(s.resolve(current.soft), h.resolve(current.hard))
    );
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let r = Resource::ALL[input.u8() as usize % 16];
    let current = Rlimit::from_raw([input.u64(), input.u64()]);
    let (a, b) = (input.u8(), input.u8());
    let text = String::from_utf8_lossy(input.rest()).into_owned();

    let got = RlimitSpec::parse(r, &text);
    match (model(r, &text), &got) {
        (Model::Ok(s, h), Ok(spec)) => {
            assert_eq!((spec.soft(), spec.hard()), (s, h), "{r} {text:?}");
            check_spec(*spec, current);
        }
        (Model::Structural(kind), Err(e)) => assert_eq!(e.kind(), kind, "{r} {text:?}"),
        (Model::BadSide, Err(e)) => {
            assert!(
                matches!(
                    e.kind(),
                    SpecErrorKind::NotANumber
                        | SpecErrorKind::Negative
                        | SpecErrorKind::Overflow
                        | SpecErrorKind::UnknownSuffix
                ),
                "{r} {text:?}: {e:?}"
            );
            assert!(
                !e.text().is_empty() && text.contains(e.text()),
                "{text:?}: {e:?}"
            );
            assert!(e.side().is_some());
        }
        (m, got) => panic!("{r} {text:?}: model {m:?}, parse {got:?}"),
    }
    if let Err(e) = got {
        assert!(!e.to_string().is_empty());
        assert_eq!(e.resource(), Some(r));
    }

    // Specs built from settings: the canonical text round-trips for every resource.
    let (sv, hv) = (current.to_raw()[0], current.to_raw()[1]);
    if let Ok(spec) = RlimitSpec::new(setting(a, sv), setting(b, hv)) {
        check_spec(spec, current);
    }
    let both = RlimitSpec::both(current.soft);
    check_spec(both, current);
});
