//! A hand-written seccomp BPF filter for the tests: fail chosen syscalls with a chosen errno,
//! allow everything else, and kill the process if a syscall comes from another audit arch
//! (where the numbers mean something else).
#![allow(dead_code)]

/// `AUDIT_ARCH_*` of this target: `EM_*` | 64-bit flag | little-endian flag
/// (`include/uapi/linux/audit.h`).
pub const AUDIT_ARCH: u32 = {
    const B64: u32 = 0x8000_0000;
    const LE: u32 = 0x4000_0000;
    let em: u32 = if cfg!(target_arch = "x86_64") {
        62
    } else if cfg!(target_arch = "x86") {
        3
    } else if cfg!(target_arch = "aarch64") {
        183
    } else if cfg!(target_arch = "arm") {
        40
    } else if cfg!(any(target_arch = "riscv64", target_arch = "riscv32")) {
        243
    } else if cfg!(any(target_arch = "powerpc64", target_arch = "powerpc")) {
        if cfg!(target_pointer_width = "64") {
            21
        } else {
            20
        }
    } else if cfg!(target_arch = "s390x") {
        22
    } else if cfg!(any(target_arch = "mips", target_arch = "mips64")) {
        8
    } else if cfg!(target_arch = "loongarch64") {
        258
    } else if cfg!(target_arch = "sparc64") {
        43
    } else {
        panic!("no AUDIT_ARCH for this target in tests/seccomp_bpf")
    };
    // x32 reports AUDIT_ARCH_X86_64 (its numbers carry __X32_SYSCALL_BIT instead).
    let b64 = if cfg!(target_pointer_width = "64") || cfg!(target_arch = "x86_64") {
        B64
    } else {
        0
    };
    let le = if cfg!(target_endian = "little") {
        LE
    } else {
        0
    };
    em | b64 | le
};

const BPF_LD_W_ABS: u16 = (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16;
const BPF_JEQ_K: u16 = (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16;
const BPF_RET_K: u16 = (libc::BPF_RET | libc::BPF_K) as u16;
/// Offsets in `struct seccomp_data`.
const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;

fn ins(code: u16, jt: u8, jf: u8, k: u32) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// The program: arch check, then one comparison per denied syscall number.
pub fn program(denied: &[(u32, i32)]) -> Vec<libc::sock_filter> {
    let mut p = vec![
        ins(BPF_LD_W_ABS, 0, 0, OFF_ARCH),
        ins(BPF_JEQ_K, 1, 0, AUDIT_ARCH),
        ins(BPF_RET_K, 0, 0, libc::SECCOMP_RET_KILL_PROCESS),
        ins(BPF_LD_W_ABS, 0, 0, OFF_NR),
    ];
    for &(nr, errno) in denied {
        p.push(ins(BPF_JEQ_K, 0, 1, nr));
        p.push(ins(
            BPF_RET_K,
            0,
            0,
            libc::SECCOMP_RET_ERRNO | (errno as u32 & libc::SECCOMP_RET_DATA),
        ));
    }
    p.push(ins(BPF_RET_K, 0, 0, libc::SECCOMP_RET_ALLOW));
    p
}

/// Installs `program` on the calling thread (and its future children): no new privileges,
/// then `seccomp(SECCOMP_SET_MODE_FILTER)`. Only raw syscalls, no allocation: usable in
/// `pre_exec`.
///
/// # Safety
/// `prog` must be a valid program (see [`program`]).
pub unsafe fn install(prog: &[libc::sock_filter]) -> std::io::Result<()> {
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr() as *mut libc::sock_filter,
    };
    if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 {
        return Err(std::io::Error::last_os_error());
    }
    if libc::syscall(
        libc::SYS_seccomp,
        libc::SECCOMP_SET_MODE_FILTER,
        0,
        &fprog as *const libc::sock_fprog,
    ) != 0
    {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// The syscalls rsrc makes, by this target's numbers (`rsrc::abi::native()`), each failing
/// with `errno`.
pub fn rsrc_syscalls(errno: i32) -> Vec<(u32, i32)> {
    let nr = rsrc::abi::native().syscalls;
    let mut v = vec![(nr.getrusage, errno), (nr.prlimit64, errno)];
    if let Some(w) = nr.wait4 {
        v.push((w, errno));
    }
    v
}

/// Installs a filter that fails `denied` on the calling thread, panicking if it cannot, and
/// returns true. Under qemu-user (ci/cross sets RSRC_UNDER_QEMU), which cannot filter a
/// guest's syscalls, it requires the installation to fail instead and returns false: the
/// caller then has nothing to test (these tests run natively on x86_64 and i686).
#[must_use]
pub fn deny(denied: &[(u32, i32)]) -> bool {
    let prog = program(denied);
    // SAFETY: a program from `program`.
    let installed = unsafe { install(&prog) };
    if std::env::var_os("RSRC_UNDER_QEMU").is_some() {
        let err = installed.expect_err("qemu-user installed a seccomp filter: run these tests");
        eprintln!("seccomp: qemu-user cannot filter guest syscalls ({err}); nothing to test here");
        return false;
    }
    installed.expect("installing the seccomp filter");
    true
}
