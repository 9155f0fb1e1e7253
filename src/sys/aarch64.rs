//! aarch64 Linux: `svc 0`, number in `x8`, arguments in `x0..x3`, result in `x0` as `-errno`
//! on failure.

use core::arch::asm;

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    asm!(
        "svc 0",
        in("x8") nr as usize,
        inlateout("x0") a0 => ret,
        in("x1") a1,
        options(nostack, preserves_flags)
    );
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    asm!(
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
