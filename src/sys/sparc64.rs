//! sparc64 Linux: `ta 0x6d`, number in `%g1`, arguments in `%o0..%o3`, result in `%o0`. On
//! failure the kernel sets the carry flag of `%xcc` and leaves a positive errno in `%o0`; it
//! is negated here to the generic `-errno`.
//!
//! LLVM does not let asm name `%g1`, so the number is moved into it inside the template, and
//! `%g1` is saved and restored around the trap.

use core::arch::asm;

macro_rules! trap {
    ($nr:expr, $a0:expr; $($reg:tt = $val:expr),*) => {{
        let ret: isize;
        asm!(
            "mov %g1, {saved}",
            "mov {nr}, %g1",
            "ta 0x6d",
            "bcc,pt %xcc, 1f",
            "nop",
            "sub %g0, %o0, %o0",
            "1:",
            "mov {saved}, %g1",
            nr = in(reg) $nr as usize,
            saved = out(reg) _,
            inlateout("o0") $a0 => ret,
            $(inlateout($reg) $val => _,)*
            options(nostack)
        );
        ret
    }};
}

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    trap!(nr, a0; "o1" = a1)
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    trap!(nr, a0; "o1" = a1, "o2" = a2, "o3" = a3)
}
