//! The `rsrc` command-line tool, run as a separate process and checked against util-linux
//! `prlimit`, Python's `resource` module, GNU `time` and `/proc/PID/limits` on the same
//! processes; every bad-input case of issues 4 and 5 with its exact message and exit status;
//! exit-status and signal propagation of `run` and `time`; and the JSON of every command.

mod common;

use common::{proc_limits, proc_row};
use rsrc::{Resource, Rlimit};
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStringExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test: the one cargo built for this test, or `RSRC_CLI_BIN` (e.g. the
/// static release build: `RSRC_CLI_BIN=target/x86_64-unknown-linux-musl/release/rsrc`).
fn bin() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        std::env::var("RSRC_CLI_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_rsrc").to_string())
    })
}

// --- running things ------------------------------------------------------------------------

fn rsrc<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Command {
    let mut c = Command::new(bin());
    c.args(args);
    c
}

/// What a finished process did.
#[derive(Debug)]
struct Ran {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    raw_stdout: Vec<u8>,
}

fn run(cmd: &mut Command) -> Ran {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("spawning {cmd:?}: {e}"));
    Ran {
        code: out.status.code(),
        signal: out.status.signal(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        raw_stdout: out.stdout,
    }
}

/// Runs rsrc with `args`, requires success and a quiet stderr, returns stdout.
fn ok<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> String {
    let mut c = rsrc(args);
    let r = run(&mut c);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (Some(0), ""),
        "{c:?} failed: {r:?}"
    );
    r.stdout
}

/// Runs rsrc with `args` and requires exit status `code`, nothing on stdout and exactly the
/// one line `msg` on stderr.
fn fails<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>, code: i32, msg: &str) {
    let mut c = rsrc(args);
    let r = run(&mut c);
    assert_eq!(
        (r.code, r.stderr.as_str(), r.stdout.as_str()),
        (Some(code), format!("{msg}\n").as_str(), ""),
        "{c:?}"
    );
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A background process, killed and reaped when dropped.
struct Bg(Child);

impl Bg {
    /// Spawns `cmd` and waits until it has executed `comm` (its /proc comm).
    fn start(cmd: &mut Command, comm: &str) -> Bg {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let bg = Bg(child);
        let path = format!("/proc/{}/comm", bg.pid());
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::fs::read_to_string(&path).unwrap_or_default().trim() != comm {
            assert!(Instant::now() < deadline, "{comm} did not start");
            std::thread::sleep(Duration::from_millis(5));
        }
        bg
    }

    fn sleep() -> Bg {
        Bg::start(Command::new("sleep").arg("60"), "sleep")
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Bg {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn proc_text(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap()
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn nr_open() -> u64 {
    std::fs::read_to_string("/proc/sys/fs/nr_open")
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("rsrc-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// --- the limits the comparisons use ---------------------------------------------------------

fn long(r: Resource) -> String {
    r.short_name().to_ascii_lowercase()
}

fn fmt_limit(v: Option<u64>) -> String {
    v.map_or("unlimited".into(), |v| v.to_string())
}

/// A distinct, valid, unprivileged limit for every resource: derived from this process's
/// own (hard limits only lowered, never raised), soft one below where possible, and
/// generous enough for sleep, prlimit and python to run.
/// True when the tests run under qemu-user (ci/cross sets this).
fn under_qemu() -> bool {
    std::env::var_os("RSRC_UNDER_QEMU").is_some()
}

fn test_limits() -> Vec<(Resource, Rlimit)> {
    Resource::ALL
        .iter()
        .map(|&r| {
            let cur = rsrc::getrlimit(r).unwrap();
            if under_qemu() && matches!(r, Resource::As | Resource::Data | Resource::Stack) {
                // qemu-user accepts these sets but does not pass them on: keep them as they are.
                return (r, cur);
            }
            let big: u64 = match r {
                Resource::Cpu => 100_000,
                Resource::Data | Resource::As | Resource::Rss | Resource::Fsize => 64 << 30,
                Resource::Stack | Resource::Core | Resource::Memlock | Resource::Msgqueue => {
                    1 << 30
                }
                Resource::Rttime => 10_000_000,
                _ => 1_000_000,
            };
            let hard = cur.hard.unwrap_or(big);
            let mut soft = cur.soft.unwrap_or(big / 2).min(hard);
            if soft > 1 {
                soft -= 1;
            }
            (r, Rlimit::new(Some(soft), Some(hard)))
        })
        .collect()
}

/// `--cpu=S:H --fsize=S:H ...` for `limits`.
fn limit_options(limits: &[(Resource, Rlimit)]) -> Vec<String> {
    limits
        .iter()
        .map(|(r, l)| format!("--{}={}", long(*r), l))
        .collect()
}

/// Limits as rsrc's `limits --json` reports them, in `Resource::ALL` order, checking the
/// shape of the JSON on the way.
fn rsrc_json_limits(text: &str, pid: u32) -> Vec<(Option<u64>, Option<u64>)> {
    let v = json(text);
    assert_eq!(v["pid"].as_u64(), Some(u64::from(pid)), "{text}");
    let obj = v.as_object().unwrap();
    assert_eq!(obj.len(), 2, "keys: {text}");
    let list = v["limits"].as_array().unwrap();
    assert_eq!(list.len(), 16);
    list.iter()
        .zip(Resource::ALL)
        .map(|(e, r)| {
            assert_eq!(e.as_object().unwrap().len(), 5, "{e}");
            assert_eq!(e["resource"], r.short_name());
            assert_eq!(e["description"], r.description());
            assert_eq!(e["units"], r.unit());
            let n = |v: &Value| {
                if v.is_null() {
                    None
                } else {
                    Some(v.as_u64().unwrap_or_else(|| panic!("{v} is not a u64")))
                }
            };
            (n(&e["soft"]), n(&e["hard"]))
        })
        .collect()
}

/// util-linux prlimit's view, in `Resource::ALL` order.
fn prlimit_limits(cmd: &mut Command) -> Vec<(Option<u64>, Option<u64>)> {
    let r = run(cmd.args(["--raw", "--noheadings", "-o", "RESOURCE,SOFT,HARD"]));
    assert_eq!(r.code, Some(0), "{r:?}");
    let p = |s: &str| (s != "unlimited").then(|| s.parse::<u64>().unwrap());
    let rows: Vec<(String, Option<u64>, Option<u64>)> = r
        .stdout
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), p(f[1]), p(f[2]))
        })
        .collect();
    Resource::ALL
        .iter()
        .map(|r| {
            let row = rows
                .iter()
                .find(|row| row.0 == r.short_name())
                .unwrap_or_else(|| panic!("prlimit lists no {r}"));
            (row.1, row.2)
        })
        .collect()
}

/// Python's `resource.getrlimit` (pid 0) or `resource.prlimit(pid, ...)`, in
/// `Resource::ALL` order, by name (Python has no RLIMIT_LOCKS
/// constant, but takes the number).
const PY_LIMITS: &str = r#"
import json, resource, sys
pid = int(sys.argv[1])
def f(v):
    return None if v == resource.RLIM_INFINITY else v
out = []
for arg in sys.argv[2:]:
    # By name, in the numbering of the machine Python runs on (the host, also when the tests
    # run under qemu-user); RLIMIT_LOCKS, which Python lacks, is 10 on every ABI.
    name, raw = arg.split(":")
    n = getattr(resource, "RLIMIT_" + name, int(raw))
    s, h = resource.prlimit(pid, n) if pid else resource.getrlimit(n)
    out.append([f(s), f(h)])
print(json.dumps(out))
"#;

fn python_limits(cmd: &mut Command, pid: u32) -> Vec<(Option<u64>, Option<u64>)> {
    cmd.args(["-c", PY_LIMITS, &pid.to_string()]);
    cmd.args(
        Resource::ALL
            .iter()
            .map(|r| format!("{}:{}", r.short_name(), r.as_raw())),
    );
    let r = run(cmd);
    assert_eq!(r.code, Some(0), "{r:?}");
    json(&r.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64(), p[1].as_u64()))
        .collect()
}

fn proc_view(pid: u32) -> Vec<(Option<u64>, Option<u64>)> {
    Resource::ALL
        .iter()
        .map(|r| proc_limits(pid, proc_row(*r)))
        .collect()
}

fn expected(limits: &[(Resource, Rlimit)]) -> Vec<(Option<u64>, Option<u64>)> {
    limits.iter().map(|(_, l)| (l.soft, l.hard)).collect()
}

// --- limits: agreement with prlimit, Python and /proc ---------------------------------------

#[test]
fn limits_of_rsrc_itself_agree_with_prlimit_and_python() {
    // Without options, all three inherit this test's limits.
    let own: Vec<_> = Resource::ALL
        .iter()
        .map(|r| {
            let l = rsrc::getrlimit(*r).unwrap();
            (l.soft, l.hard)
        })
        .collect();
    let mut c = rsrc(["limits", "--json"]);
    let out = c.output().unwrap();
    assert!(out.status.success());
    let child_pid = json(&String::from_utf8_lossy(&out.stdout))["pid"]
        .as_u64()
        .unwrap() as u32;
    assert_eq!(
        rsrc_json_limits(&String::from_utf8_lossy(&out.stdout), child_pid),
        own
    );
    assert_eq!(prlimit_limits(&mut Command::new("prlimit")), own);
    assert_eq!(python_limits(&mut Command::new("python3"), 0), own);

    // With all 16 set by `rsrc run`, each tool reads them in its own process.
    let limits = test_limits();
    let want = expected(&limits);
    let opts = limit_options(&limits);
    let under = |tool: &str| {
        let mut c = rsrc(["run"]);
        c.args(&opts).arg("--").arg(tool);
        c
    };
    let text = run(under(bin()).args(["limits", "--json"])).stdout;
    let pid = json(&text)["pid"].as_u64().unwrap() as u32;
    assert_eq!(rsrc_json_limits(&text, pid), want, "rsrc");
    assert_eq!(prlimit_limits(&mut under("prlimit")), want, "prlimit");
    assert_eq!(python_limits(&mut under("python3"), 0), want, "python");

    // `--raw` is prlimit's raw format, line for line (prlimit sorts by name).
    let ours = run(under(bin()).args(["limits", "--raw"])).stdout;
    let theirs = run(under("prlimit").arg("--raw")).stdout;
    let lines = |s: &str| {
        let mut v: Vec<String> = s.lines().map(|l| l.trim_end().to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(lines(&ours), lines(&theirs));
    assert_eq!(lines(&ours).len(), 17);
}

#[test]
fn limits_of_a_pid_agree_and_reading_changes_nothing() {
    let limits = test_limits();
    let want = expected(&limits);
    let mut c = rsrc(["run"]);
    c.args(limit_options(&limits)).args(["--", "sleep", "60"]);
    let bg = Bg::start(&mut c, "sleep");
    let pid = bg.pid();
    let before = proc_text(pid);
    assert_eq!(proc_view(pid), want, "/proc");

    let p = pid.to_string();
    assert_eq!(
        rsrc_json_limits(&ok(["limits", "--json", "-p", &p]), pid),
        want,
        "rsrc"
    );
    assert_eq!(
        prlimit_limits(Command::new("prlimit").args(["-p", &p])),
        want,
        "prlimit"
    );
    assert_eq!(
        python_limits(&mut Command::new("python3"), pid),
        want,
        "python"
    );

    // Every way of reading, many times: the target's limits stay exactly as they were.
    for _ in 0..5 {
        ok(["limits", "-p", &p]);
        ok(["limits", "--raw", "--noheadings", "--pid", &p]);
        ok([
            "limits",
            &format!("--pid={p}"),
            "nofile",
            "RLIMIT_CORE",
            "-n",
            "--cpu",
        ]);
        ok(["limits", &format!("-p{p}"), "--json"]);
    }
    assert_eq!(proc_text(pid), before);

    // The human table: prlimit's columns, sizes in binary units, selection in given order.
    let t = ok(["limits", "-p", &p, "nofile", "stack", "--cpu"]);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 4, "{t}");
    let head: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(head, ["RESOURCE", "DESCRIPTION", "SOFT", "HARD", "UNITS"]);
    assert!(
        lines[1].starts_with("NOFILE ") && lines[1].ends_with(" files"),
        "{t}"
    );
    assert!(
        lines[2].starts_with("STACK ") && lines[3].starts_with("CPU "),
        "{t}"
    );
    let t = ok(["limits", "--noheadings", "-p", &p, "nofile"]);
    assert!(t.starts_with("NOFILE "), "{t}");
}

#[test]
fn human_sizes_in_the_table() {
    let mut c = rsrc([
        "run",
        "--fsize=8M:1G",
        "--memlock=1536K:",
        "--core=0:1000",
        "--",
        bin(),
        "limits",
        "fsize",
        "memlock",
        "core",
    ]);
    let r = run(&mut c);
    if r.code == Some(1) && r.stderr.contains("EPERM") {
        // Hard limits below these (an unusual host): nothing to show.
        return;
    }
    assert_eq!(r.code, Some(0), "{r:?}");
    // The SOFT and HARD cells of a row, whitespace-separated words joined by one space.
    let cells = |name: &str, desc: &str| {
        let line = r.stdout.lines().find(|l| l.starts_with(name)).unwrap();
        let rest = line.split_once(desc).unwrap().1.trim_end();
        let rest = rest.strip_suffix("bytes").unwrap();
        rest.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(
        cells("FSIZE", "max file size"),
        "8 MiB 1 GiB",
        "{}",
        r.stdout
    );
    assert!(
        cells("MEMLOCK", "max locked-in-memory address space").starts_with("1.5 MiB "),
        "{}",
        r.stdout
    );
    assert_eq!(
        cells("CORE", "max core file size"),
        "0 1000",
        "{}",
        r.stdout
    );
}

// --- set ------------------------------------------------------------------------------------

#[test]
fn set_changes_a_running_process_as_prlimit_and_python_see() {
    let bg = Bg::sleep();
    let pid = bg.pid();
    let p = pid.to_string();
    let old = |r| proc_limits(pid, proc_row(r));
    // FSIZE and MSGQUEUE rather than STACK and AS: qemu-user (ci/cross) ignores sets of
    // STACK, AS and DATA.
    let (nofile, fsize) = (old(Resource::Nofile), old(Resource::Fsize));
    let nofile_hard = nofile.1.unwrap_or(1 << 20).min(4096);
    ok([
        "set",
        "-p",
        &p,
        &format!("--nofile=100:{nofile_hard}"),
        "-c",
        "0:0",
        "--cpu=90s:2h",
        "--fsize=4M:",
        "--msgqueue",
        "4096:8192",
        "--rttime=500000",
    ]);
    let want = [
        (Resource::Nofile, (Some(100), Some(nofile_hard))),
        (Resource::Core, (Some(0), Some(0))),
        (Resource::Cpu, (Some(90), Some(7200))),
        (Resource::Fsize, (Some(4 << 20), fsize.1)),
        (Resource::Msgqueue, (Some(4096), Some(8192))),
        (Resource::Rttime, (Some(500_000), Some(500_000))),
    ];
    let pr = prlimit_limits(Command::new("prlimit").args(["-p", &p]));
    let py = python_limits(&mut Command::new("python3"), pid);
    for (r, w) in want {
        let i = r as usize;
        assert_eq!(old(r), w, "{r} in /proc");
        assert_eq!(pr[i], w, "{r} by prlimit");
        assert_eq!(py[i], w, "{r} by python");
    }
    let r = run(&mut rsrc(["set", "-p", &p, "--verbose", "--nofile=50:"]));
    assert_eq!(r.code, Some(0));
    assert_eq!(
        r.stderr,
        format!("rsrc: NOFILE of pid {pid}: 100:{nofile_hard} -> 50:{nofile_hard}\n")
    );
    assert_eq!(old(Resource::Nofile), (Some(50), Some(nofile_hard)));
}

#[test]
fn a_refused_change_changes_nothing() {
    let bg = Bg::sleep();
    let pid = bg.pid();
    let p = pid.to_string();
    let before = proc_text(pid);
    // Above fs.nr_open: refused even with CAP_SYS_RESOURCE. It is tried first (it raises a
    // hard limit), so the CORE change is never made.
    let n = nr_open() + 1;
    fails(
        [
            "set",
            "-p",
            &p,
            "--core=0:0",
            &format!("--nofile={n}"),
            "--cpu=10",
        ],
        1,
        &format!(
            "rsrc: setting NOFILE of pid {pid} to {n}:{n}: EPERM (Operation not permitted); \
             nothing changed"
        ),
    );
    assert_eq!(proc_text(pid), before);

    // Soft above the kept hard limit: found before anything is set.
    if let Some(hard) = proc_limits(pid, proc_row(Resource::Nofile)).1 {
        let soft = hard + 1;
        fails(
            ["set", "-p", &p, "--core=0:0", &format!("--nofile={soft}:")],
            1,
            &format!(
                "rsrc: NOFILE of pid {pid}: new soft limit {soft} (from '{soft}:') is above the \
             current hard limit {hard} (give both, as SOFT:HARD); nothing changed"
            ),
        );
    }
    let soft_now = proc_limits(pid, proc_row(Resource::Stack))
        .0
        .unwrap_or(u64::MAX);
    if soft_now > 1 {
        fails(
            ["set", "-p", &p, "--stack=:1"],
            1,
            &format!(
                "rsrc: STACK of pid {pid}: new hard limit 1 (from ':1') is below the current \
                 soft limit {soft_now} (give both, as SOFT:HARD); nothing changed"
            ),
        );
    }
    assert_eq!(proc_text(pid), before);
}

/// Runs `cmd` as user and group `nobody` when the tests run as root (so that raising a hard
/// limit is refused whatever capabilities root has here); unprivileged, it runs as is.
fn unprivileged(cmd: &mut Command) -> &mut Command {
    if is_root() {
        // std drops the supplementary groups too when it changes the uid from root.
        cmd.uid(65534).gid(65534);
    }
    cmd
}

/// `rsrc(args)` from a copy of the binary that user nobody can execute: the build directory
/// may sit below a directory only root can enter (a `mktemp -d` checkout).
fn rsrc_for_nobody<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Command {
    use std::os::unix::fs::PermissionsExt;
    static COPY: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let exe = COPY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rsrc-nobody-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let exe = dir.join("rsrc");
        std::fs::copy(bin(), &exe).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        exe
    });
    let mut c = Command::new(exe);
    c.args(args);
    c
}

#[test]
fn raising_a_hard_limit_without_privilege_is_eperm() {
    let Some((r, cur)) = [Resource::Nofile, Resource::Sigpending, Resource::Memlock]
        .iter()
        .map(|r| (*r, rsrc::getrlimit(*r).unwrap()))
        .find(|(_, l)| l.hard.is_some())
    else {
        return; // every hard limit unlimited: nothing to raise
    };
    let hard = cur.hard.unwrap();
    let soft = cur.soft.unwrap();
    let opt = format!("--{}=:{}", long(r), hard + 1);
    let mut c = rsrc_for_nobody(["run", &opt, "--", "true"]);
    let got = run(unprivileged(&mut c));
    assert_eq!(
        (got.code, got.stderr),
        (
            Some(1),
            format!(
                "rsrc: setting {} to {soft}:{}: EPERM (Operation not permitted); \
                 the command was not run\n",
                r.short_name(),
                hard + 1
            )
        )
    );

    // The same through `set` on a process of the same user, and through `time`.
    let mut s = Command::new("sleep");
    let bg = Bg::start(unprivileged(s.arg("60")), "sleep");
    let before = proc_text(bg.pid());
    let mut c = rsrc_for_nobody(["set", "-p", &bg.pid().to_string(), &opt]);
    let got = run(unprivileged(&mut c));
    assert_eq!(
        (got.code, got.stderr),
        (
            Some(1),
            format!(
                "rsrc: setting {} of pid {} to {soft}:{}: EPERM (Operation not permitted); \
                 nothing changed\n",
                r.short_name(),
                bg.pid(),
                hard + 1
            )
        )
    );
    assert_eq!(proc_text(bg.pid()), before);
    let mut c = rsrc_for_nobody(["time", &opt, "--", "true"]);
    let got = run(unprivileged(&mut c));
    assert_eq!(got.code, Some(1), "{got:?}");
    assert_eq!(
        got.stderr,
        format!(
            "rsrc: setting {} to {soft}:{}: EPERM (Operation not permitted); \
             the command was not run\n",
            r.short_name(),
            hard + 1
        )
    );

    // Reading another user's process is refused too.
    if is_root() {
        let root_sleep = Bg::sleep();
        let mut c = rsrc_for_nobody(["limits", "-p", &root_sleep.pid().to_string()]);
        let got = run(unprivileged(&mut c));
        assert_eq!(
            (got.code, got.stderr),
            (
                Some(1),
                format!(
                    "rsrc: reading CPU of pid {}: EPERM (Operation not permitted)\n",
                    root_sleep.pid()
                )
            )
        );
    }
}

#[test]
fn zombie_targets() {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    let stat = format!("/proc/{pid}/stat");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&stat).unwrap().contains(") Z ") {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }
    let before = proc_text(pid);
    let p = pid.to_string();
    fails(
        ["set", "-p", &p, "--nofile=5"],
        1,
        &format!(
            "rsrc: pid {pid} is a zombie (it has exited and its parent has not reaped it yet): \
             its limits no longer matter; nothing changed"
        ),
    );
    assert_eq!(proc_text(pid), before);
    let r = run(&mut rsrc(["limits", "-p", &p, "nofile"]));
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.starts_with("RESOURCE"), "{r:?}");
    assert_eq!(
        r.stderr,
        format!(
            "rsrc: warning: pid {pid} is a zombie (it has exited and its parent has not \
             reaped it yet); these are the limits it had\n"
        )
    );
    child.wait().unwrap();
}

/// A process that exits while rsrc sets its limits: every outcome is one of the reported
/// ones, never a silent partial change. (The exact interleaving is up to the scheduler; the
/// seccomp test below makes the "exited halfway" case deterministic.)
#[test]
fn target_exiting_during_set() {
    let mut seen = std::collections::BTreeMap::<&str, u32>::new();
    for i in 0..60u64 {
        let mut target = Command::new("sleep").arg("60").spawn().unwrap();
        let pid = target.id();
        let p = pid.to_string();
        let mut setter = rsrc([
            "set",
            "-p",
            &p,
            "--core=0:",
            "--stack=4M:",
            "--nofile=100:",
            "--cpu=100:",
            "--rttime=1000:",
        ]);
        let setter = setter
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros((i * 37) % 1500));
        let _ = target.kill();
        let _ = target.wait();
        let out = setter.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let kind = match out.status.code() {
            Some(0) => "all set before it exited",
            Some(1)
                if err
                    == format!(
                    "rsrc: reading limits of pid {pid}: ESRCH (No such process); nothing changed\n"
                ) =>
            {
                "gone before reading"
            }
            Some(1) if err.starts_with(&format!("rsrc: pid {pid} is a zombie")) => "zombie",
            Some(1)
                if err.starts_with("rsrc: setting ")
                    && err.contains(&format!(" of pid {pid} to "))
                    && err.contains(": ESRCH (No such process): the process has exited") =>
            {
                "exited while being set"
            }
            _ => panic!("unexpected outcome {:?}: {err}", out.status),
        };
        *seen.entry(kind).or_default() += 1;
    }
    eprintln!("outcomes: {seen:?}");
}

// --- run ------------------------------------------------------------------------------------

#[test]
fn run_sets_limits_then_execs() {
    let r = run(&mut rsrc([
        "run",
        "-n",
        "77:88",
        "--core",
        "0",
        "--",
        "sh",
        "-c",
        "ulimit -Sn; ulimit -Hn; ulimit -c; echo $$ > /dev/null",
    ]));
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (Some(0), "77\n88\n0\n", "")
    );
    // exec: the command replaces rsrc (same pid).
    let child = rsrc(["run", "--", "sh", "-c", "echo $$"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), pid.to_string());
}

#[test]
fn run_and_time_propagate_exit_status_and_signals() {
    for code in [0, 1, 3, 42, 255] {
        let script = format!("exit {code}");
        let r = run(&mut rsrc(["run", "--", "sh", "-c", &script]));
        assert_eq!(r.code, Some(code), "run {r:?}");
        let r = run(&mut rsrc(["time", "--json", "--", "sh", "-c", &script]));
        assert_eq!(r.code, Some(code), "time {r:?}");
        let v = json(&r.stderr);
        assert_eq!(v["exit_code"], code);
        assert!(v["signal"].is_null());
    }
    // run: rsrc is the command, so the signal kills "rsrc" itself.
    let r = run(&mut rsrc(["run", "--", "sh", "-c", "kill -TERM $$"]));
    assert_eq!((r.code, r.signal), (None, Some(libc::SIGTERM)));
    // time: 128 + the signal, and the report says which.
    for (sig, name) in [(libc::SIGKILL, "SIGKILL"), (libc::SIGSEGV, "SIGSEGV")] {
        let script = format!("kill -{sig} $$");
        let r = run(&mut rsrc(["time", "--core=0", "--", "sh", "-c", &script]));
        assert_eq!(r.code, Some(128 + sig), "{r:?}");
        assert!(
            r.stderr
                .contains(&format!("status: killed by signal {sig} ({name})\n")),
            "{}",
            r.stderr
        );
        let r = run(&mut rsrc([
            "time", "--json", "--core=0", "--", "sh", "-c", &script,
        ]));
        let v = json(&r.stderr);
        assert!(v["exit_code"].is_null());
        assert_eq!(v["signal"], sig);
    }
}

#[test]
fn time_applies_limits_in_the_child_and_a_cpu_limit_kills_it() {
    let dir = TempDir::new("cpu");
    let report = dir.0.join("report.json");
    let r = run(rsrc(["time", "--json", "-o"]).arg(&report).args([
        "--nofile=100:200",
        "--",
        "sh",
        "-c",
        "ulimit -Sn; ulimit -Hn",
    ]));
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (Some(0), "100\n200\n", "")
    );
    let v = json(&std::fs::read_to_string(&report).unwrap());
    assert_eq!(v["exit_code"], 0);
    // rsrc's own limits are untouched: the child had them set between fork and exec.
    assert_eq!(
        json(&ok(["limits", "--json", "nofile"]))["limits"][0]["soft"].as_u64(),
        rsrc::getrlimit(Resource::Nofile).unwrap().soft
    );
    // -a appends a second report.
    run(rsrc(["time", "--json", "-a", "-o"])
        .arg(&report)
        .args(["--", "true"]));
    let text = std::fs::read_to_string(&report).unwrap();
    assert_eq!(text.lines().count(), 2);
    text.lines().for_each(|l| drop(json(l)));

    // A soft RLIMIT_CPU of one second: SIGXCPU after about a second of CPU time (at the hard
    // limit it would be SIGKILL).
    let r = run(rsrc(["time", "--json", "--cpu=1:5", "--core=0", "--"])
        .current_dir(&dir.0)
        .args(["sh", "-c", "while :; do :; done"]));
    let sigxcpu = common::sig::XCPU;
    assert_eq!(r.code, Some(128 + sigxcpu), "{r:?}");
    let v = json(&r.stderr);
    assert_eq!(v["signal"], sigxcpu);
    let cpu = v["ru_utime"].as_f64().unwrap() + v["ru_stime"].as_f64().unwrap();
    if !common::cpu_times_reported() {
        // qemu-user 7.2 drops the microseconds of a sparc64 struct rusage: whole seconds only.
        assert!(cpu.fract() == 0.0 && cpu <= 3.0, "CPU time {cpu}");
    } else {
        // The kernel signals on its precise runtime; the user/system split it reports is
        // tick-sampled and reads up to ~15% low under load (0.87 s seen on this 2-core host).
        assert!((0.75..3.0).contains(&cpu), "CPU time {cpu}");
    }
    assert!(v["wall_s"].as_f64().unwrap() >= cpu * 0.9);
}

#[test]
fn exec_failures() {
    fails(
        ["run", "--", "rsrc-no-such-command"],
        127,
        "rsrc: cannot run 'rsrc-no-such-command': ENOENT (No such file or directory)",
    );
    fails(
        ["time", "--", "rsrc-no-such-command", "x"],
        127,
        "rsrc: cannot run 'rsrc-no-such-command': ENOENT (No such file or directory)",
    );
    fails(
        ["run", "--", "/no/such/file"],
        127,
        "rsrc: cannot run '/no/such/file': ENOENT (No such file or directory)",
    );
    for cmd in ["run", "time"] {
        fails(
            [cmd, "--", "/"],
            126,
            "rsrc: cannot run '/': EACCES (Permission denied): it is a directory",
        );
    }
    // A file that is not executable.
    let dir = TempDir::new("exec");
    let f = dir.0.join("data");
    std::fs::write(&f, "not a program").unwrap();
    let r = run(rsrc(["run", "--"]).arg(&f));
    assert_eq!(r.code, Some(126), "{r:?}");
    assert_eq!(
        r.stderr,
        format!(
            "rsrc: cannot run '{}': EACCES (Permission denied)\n",
            f.display()
        )
    );
    // Arguments the kernel refuses: rsrc itself starts with them, but with RLIMIT_STACK at
    // 256 KiB the child may only have 128 KiB of arguments (a quarter of the stack, at least
    // 32 pages).
    let chunk = "a".repeat(60_000);
    // Not under qemu-user, which accepts RLIMIT_STACK but does not pass it to the kernel.
    let cmds: &[&str] = if under_qemu() { &[] } else { &["run", "time"] };
    for &cmd in cmds {
        fails(
            [cmd, "--stack=256K", "--", "true", &chunk, &chunk, &chunk],
            126,
            "rsrc: cannot run 'true': E2BIG (Argument list too long)",
        );
    }
}

// --- time: report and agreement with GNU time ----------------------------------------------

const RU: [&str; 16] = [
    "ru_utime",
    "ru_stime",
    "ru_maxrss",
    "ru_ixrss",
    "ru_idrss",
    "ru_isrss",
    "ru_minflt",
    "ru_majflt",
    "ru_nswap",
    "ru_inblock",
    "ru_oublock",
    "ru_msgsnd",
    "ru_msgrcv",
    "ru_nsignals",
    "ru_nvcsw",
    "ru_nivcsw",
];

/// The text of `key`'s value in a flat JSON object, as written.
fn raw_value<'a>(text: &'a str, key: &str) -> &'a str {
    let start = text.find(&format!("\"{key}\": ")).unwrap() + key.len() + 4;
    let rest = &text[start..];
    let end = rest.find([',', '}']).unwrap();
    &rest[..end]
}

fn six_decimals(s: &str) -> bool {
    matches!(s.split_once('.'), Some((w, f)) if !w.is_empty()
        && w.bytes().all(|b| b.is_ascii_digit())
        && f.len() == 6 && f.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn time_json_has_exactly_the_issue_keys() {
    let r = run(&mut rsrc(["time", "--json", "--", "sh", "-c", "echo hi"]));
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), "hi\n"));
    let text = r.stderr.trim_end();
    let v = json(text);
    let keys: Vec<&str> = RU
        .iter()
        .copied()
        .chain(["wall_s", "exit_code", "signal", "command"])
        .collect();
    let obj = v.as_object().unwrap();
    let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
    let mut want = keys.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // In Python's struct_rusage order, then the extras.
    let pos: Vec<usize> = keys
        .iter()
        .map(|k| text.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
    for k in ["ru_utime", "ru_stime", "wall_s"] {
        assert!(six_decimals(raw_value(text, k)), "{k}: {text}");
    }
    for k in &RU[2..] {
        assert!(v[k].is_u64(), "{k}: {text}");
    }
    assert!(v["ru_maxrss"].as_u64().unwrap() > 100, "KiB: {text}");
    assert_eq!(v["command"], serde_json::json!(["sh", "-c", "echo hi"]));

    // A command that is not UTF-8 still gives valid JSON (with U+FFFD).
    let mut c = rsrc(["time", "--json", "--", "true"]);
    c.arg(OsString::from_vec(b"\xff".to_vec()));
    let v = json(&run(&mut c).stderr);
    assert_eq!(v["command"][1], "\u{fffd}");
}

#[test]
fn time_text_report() {
    let r = run(&mut rsrc(["time", "--", "sh", "-c", "exit 5"]));
    assert_eq!(r.code, Some(5));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines[0], "command: sh -c 'exit 5'");
    assert_eq!(lines[1], "status: exited with status 5");
    assert!(lines[2].starts_with("wall-clock time ") && lines[2].ends_with(" s   wall_s"));
    assert_eq!(lines.len(), 2 + 2 + 16, "{}", r.stderr);
    for (line, field) in lines[4..].iter().zip(RU) {
        assert!(line.contains(&format!(" {field}")), "{line}");
    }
    assert!(lines[6].contains(" KiB ru_maxrss"), "{}", lines[6]);
}

/// rsrc's `ru_maxrss` against GNU time's `%M` for the same command (a Python process that
/// fills 64 MiB). Both report the kernel's `ru_maxrss` of the child from `wait4`, in KiB, so
/// they differ only by run-to-run variation of the program (allocator, ASLR, page cache) and
/// by the few hundred KiB of the parent that a forked child starts with: the medians of
/// three runs must agree within 5% or 2 MiB, whichever is larger. A unit error (bytes,
/// pages, or GNU time 1.7's fourfold error) is far outside that.
#[test]
fn maxrss_agrees_with_gnu_time() {
    let py = String::from_utf8(
        Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let py = py.trim();
    let prog = "b = b'x' * (64 << 20)";
    let median = |mut v: Vec<u64>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut gnu = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..3 {
        let r = run(Command::new("/usr/bin/time").args(["-f", "%M", py, "-c", prog]));
        assert_eq!(r.code, Some(0), "{r:?}");
        gnu.push(r.stderr.trim().parse::<u64>().unwrap());
        let r = run(&mut rsrc(["time", "--json", "--", py, "-c", prog]));
        ours.push(json(&r.stderr)["ru_maxrss"].as_u64().unwrap());
    }
    let (g, o) = (median(gnu.clone()), median(ours.clone()));
    let tolerance = (g / 20).max(2048);
    assert!(
        g.abs_diff(o) <= tolerance,
        "GNU time {gnu:?} KiB vs rsrc {ours:?} KiB (tolerance {tolerance} KiB)"
    );
    assert!(o > 64 * 1024, "{o} KiB cannot hold 64 MiB");
}

// --- signals --------------------------------------------------------------------------------

fn wait_for_file(p: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !p.exists() {
        assert!(Instant::now() < deadline, "{} never appeared", p.display());
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn time_ignores_sigint_and_forwards_sigterm() {
    let dir = TempDir::new("sig");
    let ready = dir.0.join("ready");
    let script = format!("touch {}; exec sleep 30", ready.display());
    let mut child = rsrc(["time", "--json", "--", "sh", "-c", &script])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_file(&ready);
    let pid = child.id() as i32;
    // SAFETY: plain kill(2) on our own child.
    unsafe { libc::kill(pid, libc::SIGINT) };
    unsafe { libc::kill(pid, libc::SIGQUIT) };
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "rsrc died of SIGINT/SIGQUIT"
    );
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(128 + libc::SIGTERM));
    let v = json(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(v["signal"], libc::SIGTERM);
}

#[test]
fn ctrl_c_reaches_the_child_only() {
    // Its own process group, as a shell job would be; SIGINT goes to the whole group.
    let child = rsrc(["time", "--json", "--", "sleep", "30"])
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    // Ready once rsrc's child has exec'd sleep (a shell script that signals readiness and then
    // execs leaves a window in which SIGINT hits a helper instead).
    let rsrc_pid = child.id();
    let children = format!("/proc/{rsrc_pid}/task/{rsrc_pid}/children");
    let start = std::time::Instant::now();
    loop {
        let kids = std::fs::read_to_string(&children).unwrap_or_default();
        let sleeping = kids.split_whitespace().any(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c == "sleep\n")
        });
        if sleeping {
            break;
        }
        assert!(
            start.elapsed().as_secs() < 20,
            "rsrc's child never became sleep"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // SAFETY: kill(2) on the group we just made.
    unsafe { libc::kill(-(child.id() as i32), libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(128 + libc::SIGINT));
    let v = json(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(v["signal"], libc::SIGINT);
}

// --- usage and abi --------------------------------------------------------------------------

#[test]
fn usage_json_and_text() {
    for who in ["self", "children", "thread", "both", "SELF"] {
        let text = ok(["usage", "--who", who, "--json"]);
        let v = json(&text);
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), 16, "{text}");
        for k in RU {
            assert!(obj.contains_key(k), "{k}");
        }
        assert!(six_decimals(raw_value(&text, "ru_utime")));
        if who == "children" {
            // rsrc started no child.
            assert!(RU[2..].iter().all(|k| v[k] == 0), "{text}");
        } else {
            assert!(v["ru_maxrss"].as_u64().unwrap() > 0);
        }
    }
    let t = ok(["usage"]);
    assert_eq!(t.lines().count(), 16);
    assert!(t.lines().next().unwrap().starts_with("user CPU time "));
}

#[test]
fn abi_json_is_the_library_table() {
    let v = json(&ok(["abi", "--json"]));
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), rsrc::abi::ALL.len());
    for (e, a) in list.iter().zip(rsrc::abi::ALL.iter()) {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7, "{e}");
        assert_eq!(e["abi"], a.name);
        for r in Resource::ALL {
            assert_eq!(e["rlimits"][r.short_name()], a.rlimit(r), "{} {r}", a.name);
        }
        assert_eq!(e["rlimits"].as_object().unwrap().len(), 16);
        assert_eq!(e["rlim_infinity"].as_u64(), Some(a.rlim_infinity));
        assert_eq!(e["syscalls"]["getrusage"], a.syscalls.getrusage);
        assert_eq!(
            e["syscalls"]["wait4"].as_u64(),
            a.syscalls.wait4.map(u64::from)
        );
        assert_eq!(e["syscalls"]["waitid"], a.syscalls.waitid);
        assert_eq!(e["syscalls"]["prlimit64"], a.syscalls.prlimit64);
        assert_eq!(e["long_bytes"], a.long_bytes);
        assert_eq!(e["rusage_bytes"].as_u64(), Some(a.rusage_bytes() as u64));
        assert_eq!(e["tv_usec_bytes"], a.tv_usec_bytes);
    }
    let one = json(&ok(["abi", "--json", "arm64"]));
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["abi"], "aarch64");
    let text = ok(["abi"]);
    assert_eq!(text.lines().count(), 1 + rsrc::abi::ALL.len());
    assert!(text.lines().any(|l| l.contains('*')), "native ABI marked");
    let mips = ok(["abi", "mips"]);
    assert!(mips.contains("RLIMIT_NOFILE     5\n"), "{mips}");
}

#[test]
fn help_and_version() {
    let v = ok(["--version"]);
    assert_eq!(v, format!("rsrc {}\n", env!("CARGO_PKG_VERSION")));
    for args in [
        vec!["--help"],
        vec!["help"],
        vec!["help", "time"],
        vec!["limits", "--help"],
        vec!["set", "-h"],
        vec!["run", "--help"],
        vec!["time", "--help"],
        vec!["usage", "--help"],
        vec!["abi", "--help"],
    ] {
        assert!(ok(&args).starts_with("Usage: rsrc"), "{args:?}");
    }
    let r = run(&mut rsrc(Vec::<&str>::new()));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.starts_with("Usage: rsrc"), "{r:?}");
}

#[test]
fn closed_stdout_is_quiet() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = rsrc(["abi"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert!(out.stderr.is_empty());
}

// --- bad input ------------------------------------------------------------------------------

#[test]
fn bad_input_messages_and_exit_codes() {
    let bg = Bg::sleep();
    let pid = bg.pid();
    let p = pid.to_string();
    let before = proc_text(pid);
    let known = "CPU, FSIZE, DATA, STACK, CORE, RSS, NPROC, NOFILE, MEMLOCK, AS, LOCKS, \
                 SIGPENDING, MSGQUEUE, NICE, RTPRIO, RTTIME";
    let set = |v: &str| vec!["set".to_string(), "-p".into(), p.clone(), v.to_string()];
    let cases: Vec<(Vec<String>, i32, String)> = vec![
        // pids
        (vec!["limits".into(), "-p".into(), "0".into()], 2,
         "rsrc: invalid pid '0': 0 is not a process (leave out -p for rsrc itself)".into()),
        (vec!["limits".into(), "-p".into(), "-1".into()], 2,
         "rsrc: invalid pid '-1': negative (a process ID is a positive number)".into()),
        (vec!["set".into(), "--pid=-1".into(), "--nofile=5".into()], 2,
         "rsrc: invalid pid '-1': negative (a process ID is a positive number)".into()),
        (vec!["limits".into(), "-p".into(), "12ab".into()], 2,
         "rsrc: invalid pid '12ab': not a number".into()),
        (vec!["limits".into(), "-p".into(), "".into()], 2,
         "rsrc: invalid pid '': not a number".into()),
        (vec!["limits".into(), "-p".into(), "99999999999".into()], 2,
         "rsrc: invalid pid '99999999999': too large".into()),
        (vec!["limits".into(), "-p".into(), "2147483647".into()], 1,
         "rsrc: reading limits of pid 2147483647: ESRCH (No such process)".into()),
        (vec!["set".into(), "-p".into(), "2147483647".into(), "--nofile=5".into()], 1,
         "rsrc: reading limits of pid 2147483647: ESRCH (No such process); nothing changed".into()),
        (vec!["limits".into(), "-p".into()], 2, "rsrc: option -p needs a value".into()),
        (vec!["limits".into(), "-p".into(), p.clone(), "-p".into(), p.clone()], 2,
         "rsrc: -p given twice".into()),
        // resources and options
        (vec!["limits".into(), "nosuch".into()], 2,
         format!("rsrc: unknown resource 'nosuch' (known: {known})")),
        (vec!["limits".into(), "--nofile=5".into()], 2,
         "rsrc: 'rsrc limits' only reads; to change NOFILE use 'rsrc set -p PID --nofile=5' \
          or 'rsrc run --nofile=5 -- CMD'".into()),
        (vec!["limits".into(), "--json=yes".into()], 2,
         "rsrc: option --json takes no value (got 'yes')".into()),
        (vec!["limits".into(), "--json".into(), "--raw".into()], 2,
         "rsrc: --json and --raw exclude each other".into()),
        (vec!["limits".into(), "--frob".into()], 2,
         "rsrc: unknown option '--frob' for 'rsrc limits' (see 'rsrc limits --help')".into()),
        (vec!["frob".into()], 2,
         "rsrc: unknown command 'frob' (commands: limits, set, run, time, usage, abi; see 'rsrc --help')".into()),
        (vec!["--frob".into()], 2,
         "rsrc: unknown option '--frob' (commands: limits, set, run, time, usage, abi; see 'rsrc --help')".into()),
        (vec!["usage".into(), "--who".into(), "nobody".into()], 2,
         "rsrc: invalid --who 'nobody' (expected self, children, thread or both)".into()),
        (vec!["abi".into(), "vax".into()], 2,
         format!("rsrc: unknown ABI 'vax' (known: {})",
                 rsrc::abi::ALL.iter().map(|a| a.name).collect::<Vec<_>>().join(", "))),
        // values
        (set("--nofile=:"), 2,
         "rsrc: invalid NOFILE limit ':' (--nofile): ':' alone sets nothing (expected SOFT:HARD, SOFT: or :HARD)".into()),
        (set("--nofile=1:2:3"), 2,
         "rsrc: invalid NOFILE limit '1:2:3' (--nofile): more than one ':' (expected SOFT:HARD, SOFT: or :HARD)".into()),
        (set("--nofile="), 2,
         "rsrc: invalid NOFILE limit '' (--nofile): empty value (expected SOFT:HARD, SOFT:, :HARD, one number, or 'unlimited')".into()),
        (set("--nofile=-1"), 2,
         "rsrc: invalid NOFILE limit '-1' (--nofile): value '-1' is negative (use 'unlimited' for no limit)".into()),
        (set("-n-5:"), 2,
         "rsrc: invalid NOFILE limit '-5:' (-n): soft limit '-5' is negative (use 'unlimited' for no limit)".into()),
        (set("--nofile=18446744073709551616"), 2,
         "rsrc: invalid NOFILE limit '18446744073709551616' (--nofile): value '18446744073709551616' is too large (at most 18446744073709551615, or 'unlimited')".into()),
        (set("--fsize=1:17179869184T"), 2,
         "rsrc: invalid FSIZE limit '1:17179869184T' (--fsize): hard limit '17179869184T' is too large (at most 18446744073709551615, or 'unlimited')".into()),
        (set("--nofile=10:5"), 2,
         "rsrc: invalid NOFILE limit '10:5' (--nofile): soft limit 10 is above hard limit 5".into()),
        (set("--nofile=1K"), 2,
         "rsrc: invalid NOFILE limit '1K' (--nofile): value '1K': NOFILE takes a plain number (files), without a unit suffix".into()),
        (set("--stack=1KB"), 2,
         "rsrc: invalid STACK limit '1KB' (--stack): value '1KB': unknown suffix 'KB' for STACK (byte limits take K, M, G, T or KiB, MiB, GiB, TiB: powers of 1024)".into()),
        (set("--cpu=1d"), 2,
         "rsrc: invalid CPU limit '1d' (--cpu): value '1d': unknown suffix 'd' for CPU (CPU time takes s, m or h)".into()),
        (set("--nofile=1.5"), 2,
         "rsrc: invalid NOFILE limit '1.5' (--nofile): value '1.5' is not a whole number (expected digits, 'unlimited' or 'infinity')".into()),
        (set("--nofile= 5"), 2,
         "rsrc: invalid NOFILE limit ' 5' (--nofile): value ' 5' is not a whole number (expected digits, 'unlimited' or 'infinity')".into()),
        (vec!["set".into(), "-p".into(), p.clone(), "--nofile".into()], 2,
         "rsrc: option --nofile needs a value".into()),
        (vec!["set".into(), "-p".into(), p.clone(), "--nofile".into(), "--core=0".into()], 2,
         "rsrc: option --nofile needs a value".into()),
        (vec!["set".into(), "-p".into(), p.clone(), "--nofile=5".into(), "-n".into(), "6".into()], 2,
         "rsrc: NOFILE given twice ('5' and '6')".into()),
        (vec!["set".into(), "--nofile=5".into()], 2,
         "rsrc: 'rsrc set' needs -p PID (to start a command with limits use 'rsrc run')".into()),
        (vec!["set".into(), "-p".into(), p.clone()], 2,
         "rsrc: nothing to set (give limit options such as --nofile=1024:4096)".into()),
        (vec!["set".into(), "-p".into(), p.clone(), "--nofile=5".into(), "ls".into()], 2,
         "rsrc: unexpected argument 'ls' ('rsrc set' takes only options; to run a command use 'rsrc run')".into()),
        // commands
        (vec!["run".into(), "--nofile=10".into(), "ls".into(), "-l".into()], 2,
         "rsrc: unexpected argument 'ls': put '--' before the command, as in: rsrc run [OPTIONS] -- ls ...".into()),
        (vec!["time".into(), "ls".into()], 2,
         "rsrc: unexpected argument 'ls': put '--' before the command, as in: rsrc time [OPTIONS] -- ls ...".into()),
        (vec!["run".into()], 2,
         "rsrc: no command given (usage: rsrc run [OPTIONS] -- CMD [ARG...])".into()),
        (vec!["time".into(), "--nofile=5".into(), "--".into()], 2,
         "rsrc: no command given after '--' (usage: rsrc time [OPTIONS] -- CMD [ARG...])".into()),
        (vec!["time".into(), "-a".into(), "--".into(), "true".into()], 2,
         "rsrc: -a needs -o FILE".into()),
        (vec!["time".into(), "-o".into(), "/no/such/dir/f".into(), "--".into(), "true".into()], 1,
         "rsrc: cannot open '/no/such/dir/f' for the report: ENOENT (No such file or directory); the command was not run".into()),
        (vec!["run".into(), "--nofile=5:".into(), "--stack=:0".into(), "--".into(), "true".into()], 1,
         format!("rsrc: STACK: new hard limit 0 (from ':0') is below the current soft limit {} (give both, as SOFT:HARD); nothing changed",
                 fmt_limit(rsrc::getrlimit(Resource::Stack).unwrap().soft))),
    ];
    for (args, code, msg) in cases {
        fails(&args, code, &msg);
    }
    assert_eq!(proc_text(pid), before, "a bad input changed a limit");
}

#[test]
fn hostile_input() {
    let bg = Bg::sleep();
    let pid = bg.pid();
    let p = pid.to_string();
    let before = proc_text(pid);
    let os = |b: &[u8]| OsString::from_vec(b.to_vec());

    // Very long arguments: refused with the start of the text and its length.
    let long_value = "9".repeat(100_000);
    let shown = format!("'{}'... (100000 bytes)", &long_value[..64]);
    fails(
        ["set", "-p", &p, &format!("--nofile={long_value}")],
        2,
        &format!(
            "rsrc: invalid NOFILE limit {shown} (--nofile): value \
             '999999999999999999999999...' is too large (at most 18446744073709551615, or \
             'unlimited')"
        ),
    );
    fails(
        ["limits", "-p", &long_value],
        2,
        &format!("rsrc: invalid pid {shown}: too large"),
    );
    let long_opt = format!("--{}", "x".repeat(100_000));
    fails(
        ["limits", &long_opt],
        2,
        &format!(
            "rsrc: unknown option '{}'... (100002 bytes) for 'rsrc limits' (see 'rsrc limits --help')",
            &long_opt[..64]
        ),
    );
    let long_name = "N".repeat(100_000);
    let r = run(&mut rsrc(["limits", &long_name]));
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.starts_with(&format!(
            "rsrc: unknown resource '{}'... (100000 bytes) (known: CPU",
            &long_name[..64]
        )),
        "{}",
        r.stderr
    );

    // Not UTF-8: options and values are refused by name; the command passes through.
    fails(
        [os(b"limits"), os(b"\xffnofile")],
        2,
        "rsrc: unknown resource '\\xffnofile' (known: CPU, FSIZE, DATA, STACK, CORE, RSS, NPROC, \
         NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING, MSGQUEUE, NICE, RTPRIO, RTTIME)",
    );
    fails(
        [
            os(b"set"),
            os(b"-p"),
            os(p.as_bytes()),
            os(b"--nofile=1\xfe"),
        ],
        2,
        "rsrc: value '1\\xfe' of --nofile is not valid UTF-8",
    );
    fails(
        [os(b"limits"), os(b"--no\xfffile")],
        2,
        "rsrc: unknown option '--no\\xfffile' (not valid UTF-8)",
    );
    fails(
        [os(b"\xff")],
        2,
        "rsrc: unknown command '\\xff' (commands: limits, set, run, time, usage, abi; see 'rsrc --help')",
    );
    fails(
        [os(b"limits"), os(b"-p"), os(b"1\xff")],
        2,
        "rsrc: invalid pid '1\\xff': not a number",
    );
    // Control characters are shown escaped, not sent to the terminal.
    fails(
        ["limits", "no\x1b[2Jfile"],
        2,
        "rsrc: unknown resource 'no\\x1b[2Jfile' (known: CPU, FSIZE, DATA, STACK, CORE, RSS, \
         NPROC, NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING, MSGQUEUE, NICE, RTPRIO, RTTIME)",
    );
    let r = run(&mut rsrc([
        os(b"run"),
        os(b"--"),
        os(b"printf"),
        os(b"%s"),
        os(b"\xff\xfe"),
    ]));
    assert_eq!(
        (r.code, r.raw_stdout.as_slice()),
        (Some(0), &b"\xff\xfe"[..])
    );

    // Missing `--`: nothing runs.
    let dir = TempDir::new("hostile");
    let marker = dir.0.join("ran");
    let r = run(rsrc(["run", "touch"]).arg(&marker));
    assert_eq!(r.code, Some(2));
    assert!(!marker.exists());
    let r = run(rsrc(["time", "--nofile=5", "touch"]).arg(&marker));
    assert_eq!(r.code, Some(2));
    assert!(!marker.exists());

    assert_eq!(proc_text(pid), before, "hostile input changed a limit");
}

// --- seccomp: refusals made deterministic ---------------------------------------------------

/// A seccomp filter that makes syscall `nr` fail with `errno`; if `resource` is given, only
/// for that first argument, and only when the third (the new limit of prlimit64) is not NULL.
#[cfg(target_arch = "x86_64")]
fn deny(cmd: &mut Command, nr: u32, resource: Option<u32>, errno: i32) -> &mut Command {
    const LD_W_ABS: u16 = 0x20;
    const JEQ_K: u16 = 0x15;
    const RET_K: u16 = 0x06;
    const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
    const ALLOW: u32 = 0x7fff_0000;
    let ins = |code, jt, jf, k| libc::sock_filter { code, jt, jf, k };
    let fail = 0x0005_0000 | errno as u32; // SECCOMP_RET_ERRNO
    let mut prog = vec![
        ins(LD_W_ABS, 0, 0, 4), // arch
        ins(JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        ins(RET_K, 0, 0, ALLOW),
        ins(LD_W_ABS, 0, 0, 0), // nr
        ins(JEQ_K, 1, 0, nr),
        ins(RET_K, 0, 0, ALLOW),
    ];
    if let Some(res) = resource {
        prog.extend([
            ins(LD_W_ABS, 0, 0, 16 + 8), // args[1] (low half): the resource
            ins(JEQ_K, 1, 0, res),
            ins(RET_K, 0, 0, ALLOW),
            ins(LD_W_ABS, 0, 0, 16 + 16), // args[2] low: new limit pointer
            ins(JEQ_K, 0, 3, 0),
            ins(LD_W_ABS, 0, 0, 16 + 20), // args[2] high
            ins(JEQ_K, 0, 1, 0),
            ins(RET_K, 0, 0, ALLOW), // NULL: a read
        ]);
    }
    prog.push(ins(RET_K, 0, 0, fail));
    let prog: &'static [libc::sock_filter] = Box::leak(prog.into_boxed_slice());
    // SAFETY: prctl with valid arguments; `prog` lives for the rest of the process.
    unsafe {
        cmd.pre_exec(move || {
            let fprog = libc::sock_fprog {
                len: prog.len() as u16,
                filter: prog.as_ptr() as *mut libc::sock_filter,
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || libc::prctl(
                    libc::PR_SET_SECCOMP,
                    libc::SECCOMP_MODE_FILTER,
                    &fprog as *const libc::sock_fprog,
                ) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd
}

#[cfg(target_arch = "x86_64")]
#[test]
fn a_refusal_halfway_is_undone_and_reported() {
    const PRLIMIT64: u32 = 302;
    let nofile = Resource::Nofile.as_raw();
    let bg = Bg::sleep();
    let pid = bg.pid();
    let p = pid.to_string();
    let before = proc_text(pid);
    let nof = proc_limits(pid, proc_row(Resource::Nofile));
    let stack = proc_limits(pid, proc_row(Resource::Stack));
    let args = ["set", "-p", &p, "--stack=4M:", "--nofile=100:"];

    // STACK is set, NOFILE refused: STACK is put back and the message says so.
    let r = run(deny(&mut rsrc(args), PRLIMIT64, Some(nofile), libc::EPERM));
    assert_eq!(
        (r.code, r.stderr),
        (
            Some(1),
            format!(
                "rsrc: setting NOFILE of pid {pid} to 100:{}: EPERM (Operation not permitted); \
                 nothing changed (STACK had been set and was restored)\n",
                fmt_limit(nof.1)
            )
        )
    );
    assert_eq!(proc_text(pid), before);

    // The process "exits" after STACK was set: said so, with what had been set.
    let r = run(deny(&mut rsrc(args), PRLIMIT64, Some(nofile), libc::ESRCH));
    assert_eq!(
        (r.code, r.stderr),
        (
            Some(1),
            format!(
                "rsrc: setting NOFILE of pid {pid} to 100:{}: ESRCH (No such process): the \
                 process has exited (after STACK had been set)\n",
                fmt_limit(nof.1)
            )
        )
    );
    assert_eq!(
        proc_limits(pid, proc_row(Resource::Stack)),
        (Some(4 << 20), stack.1)
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn seccomp_denials_give_clear_messages() {
    const GETRUSAGE: u32 = 98;
    const WAIT4: u32 = 61;
    const PRLIMIT64: u32 = 302;
    let r = run(deny(&mut rsrc(["usage"]), GETRUSAGE, None, libc::ENOSYS));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            Some(1),
            "rsrc: getrusage(RUSAGE_SELF): ENOSYS (Function not implemented)\n"
        )
    );
    let r = run(deny(
        &mut rsrc(["usage", "--who", "both"]),
        GETRUSAGE,
        None,
        libc::EPERM,
    ));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            Some(1),
            "rsrc: getrusage(RUSAGE_SELF and RUSAGE_CHILDREN): EPERM (Operation not permitted)\n"
        )
    );
    let r = run(deny(&mut rsrc(["limits"]), PRLIMIT64, None, libc::EPERM));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            Some(1),
            "rsrc: reading CPU: EPERM (Operation not permitted)\n"
        )
    );
    let r = run(deny(
        &mut rsrc(["run", "--core=0", "--", "true"]),
        PRLIMIT64,
        None,
        libc::ENOSYS,
    ));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            Some(1),
            "rsrc: reading CORE: ENOSYS (Function not implemented); nothing changed\n"
        )
    );
    let r = run(deny(
        &mut rsrc(["time", "--", "true"]),
        WAIT4,
        None,
        libc::EPERM,
    ));
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr.starts_with("rsrc: wait4 for pid ")
            && r.stderr
                .contains(": EPERM (Operation not permitted); no usage report"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}
