//! `Timeval`: CPU time as the kernel reports it, in exact fixed-point microseconds.

use core::fmt;
use core::ops::{Add, Sub};
use core::str::FromStr;
use core::time::Duration;

/// A non-negative span of time with microsecond resolution, as in the kernel's `struct timeval`.
///
/// The representation is the kernel's own on 64-bit Linux (`tv_sec`, then `tv_usec`, both 64
/// bits), so [`getrusage`](crate::getrusage) lets the kernel write into it directly there.
/// Arithmetic saturates instead of overflowing; nothing needs floating point except
/// [`as_secs_f64`](Timeval::as_secs_f64). `Display` prints exact fixed-point seconds with six
/// decimals, as Python's `ru_utime` would print if it were not a float, and `FromStr` reads that
/// form back.
///
/// # Example
/// ```
/// use rsrc::Timeval;
/// let t = Timeval::from_micros(12_000_345);
/// assert_eq!(t.to_string(), "12.000345");
/// assert_eq!(t.as_duration(), core::time::Duration::new(12, 345_000));
/// assert_eq!("12.000345".parse::<Timeval>(), Ok(t));
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html),
///   [`timeval(3type)`](https://man7.org/linux/man-pages/man3/timeval.3type.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(C)]
pub struct Timeval {
    // Invariant: usec < 1_000_000 (constructors normalise; the kernel never writes more).
    sec: u64,
    usec: u64,
}

const MICROS_PER_SEC: u64 = 1_000_000;

impl Timeval {
    /// Zero seconds.
    pub const ZERO: Timeval = Timeval { sec: 0, usec: 0 };
    /// The largest representable value; saturating arithmetic stops here.
    pub const MAX: Timeval = Timeval {
        sec: u64::MAX,
        usec: MICROS_PER_SEC - 1,
    };

    /// `sec` seconds plus `usec` microseconds; `usec` of a second or more carries into seconds,
    /// and a sum past [`Timeval::MAX`] is `Timeval::MAX`.
    #[inline]
    pub const fn new(sec: u64, usec: u32) -> Timeval {
        let usec = usec as u64;
        match sec.checked_add(usec / MICROS_PER_SEC) {
            Some(sec) => Timeval {
                sec,
                usec: usec % MICROS_PER_SEC,
            },
            None => Timeval::MAX,
        }
    }

    /// A `Timeval` of `micros` microseconds.
    #[inline]
    pub const fn from_micros(micros: u64) -> Timeval {
        Timeval {
            sec: micros / MICROS_PER_SEC,
            usec: micros % MICROS_PER_SEC,
        }
    }

    /// The whole seconds (`tv_sec`).
    #[inline]
    pub const fn secs(self) -> u64 {
        self.sec
    }

    /// The microseconds past the whole second (`tv_usec`), below 1 000 000.
    #[inline]
    pub const fn subsec_micros(self) -> u32 {
        (self.usec % MICROS_PER_SEC) as u32
    }

    /// Total microseconds, saturating at `u64::MAX` (about 584 554 years).
    #[inline]
    pub const fn as_micros(self) -> u64 {
        self.sec
            .saturating_mul(MICROS_PER_SEC)
            .saturating_add(self.subsec_micros() as u64)
    }

    /// The same span as a [`Duration`] (exact: a `Duration` holds any `Timeval`).
    #[inline]
    pub const fn as_duration(self) -> Duration {
        Duration::new(self.sec, self.subsec_micros() * 1000)
    }

    /// Seconds as `f64`, like Python's `ru_utime`. Exact up to 2⁵³ µs (about 285 years).
    #[inline]
    pub fn as_secs_f64(self) -> f64 {
        self.sec as f64 + f64::from(self.subsec_micros()) / 1e6
    }

    /// `self + rhs`, saturating at [`Timeval::MAX`].
    #[inline]
    pub const fn saturating_add(self, rhs: Timeval) -> Timeval {
        let usec = self.subsec_micros() as u64 + rhs.subsec_micros() as u64;
        let carry = usec / MICROS_PER_SEC;
        match self.sec.checked_add(rhs.sec) {
            Some(s) => match s.checked_add(carry) {
                Some(sec) => Timeval {
                    sec,
                    usec: usec % MICROS_PER_SEC,
                },
                None => Timeval::MAX,
            },
            None => Timeval::MAX,
        }
    }

    /// `self - rhs`, or zero if `rhs` is larger.
    #[inline]
    pub const fn saturating_sub(self, rhs: Timeval) -> Timeval {
        let (a, b) = (self.subsec_micros() as u64, rhs.subsec_micros() as u64);
        let (usec, borrow) = if a >= b {
            (a - b, 0)
        } else {
            (a + MICROS_PER_SEC - b, 1)
        };
        match self.sec.checked_sub(rhs.sec) {
            Some(s) => match s.checked_sub(borrow) {
                Some(sec) => Timeval { sec, usec },
                None => Timeval::ZERO,
            },
            None => Timeval::ZERO,
        }
    }
}

impl Add for Timeval {
    type Output = Timeval;
    /// Saturating: see [`Timeval::saturating_add`].
    #[inline]
    fn add(self, rhs: Timeval) -> Timeval {
        self.saturating_add(rhs)
    }
}

impl Sub for Timeval {
    type Output = Timeval;
    /// Saturating at zero: see [`Timeval::saturating_sub`].
    #[inline]
    fn sub(self, rhs: Timeval) -> Timeval {
        self.saturating_sub(rhs)
    }
}

impl From<Timeval> for Duration {
    #[inline]
    fn from(t: Timeval) -> Duration {
        t.as_duration()
    }
}

impl TryFrom<Duration> for Timeval {
    type Error = ParseTimevalError;
    /// Exact conversion; a `Duration` with a fraction finer than a microsecond is rejected.
    fn try_from(d: Duration) -> Result<Timeval, ParseTimevalError> {
        if !d.subsec_nanos().is_multiple_of(1000) {
            return Err(ParseTimevalError::TooPrecise);
        }
        Ok(Timeval::new(d.as_secs(), d.subsec_micros()))
    }
}

impl fmt::Display for Timeval {
    /// `S.UUUUUU`: whole seconds, a dot, exactly six digits of microseconds.
    /// Width, fill and alignment flags are honoured (`{:>12}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = StackStr::new();
        // Cannot fail: 20 digits, a dot and 6 digits fit in the buffer.
        let _ = fmt::Write::write_fmt(
            &mut buf,
            format_args!("{}.{:06}", self.sec, self.subsec_micros()),
        );
        f.pad(buf.as_str())
    }
}

/// A fixed buffer that formats without allocating, so that `Display` impls can honour padding
/// with `Formatter::pad`. Writes past its end fail rather than truncate silently.
pub(crate) struct StackStr {
    bytes: [u8; 48],
    len: usize,
}

impl StackStr {
    pub(crate) const fn new() -> StackStr {
        StackStr {
            bytes: [0; 48],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole `&str`s are ever appended, so the prefix is valid UTF-8.
        core::str::from_utf8(self.bytes.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
}

impl fmt::Write for StackStr {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let dst = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Why a string is not a [`Timeval`].
///
/// # Example
/// ```
/// use rsrc::time::ParseTimevalError;
/// assert_eq!("1.2345678".parse::<rsrc::Timeval>(), Err(ParseTimevalError::TooPrecise));
/// ```
///
/// # References
/// - [`getrusage(2)`](https://man7.org/linux/man-pages/man2/getrusage.2.html)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseTimevalError {
    /// Empty, or not of the form `S`, `S.`, `S.F` or `.F` with decimal digits.
    Invalid,
    /// The whole seconds do not fit in `u64`.
    Overflow,
    /// More than six decimals (finer than a microsecond) that are not zero.
    TooPrecise,
}

impl fmt::Display for ParseTimevalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseTimevalError::Invalid => {
                "not a number of seconds (expected digits with an optional '.' and up to 6 decimals)"
            }
            ParseTimevalError::Overflow => "number of seconds too large",
            ParseTimevalError::TooPrecise => "finer than a microsecond",
        })
    }
}

impl core::error::Error for ParseTimevalError {}

impl FromStr for Timeval {
    type Err = ParseTimevalError;
    /// Parses decimal seconds such as `12.000345`, `3`, `0.5` or `.25`, exactly.
    fn from_str(s: &str) -> Result<Timeval, ParseTimevalError> {
        // Not `split_once('.')`: core's char searcher keeps a bounds check that the optimiser
        // cannot remove, a panic path that ci/no-panic rejects.
        let (whole, frac) = match s.bytes().position(|b| b == b'.') {
            Some(i) => (s.get(..i).unwrap_or(""), s.get(i + 1..).unwrap_or("")),
            None => (s, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(ParseTimevalError::Invalid);
        }
        let mut sec: u64 = 0;
        for b in whole.bytes() {
            let d = digit(b)?;
            sec = sec
                .checked_mul(10)
                .and_then(|v| v.checked_add(d))
                .ok_or(ParseTimevalError::Overflow)?;
        }
        let mut usec: u64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let d = digit(b)?;
            if i < 6 {
                usec = usec * 10 + d;
            } else if d != 0 {
                return Err(ParseTimevalError::TooPrecise);
            }
        }
        for _ in frac.len()..6 {
            usec *= 10;
        }
        Ok(Timeval { sec, usec })
    }
}

fn digit(b: u8) -> Result<u64, ParseTimevalError> {
    if b.is_ascii_digit() {
        Ok(u64::from(b - b'0'))
    } else {
        Err(ParseTimevalError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carry_and_borrow() {
        let a = Timeval::new(1, 999_999);
        let b = Timeval::new(0, 2);
        assert_eq!(a + b, Timeval::new(2, 1));
        assert_eq!(Timeval::new(2, 1) - b, a);
        assert_eq!(b - a, Timeval::ZERO);
        assert_eq!(Timeval::MAX + b, Timeval::MAX);
        assert_eq!(Timeval::new(0, 2_500_000), Timeval::new(2, 500_000));
        // A carry past MAX saturates to MAX, not to MAX's seconds with the leftover
        // microseconds (found by fuzz/fuzz_targets/timeval.rs).
        assert_eq!(Timeval::new(u64::MAX, 1_500_000), Timeval::MAX);
        assert_eq!(Timeval::new(u64::MAX, u32::MAX), Timeval::MAX);
        assert_eq!(
            Timeval::new(u64::MAX - 1, 1_500_000),
            Timeval::new(u64::MAX, 500_000)
        );
        assert_eq!(Timeval::new(u64::MAX, 999_999), Timeval::MAX);
    }

    #[test]
    fn units() {
        let t = Timeval::new(3, 250_000);
        assert_eq!(t.as_micros(), 3_250_000);
        assert_eq!(t.as_secs_f64(), 3.25);
        assert_eq!(Timeval::MAX.as_micros(), u64::MAX);
        assert_eq!(
            Timeval::MAX.as_duration(),
            Duration::new(u64::MAX, 999_999_000)
        );
        assert_eq!(
            Timeval::try_from(Duration::from_nanos(1_500)),
            Err(ParseTimevalError::TooPrecise)
        );
        assert_eq!(
            Timeval::try_from(Duration::from_micros(7)),
            Ok(Timeval::from_micros(7))
        );
    }

    #[test]
    fn display_pads() {
        use std::format;
        assert_eq!(format!("{:>10}|", Timeval::new(1, 5)), "  1.000005|");
        assert_eq!(format!("{:<10}|", Timeval::ZERO), "0.000000  |");
        assert_eq!(format!("{}", Timeval::MAX), "18446744073709551615.999999");
    }

    #[test]
    fn parse() {
        let ok = [
            ("0", 0),
            ("0.000001", 1),
            (".5", 500_000),
            ("7.", 7_000_000),
            ("1.2500000", 1_250_000),
        ];
        for (s, micros) in ok {
            assert_eq!(
                s.parse::<Timeval>(),
                Ok(Timeval::from_micros(micros)),
                "{s}"
            );
        }
        assert_eq!(
            "18446744073709551615.999999".parse::<Timeval>(),
            Ok(Timeval::MAX)
        );
        let bad = [
            ("", ParseTimevalError::Invalid),
            (".", ParseTimevalError::Invalid),
            ("-1", ParseTimevalError::Invalid),
            ("1.2.3", ParseTimevalError::Invalid),
            (" 1", ParseTimevalError::Invalid),
            ("18446744073709551616", ParseTimevalError::Overflow),
            ("0.0000001", ParseTimevalError::TooPrecise),
        ];
        for (s, e) in bad {
            assert_eq!(s.parse::<Timeval>(), Err(e), "{s:?}");
        }
    }
}
