//! 32-bit x86 Linux: `int 0x80`, number in `eax`, arguments in `ebx ecx edx esi`, result in
//! `eax` as `-errno` on failure. `int 0x80` works on every x86 kernel and in the 64-bit
//! kernel's compat layer, with no vDSO lookup (which would need the auxiliary vector).

use core::arch::asm;

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    asm!(
        "int $$0x80",
        inlateout("eax") nr as isize => ret,
        in("ebx") a0,
        in("ecx") a1,
        options(nostack, preserves_flags)
    );
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    // LLVM reserves esi, so the fourth argument is swapped into it around the trap.
    asm!(
        "xchg esi, {a3}",
        "int $$0x80",
        "xchg esi, {a3}",
        a3 = in(reg) a3,
        inlateout("eax") nr as isize => ret,
        in("ebx") a0,
        in("ecx") a1,
        in("edx") a2,
        options(nostack, preserves_flags)
    );
    ret
}
