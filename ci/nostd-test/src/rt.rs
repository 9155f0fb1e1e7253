//! The runtime of a binary with neither std nor libc: the entry from `_start` (argc, argv,
//! envp and auxv from the initial stack), output to stdout, the panic handler, and the raw
//! syscalls the checks need, numbered by linux-raw-sys, independently of rsrc.

use crate::arch::syscall6;
use core::ffi::CStr;
use core::fmt::{self, Write};
use core::mem::size_of;
use linux_raw_sys::general as g;

/// What the kernel left on the initial stack.
#[allow(dead_code)] // argc and argv: not needed by the checks, kept for completeness
pub struct Startup {
    pub argc: usize,
    pub argv: *const *const u8,
    pub envp: *const *const u8,
    /// `(key, value)` pairs, ended by `AT_NULL` (0).
    pub auxv: *const [usize; 2],
}

impl Startup {
    /// The value of auxiliary vector entry `key`, if present.
    pub fn aux(&self, key: usize) -> Option<usize> {
        let mut p = self.auxv;
        // SAFETY: the kernel ends the vector with an AT_NULL entry.
        unsafe {
            while (*p)[0] != 0 {
                if (*p)[0] == key {
                    return Some((*p)[1]);
                }
                p = p.add(1);
            }
        }
        None
    }

    /// The value of environment variable `name`, if set.
    pub fn env(&self, name: &[u8]) -> Option<&'static [u8]> {
        let mut p = self.envp;
        // SAFETY: envp is a null-terminated array of NUL-terminated strings that live for
        // the whole process.
        unsafe {
            while !(*p).is_null() {
                let var = CStr::from_ptr((*p).cast()).to_bytes();
                if var.len() > name.len() && var.starts_with(name) && var[name.len()] == b'=' {
                    return Some(&var[name.len() + 1..]);
                }
                p = p.add(1);
            }
        }
        None
    }
}

/// Called by `_start` with the initial stack pointer: `argc, argv[argc], NULL, envp..., NULL,
/// auxv pairs..., AT_NULL`.
pub unsafe extern "C" fn entry(sp: *const usize) -> ! {
    let argc = *sp;
    let argv = sp.add(1) as *const *const u8;
    let envp = argv.add(argc + 1);
    let mut p = envp;
    while !(*p).is_null() {
        p = p.add(1);
    }
    let auxv = p.add(1) as *const [usize; 2];
    let start = Startup {
        argc,
        argv,
        envp,
        auxv,
    };
    exit_group(crate::main(&start))
}

/// `-errno` in `-4095..0` to `Err(errno)`.
fn ret(r: isize) -> Result<usize, i32> {
    if (-4095..0).contains(&r) {
        Err(-r as i32)
    } else {
        Ok(r as usize)
    }
}

unsafe fn sys(nr: u32, a: [usize; 6]) -> Result<usize, i32> {
    ret(syscall6(nr, a))
}

pub fn exit_group(code: i32) -> ! {
    // SAFETY: exit_group takes no pointer and does not return.
    unsafe {
        syscall6(g::__NR_exit_group, [code as usize, 0, 0, 0, 0, 0]);
    }
    loop {
        core::hint::spin_loop();
    }
}

pub fn write(fd: i32, bytes: &[u8]) -> Result<usize, i32> {
    // SAFETY: the kernel reads `bytes.len()` bytes of a live slice.
    unsafe {
        sys(
            g::__NR_write,
            [fd as usize, bytes.as_ptr() as usize, bytes.len(), 0, 0, 0],
        )
    }
}

pub fn openat(path: &CStr, flags: u32, mode: u32) -> Result<i32, i32> {
    // SAFETY: `path` is NUL-terminated.
    unsafe {
        sys(
            g::__NR_openat,
            [
                g::AT_FDCWD as isize as usize,
                path.as_ptr() as usize,
                flags as usize,
                mode as usize,
                0,
                0,
            ],
        )
        .map(|fd| fd as i32)
    }
}

pub fn close(fd: i32) -> Result<(), i32> {
    // SAFETY: no pointers.
    unsafe { sys(g::__NR_close, [fd as usize, 0, 0, 0, 0, 0]).map(drop) }
}

/// `fcntl(fd, F_GETFD)`: `Ok` iff `fd` is open.
pub fn fd_flags(fd: i32) -> Result<usize, i32> {
    // SAFETY: no pointers.
    unsafe {
        sys(
            g::__NR_fcntl,
            [fd as usize, g::F_GETFD as usize, 0, 0, 0, 0],
        )
    }
}

pub fn unlink(path: &CStr) -> Result<(), i32> {
    // SAFETY: `path` is NUL-terminated.
    unsafe {
        sys(
            g::__NR_unlinkat,
            [
                g::AT_FDCWD as isize as usize,
                path.as_ptr() as usize,
                0,
                0,
                0,
                0,
            ],
        )
        .map(drop)
    }
}

/// `rt_sigaction(sig, {SIG_IGN}, NULL, sizeof(sigset))`.
pub fn ignore_signal(sig: u32) -> Result<(), i32> {
    const SIG_IGN: usize = 1;
    // SAFETY: all-zero is a valid kernel_sigaction (no handler, no flags, empty mask); the
    // handler field is then overwritten with SIG_IGN's bit pattern through a raw pointer.
    unsafe {
        let mut act: g::kernel_sigaction = core::mem::zeroed();
        let handler = core::ptr::addr_of_mut!(act.sa_handler_kernel) as *mut usize;
        handler.write(SIG_IGN);
        sys(
            g::__NR_rt_sigaction,
            [
                sig as usize,
                &act as *const g::kernel_sigaction as usize,
                0,
                size_of::<g::kernel_sigset_t>(),
                0,
                0,
            ],
        )
        .map(drop)
    }
}

pub fn getpid() -> i32 {
    // SAFETY: no pointers; cannot fail.
    unsafe { syscall6(g::__NR_getpid, [0; 6]) as i32 }
}

/// `fork()` as `clone(SIGCHLD, 0, ...)`: the child's pid in the parent, 0 in the child.
pub fn fork() -> Result<i32, i32> {
    // SAFETY: without CLONE_VM the child runs on its own copy of this stack, so returning
    // through the asm block in both processes is fine.
    unsafe { sys(g::__NR_clone, [g::SIGCHLD as usize, 0, 0, 0, 0, 0]).map(|p| p as i32) }
}

/// `prlimit64(pid, resource, new, old)` with optional new and old `struct rlimit64`.
pub fn prlimit64(
    pid: i32,
    resource: u32,
    new: Option<&[u64; 2]>,
    old: Option<&mut [u64; 2]>,
) -> Result<(), i32> {
    let new = new.map_or(0, |n| n.as_ptr() as usize);
    let old = old.map_or(0, |o| o.as_mut_ptr() as usize);
    // SAFETY: both pointers are null or point to two live u64s.
    unsafe {
        sys(
            g::__NR_prlimit64,
            [pid as isize as usize, resource as usize, new, old, 0, 0],
        )
        .map(drop)
    }
}

/// `getrusage(who, &ru)` into linux-raw-sys's `struct rusage`.
pub fn getrusage(who: i32, ru: &mut g::rusage) -> Result<(), i32> {
    // SAFETY: `ru` is a live struct rusage of the kernel's layout (linux-raw-sys's).
    unsafe {
        sys(
            g::__NR_getrusage,
            [
                who as isize as usize,
                ru as *mut g::rusage as usize,
                0,
                0,
                0,
                0,
            ],
        )
        .map(drop)
    }
}

/// A fixed buffer for `core::fmt`; what does not fit is dropped (never a panic).
pub struct Buf<const N: usize> {
    pub bytes: [u8; N],
    pub len: usize,
}

impl<const N: usize> Buf<N> {
    pub const fn new() -> Self {
        Buf {
            bytes: [0; N],
            len: 0,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl<const N: usize> Write for Buf<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = N - self.len;
        let n = s.len().min(room);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        if n < s.len() {
            Err(fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// Formats one line and writes it to stdout at once.
pub fn print_line(args: fmt::Arguments<'_>) {
    let mut line = Buf::<1024>::new();
    let _ = line.write_fmt(args);
    if line.len == line.bytes.len() {
        line.bytes[line.len - 4..line.len - 1].copy_from_slice(b"...");
        line.len -= 1;
    }
    line.bytes[line.len] = b'\n';
    line.len += 1;
    let mut done = 0;
    while done < line.len {
        match write(1, &line.bytes[done..line.len]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(4) => {} // EINTR
            Err(_) => break,
        }
    }
}

#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => { $crate::rt::print_line(format_args!($($arg)*)) };
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    print_line(format_args!("FAIL panic: {info}"));
    exit_group(101)
}
