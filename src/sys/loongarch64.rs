//! loongarch64 Linux: `syscall 0`, number in `a7`, arguments in `a0..a3`, result in `a0` as
//! `-errno` on failure. The kernel may clobber the temporaries `t0..t8`.

use core::arch::asm;

macro_rules! syscall {
    ($nr:expr, $ret:ident; $($reg:tt = $val:expr),*) => {
        asm!(
            "syscall 0",
            in("$a7") $nr as usize,
            $(in($reg) $val,)*
            lateout("$a0") $ret,
            lateout("$t0") _, lateout("$t1") _, lateout("$t2") _, lateout("$t3") _,
            lateout("$t4") _, lateout("$t5") _, lateout("$t6") _, lateout("$t7") _,
            lateout("$t8") _,
            options(nostack, preserves_flags)
        )
    };
}

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    syscall!(nr, ret; "$a0" = a0, "$a1" = a1);
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    syscall!(nr, ret; "$a0" = a0, "$a1" = a1, "$a2" = a2, "$a3" = a3);
    ret
}
