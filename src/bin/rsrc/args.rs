//! A small command-line scanner: long options (`--name`, `--name=VALUE`, `--name VALUE`),
//! short options (`-x`, `-xVALUE`, `-x VALUE`), positionals, and `--`. Arguments are
//! `OsString`s; option names must be UTF-8, values and the command after `--` need not be.

use crate::{fail_usage, Fail};
use rsrc::{Pid, Resource, RlimitSpec};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;

/// One scanned argument.
pub enum Tok {
    /// An option: its name as written (`--nofile`, `-n`) and a value attached with `=` (long)
    /// or glued to a short option (`-n1024`).
    Opt(String, Option<OsString>),
    /// An argument that is not an option.
    Pos(OsString),
    /// `--`: the rest are operands.
    End,
}

pub struct Scanner {
    args: std::vec::IntoIter<OsString>,
}

impl Scanner {
    pub fn new(args: Vec<OsString>) -> Scanner {
        Scanner {
            args: args.into_iter(),
        }
    }

    /// The next argument, classified.
    pub fn next_tok(&mut self) -> Result<Option<Tok>, Fail> {
        let Some(arg) = self.args.next() else {
            return Ok(None);
        };
        let bytes = arg.as_bytes();
        if bytes == b"--" {
            return Ok(Some(Tok::End));
        }
        if bytes.len() < 2 || bytes[0] != b'-' {
            return Ok(Some(Tok::Pos(arg)));
        }
        let (name, value) = if bytes[1] == b'-' {
            match bytes.iter().position(|&b| b == b'=') {
                Some(i) => (
                    &bytes[..i],
                    Some(OsStr::from_bytes(&bytes[i + 1..]).to_owned()),
                ),
                None => (bytes, None),
            }
        } else {
            // `-n1024`: the option is one character (which may be multi-byte; then it is not
            // an option we know, and the error names it).
            let first = std::str::from_utf8(&bytes[1..])
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(2, |c| 1 + c.len_utf8());
            let (n, v) = bytes.split_at(first.min(bytes.len()));
            let v = (!v.is_empty()).then(|| OsStr::from_bytes(v).to_owned());
            (n, v)
        };
        match std::str::from_utf8(name) {
            Ok(n) => Ok(Some(Tok::Opt(n.to_string(), value))),
            Err(_) => Err(fail_usage(format!(
                "unknown option {} (not valid UTF-8)",
                show(&arg)
            ))),
        }
    }

    /// The value of option `name`: the attached one, or the next argument.
    pub fn value(&mut self, name: &str, attached: Option<OsString>) -> Result<OsString, Fail> {
        if let Some(v) = attached {
            return Ok(v);
        }
        match self.args.as_slice().first() {
            Some(next) if !next.as_bytes().starts_with(b"--") => {
                Ok(self.args.next().unwrap_or_default())
            }
            _ => Err(fail_usage(format!("option {name} needs a value"))),
        }
    }

    /// Like [`value`](Scanner::value), as UTF-8 text.
    pub fn str_value(&mut self, name: &str, attached: Option<OsString>) -> Result<String, Fail> {
        let v = self.value(name, attached)?;
        v.into_string()
            .map_err(|v| fail_usage(format!("value {} of {name} is not valid UTF-8", show(&v))))
    }

    /// Everything after `--`.
    pub fn rest(self) -> Vec<OsString> {
        self.args.collect()
    }
}

/// Refuses an option that takes no value but was given one (`--json=yes`).
pub fn no_value(name: &str, attached: &Option<OsString>) -> Result<(), Fail> {
    match attached {
        Some(v) => Err(fail_usage(format!(
            "option {name} takes no value (got {})",
            show(v)
        ))),
        None => Ok(()),
    }
}

/// The limit options: long name, short letter, resource (prlimit's letters).
pub const LIMIT_OPTS: [(&str, char, Resource); 16] = [
    ("cpu", 't', Resource::Cpu),
    ("fsize", 'f', Resource::Fsize),
    ("data", 'd', Resource::Data),
    ("stack", 's', Resource::Stack),
    ("core", 'c', Resource::Core),
    ("rss", 'm', Resource::Rss),
    ("nproc", 'u', Resource::Nproc),
    ("nofile", 'n', Resource::Nofile),
    ("memlock", 'l', Resource::Memlock),
    ("as", 'v', Resource::As),
    ("locks", 'x', Resource::Locks),
    ("sigpending", 'i', Resource::Sigpending),
    ("msgqueue", 'q', Resource::Msgqueue),
    ("nice", 'e', Resource::Nice),
    ("rtprio", 'r', Resource::Rtprio),
    ("rttime", 'y', Resource::Rttime),
];

/// The resource of a limit option name as written (`--nofile` or `-n`).
pub fn limit_opt(name: &str) -> Option<Resource> {
    if let Some(long) = name.strip_prefix("--") {
        LIMIT_OPTS.iter().find(|o| o.0 == long).map(|o| o.2)
    } else {
        let mut c = name.strip_prefix('-')?.chars();
        let (Some(ch), None) = (c.next(), c.next()) else {
            return None;
        };
        LIMIT_OPTS.iter().find(|o| o.1 == ch).map(|o| o.2)
    }
}

/// `--nofile` for a resource.
pub fn long_name(r: Resource) -> &'static str {
    LIMIT_OPTS.iter().find(|o| o.2 == r).map_or("?", |o| o.0)
}

/// One requested limit change: the resource, the parsed spec, and the text as given.
#[derive(Clone)]
pub struct Change {
    pub resource: Resource,
    pub spec: RlimitSpec,
    pub text: String,
}

/// Collects a limit option's value into `changes`, refusing duplicates.
pub fn add_change(
    changes: &mut Vec<Change>,
    opt: &str,
    resource: Resource,
    text: String,
) -> Result<(), Fail> {
    if let Some(prev) = changes.iter().find(|c| c.resource == resource) {
        return Err(fail_usage(format!(
            "{} given twice ({} and {})",
            resource.short_name(),
            show(prev.text.as_ref()),
            show(text.as_ref())
        )));
    }
    let spec = RlimitSpec::parse(resource, &text).map_err(|e| {
        fail_usage(format!(
            "invalid {} limit {} ({opt}): {e}",
            resource.short_name(),
            show(text.as_ref())
        ))
    })?;
    changes.push(Change {
        resource,
        spec,
        text,
    });
    Ok(())
}

/// Parses a `-p` value: a positive decimal process ID.
pub fn parse_pid(text: &OsStr) -> Result<Pid, Fail> {
    let bad = |why: &str| fail_usage(format!("invalid pid {}: {why}", show(text)));
    let s = text.to_str().ok_or_else(|| bad("not a number"))?;
    if s.starts_with('-') && s.len() > 1 && s[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("negative (a process ID is a positive number)"));
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("not a number"));
    }
    let n: i32 = s.parse().map_err(|_| bad("too large"))?;
    Pid::from_raw(n).ok_or_else(|| bad("0 is not a process (leave out -p for rsrc itself)"))
}

/// Resolves a resource name as `prlimit` and Python spell them (`NOFILE`, `nofile`,
/// `RLIMIT_NOFILE`).
pub fn resource_name(text: &OsStr) -> Result<Resource, Fail> {
    text.to_str().and_then(Resource::from_name).ok_or_else(|| {
        let known: Vec<&str> = Resource::ALL.iter().map(|r| r.short_name()).collect();
        fail_usage(format!(
            "unknown resource {} (known: {})",
            show(text),
            known.join(", ")
        ))
    })
}

/// Quotes user-supplied text for a message: single quotes, control characters and bytes
/// that are not UTF-8 as `\xNN`, and at most 64 characters (the length is given when cut).
pub fn show(text: &OsStr) -> String {
    const MAX: usize = 64;
    let bytes = text.as_bytes();
    let mut out = String::from("'");
    let mut n = 0;
    let mut cut = false;
    'all: for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if n == MAX {
                cut = true;
                break 'all;
            }
            if c.is_control() {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            } else {
                if c == '\'' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            n += 1;
        }
        for b in chunk.invalid() {
            if n == MAX {
                cut = true;
                break 'all;
            }
            out.push_str(&format!("\\x{b:02x}"));
            n += 1;
        }
    }
    out.push('\'');
    if cut {
        out.push_str(&format!("... ({} bytes)", bytes.len()));
    }
    out
}

/// The command line, quoted for a shell where needed (for reports).
pub fn shell_words(cmd: &[OsString]) -> String {
    let words: Vec<String> = cmd
        .iter()
        .map(|w| {
            let s = String::from_utf8_lossy(w.as_bytes());
            let plain = !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%^".contains(&b));
            if plain {
                s.into_owned()
            } else {
                format!("'{}'", s.replace('\'', r"'\''"))
            }
        })
        .collect();
    words.join(" ")
}

/// Turns `OsString`s into owned byte vectors' lossy text (for JSON).
pub fn lossy(w: &OsString) -> String {
    String::from_utf8_lossy(w.as_bytes()).into_owned()
}
