//! mips Linux, o32 and n64 (and n32): `syscall`, number in `$2` (`v0`), arguments in
//! `$4..$7` (`a0..a3`), result in `v0`. On failure the kernel sets `$7` (`a3`) non-zero and
//! leaves a positive errno in `v0`; it is negated here to the generic `-errno`. The kernel
//! clobbers `v1` and the temporaries, whose numbers are the same in all three ABIs.

use core::arch::asm;

macro_rules! syscall {
    ($nr:expr, $a3:expr; $($reg:tt = $val:expr),*) => {{
        let v0: isize;
        let err: usize;
        asm!(
            "syscall",
            inlateout("$2") $nr as isize => v0,
            $(in($reg) $val,)*
            inlateout("$7") $a3 => err,
            lateout("$3") _,
            lateout("$8") _, lateout("$9") _, lateout("$10") _, lateout("$11") _,
            lateout("$12") _, lateout("$13") _, lateout("$14") _, lateout("$15") _,
            lateout("$24") _, lateout("$25") _,
            options(nostack, preserves_flags)
        );
        if err != 0 { v0.wrapping_neg() } else { v0 }
    }};
}

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    syscall!(nr, 0usize; "$4" = a0, "$5" = a1)
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    syscall!(nr, a3; "$4" = a0, "$5" = a1, "$6" = a2)
}
