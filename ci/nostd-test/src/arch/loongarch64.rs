//! loongarch64: `_start` and the one syscall primitive (`syscall 0`, number in `a7`, arguments
//! in `a0..a5`, `-errno` in `a0`; the kernel may clobber the temporaries `t0..t8`).

use core::arch::{asm, global_asm};

// The kernel enters with `sp` pointing at argc; hand that to `entry` in `a0`, with a cleared
// frame pointer and return address so that nothing unwinds past `_start`.
global_asm!(
    ".globl _start",
    ".type _start, @function",
    "_start:",
    "move $fp, $zero",
    "move $ra, $zero",
    "move $a0, $sp",
    "bstrins.d $sp, $zero, 3, 0",
    "bl {entry}",
    "break 0",
    entry = sym crate::rt::entry,
);

#[inline]
pub unsafe fn syscall6(nr: u32, a: [usize; 6]) -> isize {
    let ret: isize;
    asm!(
        "syscall 0",
        in("$a7") nr as usize,
        inlateout("$a0") a[0] => ret,
        in("$a1") a[1], in("$a2") a[2], in("$a3") a[3], in("$a4") a[4], in("$a5") a[5],
        lateout("$t0") _, lateout("$t1") _, lateout("$t2") _, lateout("$t3") _,
        lateout("$t4") _, lateout("$t5") _, lateout("$t6") _, lateout("$t7") _,
        lateout("$t8") _,
        options(nostack)
    );
    ret
}
