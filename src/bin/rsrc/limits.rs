//! `rsrc limits`, `rsrc set`, `rsrc run`, and the planning and applying of limit changes that
//! `set`, `run` and `time` share.

use crate::args::{self, add_change, show, Change, Scanner, Tok};
use crate::out::{self, Align, Json};
use crate::{errno, fail, fail_usage, print, Fail, EXIT_CANNOT_EXECUTE, EXIT_NOT_FOUND};
use rsrc::{Errno, Pid, Resource, Rlimit};
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::Command;

pub const LIMITS_HELP: &str = "\
Usage: rsrc limits [-p PID] [--json] [--raw] [--noheadings] [RESOURCE...]

Shows soft and hard limits, of rsrc itself or of process PID, like util-linux prlimit.
Read-only: nothing is ever changed. RESOURCE is a name such as NOFILE, nofile or
RLIMIT_NOFILE; the limit options (--nofile, -n, ...) without a value select too.

Options:
  -p, --pid PID      the process to read (default: rsrc itself)
      --json         {\"pid\": N, \"limits\": [{\"resource\", \"description\", \"soft\", \"hard\", \"units\"}]}
                     with exact numbers, null for unlimited
      --raw          exact numbers, cells separated by one space (prlimit --raw format)
      --noheadings   no header line
  -h, --help         this text
";

pub const SET_HELP: &str = "\
Usage: rsrc set -p PID LIMIT...

Changes limits of the running process PID (prlimit -p PID --nofile=...). Each LIMIT is a
limit option such as --nofile=1024:4096, -c 0 or --as=4G: (see 'rsrc --help').
Every value is checked before anything is changed. If the kernel refuses one change, the
changes already made are undone and the message says so; nothing is left half-done silently.

Options:
  -p, --pid PID    the process to change (required)
      --verbose    print each change (old -> new) to standard error
  -h, --help       this text
";

pub const RUN_HELP: &str = "\
Usage: rsrc run [LIMIT...] -- CMD [ARG...]

Sets limits on itself, then executes CMD in its place (prlimit's COMMAND mode, ulimit for
shell-less systems). The '--' is required. Each LIMIT is a limit option such as
--nofile=1024:4096 (see 'rsrc --help').

Exit status: that of CMD; 1 if a limit could not be set (CMD is not run), 2 for a usage
error, 126 if CMD cannot be executed, 127 if it is not found.

Options:
      --verbose    print each change (old -> new) to standard error
  -h, --help       this text
";

/// One planned change: the resource, and its limit before and after.
#[derive(Clone, Copy)]
pub struct Op {
    pub resource: Resource,
    pub old: Rlimit,
    pub new: Rlimit,
}

/// Whose limits are changed.
#[derive(Clone, Copy)]
pub enum Target {
    /// rsrc itself (`run`; `time` in the child).
    Me,
    /// Another process (`set`).
    Pid(Pid),
}

impl Target {
    /// `" of pid 1234"`, or nothing for rsrc itself.
    pub fn whose(self) -> String {
        match self {
            Target::Me => String::new(),
            Target::Pid(p) => format!(" of pid {}", p.as_raw_nonzero()),
        }
    }

    fn pid(self) -> Option<Pid> {
        match self {
            Target::Me => None,
            Target::Pid(p) => Some(p),
        }
    }
}

/// Reads the current limits, applies the specs, and checks every result before anything is
/// changed. The changes are ordered so that the ones the kernel may refuse (raising a hard
/// limit) come first and the ones that cannot be undone without privilege (lowering a hard
/// limit) come last.
pub fn plan(changes: &[Change], target: Target) -> Result<Vec<Op>, Fail> {
    let whose = target.whose();
    let mut ops = Vec::with_capacity(changes.len());
    for c in changes {
        let r = c.resource;
        let old = rsrc::prlimit(target.pid(), r, None)
            .map_err(|e| read_failure(r, &whose, e, "; nothing changed"))?;
        let new = c.spec.apply(old);
        if !new.is_valid() {
            let (soft, hard) = (limit(new.soft), limit(new.hard));
            let given = show(c.text.as_ref());
            let why = match c.spec.soft() {
                rsrc::Setting::Keep => format!(
                    "new hard limit {hard} (from {given}) is below the current soft limit {soft}"
                ),
                _ => format!(
                    "new soft limit {soft} (from {given}) is above the current hard limit {hard}"
                ),
            };
            return Err(fail(format!(
                "{}{whose}: {why} (give both, as SOFT:HARD); nothing changed",
                r.short_name(),
            )));
        }
        ops.push(Op {
            resource: r,
            old,
            new,
        });
    }
    ops.sort_by_key(|op| risk(op.old, op.new));
    Ok(ops)
}

/// A failed read: `reading limits of pid N: ESRCH (...)` when the process is not there,
/// else naming the resource.
fn read_failure(r: Resource, whose: &str, e: Errno, tail: &str) -> Fail {
    let what = if e == Errno::SRCH {
        "limits"
    } else {
        r.short_name()
    };
    fail(format!("reading {what}{whose}: {}{tail}", errno::errno(e)))
}

/// 0: raises the hard limit (may be refused), 1: reversible, 2: lowers the hard limit.
fn risk(old: Rlimit, new: Rlimit) -> u8 {
    let rank = |h: Option<u64>| h.map_or(u128::MAX, u128::from);
    match rank(new.hard).cmp(&rank(old.hard)) {
        std::cmp::Ordering::Greater => 0,
        std::cmp::Ordering::Equal => 1,
        std::cmp::Ordering::Less => 2,
    }
}

pub fn limit(v: Option<u64>) -> String {
    v.map_or_else(|| "unlimited".to_string(), |v| v.to_string())
}

/// Applies planned changes in order. On a refusal, undoes what was applied (for another
/// process) and says exactly what state is left.
pub fn apply(ops: &[Op], target: Target, verbose: bool) -> Result<(), Fail> {
    let whose = target.whose();
    let mut done: Vec<(Resource, Rlimit, Rlimit)> = Vec::new();
    for op in ops {
        match rsrc::prlimit(target.pid(), op.resource, Some(op.new)) {
            Ok(before) => {
                done.push((op.resource, before, op.new));
                if verbose {
                    eprintln!(
                        "rsrc: {}{whose}: {} -> {}",
                        op.resource.short_name(),
                        before,
                        op.new
                    );
                }
            }
            Err(e) => {
                let mut msg = format!(
                    "setting {}{whose} to {}: {}",
                    op.resource.short_name(),
                    op.new,
                    errno::errno(e)
                );
                if e == Errno::SRCH {
                    msg.push_str(": the process has exited");
                    if !done.is_empty() {
                        let names: Vec<&str> = done.iter().map(|d| d.0.short_name()).collect();
                        msg.push_str(&format!(" (after {} had been set)", names.join(", ")));
                    }
                } else {
                    msg.push_str(&undo(&done, target));
                }
                return Err(fail(msg));
            }
        }
    }
    Ok(())
}

/// Undoes `done` (newest first) and describes the outcome.
fn undo(done: &[(Resource, Rlimit, Rlimit)], target: Target) -> String {
    if let Target::Me = target {
        return "; the command was not run".to_string();
    }
    if done.is_empty() {
        return "; nothing changed".to_string();
    }
    let mut restored = Vec::new();
    let mut stuck = Vec::new();
    for (r, before, new) in done.iter().rev() {
        match rsrc::prlimit(target.pid(), *r, Some(*before)) {
            Ok(_) => restored.push(r.short_name()),
            Err(e) => stuck.push(format!(
                "{}={} (restoring {}: {})",
                r.short_name(),
                new,
                before,
                errno::errno(e)
            )),
        }
    }
    restored.reverse();
    stuck.reverse();
    if stuck.is_empty() {
        format!(
            "; nothing changed ({} had been set and {} restored)",
            restored.join(", "),
            if restored.len() == 1 { "was" } else { "were" }
        )
    } else if restored.is_empty() {
        format!("; left changed: {}", stuck.join(", "))
    } else {
        format!(
            "; left changed: {}; restored: {}",
            stuck.join(", "),
            restored.join(", ")
        )
    }
}

/// The state letter of /proc/PID/stat (`R`, `S`, `Z`...), if /proc is there to ask.
pub fn proc_state(pid: Pid) -> Option<u8> {
    let stat = std::fs::read(format!("/proc/{}/stat", pid.as_raw_nonzero())).ok()?;
    let close = stat.iter().rposition(|&b| b == b')')?;
    stat.get(close + 2).copied()
}

fn zombie_note(pid: Pid) -> Option<String> {
    match proc_state(pid) {
        Some(b'Z') | Some(b'X') => Some(format!(
            "pid {} is a zombie (it has exited and its parent has not reaped it yet)",
            pid.as_raw_nonzero()
        )),
        _ => None,
    }
}

fn unknown_option(cmd: &str, name: &str) -> Fail {
    fail_usage(format!(
        "unknown option {} for 'rsrc {cmd}' (see 'rsrc {cmd} --help')",
        show(name.as_ref())
    ))
}

pub fn limits(argv: Vec<OsString>) -> Result<i32, Fail> {
    let mut sc = Scanner::new(argv);
    let (mut pid, mut json, mut raw, mut noheadings) = (None, false, false, false);
    let mut selected: Vec<Resource> = Vec::new();
    let mut select = |r: Resource| {
        if !selected.contains(&r) {
            selected.push(r);
        }
    };
    while let Some(tok) = sc.next_tok()? {
        match tok {
            Tok::End => {
                for name in std::mem::replace(&mut sc, Scanner::new(Vec::new())).rest() {
                    select(args::resource_name(&name)?);
                }
            }
            Tok::Pos(name) => select(args::resource_name(&name)?),
            Tok::Opt(name, v) => match name.as_str() {
                "-h" | "--help" => return print(LIMITS_HELP),
                "-p" | "--pid" => {
                    let p = args::parse_pid(&sc.value(&name, v)?)?;
                    if pid.replace(p).is_some() {
                        return Err(fail_usage("-p given twice".to_string()));
                    }
                }
                "--json" => {
                    args::no_value(&name, &v)?;
                    json = true;
                }
                "--raw" => {
                    args::no_value(&name, &v)?;
                    raw = true;
                }
                "--noheadings" => {
                    args::no_value(&name, &v)?;
                    noheadings = true;
                }
                _ => match args::limit_opt(&name) {
                    Some(r) => match v {
                        None => select(r),
                        Some(v) => {
                            return Err(fail_usage(format!(
                                "'rsrc limits' only reads; to change {} use \
                                 'rsrc set -p PID --{}={}' or 'rsrc run --{}={} -- CMD'",
                                r.short_name(),
                                args::long_name(r),
                                v.to_string_lossy(),
                                args::long_name(r),
                                v.to_string_lossy()
                            )))
                        }
                    },
                    None => return Err(unknown_option("limits", &name)),
                },
            },
        }
    }
    if json && raw {
        return Err(fail_usage(
            "--json and --raw exclude each other".to_string(),
        ));
    }
    if selected.is_empty() {
        selected = Resource::ALL.to_vec();
    }
    let whose = Target::Me.whose();
    let whose = pid.map_or(whose, |p| Target::Pid(p).whose());
    let mut rows = Vec::with_capacity(selected.len());
    for r in &selected {
        let lim = rsrc::prlimit(pid, *r, None).map_err(|e| read_failure(*r, &whose, e, ""))?;
        rows.push((*r, lim));
    }
    if let Some(note) = pid.and_then(zombie_note) {
        eprintln!("rsrc: warning: {note}; these are the limits it had");
    }
    let text = if json {
        let me = pid.map_or(std::process::id() as i32, |p| p.as_raw_nonzero().get());
        let mut j = Json::new();
        j.open(None).raw(Some("pid"), me).open_array(Some("limits"));
        for (r, lim) in &rows {
            j.open(None)
                .str(Some("resource"), r.short_name())
                .str(Some("description"), r.description())
                .opt(Some("soft"), lim.soft)
                .opt(Some("hard"), lim.hard)
                .str(Some("units"), r.unit())
                .close();
        }
        j.close_array().close();
        j.finish()
    } else if raw {
        let mut s = String::new();
        if !noheadings {
            s.push_str("RESOURCE DESCRIPTION SOFT HARD UNITS\n");
        }
        for (r, lim) in &rows {
            s.push_str(&format!(
                "{} {} {} {} {}\n",
                r.short_name(),
                r.description().replace(' ', "\\x20"),
                limit(lim.soft),
                limit(lim.hard),
                r.unit()
            ));
        }
        s
    } else {
        let mut table = Vec::new();
        if !noheadings {
            table.push(
                ["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"]
                    .map(String::from)
                    .to_vec(),
            );
        }
        for (r, lim) in &rows {
            table.push(vec![
                r.short_name().to_string(),
                r.description().to_string(),
                human(*r, lim.soft),
                human(*r, lim.hard),
                r.unit().to_string(),
            ]);
        }
        use Align::{Left, Right};
        out::table(&table, &[Left, Left, Right, Right, Left])
    };
    print(&text)
}

/// A limit for people: `unlimited`, sizes in KiB/MiB/... for byte limits, else the number.
fn human(r: Resource, v: Option<u64>) -> String {
    match v {
        None => "unlimited".to_string(),
        Some(v) if r.unit() == "bytes" => out::human_bytes(v),
        Some(v) => v.to_string(),
    }
}

/// Options shared by `set`, `run` and `time`: limit options and `--verbose`.
pub struct LimitArgs {
    pub changes: Vec<Change>,
    pub verbose: bool,
}

/// Handles `name` if it is a limit option or `--verbose`; `Ok(false)` if it is not one.
pub fn limit_arg(
    sc: &mut Scanner,
    la: &mut LimitArgs,
    name: &str,
    v: Option<OsString>,
) -> Result<bool, Fail> {
    if name == "--verbose" {
        args::no_value(name, &v)?;
        la.verbose = true;
        return Ok(true);
    }
    match args::limit_opt(name) {
        Some(r) => {
            let text = sc.str_value(name, v)?;
            add_change(&mut la.changes, name, r, text)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

pub fn set(argv: Vec<OsString>) -> Result<i32, Fail> {
    let mut sc = Scanner::new(argv);
    let mut pid = None;
    let mut la = LimitArgs::new();
    while let Some(tok) = sc.next_tok()? {
        match tok {
            Tok::End => {
                if let Some(extra) = sc.rest().first() {
                    return Err(fail_usage(format!(
                        "unexpected argument {} ('rsrc set' takes only options; \
                         to run a command use 'rsrc run')",
                        show(extra)
                    )));
                }
                break;
            }
            Tok::Pos(p) => {
                return Err(fail_usage(format!(
                    "unexpected argument {} ('rsrc set' takes only options; \
                     to run a command use 'rsrc run')",
                    show(&p)
                )))
            }
            Tok::Opt(name, v) => match name.as_str() {
                "-h" | "--help" => return print(SET_HELP),
                "-p" | "--pid" => {
                    let p = args::parse_pid(&sc.value(&name, v)?)?;
                    if pid.replace(p).is_some() {
                        return Err(fail_usage("-p given twice".to_string()));
                    }
                }
                _ => {
                    if !limit_arg(&mut sc, &mut la, &name, v)? {
                        return Err(unknown_option("set", &name));
                    }
                }
            },
        }
    }
    let Some(pid) = pid else {
        return Err(fail_usage(
            "'rsrc set' needs -p PID (to start a command with limits use 'rsrc run')".to_string(),
        ));
    };
    if la.changes.is_empty() {
        return Err(fail_usage(
            "nothing to set (give limit options such as --nofile=1024:4096)".to_string(),
        ));
    }
    if let Some(note) = zombie_note(pid) {
        return Err(fail(format!(
            "{note}: its limits no longer matter; nothing changed"
        )));
    }
    let target = Target::Pid(pid);
    let ops = plan(&la.changes, target)?;
    apply(&ops, target, la.verbose)?;
    Ok(0)
}

/// Reads the limit options and the command after `--` of `run` and `time`; `extra` handles
/// the command's own options (returns `Ok(false)` for unknown ones).
pub fn command_args(
    cmd: &str,
    argv: Vec<OsString>,
    help: &str,
    mut extra: impl FnMut(&mut Scanner, &str, Option<OsString>) -> Result<bool, Fail>,
) -> Result<Option<(LimitArgs, Vec<OsString>)>, Fail> {
    let mut sc = Scanner::new(argv);
    let mut la = LimitArgs::new();
    loop {
        match sc.next_tok()? {
            None => {
                return Err(fail_usage(format!(
                    "no command given (usage: rsrc {cmd} [OPTIONS] -- CMD [ARG...])"
                )))
            }
            Some(Tok::End) => break,
            Some(Tok::Pos(p)) => {
                return Err(fail_usage(format!(
                    "unexpected argument {}: put '--' before the command, \
                     as in: rsrc {cmd} [OPTIONS] -- {} ...",
                    show(&p),
                    p.to_string_lossy()
                )))
            }
            Some(Tok::Opt(name, v)) => {
                if name == "-h" || name == "--help" {
                    print(help)?;
                    return Ok(None);
                }
                if limit_arg(&mut sc, &mut la, &name, v.clone())? {
                    continue;
                }
                if !extra(&mut sc, &name, v)? {
                    return Err(unknown_option(cmd, &name));
                }
            }
        }
    }
    let command = sc.rest();
    if command.is_empty() {
        return Err(fail_usage(format!(
            "no command given after '--' (usage: rsrc {cmd} [OPTIONS] -- CMD [ARG...])"
        )));
    }
    Ok(Some((la, command)))
}

impl LimitArgs {
    fn new() -> LimitArgs {
        LimitArgs {
            changes: Vec::new(),
            verbose: false,
        }
    }
}

/// The failure of executing `program`: 127 if it was not found, else 126.
pub fn exec_failure(program: &OsString, e: &std::io::Error) -> Fail {
    let raw = e.raw_os_error().unwrap_or(0);
    let not_found = raw == Errno::NOENT.raw_os_error();
    let mut msg = format!("cannot run {}: {}", show(program), errno::io(e));
    if raw == Errno::ACCESS.raw_os_error() && std::path::Path::new(program).is_dir() {
        msg.push_str(": it is a directory");
    }
    Fail {
        code: if not_found {
            EXIT_NOT_FOUND
        } else {
            EXIT_CANNOT_EXECUTE
        },
        msg,
    }
}

pub fn run(argv: Vec<OsString>) -> Result<i32, Fail> {
    let Some((la, command)) = command_args("run", argv, RUN_HELP, |_, _, _| Ok(false))? else {
        return Ok(0);
    };
    // Everything that allocates happens before the limits are lowered.
    let mut cmd = Command::new(&command[0]);
    cmd.args(&command[1..]);
    let ops = plan(&la.changes, Target::Me)?;
    apply(&ops, Target::Me, la.verbose)?;
    let e = cmd.exec();
    Err(exec_failure(&command[0], &e))
}
