//! `rsrc`: prlimit, ulimit and `time -v` in one small static binary, built on the `rsrc`
//! library. See `rsrc --help`.

mod abi;
mod args;
mod errno;
mod limits;
mod out;
mod time;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// Exit status of a usage error (bad option, malformed value).
pub const EXIT_USAGE: i32 = 2;
/// Exit status of a failed operation (a syscall refused).
pub const EXIT_FAILED: i32 = 1;
/// `run`/`time`: the command was found but could not be executed.
pub const EXIT_CANNOT_EXECUTE: i32 = 126;
/// `run`/`time`: the command was not found.
pub const EXIT_NOT_FOUND: i32 = 127;

/// Why rsrc stops: a one-line message and the exit status.
#[derive(Debug)]
pub struct Fail {
    pub code: i32,
    pub msg: String,
}

pub fn fail_usage(msg: String) -> Fail {
    Fail {
        code: EXIT_USAGE,
        msg,
    }
}

pub fn fail(msg: String) -> Fail {
    Fail {
        code: EXIT_FAILED,
        msg,
    }
}

const VERSION: &str = env!("CARGO_PKG_VERSION");

const HELP: &str = "\
Usage: rsrc COMMAND [OPTIONS] [ARGS]

Resource limits and usage of Linux processes: prlimit, ulimit and `time -v` in one binary.

Commands:
  limits [-p PID] [RESOURCE...]   show limits (of rsrc itself, or of PID), read-only
  set -p PID LIMIT...             change limits of a running process
  run [LIMIT...] -- CMD [ARG...]  set limits, then exec CMD (prlimit's COMMAND mode)
  time [LIMIT...] -- CMD [ARG...] run CMD with limits, report its resource usage
  usage [--who WHO]               getrusage of rsrc itself (self|children|thread|both)
  abi [NAME]                      per-architecture numbers and struct rusage layouts
  help [COMMAND]                  this text, or a command's

Limit options (set, run, time), as util-linux prlimit spells them:
  -t, --cpu=LIM     CPU time (seconds; suffixes s, m, h)
  -f, --fsize=LIM   max file size (bytes)         -d, --data=LIM     max data size
  -s, --stack=LIM   max stack size                -c, --core=LIM     max core file size
  -m, --rss=LIM     max resident set size         -u, --nproc=LIM    max processes
  -n, --nofile=LIM  max open files                -l, --memlock=LIM  max locked memory
  -v, --as=LIM      address space limit           -x, --locks=LIM    max file locks
  -i, --sigpending=LIM  max pending signals       -q, --msgqueue=LIM max POSIX mqueue bytes
  -e, --nice=LIM    max nice prio to raise to     -r, --rtprio=LIM   max real-time priority
  -y, --rttime=LIM  real-time timeout (microseconds)

LIM is SOFT:HARD, SOFT: (keep hard), :HARD (keep soft) or one value for both; each side a
number or 'unlimited' ('infinity'). Byte limits take K, M, G, T (powers of 1024).

Exit status: 0 success, 1 failed operation, 2 usage error; run and time: the command's
status (128+N if killed by signal N), 126 cannot execute, 127 not found.

Run 'rsrc COMMAND --help' for a command's options.
";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let code = match dispatch(args) {
        Ok(code) => code,
        Err(f) => {
            let _ = writeln!(std::io::stderr().lock(), "rsrc: {}", f.msg);
            f.code
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(EXIT_FAILED as u8))
}

fn dispatch(mut args: Vec<OsString>) -> Result<i32, Fail> {
    if args.is_empty() {
        let _ = std::io::stderr().lock().write_all(HELP.as_bytes());
        return Ok(EXIT_USAGE);
    }
    let cmd = args.remove(0);
    let Some(cmd_str) = cmd.to_str() else {
        return Err(unknown_command(&cmd));
    };
    match cmd_str {
        "limits" => limits::limits(args),
        "set" => limits::set(args),
        "run" => limits::run(args),
        "time" => time::time(args),
        "usage" => time::usage(args),
        "abi" => abi::abi(args),
        "help" | "--help" | "-h" => match args.first() {
            None => print(HELP),
            Some(c) => match c.to_str().and_then(command_help) {
                Some(text) => print(text),
                None => Err(unknown_command(c)),
            },
        },
        "--version" | "-V" | "version" => print(&format!("rsrc {VERSION}\n")),
        _ => Err(unknown_command(&cmd)),
    }
}

fn unknown_command(cmd: &std::ffi::OsStr) -> Fail {
    let what = if cmd.as_encoded_bytes().starts_with(b"-") {
        "option"
    } else {
        "command"
    };
    fail_usage(format!(
        "unknown {what} {} (commands: limits, set, run, time, usage, abi; see 'rsrc --help')",
        args::show(cmd)
    ))
}

fn command_help(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "limits" => limits::LIMITS_HELP,
        "set" => limits::SET_HELP,
        "run" => limits::RUN_HELP,
        "time" => time::TIME_HELP,
        "usage" => time::USAGE_HELP,
        "abi" => abi::ABI_HELP,
        _ => return None,
    })
}

/// Writes `text` to stdout. A closed pipe (`rsrc limits | head -1`) ends rsrc quietly with
/// the status a shell reports for SIGPIPE; other write errors are failures.
pub fn print(text: &str) -> Result<i32, Fail> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(141),
        Err(e) => Err(fail(format!(
            "writing to standard output: {}",
            errno::io(&e)
        ))),
    }
}
