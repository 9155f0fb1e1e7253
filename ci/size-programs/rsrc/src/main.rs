//! getrusage + getrlimit with rsrc.
use std::process::ExitCode;

fn main() -> ExitCode {
    let (Ok(u), Ok(l)) = (
        rsrc::getrusage(rsrc::Who::Process),
        rsrc::getrlimit(rsrc::Resource::Nofile),
    ) else {
        return ExitCode::FAILURE;
    };
    println!("maxrss {} KiB, nofile {:?}", u.maxrss, l.soft);
    ExitCode::SUCCESS
}
