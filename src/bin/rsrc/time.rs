//! `rsrc time` (fork, limits, exec, wait4, report) and `rsrc usage` (getrusage).

use crate::args::{self, show, Scanner};
use crate::limits::{self, Op, Target};
use crate::out::{self, Json};
use crate::{errno, fail, fail_usage, print, Fail};
use rsrc::{Errno, Pid, Timeval, Usage, WaitFor, WaitOptions, WaitStatus, Who};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Instant;

pub const TIME_HELP: &str = "\
Usage: rsrc time [--json] [-o FILE [-a]] [LIMIT...] -- CMD [ARG...]

Runs CMD with the given limits (set in the child, between fork and exec), waits for it with
wait4, and reports its resource usage (all 16 struct rusage fields), the wall-clock time and
how it ended, like GNU time -v. The '--' is required. Each LIMIT is a limit option such as
--nofile=1024:4096 (see 'rsrc --help').

While CMD runs, rsrc ignores SIGINT and SIGQUIT (the terminal sends them to CMD too) and
passes SIGTERM and SIGHUP on to CMD.

Options:
      --json         one JSON object: ru_utime ... ru_nivcsw (Python's names and units:
                     seconds with six decimals, ru_maxrss in KiB), wall_s, exit_code,
                     signal, command
  -o, --output FILE  write the report to FILE instead of standard error
  -a, --append       append to FILE instead of replacing it
      --verbose      print each limit change (old -> new) to standard error
  -h, --help         this text

Exit status: that of CMD (128+N if killed by signal N); 1 if a limit could not be set or
the report not written, 2 for a usage error, 126 if CMD cannot be executed, 127 if it is
not found.
";

pub const USAGE_HELP: &str = "\
Usage: rsrc usage [--who self|children|thread|both] [--json]

getrusage(2) of the rsrc process itself: 'self' (default), 'children' (waited-for
children: none, as rsrc starts none here), 'thread', or 'both' (self and children, summed;
Linux has no RUSAGE_BOTH, rsrc computes it).

Options:
      --who WHO   whose usage
      --json      one JSON object with Python's struct_rusage names and units
  -h, --help      this text
";

/// The 16 fields: Python's name, a description for people.
const FIELDS: [(&str, &str); 16] = [
    ("ru_utime", "user CPU time"),
    ("ru_stime", "system CPU time"),
    ("ru_maxrss", "maximum resident set size"),
    ("ru_ixrss", "integral shared memory size"),
    ("ru_idrss", "integral unshared data size"),
    ("ru_isrss", "integral unshared stack size"),
    ("ru_minflt", "page faults without I/O (minor)"),
    ("ru_majflt", "page faults with I/O (major)"),
    ("ru_nswap", "swaps"),
    ("ru_inblock", "file system inputs (512-byte blocks)"),
    ("ru_oublock", "file system outputs (512-byte blocks)"),
    ("ru_msgsnd", "IPC messages sent"),
    ("ru_msgrcv", "IPC messages received"),
    ("ru_nsignals", "signals received"),
    ("ru_nvcsw", "voluntary context switches"),
    ("ru_nivcsw", "involuntary context switches"),
];

/// The 16 values as text: times as exact seconds, counters as numbers.
fn values(u: &Usage) -> [String; 16] {
    let c = u.counters();
    let mut v: [String; 16] = Default::default();
    v[0] = u.utime.to_string();
    v[1] = u.stime.to_string();
    for (slot, n) in v[2..].iter_mut().zip(c) {
        *slot = n.to_string();
    }
    v
}

/// Rows (description, number, unit, field name, note) of a usage report.
fn usage_rows(u: &Usage) -> Vec<Vec<String>> {
    let vals = values(u);
    FIELDS
        .iter()
        .zip(vals)
        .map(|((name, desc), val)| {
            let (unit, note) = match *name {
                "ru_utime" | "ru_stime" => ("s", String::new()),
                "ru_maxrss" if u.maxrss >= 1024 => {
                    ("KiB", format!("({})", out::human_bytes(u.maxrss_bytes())))
                }
                "ru_maxrss" => ("KiB", String::new()),
                _ => ("", String::new()),
            };
            vec![
                desc.to_string(),
                val,
                unit.to_string(),
                name.to_string(),
                note,
            ]
        })
        .collect()
}

const USAGE_ALIGN: [out::Align; 5] = [Left, Right, Left, Left, Left];

fn usage_json(j: &mut Json, u: &Usage) {
    for ((name, _), val) in FIELDS.iter().zip(values(u)) {
        j.raw(Some(name), val);
    }
}

use out::Align::{Left, Right};

pub fn usage(argv: Vec<OsString>) -> Result<i32, Fail> {
    let mut sc = Scanner::new(argv);
    let (mut who, mut json) = (Who::Process, false);
    while let Some(tok) = sc.next_tok()? {
        match tok {
            args::Tok::Opt(name, v) => match name.as_str() {
                "-h" | "--help" => return print(USAGE_HELP),
                "--json" => {
                    args::no_value(&name, &v)?;
                    json = true;
                }
                "--who" => {
                    let w = sc.str_value(&name, v)?;
                    who = match w.to_ascii_lowercase().as_str() {
                        "self" | "process" => Who::Process,
                        "children" => Who::Children,
                        "thread" => Who::Thread,
                        "both" => Who::Both,
                        _ => {
                            return Err(fail_usage(format!(
                                "invalid --who {} (expected self, children, thread or both)",
                                show(w.as_ref())
                            )))
                        }
                    };
                }
                _ => {
                    return Err(fail_usage(format!(
                        "unknown option {} for 'rsrc usage' (see 'rsrc usage --help')",
                        show(name.as_ref())
                    )))
                }
            },
            args::Tok::Pos(p) => {
                return Err(fail_usage(format!(
                    "unexpected argument {} ('rsrc usage' takes only options)",
                    show(&p)
                )))
            }
            args::Tok::End => {
                if let Some(p) = std::mem::replace(&mut sc, Scanner::new(Vec::new()))
                    .rest()
                    .first()
                {
                    return Err(fail_usage(format!(
                        "unexpected argument {} ('rsrc usage' takes only options)",
                        show(p)
                    )));
                }
            }
        }
    }
    let name = match who {
        Who::Process => "RUSAGE_SELF",
        Who::Children => "RUSAGE_CHILDREN",
        Who::Thread => "RUSAGE_THREAD",
        Who::Both => "RUSAGE_SELF and RUSAGE_CHILDREN",
    };
    let u = rsrc::getrusage(who)
        .map_err(|e| fail(format!("getrusage({name}): {}", errno::errno(e))))?;
    if json {
        let mut j = Json::new();
        j.open(None);
        usage_json(&mut j, &u);
        j.close();
        print(&j.finish())
    } else {
        print(&out::table(&usage_rows(&u), &USAGE_ALIGN))
    }
}

// --- signals -------------------------------------------------------------------------------

/// `sighandler_t` values.
const SIG_IGN: usize = 1;
const SIG_ERR: usize = usize::MAX;

extern "C" {
    /// The C library's `signal(2)` (std links the C library already; no crate is added).
    /// glibc and musl give it BSD semantics: `SA_RESTART`, the handler stays installed.
    fn signal(signum: i32, handler: usize) -> usize;
}

/// The child that forwarded signals go to (0: none yet).
static CHILD: AtomicI32 = AtomicI32::new(0);

/// Passes a signal on to the child. Async-signal-safe: an atomic load and `kill(2)`.
extern "C" fn forward(sig: i32) {
    let pid = CHILD.load(Ordering::Relaxed);
    if let (Some(pid), Some(sig)) = (
        Pid::from_raw(pid),
        rustix::process::Signal::from_named_raw(sig),
    ) {
        let _ = rustix::process::kill_process(pid, sig);
    }
}

/// Signal dispositions rsrc changed while the child runs, to be put back in the child.
#[derive(Clone)]
struct Dispositions {
    saved: Vec<(i32, usize)>,
}

impl Dispositions {
    /// Ignores SIGINT and SIGQUIT (as GNU time does: the terminal sends them to the child
    /// too) and forwards SIGTERM and SIGHUP to the child, unless they were ignored already.
    fn install() -> Dispositions {
        use rustix::process::Signal;
        let mut saved = Vec::new();
        for sig in [Signal::INT, Signal::QUIT] {
            // SAFETY: SIG_IGN is a valid disposition; no handler runs.
            let old = unsafe { signal(sig.as_raw(), SIG_IGN) };
            if old != SIG_ERR {
                saved.push((sig.as_raw(), old));
            }
        }
        for sig in [Signal::TERM, Signal::HUP] {
            let handler = forward as extern "C" fn(i32) as usize;
            // SAFETY: `forward` is async-signal-safe and matches `void (*)(int)`.
            let old = unsafe { signal(sig.as_raw(), handler) };
            if old == SIG_IGN {
                // Ignored by whoever started rsrc: keep it so (for rsrc and the child).
                unsafe { signal(sig.as_raw(), SIG_IGN) };
            } else if old != SIG_ERR {
                saved.push((sig.as_raw(), old));
            }
        }
        Dispositions { saved }
    }

    /// Puts the old dispositions back. Async-signal-safe (for the child, before exec).
    fn restore(&self) {
        for &(sig, old) in &self.saved {
            // SAFETY: `old` is what `signal` returned for this signal: SIG_DFL, SIG_IGN or a
            // handler of this program, all valid.
            unsafe { signal(sig, old) };
        }
    }
}

// --- time ----------------------------------------------------------------------------------

/// Where the report goes.
enum Sink {
    Stderr,
    File(std::fs::File, OsString),
}

pub fn time(argv: Vec<OsString>) -> Result<i32, Fail> {
    let (mut json, mut output, mut append) = (false, None::<OsString>, false);
    let parsed = limits::command_args("time", argv, TIME_HELP, |sc, name, v| {
        match name {
            "--json" => {
                args::no_value(name, &v)?;
                json = true;
            }
            "-o" | "--output" => {
                if output.replace(sc.value(name, v)?).is_some() {
                    return Err(fail_usage("-o given twice".to_string()));
                }
            }
            "-a" | "--append" => {
                args::no_value(name, &v)?;
                append = true;
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    let Some((la, command)) = parsed else {
        return Ok(0);
    };
    if append && output.is_none() {
        return Err(fail_usage("-a needs -o FILE".to_string()));
    }
    // The child inherits rsrc's limits, so planning against rsrc's own is planning against
    // the child's.
    let ops = limits::plan(&la.changes, Target::Me)?;
    let mut sink = match output {
        None => Sink::Stderr,
        Some(path) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .append(append)
                .truncate(!append)
                .open(&path)
                .map_err(|e| {
                    fail(format!(
                        "cannot open {} for the report: {}; the command was not run",
                        show(&path),
                        errno::io(&e)
                    ))
                })?;
            Sink::File(f, path)
        }
    };
    if la.verbose {
        for op in &ops {
            eprintln!(
                "rsrc: {}: {} -> {}",
                op.resource.short_name(),
                op.old,
                op.new
            );
        }
    }

    let (mut failed_rx, failed_tx) =
        std::io::pipe().map_err(|e| fail(format!("creating a pipe: {}", errno::io(&e))))?;
    let dispositions = Dispositions::install();
    let child_ops: Vec<Op> = ops.clone();
    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..]);
    let restore = dispositions.clone();
    // SAFETY: the closure runs in the child between fork and exec. It only calls
    // async-signal-safe functions: signal(2), rsrc::setrlimit (one raw syscall, no
    // allocation, no lock) and write(2) on a pipe; it does not allocate.
    unsafe {
        cmd.pre_exec(move || {
            restore.restore();
            for (i, op) in child_ops.iter().enumerate() {
                if let Err(e) = rsrc::setrlimit(op.resource, op.new) {
                    let _ = (&failed_tx).write(&[i as u8]);
                    return Err(std::io::Error::from_raw_os_error(e.raw_os_error()));
                }
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let spawned = cmd.spawn();
    // Drop the pipe's write end (held by the closure) so the read below cannot block.
    drop(cmd);
    let child = match spawned {
        Ok(child) => child,
        Err(e) => {
            dispositions.restore();
            let mut which = [0u8; 1];
            return Err(match failed_rx.read(&mut which) {
                Ok(1) if usize::from(which[0]) < ops.len() => {
                    let op = ops[usize::from(which[0])];
                    fail(format!(
                        "setting {} to {}: {}; the command was not run",
                        op.resource.short_name(),
                        op.new,
                        errno::io(&e)
                    ))
                }
                _ => limits::exec_failure(&command[0], &e),
            });
        }
    };
    let pid = Pid::from_raw(child.id() as i32).ok_or_else(|| fail("spawn gave pid 0".into()))?;
    CHILD.store(pid.as_raw_nonzero().get(), Ordering::Relaxed);
    let waited = loop {
        match rsrc::wait4(WaitFor::Pid(pid), WaitOptions::empty()) {
            Err(e) if e == Errno::INTR => continue,
            other => break other,
        }
    };
    let wall = start.elapsed();
    CHILD.store(0, Ordering::Relaxed);
    dispositions.restore();
    let waited = match waited {
        Ok(Some(w)) => w,
        Ok(None) => return Err(fail(format!("wait4(pid {pid:?}) reported nothing"))),
        Err(e) => {
            // Without wait4 there is no usage to report; still reap the child (std's
            // waitpid) so that its status is not lost.
            let mut child = child;
            let status = child.wait().ok();
            return Err(fail(format!(
                "wait4 for pid {}: {}; no usage report{}",
                pid.as_raw_nonzero(),
                errno::errno(e),
                status.map_or(String::new(), |s| format!(" (the command ended: {s})"))
            )));
        }
    };
    let wall = Timeval::new(wall.as_secs(), wall.subsec_micros());
    let report = if json {
        let mut j = Json::new();
        j.open(None);
        usage_json(&mut j, &waited.usage);
        j.raw(Some("wall_s"), wall)
            .opt(Some("exit_code"), waited.status.exit_status())
            .opt(Some("signal"), waited.status.terminating_signal())
            .open_array(Some("command"));
        for w in &command {
            j.str(None, &args::lossy(w));
        }
        j.close_array().close();
        j.finish()
    } else {
        text_report(&command, waited.status, wall, &waited.usage)
    };
    let written = match &mut sink {
        Sink::Stderr => std::io::stderr().lock().write_all(report.as_bytes()),
        Sink::File(f, _) => f.write_all(report.as_bytes()).and_then(|()| f.flush()),
    };
    if let Err(e) = written {
        let to = match &sink {
            Sink::Stderr => "standard error".to_string(),
            Sink::File(_, path) => show(path),
        };
        return Err(fail(format!(
            "writing the report to {to}: {} (the command ended: {})",
            errno::io(&e),
            describe(waited.status)
        )));
    }
    Ok(waited.status.shell_status())
}

/// `exited with status 3`, `killed by signal 9 (SIGKILL)`, `... (core dumped)`.
fn describe(s: WaitStatus) -> String {
    match (s.exit_status(), s.terminating_signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(sig)) => format!(
            "killed by signal {sig}{}{}",
            errno::signal_name(sig).map_or(String::new(), |n| format!(" ({n})")),
            if s.core_dumped() { ", core dumped" } else { "" }
        ),
        _ => s.to_string(),
    }
}

fn text_report(command: &[OsString], status: WaitStatus, wall: Timeval, u: &Usage) -> String {
    let cpu = u.cpu_time().as_micros();
    let share = match wall.as_micros() {
        0 => "-".to_string(),
        w => (u128::from(cpu) * 100 / u128::from(w)).to_string(),
    };
    let mut rows = vec![
        vec![
            "wall-clock time".to_string(),
            wall.to_string(),
            "s".to_string(),
            "wall_s".to_string(),
            String::new(),
        ],
        vec![
            "CPU share (user+system / wall)".to_string(),
            share,
            "%".to_string(),
        ],
    ];
    rows.extend(usage_rows(u));
    let mut s = format!(
        "command: {}\nstatus: {}\n",
        args::shell_words(command),
        describe(status)
    );
    s.push_str(&out::table(&rows, &USAGE_ALIGN));
    s
}
