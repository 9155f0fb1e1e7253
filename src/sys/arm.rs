//! 32-bit arm (EABI) Linux: `svc 0`, number in `r7`, arguments in `r0..r3`, result in `r0` as
//! `-errno` on failure.
//!
//! In Thumb code `r7` is the frame pointer, which asm may not name, so the number is swapped
//! into `r7` inside the template; the same sequence is correct in Arm mode.

use core::arch::asm;

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    asm!(
        "mov {tmp}, r7",
        "mov r7, {nr}",
        "svc 0",
        "mov r7, {tmp}",
        nr = in(reg) nr,
        tmp = out(reg) _,
        inlateout("r0") a0 => ret,
        in("r1") a1,
        options(nostack, preserves_flags)
    );
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    asm!(
        "mov {tmp}, r7",
        "mov r7, {nr}",
        "svc 0",
        "mov r7, {tmp}",
        nr = in(reg) nr,
        tmp = out(reg) _,
        inlateout("r0") a0 => ret,
        in("r1") a1,
        in("r2") a2,
        in("r3") a3,
        options(nostack, preserves_flags)
    );
    ret
}
