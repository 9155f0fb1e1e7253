//! `Usage::decode`: hand-built images of several ABIs, malformed input, and the native bytes.

mod common;

use rsrc::abi::{self, DecodeError, Endian};
use rsrc::{Timeval, Usage};

/// Writes an image of `struct rusage` field by field: two timevals then 14 longs.
fn image(abi: &abi::Abi, endian: Endian, times: [(i64, i64); 2], counters: [i64; 14]) -> Vec<u8> {
    let long = abi.long_bytes as usize;
    let put = |out: &mut Vec<u8>, v: i64, width: usize| {
        let bytes = match endian {
            Endian::Little => v.to_le_bytes()[..width].to_vec(),
            Endian::Big => v.to_be_bytes()[8 - width..].to_vec(),
        };
        out.extend_from_slice(&bytes);
    };
    let mut out = Vec::new();
    for (sec, usec) in times {
        put(&mut out, sec, long);
        put(&mut out, usec, abi.tv_usec_bytes as usize);
        out.resize(out.len() + long - abi.tv_usec_bytes as usize, 0);
    }
    for c in counters {
        put(&mut out, c, long);
    }
    assert_eq!(out.len(), abi.rusage_bytes());
    out
}

const COUNTERS: [i64; 14] = [2048, 0, 0, 0, 1000, 3, 0, 8, 16, 0, 0, 0, 42, 7];

fn expected() -> Usage {
    Usage {
        utime: Timeval::new(12, 345),
        stime: Timeval::new(1, 999_999),
        maxrss: 2048,
        minflt: 1000,
        majflt: 3,
        inblock: 8,
        oublock: 16,
        nvcsw: 42,
        nivcsw: 7,
        ..Usage::default()
    }
}

#[test]
fn x86_64_image() {
    let a = abi::find("x86_64").unwrap();
    let raw = image(a, Endian::Little, [(12, 345), (1, 999_999)], COUNTERS);
    assert_eq!(raw.len(), 144);
    // Spot-check the layout by hand: ru_stime.tv_usec at 24, ru_maxrss at 32, ru_nivcsw at 136.
    assert_eq!(raw[24..32], 999_999u64.to_le_bytes());
    assert_eq!(raw[32..40], 2048u64.to_le_bytes());
    assert_eq!(raw[136..144], 7u64.to_le_bytes());
    let u = Usage::decode(&raw, a, Endian::Little).unwrap();
    assert_eq!(u, expected());
    assert_eq!(u.utime.to_string(), "12.000345");
}

#[test]
fn i386_image() {
    let a = abi::find("i386").unwrap();
    let raw = image(a, Endian::Little, [(12, 345), (1, 999_999)], COUNTERS);
    assert_eq!(raw.len(), 72);
    assert_eq!(raw[16..20], 2048u32.to_le_bytes());
    assert_eq!(Usage::decode(&raw, a, Endian::Little).unwrap(), expected());
}

#[test]
fn sparc64_big_endian_image() {
    let a = abi::find("sparc64").unwrap();
    assert_eq!(a.tv_usec_bytes, 4);
    let raw = image(a, Endian::Big, [(12, 345), (1, 999_999)], COUNTERS);
    assert_eq!(raw.len(), 144);
    // tv_usec is a big-endian int at offset 8, then 4 bytes of padding.
    assert_eq!(raw[8..12], 345u32.to_be_bytes());
    assert_eq!(raw[12..16], [0; 4]);
    assert_eq!(Usage::decode(&raw, a, Endian::Big).unwrap(), expected());
    // Read with the wrong byte order it is not the same record.
    assert_ne!(Usage::decode(&raw, a, Endian::Little), Ok(expected()));
}

#[test]
fn x32_image_has_64_bit_longs() {
    let a = abi::find("x32").unwrap();
    assert_eq!(a.long_bytes, 8);
    let raw = image(a, Endian::Little, [(12, 345), (1, 999_999)], COUNTERS);
    assert_eq!(raw.len(), 144);
    assert_eq!(Usage::decode(&raw, a, Endian::Little).unwrap(), expected());
}

#[test]
fn every_abi_and_endian_round_trips() {
    for a in abi::ALL.iter() {
        for e in [Endian::Little, Endian::Big] {
            let raw = image(a, e, [(12, 345), (1, 999_999)], COUNTERS);
            assert_eq!(
                Usage::decode(&raw, a, e).unwrap(),
                expected(),
                "{} {e:?}",
                a.name
            );
            // Trailing bytes are ignored.
            let mut longer = raw.clone();
            longer.extend_from_slice(&[0xff; 9]);
            assert_eq!(Usage::decode(&longer, a, e).unwrap(), expected());
        }
    }
}

#[test]
fn largest_32_bit_values() {
    let a = abi::find("arm").unwrap();
    let max = i64::from(i32::MAX);
    let raw = image(a, Endian::Little, [(max, 999_999), (0, 0)], [max; 14]);
    let u = Usage::decode(&raw, a, Endian::Little).unwrap();
    assert_eq!(u.utime.secs(), i32::MAX as u64);
    assert_eq!(u.nivcsw, i32::MAX as u64);
}

#[test]
fn malformed_images_are_errors() {
    let a = abi::find("x86_64").unwrap();
    let good = image(a, Endian::Little, [(12, 345), (1, 999_999)], COUNTERS);
    for len in [0, 1, 71, 143] {
        assert_eq!(
            Usage::decode(&good[..len], a, Endian::Little),
            Err(DecodeError::Short {
                needed: 144,
                got: len
            })
        );
    }
    let bad = image(a, Endian::Little, [(1, 1_000_000), (0, 0)], COUNTERS);
    assert_eq!(
        Usage::decode(&bad, a, Endian::Little),
        Err(DecodeError::Microseconds {
            field: "ru_utime",
            value: 1_000_000
        })
    );
    let mut c = COUNTERS;
    c[5] = -1;
    let bad = image(a, Endian::Little, [(1, 0), (0, 0)], c);
    let err = Usage::decode(&bad, a, Endian::Little).unwrap_err();
    assert_eq!(err, DecodeError::Negative { field: "ru_majflt" });
    assert_eq!(err.to_string(), "ru_majflt is negative");
    let bad = image(a, Endian::Little, [(0, 0), (-5, 0)], COUNTERS);
    assert_eq!(
        Usage::decode(&bad, a, Endian::Little),
        Err(DecodeError::Negative { field: "ru_stime" })
    );
    let i386 = abi::find("i386").unwrap();
    let bad = image(i386, Endian::Little, [(0, -1), (0, 0)], COUNTERS);
    assert_eq!(
        Usage::decode(&bad, i386, Endian::Little),
        Err(DecodeError::Negative { field: "ru_utime" })
    );
    assert_eq!(
        DecodeError::Short { needed: 72, got: 3 }.to_string(),
        "struct rusage image too short: 3 bytes given, this ABI needs 72"
    );
}

#[test]
fn native_bytes_decode_like_getrusage() {
    common::in_child("native_bytes_decode_like_getrusage", || {
        // A finished child gives RUSAGE_CHILDREN values that stay put between two calls.
        std::process::Command::new("true").status().unwrap();
        let mut buf = [0u8; 256];
        // The raw syscall through libc, not through rsrc's shim.
        let r =
            unsafe { libc::syscall(libc::SYS_getrusage, libc::RUSAGE_CHILDREN, buf.as_mut_ptr()) };
        assert_eq!(r, 0);
        let native = abi::native();
        let decoded = Usage::decode(&buf, native, Endian::NATIVE).unwrap();
        assert_eq!(decoded, rsrc::getrusage(rsrc::Who::Children).unwrap());
        assert!(decoded.maxrss > 0);
        // The kernel wrote exactly rusage_bytes(): a sentinel just past it is intact.
        let mut buf2 = [0xa5u8; 256];
        let r = unsafe {
            libc::syscall(
                libc::SYS_getrusage,
                libc::RUSAGE_CHILDREN,
                buf2.as_mut_ptr(),
            )
        };
        assert_eq!(r, 0);
        assert!(buf2[native.rusage_bytes()..].iter().all(|&b| b == 0xa5));
    });
}
