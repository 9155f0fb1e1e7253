//! What both benchmarks share: the bare syscalls (the floor rsrc is measured against) and the
//! inputs of the pure operations.
//!
//! "Bare" means one inline-asm syscall into a stack buffer and a read of one field: no error
//! check, no decoding, no type. It is what hand-written code would do, and what rsrc must match.

#![allow(dead_code, unsafe_code)]

use core::mem::MaybeUninit;

/// This target's syscall numbers, from the table rsrc itself uses (and tests).
const NR: rsrc::abi::Syscalls = rsrc::abi::native().syscalls;

/// `RUSAGE_SELF`, `RUSAGE_THREAD`.
pub const RUSAGE_SELF: usize = 0;
pub const RUSAGE_THREAD: usize = 1;

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    core::arch::asm!(
        "syscall",
        inlateout("rax") nr as isize => ret,
        in("rdi") a0,
        in("rsi") a1,
        lateout("rcx") _,
        lateout("r11") _,
        options(nostack, preserves_flags)
    );
    ret
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    core::arch::asm!(
        "syscall",
        inlateout("rax") nr as isize => ret,
        in("rdi") a0,
        in("rsi") a1,
        in("rdx") a2,
        in("r10") a3,
        lateout("rcx") _,
        lateout("r11") _,
        options(nostack, preserves_flags)
    );
    ret
}

#[cfg(target_arch = "aarch64")]
#[inline(always)]
unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    core::arch::asm!(
        "svc 0",
        in("x8") nr as usize,
        inlateout("x0") a0 => ret,
        in("x1") a1,
        options(nostack, preserves_flags)
    );
    ret
}

#[cfg(target_arch = "aarch64")]
#[inline(always)]
unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    core::arch::asm!(
        "svc 0",
        in("x8") nr as usize,
        inlateout("x0") a0 => ret,
        in("x1") a1,
        in("x2") a2,
        in("x3") a3,
        options(nostack, preserves_flags)
    );
    ret
}

// Elsewhere the "bare" call goes through libc's `syscall(2)`: not inline, but still no decoding.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    libc::syscall(nr as libc::c_long, a0, a1) as isize
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
#[inline(always)]
unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    libc::syscall(nr as libc::c_long, a0, a1, a2, a3) as isize
}

/// `getrusage(who, &buf)` and the `ru_minflt` word of the kernel's structure; nothing checked.
#[inline(always)]
pub fn bare_getrusage(who: usize) -> usize {
    // The kernel's struct rusage: 2 timevals + 14 longs, 18 words on every ABI but sparc64/x32.
    let mut buf = MaybeUninit::<[usize; 18]>::uninit();
    // SAFETY: the kernel writes a whole struct rusage into the 18 words (sized above).
    unsafe {
        syscall2(NR.getrusage, who, buf.as_mut_ptr() as usize);
        buf.as_ptr().cast::<usize>().add(8).read()
    }
}

/// `prlimit64(pid, resource, NULL, &old)` and `old.rlim_cur`; nothing checked.
#[inline(always)]
pub fn bare_prlimit64(pid: i32, resource: u32) -> u64 {
    let mut old = MaybeUninit::<[u64; 2]>::uninit();
    // SAFETY: the kernel writes a whole struct rlimit64 (two u64s) into `old`.
    unsafe {
        syscall4(
            NR.prlimit64,
            pid as isize as usize,
            resource as usize,
            0,
            old.as_mut_ptr() as usize,
        );
        old.as_ptr().cast::<u64>().read()
    }
}

/// A native `struct rusage` image for `Usage::decode`, as the kernel would write it.
pub fn native_image() -> [u8; 144] {
    let words: [u64; 18] = [
        12, 345, 1, 999_999, 2048, 0, 0, 0, 1000, 3, 0, 8, 16, 0, 0, 0, 42, 7,
    ];
    let mut out = [0u8; 144];
    let width = rsrc::abi::native().long_bytes as usize;
    for (i, w) in words.iter().enumerate() {
        let bytes = match rsrc::abi::Endian::NATIVE {
            rsrc::abi::Endian::Little => w.to_le_bytes(),
            rsrc::abi::Endian::Big => w.to_be_bytes(),
        };
        let b = match rsrc::abi::Endian::NATIVE {
            rsrc::abi::Endian::Little => &bytes[..width],
            rsrc::abi::Endian::Big => &bytes[8 - width..],
        };
        out[i * width..(i + 1) * width].copy_from_slice(b);
    }
    out
}

/// The same values as an i386 image (little-endian, 4-byte longs): the cross-ABI decode path.
pub fn i386_image() -> [u8; 72] {
    let words: [u32; 18] = [
        12, 345, 1, 999_999, 2048, 0, 0, 0, 1000, 3, 0, 8, 16, 0, 0, 0, 42, 7,
    ];
    let mut out = [0u8; 72];
    for (i, w) in words.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// A sample CPU time for the conversions: 12.000345 s.
pub const SAMPLE_MICROS: u64 = 12_000_345;
