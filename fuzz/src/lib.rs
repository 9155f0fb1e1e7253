//! Independent reference models the fuzz targets compare rsrc against.
//!
//! Everything here is written without reusing rsrc's own arithmetic: times are `u128`
//! microseconds, counters are `u128`, decoding reads bytes by hand. A target asserts that rsrc
//! and the model agree, so a wrong answer is a crash, not only a panic.

use rsrc::abi::{Abi, DecodeError, Endian};
use rsrc::{Timeval, Usage};

/// Microseconds per second.
pub const M: u128 = 1_000_000;
/// `Timeval::MAX` in microseconds.
pub const MAX_MICROS: u128 = u64::MAX as u128 * M + (M - 1);

/// Reads fixed-width values off the front of the fuzzer's input, padding with zeros when it
/// runs out (so every input maps to some value, and short inputs are still useful).
pub struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Input { bytes }
    }

    pub fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = self.bytes.len().min(N);
        out[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        out
    }

    pub fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }

    /// A `Timeval` from 12 bytes: any seconds, microseconds reduced below one second.
    pub fn timeval(&mut self) -> Timeval {
        let sec = self.u64();
        let usec = self.u32() % 1_000_000;
        Timeval::new(sec, usec)
    }

    /// A `Usage` from 136 bytes.
    pub fn usage(&mut self) -> Usage {
        let utime = self.timeval();
        let stime = self.timeval();
        let mut c = [0u64; 14];
        for v in &mut c {
            *v = self.u64();
        }
        usage_from(utime, stime, c)
    }

    pub fn rest(self) -> &'a [u8] {
        self.bytes
    }
}

/// A `Usage` from two times and the fourteen counters in the kernel's order.
pub fn usage_from(utime: Timeval, stime: Timeval, c: [u64; 14]) -> Usage {
    Usage {
        utime,
        stime,
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
    }
}

/// The fourteen counters, read field by field (not through `Usage::counters`).
pub fn counters(u: &Usage) -> [u64; 14] {
    [
        u.maxrss, u.ixrss, u.idrss, u.isrss, u.minflt, u.majflt, u.nswap, u.inblock, u.oublock,
        u.msgsnd, u.msgrcv, u.nsignals, u.nvcsw, u.nivcsw,
    ]
}

/// A `Timeval` as exact `u128` microseconds.
pub fn micros(t: Timeval) -> u128 {
    t.secs() as u128 * M + t.subsec_micros() as u128
}

/// Asserts that `t` is exactly `m` microseconds (which must be representable).
#[track_caller]
pub fn assert_is(t: Timeval, m: u128, what: &str) {
    assert!(m <= MAX_MICROS, "model value out of range for {what}");
    assert!(
        t.subsec_micros() < 1_000_000,
        "{what}: subsec {}",
        t.subsec_micros()
    );
    assert_eq!(
        (t.secs() as u128, t.subsec_micros() as u128),
        (m / M, m % M),
        "{what}"
    );
}

/// `Timeval`'s `Display`, written independently: decimal seconds, a dot, six digits.
pub fn timeval_text(t: Timeval) -> String {
    let m = micros(t);
    format!("{}.{:06}", m / M, m % M)
}

/// The `FromStr` contract as a model over `u128`: `S`, `S.`, `S.F`, `.F` with ASCII digits,
/// at most six significant decimals (further ones must be zeros). Errors are reported in the
/// order the input is read: whole seconds left to right, then the decimals.
pub fn parse_timeval_model(s: &str) -> Result<u128, rsrc::time::ParseTimevalError> {
    use rsrc::time::ParseTimevalError as E;
    let (whole, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(E::Invalid);
    }
    let mut sec: u128 = 0;
    for c in whole.chars() {
        let d = c.to_digit(10).filter(|_| c.is_ascii()).ok_or(E::Invalid)?;
        sec = sec * 10 + d as u128;
        if sec > u64::MAX as u128 {
            return Err(E::Overflow);
        }
    }
    let mut usec: u128 = 0;
    for (i, c) in frac.chars().enumerate() {
        let d = c.to_digit(10).filter(|_| c.is_ascii()).ok_or(E::Invalid)?;
        if i < 6 {
            usec += d as u128 * 10u128.pow(5 - i as u32);
        } else if d != 0 {
            return Err(E::TooPrecise);
        }
    }
    Ok(sec * M + usec)
}

/// Reads a `width`-byte two's-complement integer at `off`, sign-extended.
fn read_signed(bytes: &[u8], off: usize, width: usize, endian: Endian) -> i128 {
    let field = &bytes[off..off + width];
    let mut v: u128 = 0;
    match endian {
        Endian::Big => {
            for &b in field {
                v = (v << 8) | b as u128;
            }
        }
        Endian::Little => {
            for &b in field.iter().rev() {
                v = (v << 8) | b as u128;
            }
        }
    }
    let bits = 8 * width as u32;
    if v >> (bits - 1) & 1 == 1 {
        v as i128 - (1i128 << bits)
    } else {
        v as i128
    }
}

/// Byte offsets and widths of the fields of `struct rusage` in an ABI whose `long` is `long`
/// bytes and whose `tv_usec` is `usec` bytes at the start of a `long`-sized slot.
/// Order: utime.sec, utime.usec, stime.sec, stime.usec, then the 14 counters.
pub fn layout(long: usize, usec: usize) -> [(usize, usize); 18] {
    let mut out = [(0, 0); 18];
    out[0] = (0, long);
    out[1] = (long, usec);
    out[2] = (2 * long, long);
    out[3] = (3 * long, usec);
    for (i, slot) in out[4..].iter_mut().enumerate() {
        *slot = ((4 + i) * long, long);
    }
    out
}

const NAMES: [&str; 14] = [
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

/// A reference decoder for ABIs with a 4- or 8-byte `long` and `tv_usec` of 4 bytes or a
/// `long`. Fields are checked in memory order, as the kernel wrote them.
pub fn decode_model(bytes: &[u8], abi: &Abi, endian: Endian) -> Result<Usage, DecodeError> {
    let (long, usec_w) = (abi.long_bytes as usize, abi.tv_usec_bytes as usize);
    assert!(matches!(long, 4 | 8) && (usec_w == 4 || usec_w == long));
    let needed = 18 * long;
    if bytes.len() < needed {
        return Err(DecodeError::Short {
            needed,
            got: bytes.len(),
        });
    }
    let lay = layout(long, usec_w);
    let mut vals = [0u64; 18];
    for (i, &(off, w)) in lay.iter().enumerate() {
        let v = read_signed(bytes, off, w, endian);
        let field = match i {
            0 | 1 => "ru_utime",
            2 | 3 => "ru_stime",
            _ => NAMES[i - 4],
        };
        if v < 0 {
            return Err(DecodeError::Negative { field });
        }
        if (i == 1 || i == 3) && v >= 1_000_000 {
            return Err(DecodeError::Microseconds {
                field,
                value: v as u64,
            });
        }
        vals[i] = v as u64;
    }
    let mut c = [0u64; 14];
    c.copy_from_slice(&vals[4..]);
    Ok(usage_from(
        Timeval::new(vals[0], vals[1] as u32),
        Timeval::new(vals[2], vals[3] as u32),
        c,
    ))
}

/// Encodes `v` as a `width`-byte integer (the value must fit).
pub fn encode(v: u64, width: usize, endian: Endian) -> Vec<u8> {
    let max = if width == 8 {
        i64::MAX as u64
    } else {
        i32::MAX as u64
    };
    assert!(v <= max, "{v} does not fit a signed {width}-byte field");
    match endian {
        Endian::Little => v.to_le_bytes()[..width].to_vec(),
        Endian::Big => v.to_be_bytes()[8 - width..].to_vec(),
    }
}
