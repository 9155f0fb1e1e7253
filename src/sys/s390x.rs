//! s390x Linux: `svc 0`, number in `r1`, arguments in `r2..r5`, result in `r2` as `-errno` on
//! failure.

use core::arch::asm;

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    asm!(
        "svc 0",
        in("r1") nr as usize,
        inlateout("r2") a0 => ret,
        in("r3") a1,
        options(nostack, preserves_flags)
    );
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    asm!(
        "svc 0",
        in("r1") nr as usize,
        inlateout("r2") a0 => ret,
        in("r3") a1,
        in("r4") a2,
        in("r5") a3,
        options(nostack, preserves_flags)
    );
    ret
}
