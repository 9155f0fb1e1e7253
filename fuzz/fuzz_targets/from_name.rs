//! `Resource::from_name` (and `abi::find`) on any string.
//!
//! Properties: `from_name(s)` is `Some(r)` exactly when `s` equals `r.name()` or
//! `r.short_name()` ignoring ASCII case, for the one such `r`; every answer round-trips through
//! the raw number of every ABI; `abi::find(s)` only returns a row of `abi::ALL`, and finds the
//! row whose name `s` spells in any ASCII case.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsrc::{abi, Resource};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s: &str = &s;
    let got = Resource::from_name(s);
    let matching: Vec<Resource> = Resource::ALL
        .into_iter()
        .filter(|r| s.eq_ignore_ascii_case(r.name()) || s.eq_ignore_ascii_case(r.short_name()))
        .collect();
    assert!(matching.len() <= 1, "{s:?} names several resources");
    assert_eq!(got, matching.first().copied(), "{s:?}");
    if let Some(r) = got {
        assert_eq!(Resource::from_name(r.name()), Some(r));
        assert_eq!(
            Resource::from_name(&r.short_name().to_ascii_lowercase()),
            Some(r)
        );
        assert_eq!(r.to_string(), r.name());
        assert_eq!(r.name().strip_prefix("RLIMIT_"), Some(r.short_name()));
        for a in &abi::ALL {
            assert_eq!(a.resource(a.rlimit(r)), Some(r), "{}", a.name);
        }
        assert_eq!(Resource::from_raw(r.as_raw()), Some(r));
    }

    let found = abi::find(s);
    if let Some(a) = found {
        assert!(abi::ALL.iter().any(|b| core::ptr::eq(a, b)));
    }
    if let Some(a) = abi::ALL.iter().find(|a| a.name.eq_ignore_ascii_case(s)) {
        assert!(found.is_some_and(|f| core::ptr::eq(f, a)), "{s:?}");
    }
});
