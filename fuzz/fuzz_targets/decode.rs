//! `Usage::decode` over every ABI of `rsrc::abi::ALL`, both byte orders, and made-up ABIs.
//!
//! Input: byte 0 picks the ABI, byte 1 the byte order (bit 0) and whether to use a made-up
//! ABI (bit 1) whose `long_bytes` and `tv_usec_bytes` are bytes 2 and 3; the rest is the image.
//!
//! Properties, for the real ABIs:
//! - the result (value or error) equals an independent reference decoder's;
//! - `Ok(u)` re-encodes, field by field in that layout, to exactly the input's bytes (padding
//!   excepted), so no field is read from the wrong place, width or byte order;
//! - bytes past the structure are ignored, and a buffer one byte short is `Short`;
//! - decoding is deterministic.
//!
//! For made-up ABIs (any widths 0..=255): no panic, and the same reference result where the
//! widths are ones a kernel uses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsrc::abi::{self, Abi, DecodeError, Endian};
use rsrc::Usage;
use rsrc_fuzz::{counters, decode_model, encode, layout, micros, Input};

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let which = input.u8();
    let flags = input.u8();
    let endian = if flags & 1 == 0 {
        Endian::Little
    } else {
        Endian::Big
    };
    if flags & 2 != 0 {
        let long_bytes = input.u8();
        let tv_usec_bytes = input.u8();
        let made_up = Abi {
            name: "fuzz",
            long_bytes,
            tv_usec_bytes,
            ..*abi::native()
        };
        let bytes = input.rest();
        let got = Usage::decode(bytes, &made_up, endian);
        assert_eq!(got, Usage::decode(bytes, &made_up, endian));
        let (l, u) = (long_bytes as usize, tv_usec_bytes as usize);
        if matches!(l, 4 | 8) && (u == 4 || u == l) {
            assert_eq!(got, decode_model(bytes, &made_up, endian));
        }
        return;
    }
    let abi = &abi::ALL[which as usize % abi::ALL.len()];
    let bytes = input.rest();
    let got = Usage::decode(bytes, abi, endian);
    assert_eq!(got, decode_model(bytes, abi, endian), "{}", abi.name);
    assert_eq!(got, Usage::decode(bytes, abi, endian), "not deterministic");

    let needed = abi.rusage_bytes();
    assert_eq!(needed, 18 * abi.long_bytes as usize);
    if bytes.len() < needed {
        assert_eq!(
            got,
            Err(DecodeError::Short {
                needed,
                got: bytes.len()
            })
        );
        return;
    }
    // Trailing bytes are ignored; one byte short is an error.
    let mut longer = bytes[..needed].to_vec();
    longer.extend_from_slice(b"trailing garbage \xff\xff");
    assert_eq!(Usage::decode(&longer, abi, endian), got);
    assert_eq!(
        Usage::decode(&bytes[..needed - 1], abi, endian),
        Err(DecodeError::Short {
            needed,
            got: needed - 1
        })
    );

    if let Ok(u) = got {
        let (long, usec) = (abi.long_bytes as usize, abi.tv_usec_bytes as usize);
        let mut values = [0u64; 18];
        values[0] = u.utime.secs();
        values[1] = u.utime.subsec_micros().into();
        values[2] = u.stime.secs();
        values[3] = u.stime.subsec_micros().into();
        values[4..].copy_from_slice(&counters(&u));
        for (i, (&(off, w), v)) in layout(long, usec).iter().zip(values).enumerate() {
            assert_eq!(
                &bytes[off..off + w],
                &encode(v, w, endian)[..],
                "{}: field {i} re-encodes differently",
                abi.name
            );
        }
        assert!(micros(u.utime) < 1u128 << (8 * long + 20));
    }
});
