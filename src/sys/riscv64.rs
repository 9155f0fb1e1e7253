//! riscv64 Linux: `ecall`, number in `a7`, arguments in `a0..a3`, result in `a0` as `-errno`
//! on failure. The kernel does not preserve vector registers across a syscall.

use core::arch::asm;

macro_rules! ecall {
    ($nr:expr, $ret:ident; $($reg:tt = $val:expr),*) => {
        asm!(
            "ecall",
            in("a7") $nr as usize,
            $(in($reg) $val,)*
            lateout("a0") $ret,
            lateout("v0") _, lateout("v1") _, lateout("v2") _, lateout("v3") _,
            lateout("v4") _, lateout("v5") _, lateout("v6") _, lateout("v7") _,
            lateout("v8") _, lateout("v9") _, lateout("v10") _, lateout("v11") _,
            lateout("v12") _, lateout("v13") _, lateout("v14") _, lateout("v15") _,
            lateout("v16") _, lateout("v17") _, lateout("v18") _, lateout("v19") _,
            lateout("v20") _, lateout("v21") _, lateout("v22") _, lateout("v23") _,
            lateout("v24") _, lateout("v25") _, lateout("v26") _, lateout("v27") _,
            lateout("v28") _, lateout("v29") _, lateout("v30") _, lateout("v31") _,
            options(nostack)
        )
    };
}

#[inline]
pub(super) unsafe fn syscall2(nr: u32, a0: usize, a1: usize) -> isize {
    let ret;
    ecall!(nr, ret; "a0" = a0, "a1" = a1);
    ret
}

#[inline]
pub(super) unsafe fn syscall4(nr: u32, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret;
    ecall!(nr, ret; "a0" = a0, "a1" = a1, "a2" = a2, "a3" = a3);
    ret
}
