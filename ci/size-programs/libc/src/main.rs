//! getrusage + getrlimit with the `libc` crate (musl's functions, linked statically).
use std::mem::MaybeUninit;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut ru = MaybeUninit::<libc::rusage>::uninit();
    let mut rl = MaybeUninit::<libc::rlimit>::uninit();
    // SAFETY: both calls fill their out-parameter when they return 0.
    let (u, l) = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, ru.as_mut_ptr()) != 0
            || libc::getrlimit(libc::RLIMIT_NOFILE, rl.as_mut_ptr()) != 0
        {
            return ExitCode::FAILURE;
        }
        (ru.assume_init(), rl.assume_init())
    };
    let soft = (l.rlim_cur != libc::RLIM_INFINITY).then_some(l.rlim_cur);
    println!("maxrss {} KiB, nofile {:?}", u.ru_maxrss, soft);
    ExitCode::SUCCESS
}
