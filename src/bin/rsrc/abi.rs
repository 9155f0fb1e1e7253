//! `rsrc abi`: the per-architecture tables of `rsrc::abi`.

use crate::args::{self, show, Scanner, Tok};
use crate::out::{self, Align, Json};
use crate::{fail_usage, print, Fail};
use rsrc::abi::{self, Abi};
use rsrc::Resource;
use std::ffi::OsString;

pub const ABI_HELP: &str = "\
Usage: rsrc abi [NAME] [--json]

The kernel ABI facts rsrc knows for every Linux architecture (like ausyscall --dump for
these calls): RLIMIT_* numbers, the legacy RLIM_INFINITY of getrlimit/setrlimit, the
syscall numbers of getrusage, wait4, waitid and prlimit64, the width of long, and the size
of struct rusage. Without NAME, a summary of all ABIs ('*' marks this machine's); with NAME
(e.g. x86_64, i386, aarch64, mips, sparc64), every number of that one.

Options:
      --json    a list of objects: abi, rlimits, rlim_infinity, syscalls, long_bytes,
                rusage_bytes, tv_usec_bytes
  -h, --help    this text
";

pub fn abi(argv: Vec<OsString>) -> Result<i32, Fail> {
    let mut sc = Scanner::new(argv);
    let (mut json, mut name) = (false, None::<OsString>);
    let operand = |n: OsString, name: &mut Option<OsString>| {
        if let Some(prev) = name {
            return Err(fail_usage(format!(
                "more than one ABI name ({} and {})",
                show(prev),
                show(&n)
            )));
        }
        *name = Some(n);
        Ok(())
    };
    while let Some(tok) = sc.next_tok()? {
        match tok {
            Tok::Opt(o, v) => match o.as_str() {
                "-h" | "--help" => return print(ABI_HELP),
                "--json" => {
                    args::no_value(&o, &v)?;
                    json = true;
                }
                _ => {
                    return Err(fail_usage(format!(
                        "unknown option {} for 'rsrc abi' (see 'rsrc abi --help')",
                        show(o.as_ref())
                    )))
                }
            },
            Tok::Pos(n) => operand(n, &mut name)?,
            Tok::End => {
                for n in std::mem::replace(&mut sc, Scanner::new(Vec::new())).rest() {
                    operand(n, &mut name)?;
                }
            }
        }
    }
    let selected: Vec<&Abi> = match &name {
        None => abi::ALL.iter().collect(),
        Some(n) => match n.to_str().and_then(abi::find) {
            Some(a) => vec![a],
            None => {
                let known: Vec<&str> = abi::ALL.iter().map(|a| a.name).collect();
                return Err(fail_usage(format!(
                    "unknown ABI {} (known: {})",
                    show(n),
                    known.join(", ")
                )));
            }
        },
    };
    let text = if json {
        to_json(&selected)
    } else if name.is_some() {
        detail(selected[0])
    } else {
        summary()
    };
    print(&text)
}

fn to_json(abis: &[&Abi]) -> String {
    let mut j = Json::new();
    j.open_array(None);
    for a in abis {
        j.open(None).str(Some("abi"), a.name).open(Some("rlimits"));
        for r in Resource::ALL {
            j.raw(Some(r.short_name()), a.rlimit(r));
        }
        j.close()
            .raw(Some("rlim_infinity"), a.rlim_infinity)
            .open(Some("syscalls"))
            .raw(Some("getrusage"), a.syscalls.getrusage)
            .opt(Some("wait4"), a.syscalls.wait4)
            .raw(Some("waitid"), a.syscalls.waitid)
            .raw(Some("prlimit64"), a.syscalls.prlimit64)
            .close()
            .raw(Some("long_bytes"), a.long_bytes)
            .raw(Some("rusage_bytes"), a.rusage_bytes())
            .raw(Some("tv_usec_bytes"), a.tv_usec_bytes)
            .close();
    }
    j.close_array();
    j.finish()
}

/// RLIM_INFINITY as people recognise it.
fn infinity(v: u64) -> String {
    match v {
        u64::MAX => "~0 (64-bit)".to_string(),
        0xffff_ffff => "~0 (32-bit)".to_string(),
        0x7fff_ffff => "0x7fffffff".to_string(),
        v => format!("{v:#x}"),
    }
}

/// A syscall number; x32's (with `__X32_SYSCALL_BIT`) in hex, as they are usually written.
fn nr(n: u32) -> String {
    if n >= 0x4000_0000 {
        format!("{n:#x}")
    } else {
        n.to_string()
    }
}

fn is_native(a: &Abi) -> bool {
    std::ptr::eq(a, abi::native()) || a.name == abi::native().name
}

/// The resources whose number differs from the asm-generic one (the index).
fn numbering(a: &Abi) -> String {
    let diffs: Vec<String> = Resource::ALL
        .iter()
        .enumerate()
        .filter(|(i, r)| a.rlimit(**r) as usize != *i)
        .map(|(_, r)| format!("{}={}", r.short_name(), a.rlimit(*r)))
        .collect();
    if diffs.is_empty() {
        "generic".to_string()
    } else {
        diffs.join(" ")
    }
}

fn summary() -> String {
    let mut rows = vec![[
        "ABI",
        "LONG",
        "TV_USEC",
        "RUSAGE",
        "RLIM_INFINITY",
        "GETRUSAGE",
        "WAIT4",
        "WAITID",
        "PRLIMIT64",
        "RLIMIT NUMBERS",
    ]
    .map(String::from)
    .to_vec()];
    for a in abi::ALL.iter() {
        rows.push(vec![
            format!("{}{}", a.name, if is_native(a) { "*" } else { "" }),
            a.long_bytes.to_string(),
            a.tv_usec_bytes.to_string(),
            a.rusage_bytes().to_string(),
            infinity(a.rlim_infinity),
            nr(a.syscalls.getrusage),
            a.syscalls.wait4.map_or("-".to_string(), nr),
            nr(a.syscalls.waitid),
            nr(a.syscalls.prlimit64),
            numbering(a),
        ]);
    }
    use Align::{Left, Right};
    out::table(
        &rows,
        &[
            Left, Right, Right, Right, Right, Right, Right, Right, Right, Left,
        ],
    )
}

fn detail(a: &Abi) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        vec![
            "abi".into(),
            format!(
                "{}{}",
                a.name,
                if is_native(a) { " (this machine)" } else { "" }
            ),
        ],
        vec!["long".into(), format!("{} bytes", a.long_bytes)],
        vec!["tv_usec".into(), format!("{} bytes", a.tv_usec_bytes)],
        vec![
            "struct rusage".into(),
            format!("{} bytes", a.rusage_bytes()),
        ],
        vec![
            "RLIM_INFINITY".into(),
            format!("{} ({})", a.rlim_infinity, infinity(a.rlim_infinity)),
        ],
        vec!["__NR_getrusage".into(), nr(a.syscalls.getrusage)],
        vec![
            "__NR_wait4".into(),
            a.syscalls
                .wait4
                .map_or("none (waitid only)".to_string(), nr),
        ],
        vec!["__NR_waitid".into(), nr(a.syscalls.waitid)],
        vec!["__NR_prlimit64".into(), nr(a.syscalls.prlimit64)],
    ];
    for r in Resource::ALL {
        rows.push(vec![r.name().to_string(), a.rlimit(r).to_string()]);
    }
    out::table(&rows, &[Align::Left, Align::Left])
}
