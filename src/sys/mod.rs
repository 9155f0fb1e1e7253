//! The three raw calls rsrc makes, in terms of each architecture's `syscall2`/`syscall4`.
//!
//! Every arch file returns the kernel's result normalised to the generic convention (a
//! negative value in `-4095..0` is `-errno`), so `-errno` becomes `Errno` here, in one place.
//! Syscall numbers come from [`crate::abi::native`], the same row the tests check.

#![allow(unsafe_code)]

#[cfg_attr(target_arch = "x86_64", path = "x86_64.rs")]
#[cfg_attr(target_arch = "x86", path = "x86.rs")]
#[cfg_attr(target_arch = "aarch64", path = "aarch64.rs")]
#[cfg_attr(target_arch = "arm", path = "arm.rs")]
#[cfg_attr(target_arch = "riscv64", path = "riscv64.rs")]
#[cfg_attr(
    any(target_arch = "powerpc", target_arch = "powerpc64"),
    path = "powerpc.rs"
)]
#[cfg_attr(target_arch = "s390x", path = "s390x.rs")]
#[cfg_attr(
    any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6"
    ),
    path = "mips.rs"
)]
#[cfg_attr(target_arch = "sparc64", path = "sparc64.rs")]
#[cfg_attr(target_arch = "loongarch64", path = "loongarch64.rs")]
mod arch;

use crate::abi;
use crate::usage::Usage;
use crate::Errno;
use core::mem::MaybeUninit;

const NR: abi::Syscalls = abi::native().syscalls;

#[inline(always)]
fn check(ret: isize) -> Result<usize, Errno> {
    if (-4095..0).contains(&ret) {
        Err(errno(ret))
    } else {
        Ok(ret as usize)
    }
}

/// The `Errno` of a `-errno` return, out of line: `Errno::from_raw_os_error` asserts its
/// range, and inlined into a caller that folds the error test into flags (as `setrlimit(..)
/// .is_ok()` does) LLVM could no longer prove the assertion and kept it on the fast path.
#[cold]
#[inline(never)]
fn errno(ret: isize) -> Errno {
    Errno::from_raw_os_error(-ret as i32)
}

/// The kernel's `struct rusage` as this target lays it out.
///
/// Where the kernel's `long` is 64 bits and `tv_usec` a `long` (every 64-bit ABI but sparc64,
/// and x32), that is exactly [`Usage`], so the kernel writes the caller's value in place.
#[cfg(any(
    target_arch = "x86_64",
    all(target_pointer_width = "64", not(target_arch = "sparc64"))
))]
mod raw {
    use super::*;
    pub(super) type Rusage = Usage;
    const _: () = assert!(core::mem::size_of::<Usage>() == abi::native().rusage_bytes());
    #[inline(always)]
    pub(super) fn to_usage(r: Rusage) -> Usage {
        r
    }
}

/// 32-bit `long`: eighteen 32-bit words. Counters are widened as unsigned, since the kernel
/// keeps them in `unsigned long` and only the copy to user space calls them `long`.
#[cfg(all(target_pointer_width = "32", not(target_arch = "x86_64")))]
mod raw {
    use super::*;
    use crate::time::Timeval;
    pub(super) type Rusage = [u32; 18];
    const _: () = assert!(core::mem::size_of::<Rusage>() == abi::native().rusage_bytes());
    #[inline(always)]
    pub(super) fn to_usage(r: Rusage) -> Usage {
        let mut c = [0u64; 14];
        let mut i = 0;
        while i < 14 {
            c[i] = u64::from(r[4 + i]);
            i += 1;
        }
        Usage::from_parts(
            Timeval::new(u64::from(r[0]), r[1]),
            Timeval::new(u64::from(r[2]), r[3]),
            c,
        )
    }
}

/// sparc64: `tv_usec` is an `int` followed by padding, i.e. the high half of a big-endian word.
#[cfg(target_arch = "sparc64")]
mod raw {
    use super::*;
    use crate::time::Timeval;
    pub(super) type Rusage = [u64; 18];
    const _: () = assert!(core::mem::size_of::<Rusage>() == abi::native().rusage_bytes());
    #[inline(always)]
    pub(super) fn to_usage(r: Rusage) -> Usage {
        let mut c = [0u64; 14];
        c.copy_from_slice(&r[4..]);
        let usec = |w: u64| (w >> 32) as u32;
        Usage::from_parts(
            Timeval::new(r[0], usec(r[1])),
            Timeval::new(r[2], usec(r[3])),
            c,
        )
    }
}

/// `getrusage(who, &usage)`.
#[inline]
pub(crate) fn getrusage(who: i32) -> Result<Usage, Errno> {
    let mut ru = MaybeUninit::<raw::Rusage>::uninit();
    // SAFETY: the kernel writes a whole `struct rusage`, whose layout `raw::Rusage` is (the
    // size is asserted at compile time), or fails and writes nothing we read.
    unsafe {
        check(arch::syscall2(
            NR.getrusage,
            who as isize as usize,
            ru.as_mut_ptr() as usize,
        ))?;
        Ok(raw::to_usage(ru.assume_init()))
    }
}

/// `prlimit64(pid, resource, new, old)`: `new` is written if given; the old value is read
/// and returned if `read` (otherwise `[0, 0]` is returned).
#[inline]
pub(crate) fn prlimit64(
    pid: i32,
    resource: u32,
    new: Option<&[u64; 2]>,
    read: bool,
) -> Result<[u64; 2], Errno> {
    // Uninit, not zeroed: the kernel writes all of it when asked to read, and it is not read
    // otherwise (zeroing it cost an instruction per getrlimit).
    let mut old = MaybeUninit::<[u64; 2]>::uninit();
    let new_ptr = match new {
        Some(n) => n.as_ptr() as usize,
        None => 0,
    };
    let old_ptr = if read { old.as_mut_ptr() as usize } else { 0 };
    // SAFETY: both pointers are null or point to a live `struct rlimit64` (two `u64`s); on
    // success with `read` the kernel has written the whole of `old`.
    unsafe {
        check(arch::syscall4(
            NR.prlimit64,
            pid as isize as usize,
            resource as usize,
            new_ptr,
            old_ptr,
        ))?;
        Ok(if read { old.assume_init() } else { [0, 0] })
    }
}

/// `wait4(pid, &status, options, &usage)`: the pid returned (0 with `WNOHANG` and nothing to
/// report), the status and the child's usage.
#[inline]
pub(crate) fn wait4(pid: i32, options: u32) -> Result<(i32, i32, Usage), Errno> {
    let mut status: i32 = 0;
    // Uninit, not zeroed (zeroing was a 144-byte memset per call): the kernel writes the whole
    // structure whenever it returns a pid, and nothing when it returns 0 (WNOHANG, nothing to
    // report), when `Usage::default()` is returned instead.
    let mut ru = MaybeUninit::<raw::Rusage>::uninit();
    let nr = match NR.wait4 {
        Some(nr) => nr,
        None => return Err(Errno::NOSYS),
    };
    // SAFETY: `status` is a live `int`, `ru` a live `struct rusage`; the kernel has written
    // the whole of `ru` if it returned a pid (`ret > 0`), and `ru` is not read otherwise.
    unsafe {
        let ret = check(arch::syscall4(
            nr,
            pid as isize as usize,
            &mut status as *mut i32 as usize,
            options as usize,
            ru.as_mut_ptr() as usize,
        ))?;
        let usage = if ret == 0 {
            Usage::default()
        } else {
            raw::to_usage(ru.assume_init())
        };
        Ok((ret as i32, status, usage))
    }
}

/// The page size, cached after the first call.
///
/// `msync(addr, 0, 0)` checks that `addr` is page-aligned before anything else and, with a
/// length of 0, touches no memory: `EINVAL` if it is not aligned, 0 if it is. So the first
/// power of two `1 << k` (k from 12) it accepts is the page size. Unlike reading `AT_PAGESZ`
/// (rustix's way: `prctl(PR_GET_AUXV)`, else `/proc/self/auxv`), this needs one syscall that
/// cannot allocate, and nothing to open.
#[inline]
pub(crate) fn page_size() -> Result<usize, Errno> {
    use core::sync::atomic::{AtomicUsize, Ordering};
    static CACHE: AtomicUsize = AtomicUsize::new(0);
    let cached = CACHE.load(Ordering::Relaxed);
    if cached != 0 {
        return Ok(cached);
    }
    let mut shift = 12;
    while shift <= 26 {
        let addr = 1usize << shift;
        // SAFETY: with length 0 the kernel only inspects the address's alignment.
        match check(unsafe { arch::syscall4(NR.msync, addr, 0, 0, 0) }) {
            Ok(_) => {
                CACHE.store(addr, Ordering::Relaxed);
                return Ok(addr);
            }
            Err(Errno::INVAL) => shift += 1,
            Err(e) => return Err(e),
        }
    }
    Err(Errno::INVAL)
}
