//! What the prebuilt core of x86_64-unknown-linux-musl expects from the C library it is not
//! linked with here: rust-std's compiler_builtins for musl leaves `memcpy` & co. to musl (a
//! `-Zbuild-std` target gets them from `compiler-builtins-mem`), and core, compiled with
//! `panic=unwind`, refers to `rust_eh_personality` (never called with `panic=abort`).
//!
//! The loops use volatile accesses so that LLVM cannot turn them back into calls of the very
//! functions they define; speed does not matter for the few kilobytes the test moves.

use core::ptr::{read_volatile, write_volatile};

#[no_mangle]
pub unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    for i in 0..n {
        write_volatile(dst.add(i), read_volatile(src.add(i)));
    }
    dst
}

#[no_mangle]
pub unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dst as usize) <= (src as usize) {
        for i in 0..n {
            write_volatile(dst.add(i), read_volatile(src.add(i)));
        }
    } else {
        for i in (0..n).rev() {
            write_volatile(dst.add(i), read_volatile(src.add(i)));
        }
    }
    dst
}

#[no_mangle]
pub unsafe extern "C" fn memset(dst: *mut u8, c: i32, n: usize) -> *mut u8 {
    for i in 0..n {
        write_volatile(dst.add(i), c as u8);
    }
    dst
}

#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    for i in 0..n {
        let (x, y) = (read_volatile(a.add(i)), read_volatile(b.add(i)));
        if x != y {
            return i32::from(x) - i32::from(y);
        }
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    memcmp(a, b, n)
}

#[no_mangle]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut n = 0;
    while read_volatile(s.add(n)) != 0 {
        n += 1;
    }
    n
}

#[no_mangle]
pub extern "C" fn rust_eh_personality() {}
