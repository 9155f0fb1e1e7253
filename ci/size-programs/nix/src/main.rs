//! getrusage + getrlimit with `nix`.
use nix::sys::resource::{getrlimit, getrusage, Resource, UsageWho, RLIM_INFINITY};
use std::process::ExitCode;

fn main() -> ExitCode {
    let (Ok(u), Ok((soft, _))) = (
        getrusage(UsageWho::RUSAGE_SELF),
        getrlimit(Resource::RLIMIT_NOFILE),
    ) else {
        return ExitCode::FAILURE;
    };
    let soft = (soft != RLIM_INFINITY).then_some(soft);
    println!("maxrss {} KiB, nofile {:?}", u.max_rss(), soft);
    ExitCode::SUCCESS
}
