//! x86_64: `_start` and the one syscall primitive (`syscall`, number in `rax`, arguments in
//! `rdi rsi rdx r10 r8 r9`, `-errno` in `rax`; the instruction clobbers `rcx` and `r11`).

use core::arch::{asm, global_asm};

// The kernel enters with `rsp` pointing at argc (16-byte aligned); hand that to `entry` and
// `call` it, so `rsp` is 8 mod 16 at its first instruction as the psABI requires.
global_asm!(
    ".globl _start",
    ".type _start, @function",
    "_start:",
    "xor ebp, ebp",
    "mov rdi, rsp",
    "and rsp, -16",
    "call {entry}",
    "ud2",
    entry = sym crate::rt::entry,
);

#[inline]
pub unsafe fn syscall6(nr: u32, a: [usize; 6]) -> isize {
    let ret: isize;
    asm!(
        "syscall",
        inlateout("rax") nr as isize => ret,
        in("rdi") a[0], in("rsi") a[1], in("rdx") a[2],
        in("r10") a[3], in("r8") a[4], in("r9") a[5],
        lateout("rcx") _, lateout("r11") _,
        options(nostack)
    );
    ret
}
