//! Limit values as people write them: `SOFT:HARD`, `unlimited`, `4M`, `2h` (see
//! [`RlimitSpec`]).

use crate::limit::{Resource, Rlimit};
use core::fmt;

/// One side (soft or hard) of an [`RlimitSpec`]: keep the current value, make it unlimited, or
/// set a number.
///
/// `Display` writes the spec syntax: the empty string for `Keep`, `unlimited`, or the decimal
/// number.
///
/// # Example
/// ```
/// use rsrc::Setting;
/// assert_eq!(Setting::Value(8).resolve(Some(4)), Some(8));
/// assert_eq!(Setting::Keep.resolve(Some(4)), Some(4));
/// assert_eq!(Setting::Unlimited.resolve(Some(4)), None);
/// assert_eq!(Setting::Unlimited.to_string(), "unlimited");
/// ```
///
/// # References
/// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    /// Leave the current value as it is (the empty side of `SOFT:` or `:HARD`).
    Keep,
    /// No limit (`unlimited`, `infinity`; `RLIM64_INFINITY` for the kernel).
    Unlimited,
    /// This many units of the resource (bytes, seconds, files...). An [`RlimitSpec`] never
    /// holds `Value(u64::MAX)`: that number is `RLIM64_INFINITY`, so it becomes `Unlimited`.
    Value(u64),
}

impl Setting {
    /// The limit this setting gives when the current one is `current` (`None`: unlimited).
    ///
    /// # Example
    /// ```
    /// assert_eq!(rsrc::Setting::Keep.resolve(None), None);
    /// ```
    ///
    /// # References
    /// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
    #[inline]
    pub const fn resolve(self, current: Option<u64>) -> Option<u64> {
        match self {
            Setting::Keep => current,
            Setting::Unlimited => None,
            Setting::Value(v) => Some(v),
        }
    }

    /// `Value(u64::MAX)` is `RLIM64_INFINITY`: the same limit as `Unlimited`.
    #[inline]
    const fn normalized(self) -> Setting {
        match self {
            Setting::Value(u64::MAX) => Setting::Unlimited,
            s => s,
        }
    }

    /// The number this setting stands for if it is known without the current limit:
    /// `Some(None)` for unlimited, `Some(Some(v))` for a value, `None` for `Keep`.
    #[inline]
    const fn known(self) -> Option<Option<u64>> {
        match self {
            Setting::Keep => None,
            Setting::Unlimited => Some(None),
            Setting::Value(v) => Some(Some(v)),
        }
    }
}

impl fmt::Display for Setting {
    /// `""` for `Keep`, `unlimited`, or the number. Width and alignment flags are honoured.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Setting::Keep => f.pad(""),
            Setting::Unlimited => f.pad("unlimited"),
            Setting::Value(v) => fmt::Display::fmt(v, f),
        }
    }
}

/// A requested change of a soft and a hard limit, as written in `prlimit(1)`'s syntax, for
/// command lines and configuration files:
///
/// | text | soft | hard |
/// |---|---|---|
/// | `1024` | 1024 | 1024 |
/// | `1024:4096` | 1024 | 4096 |
/// | `1024:` | 1024 | kept |
/// | `:4096` | kept | 4096 |
/// | `unlimited` or `infinity` (any case) | unlimited | unlimited |
/// | `4M:unlimited` (byte limits) | 4 MiB | unlimited |
/// | `90s:2h` (`Cpu`) | 90 s | 7200 s |
///
/// Numbers are plain base-10 digits (no sign, no spaces, no fraction). Byte limits take the
/// suffixes `K`, `M`, `G`, `T` (or `KiB`, `MiB`, `GiB`, `TiB`), powers of 1024; `Cpu` takes
/// `s`, `m`, `h`; other limits take none. `18446744073709551615` (`RLIM64_INFINITY`) reads as
/// `unlimited`, as the kernel would take it.
///
/// Every `RlimitSpec` is well formed: it changes at least one side, and when both sides are
/// known it does not put the soft limit above the hard one. Whether the result is valid for a
/// particular process depends on the side that is kept: [`apply`](RlimitSpec::apply) it to the
/// current limit and check [`Rlimit::is_valid`].
///
/// `Display` writes the canonical text, which [`parse`](RlimitSpec::parse) reads back to the
/// same spec for every resource: one value when both sides are equal, `SOFT:HARD` otherwise,
/// with an empty side for `Keep` and plain decimal numbers.
///
/// # Example
/// ```
/// use rsrc::{Resource, Rlimit, RlimitSpec, Setting};
/// let spec = RlimitSpec::parse(Resource::Stack, "8M:")?;
/// assert_eq!((spec.soft(), spec.hard()), (Setting::Value(8 << 20), Setting::Keep));
/// assert_eq!(spec.to_string(), "8388608:");
/// let new = spec.apply(Rlimit::new(Some(1 << 20), None));
/// assert_eq!(new, Rlimit::new(Some(8 << 20), None));
/// assert!(new.is_valid());
/// # Ok::<(), rsrc::SpecError>(())
/// ```
///
/// # References
/// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html),
///   [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RlimitSpec {
    // Invariants (kept by `new`): not both Keep; no Value(u64::MAX); when both are known,
    // soft <= hard.
    soft: Setting,
    hard: Setting,
}

impl RlimitSpec {
    /// A spec from its two sides. `Value(u64::MAX)` is taken as `Unlimited`.
    ///
    /// # Errors
    /// [`SpecErrorKind::NothingToSet`] if both sides are `Keep`;
    /// [`SpecErrorKind::SoftAboveHard`] if both are known and the soft one is larger
    /// (`Unlimited` is larger than every number).
    ///
    /// # Example
    /// ```
    /// use rsrc::{RlimitSpec, Setting, SpecErrorKind};
    /// let s = RlimitSpec::new(Setting::Keep, Setting::Value(u64::MAX))?;
    /// assert_eq!(s.hard(), Setting::Unlimited);
    /// let e = RlimitSpec::new(Setting::Value(9), Setting::Value(8)).unwrap_err();
    /// assert_eq!(e.kind(), SpecErrorKind::SoftAboveHard { soft: Some(9), hard: 8 });
    /// # Ok::<(), rsrc::SpecError>(())
    /// ```
    ///
    /// # References
    /// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
    pub const fn new(soft: Setting, hard: Setting) -> Result<RlimitSpec, SpecError> {
        let (soft, hard) = (soft.normalized(), hard.normalized());
        match (soft.known(), hard.known()) {
            (None, None) => Err(SpecError::new(SpecErrorKind::NothingToSet, None, None)),
            (Some(s), Some(Some(h))) if !Rlimit::new(s, Some(h)).is_valid() => Err(SpecError::new(
                SpecErrorKind::SoftAboveHard { soft: s, hard: h },
                None,
                None,
            )),
            _ => Ok(RlimitSpec { soft, hard }),
        }
    }

    /// Both sides set to `limit` (`None`: unlimited), like a single value such as `1024`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(rsrc::RlimitSpec::both(Some(0)).to_string(), "0");
    /// ```
    ///
    /// # References
    /// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
    pub const fn both(limit: Option<u64>) -> RlimitSpec {
        let s = match limit {
            Some(v) => Setting::Value(v).normalized(),
            None => Setting::Unlimited,
        };
        RlimitSpec { soft: s, hard: s }
    }

    /// The soft side.
    ///
    /// # Example
    /// ```
    /// let s = rsrc::RlimitSpec::parse(rsrc::Resource::Core, ":0")?;
    /// assert_eq!(s.soft(), rsrc::Setting::Keep);
    /// # Ok::<(), rsrc::SpecError>(())
    /// ```
    ///
    /// # References
    /// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
    #[inline]
    pub const fn soft(&self) -> Setting {
        self.soft
    }

    /// The hard side.
    ///
    /// # Example
    /// ```
    /// let s = rsrc::RlimitSpec::parse(rsrc::Resource::Core, ":0")?;
    /// assert_eq!(s.hard(), rsrc::Setting::Value(0));
    /// # Ok::<(), rsrc::SpecError>(())
    /// ```
    ///
    /// # References
    /// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
    #[inline]
    pub const fn hard(&self) -> Setting {
        self.hard
    }

    /// The limit that results from applying this spec to `current`: `Keep` sides come from
    /// `current`. The result may put the soft limit above the hard one (`:10` when the
    /// current soft limit is 1024); check [`Rlimit::is_valid`] before setting it.
    ///
    /// # Example
    /// ```
    /// use rsrc::{Resource, Rlimit, RlimitSpec};
    /// let spec = RlimitSpec::parse(Resource::Nofile, ":10")?;
    /// let new = spec.apply(Rlimit::new(Some(1024), Some(4096)));
    /// assert_eq!(new, Rlimit::new(Some(1024), Some(10)));
    /// assert!(!new.is_valid());
    /// # Ok::<(), rsrc::SpecError>(())
    /// ```
    ///
    /// # References
    /// - [`setrlimit(2)`](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
    #[inline]
    pub const fn apply(self, current: Rlimit) -> Rlimit {
        Rlimit::new(
            self.soft.resolve(current.soft),
            self.hard.resolve(current.hard),
        )
    }

    /// Parses `text` as a limit of `resource`; the resource decides which unit suffixes are
    /// allowed (`K`/`M`/`G`/`T` for byte limits, `s`/`m`/`h` for `Cpu`).
    ///
    /// # Errors
    /// A [`SpecError`] saying which side is wrong and why (empty, `:` alone, more than one
    /// `:`, not a number, negative, too large, a suffix this resource does not take, soft above
    /// hard).
    ///
    /// # Example
    /// ```
    /// use rsrc::{Resource, RlimitSpec, Setting, SpecErrorKind};
    /// let s = RlimitSpec::parse(Resource::Cpu, "90s:2h")?;
    /// assert_eq!((s.soft(), s.hard()), (Setting::Value(90), Setting::Value(7200)));
    /// assert_eq!(RlimitSpec::parse(Resource::Nofile, "infinity")?, RlimitSpec::both(None));
    ///
    /// let e = RlimitSpec::parse(Resource::Nofile, "1K").unwrap_err();
    /// assert_eq!(e.kind(), SpecErrorKind::UnknownSuffix);
    /// assert_eq!(e.to_string(),
    ///     "value '1K': NOFILE takes a plain number (files), without a unit suffix");
    /// # Ok::<(), rsrc::SpecError>(())
    /// ```
    ///
    /// # References
    /// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
    pub fn parse(resource: Resource, text: &str) -> Result<RlimitSpec, SpecError> {
        let r = Some(resource);
        if text.is_empty() {
            return Err(SpecError::new(SpecErrorKind::Empty, None, r));
        }
        let spec = match text.split_once(':') {
            None => {
                let v = parse_side(resource, Side::Both, text)?;
                RlimitSpec::new(v, v)
            }
            Some((_, hard)) if hard.contains(':') => {
                return Err(SpecError::new(SpecErrorKind::TooManyColons, None, r))
            }
            Some((soft, hard)) => {
                let s = parse_side(resource, Side::Soft, soft)?;
                let h = parse_side(resource, Side::Hard, hard)?;
                RlimitSpec::new(s, h)
            }
        };
        spec.map_err(|e| SpecError { resource: r, ..e })
    }
}

impl fmt::Display for RlimitSpec {
    /// The canonical text: `VALUE` when both sides are equal, else `SOFT:HARD` with an empty
    /// side for `Keep`. Width and alignment flags are not honoured.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.soft == self.hard {
            write!(f, "{}", self.soft)
        } else {
            write!(f, "{}:{}", self.soft, self.hard)
        }
    }
}

/// The unit suffixes a resource accepts, and their multipliers.
fn suffixes(resource: Resource) -> &'static [(&'static str, u64)] {
    const BYTES: [(&str, u64); 8] = [
        ("K", 1 << 10),
        ("M", 1 << 20),
        ("G", 1 << 30),
        ("T", 1 << 40),
        ("KiB", 1 << 10),
        ("MiB", 1 << 20),
        ("GiB", 1 << 30),
        ("TiB", 1 << 40),
    ];
    const SECONDS: [(&str, u64); 3] = [("s", 1), ("m", 60), ("h", 3600)];
    match resource.unit().as_bytes() {
        b"bytes" => &BYTES,
        b"seconds" => &SECONDS,
        _ => &[],
    }
}

fn parse_side(resource: Resource, side: Side, text: &str) -> Result<Setting, SpecError> {
    let err = |kind| Err(SpecError::with_text(kind, side, resource, text));
    if text.is_empty() {
        // Only reachable for one side of `SOFT:HARD`: keep that side.
        return Ok(Setting::Keep);
    }
    if text.eq_ignore_ascii_case("unlimited") || text.eq_ignore_ascii_case("infinity") {
        return Ok(Setting::Unlimited);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = match text.split_at_checked(digits) {
        Some(parts) => parts,
        None => return err(SpecErrorKind::NotANumber),
    };
    if number.is_empty() {
        let negative = text
            .strip_prefix('-')
            .is_some_and(|rest| rest.bytes().next().is_some_and(|b| b.is_ascii_digit()));
        return err(if negative {
            SpecErrorKind::Negative
        } else {
            SpecErrorKind::NotANumber
        });
    }
    let mut value: u64 = 0;
    for b in number.bytes() {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
        {
            Some(v) => v,
            None => return err(SpecErrorKind::Overflow),
        };
    }
    if suffix.is_empty() {
        return Ok(Setting::Value(value).normalized());
    }
    if suffix.starts_with(['.', ',']) || suffix.bytes().all(|b| b.is_ascii_digit()) {
        return err(SpecErrorKind::NotANumber);
    }
    match suffixes(resource).iter().find(|(name, _)| *name == suffix) {
        Some((_, mult)) => match value.checked_mul(*mult) {
            Some(v) => Ok(Setting::Value(v).normalized()),
            None => err(SpecErrorKind::Overflow),
        },
        None => err(SpecErrorKind::UnknownSuffix),
    }
}

/// Which part of a limit value an error is about.
///
/// # Example
/// ```
/// use rsrc::{Resource, RlimitSpec, Side};
/// let e = RlimitSpec::parse(Resource::Nofile, "1:x").unwrap_err();
/// assert_eq!(e.side(), Some(Side::Hard));
/// ```
///
/// # References
/// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The part before the `:`.
    Soft,
    /// The part after the `:`.
    Hard,
    /// A single value (no `:`), which sets both.
    Both,
}

impl Side {
    const fn noun(self) -> &'static str {
        match self {
            Side::Soft => "soft limit",
            Side::Hard => "hard limit",
            Side::Both => "value",
        }
    }
}

/// What is wrong with a limit value; see [`SpecError`].
///
/// # Example
/// ```
/// use rsrc::{Resource, RlimitSpec, SpecErrorKind};
/// let kind = |s| RlimitSpec::parse(Resource::Nofile, s).unwrap_err().kind();
/// assert_eq!(kind(":"), SpecErrorKind::NothingToSet);
/// assert_eq!(kind("1:2:3"), SpecErrorKind::TooManyColons);
/// assert_eq!(kind("-1"), SpecErrorKind::Negative);
/// assert_eq!(kind("18446744073709551616"), SpecErrorKind::Overflow);
/// ```
///
/// # References
/// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpecErrorKind {
    /// The whole value is empty.
    Empty,
    /// `:` alone: neither side is given.
    NothingToSet,
    /// More than one `:`.
    TooManyColons,
    /// A side is not digits with an optional unit suffix, `unlimited` or `infinity`
    /// (signs, spaces, fractions and other characters are refused).
    NotANumber,
    /// A side is a negative number (use `unlimited` for no limit).
    Negative,
    /// A side is larger than `u64::MAX` (with its suffix applied).
    Overflow,
    /// A side has a unit suffix this resource does not take.
    UnknownSuffix,
    /// Both sides are given and the soft limit is above the hard one (`None`: unlimited).
    SoftAboveHard {
        /// The soft limit given.
        soft: Option<u64>,
        /// The hard limit given.
        hard: u64,
    },
}

/// Why a limit value was refused: the [kind](SpecErrorKind) of problem, the [side](Side) it is
/// on, the resource, and (up to 24 bytes of) the offending text.
///
/// `Display` is one line meant for people, e.g.
/// `soft limit '-1' is negative (use 'unlimited' for no limit)`.
///
/// # Example
/// ```
/// use rsrc::{Resource, RlimitSpec};
/// let e = RlimitSpec::parse(Resource::Fsize, "10KB").unwrap_err();
/// assert_eq!(e.text(), "10KB");
/// assert_eq!(e.to_string(), "value '10KB': unknown suffix 'KB' for FSIZE \
///     (byte limits take K, M, G, T or KiB, MiB, GiB, TiB: powers of 1024)");
/// ```
///
/// # References
/// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecError {
    kind: SpecErrorKind,
    side: Option<Side>,
    resource: Option<Resource>,
    text: Snippet,
}

impl SpecError {
    const fn new(kind: SpecErrorKind, side: Option<Side>, resource: Option<Resource>) -> Self {
        SpecError {
            kind,
            side,
            resource,
            text: Snippet::EMPTY,
        }
    }

    fn with_text(kind: SpecErrorKind, side: Side, resource: Resource, text: &str) -> Self {
        SpecError {
            kind,
            side: Some(side),
            resource: Some(resource),
            text: Snippet::new(text),
        }
    }

    /// What is wrong.
    ///
    /// # Example
    /// ```
    /// let e = rsrc::RlimitSpec::parse(rsrc::Resource::Core, "").unwrap_err();
    /// assert_eq!(e.kind(), rsrc::SpecErrorKind::Empty);
    /// ```
    ///
    /// # References
    /// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
    #[inline]
    pub const fn kind(&self) -> SpecErrorKind {
        self.kind
    }

    /// The side the problem is on, if it is about one side.
    ///
    /// # Example
    /// ```
    /// let e = rsrc::RlimitSpec::parse(rsrc::Resource::Core, "x:").unwrap_err();
    /// assert_eq!(e.side(), Some(rsrc::Side::Soft));
    /// ```
    ///
    /// # References
    /// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
    #[inline]
    pub const fn side(&self) -> Option<Side> {
        self.side
    }

    /// The resource being parsed (`None` for an error of [`RlimitSpec::new`]).
    ///
    /// # Example
    /// ```
    /// let e = rsrc::RlimitSpec::parse(rsrc::Resource::Core, "x").unwrap_err();
    /// assert_eq!(e.resource(), Some(rsrc::Resource::Core));
    /// ```
    ///
    /// # References
    /// - [`getrlimit(2)`](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
    #[inline]
    pub const fn resource(&self) -> Option<Resource> {
        self.resource
    }

    /// The offending side's text, cut to at most 24 bytes (at a character boundary); empty
    /// when the error is not about one side.
    ///
    /// # Example
    /// ```
    /// let e = rsrc::RlimitSpec::parse(rsrc::Resource::Core, "1:x").unwrap_err();
    /// assert_eq!(e.text(), "x");
    /// ```
    ///
    /// # References
    /// - [`prlimit(1)`](https://man7.org/linux/man-pages/man1/prlimit.1.html)
    #[inline]
    pub fn text(&self) -> &str {
        self.text.as_str()
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = self.side.map_or("value", Side::noun);
        let text = self.text.as_str();
        let ell = if self.text.cut { "..." } else { "" };
        let name = self.resource.map_or("this resource", Resource::short_name);
        match self.kind {
            SpecErrorKind::Empty => {
                f.write_str("empty value (expected SOFT:HARD, SOFT:, :HARD, one number, or 'unlimited')")
            }
            SpecErrorKind::NothingToSet => {
                f.write_str("':' alone sets nothing (expected SOFT:HARD, SOFT: or :HARD)")
            }
            SpecErrorKind::TooManyColons => {
                f.write_str("more than one ':' (expected SOFT:HARD, SOFT: or :HARD)")
            }
            SpecErrorKind::NotANumber => write!(
                f,
                "{side} '{text}{ell}' is not a whole number (expected digits, 'unlimited' or 'infinity')"
            ),
            SpecErrorKind::Negative => write!(
                f,
                "{side} '{text}{ell}' is negative (use 'unlimited' for no limit)"
            ),
            SpecErrorKind::Overflow => write!(
                f,
                "{side} '{text}{ell}' is too large (at most {}, or 'unlimited')",
                u64::MAX
            ),
            SpecErrorKind::UnknownSuffix => {
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                let suffix = text.get(digits..).unwrap_or("");
                match self.resource.map(|r| r.unit()) {
                    Some("bytes") => write!(
                        f,
                        "{side} '{text}{ell}': unknown suffix '{suffix}{ell}' for {name} \
                         (byte limits take K, M, G, T or KiB, MiB, GiB, TiB: powers of 1024)"
                    ),
                    Some("seconds") => write!(
                        f,
                        "{side} '{text}{ell}': unknown suffix '{suffix}{ell}' for {name} \
                         (CPU time takes s, m or h)"
                    ),
                    Some(unit) if !unit.is_empty() => write!(
                        f,
                        "{side} '{text}{ell}': {name} takes a plain number ({unit}), \
                         without a unit suffix"
                    ),
                    _ => write!(
                        f,
                        "{side} '{text}{ell}': {name} takes a plain number, without a unit suffix"
                    ),
                }
            }
            SpecErrorKind::SoftAboveHard { soft, hard } => match soft {
                Some(s) => write!(f, "soft limit {s} is above hard limit {hard}"),
                None => write!(f, "soft limit unlimited is above hard limit {hard}"),
            },
        }
    }
}

impl core::error::Error for SpecError {}

/// A short copy of the offending text, so that `SpecError` is `Copy` and needs no lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Snippet {
    bytes: [u8; Snippet::CAP],
    len: u8,
    /// The text was longer and has been cut.
    cut: bool,
}

impl Snippet {
    const CAP: usize = 24;
    const EMPTY: Snippet = Snippet {
        bytes: [0; Snippet::CAP],
        len: 0,
        cut: false,
    };

    fn new(text: &str) -> Snippet {
        let mut end = text.len().min(Snippet::CAP);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let src = text.as_bytes().get(..end).unwrap_or(&[]);
        let mut s = Snippet {
            cut: end < text.len(),
            len: src.len() as u8,
            ..Snippet::EMPTY
        };
        if let Some(dst) = s.bytes.get_mut(..src.len()) {
            dst.copy_from_slice(src);
        }
        s
    }

    fn as_str(&self) -> &str {
        // A whole prefix of a `&str` cut at a character boundary: valid UTF-8.
        core::str::from_utf8(self.bytes.get(..usize::from(self.len)).unwrap_or(&[])).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::{String, ToString};

    fn p(r: Resource, s: &str) -> Result<(Setting, Setting), SpecErrorKind> {
        RlimitSpec::parse(r, s)
            .map(|x| (x.soft(), x.hard()))
            .map_err(|e| e.kind())
    }

    use Setting::{Keep, Unlimited, Value};

    #[test]
    fn forms() {
        let n = Resource::Nofile;
        assert_eq!(p(n, "1024"), Ok((Value(1024), Value(1024))));
        assert_eq!(p(n, "1024:4096"), Ok((Value(1024), Value(4096))));
        assert_eq!(p(n, "1024:"), Ok((Value(1024), Keep)));
        assert_eq!(p(n, ":4096"), Ok((Keep, Value(4096))));
        assert_eq!(p(n, "unlimited"), Ok((Unlimited, Unlimited)));
        assert_eq!(p(n, "INFINITY"), Ok((Unlimited, Unlimited)));
        assert_eq!(p(n, "5:unlimited"), Ok((Value(5), Unlimited)));
        assert_eq!(p(n, "unlimited:"), Ok((Unlimited, Keep)));
        assert_eq!(p(n, ":infinity"), Ok((Keep, Unlimited)));
        assert_eq!(p(n, "0"), Ok((Value(0), Value(0))));
        assert_eq!(p(n, "007"), Ok((Value(7), Value(7))));
        assert_eq!(
            p(n, "18446744073709551614"),
            Ok((Value(u64::MAX - 1), Value(u64::MAX - 1)))
        );
        assert_eq!(p(n, "18446744073709551615"), Ok((Unlimited, Unlimited)));
        assert_eq!(p(n, "1:18446744073709551615"), Ok((Value(1), Unlimited)));
    }

    #[test]
    fn suffixes_by_resource() {
        assert_eq!(
            p(Resource::Stack, "8M"),
            Ok((Value(8 << 20), Value(8 << 20)))
        );
        assert_eq!(
            p(Resource::As, "1K:2GiB"),
            Ok((Value(1024), Value(2 << 30)))
        );
        assert_eq!(p(Resource::Memlock, "3T:"), Ok((Value(3 << 40), Keep)));
        assert_eq!(p(Resource::Cpu, "90s:2h"), Ok((Value(90), Value(7200))));
        assert_eq!(p(Resource::Cpu, "3m"), Ok((Value(180), Value(180))));
        for (r, s) in [
            (Resource::Nofile, "1K"),
            (Resource::Cpu, "1M"),
            (Resource::Cpu, "1K"),
            (Resource::Stack, "1m"),
            (Resource::Stack, "1k"),
            (Resource::Stack, "1KB"),
            (Resource::Stack, "1h"),
            (Resource::Nice, "1s"),
            (Resource::Rttime, "1s"),
            (Resource::Stack, "1 K"),
        ] {
            assert_eq!(p(r, s), Err(SpecErrorKind::UnknownSuffix), "{r} {s}");
        }
        assert_eq!(
            p(Resource::Stack, "16777216T"),
            Err(SpecErrorKind::Overflow)
        );
        assert_eq!(
            p(Resource::Stack, "16777215T"),
            Ok((Value(16777215 << 40), Value(16777215 << 40)))
        );
    }

    #[test]
    fn errors() {
        let n = Resource::Nofile;
        use SpecErrorKind::*;
        for (s, k) in [
            ("", Empty),
            (":", NothingToSet),
            ("1:2:3", TooManyColons),
            ("::", TooManyColons),
            ("-1", Negative),
            ("1:-5", Negative),
            ("-", NotANumber),
            ("-x", NotANumber),
            ("+1", NotANumber),
            (" 1", NotANumber),
            ("1 ", UnknownSuffix),
            ("1.5", NotANumber),
            ("1,5", NotANumber),
            ("abc", NotANumber),
            ("unlimitedx", NotANumber),
            ("１２", NotANumber),
            ("18446744073709551616", Overflow),
            ("99999999999999999999999999:", Overflow),
            (
                "10:5",
                SoftAboveHard {
                    soft: Some(10),
                    hard: 5,
                },
            ),
            (
                "unlimited:5",
                SoftAboveHard {
                    soft: None,
                    hard: 5,
                },
            ),
        ] {
            assert_eq!(p(n, s), Err(k), "{s:?}");
        }
        let e = RlimitSpec::parse(n, "1:-5").unwrap_err();
        assert_eq!(
            (e.side(), e.text(), e.resource()),
            (Some(Side::Hard), "-5", Some(n))
        );
        let e = RlimitSpec::parse(n, "10:5").unwrap_err();
        assert_eq!((e.side(), e.resource()), (None, Some(n)));
    }

    #[test]
    fn messages() {
        let m = |r, s| RlimitSpec::parse(r, s).unwrap_err().to_string();
        let n = Resource::Nofile;
        assert_eq!(
            m(n, ""),
            "empty value (expected SOFT:HARD, SOFT:, :HARD, one number, or 'unlimited')"
        );
        assert_eq!(
            m(n, ":"),
            "':' alone sets nothing (expected SOFT:HARD, SOFT: or :HARD)"
        );
        assert_eq!(
            m(n, "1:2:3"),
            "more than one ':' (expected SOFT:HARD, SOFT: or :HARD)"
        );
        assert_eq!(
            m(n, "-1:"),
            "soft limit '-1' is negative (use 'unlimited' for no limit)"
        );
        assert_eq!(
            m(n, "5:x"),
            "hard limit 'x' is not a whole number (expected digits, 'unlimited' or 'infinity')"
        );
        assert_eq!(
            m(n, "18446744073709551616"),
            "value '18446744073709551616' is too large (at most 18446744073709551615, or 'unlimited')"
        );
        assert_eq!(m(n, "10:5"), "soft limit 10 is above hard limit 5");
        assert_eq!(
            m(Resource::Cpu, "1d"),
            "value '1d': unknown suffix 'd' for CPU (CPU time takes s, m or h)"
        );
        assert_eq!(
            m(Resource::Nice, "1K"),
            "value '1K': NICE takes a plain number, without a unit suffix"
        );
        let long: String = core::iter::repeat_n('9', 1000).collect();
        assert_eq!(
            m(n, &long),
            "value '999999999999999999999999...' is too large (at most 18446744073709551615, or 'unlimited')"
        );
        // Cut at a character boundary.
        let e = RlimitSpec::parse(n, "ééééééééééééé").unwrap_err();
        assert_eq!(e.text(), "éééééééééééé");
    }

    #[test]
    fn new_and_apply() {
        assert_eq!(
            RlimitSpec::new(Keep, Keep).unwrap_err().kind(),
            SpecErrorKind::NothingToSet
        );
        assert_eq!(
            RlimitSpec::new(Value(u64::MAX), Keep).unwrap().soft(),
            Unlimited
        );
        assert!(RlimitSpec::new(Unlimited, Keep).is_ok());
        assert!(RlimitSpec::new(Keep, Value(0)).is_ok());
        assert!(RlimitSpec::new(Value(3), Value(3)).is_ok());
        assert_eq!(RlimitSpec::both(Some(u64::MAX)), RlimitSpec::both(None));
        let cur = Rlimit::new(Some(10), Some(20));
        let a = |s| RlimitSpec::parse(Resource::Nofile, s).unwrap().apply(cur);
        assert_eq!(a("5"), Rlimit::new(Some(5), Some(5)));
        assert_eq!(a("5:"), Rlimit::new(Some(5), Some(20)));
        assert_eq!(a(":15"), Rlimit::new(Some(10), Some(15)));
        assert_eq!(a("unlimited:"), Rlimit::new(None, Some(20)));
        assert!(!a("unlimited:").is_valid());
        assert_eq!(a(":unlimited"), Rlimit::new(Some(10), None));
    }

    #[test]
    fn round_trip() {
        let settings = [
            Keep,
            Unlimited,
            Value(0),
            Value(1),
            Value(1 << 20),
            Value(u64::MAX - 1),
        ];
        for r in Resource::ALL {
            for s in settings {
                for h in settings {
                    let Ok(spec) = RlimitSpec::new(s, h) else {
                        continue;
                    };
                    let text = spec.to_string();
                    assert_eq!(RlimitSpec::parse(r, &text), Ok(spec), "{r} {text:?}");
                }
            }
        }
        assert_eq!(RlimitSpec::both(Some(5)).to_string(), "5");
        assert_eq!(RlimitSpec::new(Keep, Value(5)).unwrap().to_string(), ":5");
        assert_eq!(
            RlimitSpec::new(Unlimited, Keep).unwrap().to_string(),
            "unlimited:"
        );
        assert_eq!(
            RlimitSpec::new(Value(1), Unlimited).unwrap().to_string(),
            "1:unlimited"
        );
        let _ = ToString::to_string(&Setting::Keep);
    }
}
