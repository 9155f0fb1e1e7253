//! powerpc and powerpc64 (both byte orders) Linux: `sc`, number in `r0`, arguments in
//! `r3..r6`, result in `r3`. On failure the kernel sets the summary-overflow bit of `cr0` and
//! leaves a positive errno in `r3`; it is negated here to the generic `-errno`. The kernel
//! clobbers the other volatile registers.

use core::arch::asm;

macro_rules! sc {
    ($nr:expr, $ret:ident, $a0:expr; $($reg:tt = $val:expr),*) => {
        asm!(
            "sc",
            "bns 0f",
            "neg 3, 3",
            "0:",
            inlateout("r0") $nr as usize => _,
            inlateout("r3") $a0 => $ret,
            $(inlateout($reg) $val => _,)*
            lateout("r7") _, lateout("r8") _, lateout("r9") _, lateout("r10") _,
            lateout("r11") _, lateout("r12") _,
            lateout("cr0") _, lateout("ctr") _, lateout("xer") _,
            options(nostack, preserves_flags)
        )
    };
}

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    sc!(nr, ret, a0; "r4" = a1, "r5" = 0usize, "r6" = 0usize);
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    sc!(nr, ret, a0; "r4" = a1, "r5" = a2, "r6" = a3);
    ret
}
