//! Checks every row of `rsrc::abi::ALL` against sources that do not share its text:
//!
//! 1. `linux_raw_sys_source_agrees` (host only): the bindgen output of linux-raw-sys for every
//!    architecture it ships, read as text and parsed here.
//! 2. `kernel_transcription_agrees`: alpha, parisc and mips n32, which linux-raw-sys lacks,
//!    against values transcribed from the kernel sources in a different shape.
//! 3. `invariants`: properties every row must have.
//! 4. `native_agrees_with_linux_raw_sys`: the row of the compile target against the
//!    linux-raw-sys constants and struct layout compiled for that target (also run under qemu).

use rsrc::abi::{self, Abi};
use rsrc::Resource;

/// Kernel constant names in `Resource::ALL` order.
const RLIMIT_NAMES: [&str; 16] = [
    "RLIMIT_CPU",
    "RLIMIT_FSIZE",
    "RLIMIT_DATA",
    "RLIMIT_STACK",
    "RLIMIT_CORE",
    "RLIMIT_RSS",
    "RLIMIT_NPROC",
    "RLIMIT_NOFILE",
    "RLIMIT_MEMLOCK",
    "RLIMIT_AS",
    "RLIMIT_LOCKS",
    "RLIMIT_SIGPENDING",
    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",
    "RLIMIT_RTPRIO",
    "RLIMIT_RTTIME",
];

/// The row's value for a key of the transcriptions below: a syscall name, an `RLIMIT_*`
/// name, `RLIM_INFINITY`, `long_bytes` or `tv_usec_bytes`. `None` for an absent syscall.
fn row_value(abi: &Abi, key: &str) -> Option<u64> {
    let s = &abi.syscalls;
    match key {
        "getrusage" => Some(u64::from(s.getrusage)),
        "wait4" => s.wait4.map(u64::from),
        "waitid" => Some(u64::from(s.waitid)),
        "prlimit64" => Some(u64::from(s.prlimit64)),
        "msync" => Some(u64::from(s.msync)),
        "RLIM_INFINITY" => Some(abi.rlim_infinity),
        "long_bytes" => Some(u64::from(abi.long_bytes)),
        "tv_usec_bytes" => Some(u64::from(abi.tv_usec_bytes)),
        _ => {
            let i = RLIMIT_NAMES
                .iter()
                .position(|n| *n == key)
                .unwrap_or_else(|| panic!("unknown key {key}"));
            Some(u64::from(abi.rlimit(Resource::ALL[i])))
        }
    }
}

#[test]
fn rlimit_names_follow_resource_order() {
    assert_eq!(Resource::ALL.len(), RLIMIT_NAMES.len());
    for (r, name) in Resource::ALL.iter().zip(RLIMIT_NAMES) {
        assert_eq!(
            format!("{r:?}").to_ascii_uppercase(),
            name["RLIMIT_".len()..]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 1. linux-raw-sys source text

/// Where to find linux-raw-sys's source, its ABI directories and the data it yields.
#[cfg(all(target_arch = "x86_64", target_pointer_width = "64"))]
mod lrs {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// linux-raw-sys directory of each row it covers, with the `unsigned long` width in bytes
    /// of that architecture (bindgen writes `c_long`, whose width the directory implies).
    /// mips32r6 and mips64r6 must agree with the o32 and n64 rows.
    pub const DIRS: [(&str, &str, usize); 20] = [
        ("x86_64", "x86_64", 8),
        ("x32", "x32", 4),
        ("i386", "x86", 4),
        ("aarch64", "aarch64", 8),
        ("arm", "arm", 4),
        ("riscv64", "riscv64", 8),
        ("riscv32", "riscv32", 4),
        ("powerpc", "powerpc", 4),
        ("powerpc64", "powerpc64", 8),
        ("s390x", "s390x", 8),
        ("mips", "mips", 4),
        ("mips", "mips32r6", 4),
        ("mips64", "mips64", 8),
        ("mips64", "mips64r6", 8),
        ("loongarch64", "loongarch64", 8),
        ("sparc", "sparc", 4),
        ("sparc64", "sparc64", 8),
        ("m68k", "m68k", 4),
        ("csky", "csky", 4),
        ("hexagon", "hexagon", 4),
    ];

    /// The `src` directory of the newest linux-raw-sys in `cargo metadata`'s package list.
    pub fn src_dir() -> PathBuf {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let out = Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--manifest-path",
                manifest,
            ])
            .output()
            .expect("running `cargo metadata`");
        assert!(
            out.status.success(),
            "`cargo metadata` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = String::from_utf8(out.stdout).expect("cargo metadata output is UTF-8");
        let key = "\"manifest_path\":\"";
        let mut best: Option<(Vec<u64>, PathBuf)> = None;
        for piece in json.split(key).skip(1) {
            let path = Path::new(&piece[..piece.find('"').expect("closing quote")]);
            let Some(dir) = path.parent() else { continue };
            let Some(version) = dir
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("linux-raw-sys-"))
            else {
                continue;
            };
            let version: Vec<u64> = version
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|p| p.parse().ok())
                .collect();
            if best.as_ref().is_none_or(|(v, _)| version > *v) {
                best = Some((version, dir.join("src")));
            }
        }
        let (_, dir) = best.expect(
            "no linux-raw-sys package in `cargo metadata`; it must be a dev-dependency of rsrc",
        );
        assert!(dir.is_dir(), "{} is not a directory", dir.display());
        dir
    }

    /// What one `<arch>/general.rs` says.
    pub struct General {
        pub consts: HashMap<String, i128>,
        pub types: HashMap<String, String>,
        pub structs: HashMap<String, Vec<(String, String)>>,
        /// Width of `unsigned long` on the architecture.
        pub ulong: usize,
    }

    impl General {
        pub fn read(src: &Path, dir: &str, ulong: usize) -> General {
            let path = src.join(dir).join("general.rs");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let mut g = General {
                consts: HashMap::new(),
                types: HashMap::new(),
                structs: HashMap::new(),
                ulong,
            };
            let mut current: Option<(String, Vec<(String, String)>)> = None;
            for line in text.lines().map(str::trim) {
                if let Some((name, fields)) = current.as_mut() {
                    if line == "}" {
                        g.structs.insert(name.clone(), std::mem::take(fields));
                        current = None;
                    } else if let Some(field) = line.strip_prefix("pub ") {
                        let (f, ty) = field.split_once(':').expect("field `name: type`");
                        fields.push((
                            f.trim().to_owned(),
                            ty.trim().trim_end_matches(',').to_owned(),
                        ));
                    }
                    continue;
                }
                if let Some(rest) = line.strip_prefix("pub const ") {
                    // `NAME: TYPE = VALUE;` with an integer VALUE; other lines (`pub const fn`)
                    // are not constants we look up.
                    let Some((name, rest)) = rest.split_once(':') else {
                        continue;
                    };
                    let Some((_, value)) = rest.split_once('=') else {
                        continue;
                    };
                    let value = value.trim().trim_end_matches(';').trim();
                    if let Ok(v) = value.parse::<i128>() {
                        g.consts.insert(name.trim().to_owned(), v);
                    }
                } else if let Some(rest) = line.strip_prefix("pub type ") {
                    // `NAME = TYPE;`
                    let Some((name, ty)) = rest.split_once('=') else {
                        continue;
                    };
                    g.types.insert(
                        name.trim().to_owned(),
                        ty.trim().trim_end_matches(';').to_owned(),
                    );
                } else if let Some(rest) = line.strip_prefix("pub struct ") {
                    if let Some(name) = rest.strip_suffix('{') {
                        current = Some((name.trim().to_owned(), Vec::new()));
                    }
                }
            }
            g
        }

        pub fn konst(&self, name: &str) -> Option<i128> {
            self.consts.get(name).copied()
        }

        /// Byte width of a scalar type, following `pub type` aliases.
        pub fn width(&self, ty: &str) -> usize {
            let ty = ty.trim();
            let ty = ty.strip_prefix("crate::ctypes::").unwrap_or(ty);
            match ty {
                "c_char" | "c_schar" | "c_uchar" | "__u8" | "__s8" => 1,
                "c_short" | "c_ushort" | "__u16" | "__s16" => 2,
                "c_int" | "c_uint" | "__u32" | "__s32" => 4,
                "c_long" | "c_ulong" => self.ulong,
                "c_longlong" | "c_ulonglong" | "__u64" | "__s64" => 8,
                alias => self.width(
                    self.types
                        .get(alias)
                        .unwrap_or_else(|| panic!("unknown type {alias}")),
                ),
            }
        }

        /// The field list of a struct.
        pub fn fields(&self, name: &str) -> &[(String, String)] {
            self.structs
                .get(name)
                .unwrap_or_else(|| panic!("no struct {name}"))
        }
    }
}

// Runs only on an x86_64 host: it needs `cargo` and the linux-raw-sys source on disk, which a
// cross-compiled test binary under qemu has neither of. It checks every architecture at once, so
// running it once on the host is enough.
#[cfg(all(target_arch = "x86_64", target_pointer_width = "64"))]
#[test]
fn linux_raw_sys_source_agrees() {
    let src = lrs::src_dir();
    eprintln!("linux-raw-sys source: {}", src.display());
    let mut failures = Vec::new();
    let mut check = |what: String, ours: u64, theirs: Option<u64>| {
        if Some(ours) != theirs {
            let theirs = theirs.map_or("absent".to_owned(), |t| format!("{t} ({t:#x})"));
            failures.push(format!(
                "{what}: table {ours} ({ours:#x}), linux-raw-sys {theirs}"
            ));
        }
    };
    for (name, dir, ulong) in lrs::DIRS {
        let abi = abi::find(name).unwrap_or_else(|| panic!("no row {name}"));
        assert_eq!(abi.name, name);
        let g = lrs::General::read(&src, dir, ulong);
        let need = |c: &str| -> i128 {
            g.konst(c)
                .unwrap_or_else(|| panic!("{dir}/general.rs has no {c}"))
        };
        let at = |field: &str| format!("{name} ({dir}) {field}");

        // Syscall numbers, including the absence of wait4.
        let s = &abi.syscalls;
        check(
            at("getrusage"),
            s.getrusage.into(),
            Some(need("__NR_getrusage") as u64),
        );
        check(
            at("waitid"),
            s.waitid.into(),
            Some(need("__NR_waitid") as u64),
        );
        check(
            at("prlimit64"),
            s.prlimit64.into(),
            Some(need("__NR_prlimit64") as u64),
        );
        check(at("msync"), s.msync.into(), Some(need("__NR_msync") as u64));
        match s.wait4 {
            Some(ours) => check(
                at("wait4"),
                ours.into(),
                g.konst("__NR_wait4").map(|n| n as u64),
            ),
            None => assert_eq!(g.konst("__NR_wait4"), None, "{}", at("wait4 absent")),
        }

        // RLIMIT_* numbering.
        for (r, c) in Resource::ALL.iter().zip(RLIMIT_NAMES) {
            check(at(c), abi.rlimit(*r).into(), Some(need(c) as u64));
        }
        assert_eq!(need("RLIM_NLIMITS"), 16, "{dir}: RLIM_NLIMITS");

        // Widths: __kernel_long_t and the timeval inside struct rusage.
        let long = g.width("__kernel_long_t");
        check(at("long_bytes"), abi.long_bytes.into(), Some(long as u64));
        let tv = g.fields("__kernel_old_timeval");
        assert_eq!(tv[0].0, "tv_sec", "{dir}: __kernel_old_timeval");
        assert_eq!(tv[1].0, "tv_usec", "{dir}: __kernel_old_timeval");
        check(
            at("tv_sec bytes"),
            abi.long_bytes.into(),
            Some(g.width(&tv[0].1) as u64),
        );
        check(
            at("tv_usec_bytes"),
            abi.tv_usec_bytes.into(),
            Some(g.width(&tv[1].1) as u64),
        );

        // struct rusage: two __kernel_old_timeval, then fourteen __kernel_long_t.
        let ru = g.fields("rusage");
        assert_eq!(ru.len(), 16, "{dir}: rusage fields");
        assert_eq!(ru[0], ("ru_utime".into(), "__kernel_old_timeval".into()));
        assert_eq!(ru[1], ("ru_stime".into(), "__kernel_old_timeval".into()));
        for (field, ty) in &ru[2..] {
            assert_eq!(ty, "__kernel_long_t", "{dir}: rusage.{field}");
        }
        let timeval = (long + g.width(&tv[1].1)).div_ceil(long) * long;
        check(
            at("rusage_bytes"),
            abi.rusage_bytes() as u64,
            Some((2 * timeval + 14 * long) as u64),
        );

        // Legacy RLIM_INFINITY, as the ABI's __kernel_ulong_t (the field type of struct
        // rlimit), so -1 means all ones at that width.
        let rl = g.fields("rlimit");
        assert!(
            rl.iter().all(|(_, ty)| ty == "__kernel_ulong_t"),
            "{dir}: rlimit fields"
        );
        let ulong_bits = 8 * g.width("__kernel_ulong_t");
        let mask = if ulong_bits == 64 {
            u64::MAX
        } else {
            (1u64 << ulong_bits) - 1
        };
        check(
            at("RLIM_INFINITY"),
            abi.rlim_infinity,
            Some(need("RLIM_INFINITY") as u64 & mask),
        );
        check(
            at("RLIM64_INFINITY"),
            u64::MAX,
            Some(need("RLIM64_INFINITY") as u64),
        );
    }
    let covered: Vec<&str> = lrs::DIRS.iter().map(|d| d.1).collect();
    for entry in std::fs::read_dir(&src).expect("listing linux-raw-sys/src") {
        let path = entry.expect("dir entry").path();
        let dir = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.join("general.rs").is_file() && !covered.contains(&dir) {
            eprintln!("note: linux-raw-sys has {dir}, which no row is checked against");
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 2. ABIs linux-raw-sys lacks: transcribed from the kernel sources

struct Transcription {
    abi: &'static str,
    /// Added to every syscall number (the tables list n32 calls from 0).
    syscall_base: u64,
    syscalls: &'static [(&'static str, Option<u64>)],
    values: &'static [(&'static str, u64)],
}

const TRANSCRIPTIONS: [Transcription; 3] = [
    Transcription {
        abi: "alpha",
        syscall_base: 0,
        // arch/alpha/kernel/syscalls/syscall.tbl: the Linux entries `getrusage sys_getrusage`
        // and `wait4 sys_wait4`, not osf_getrusage (117) / osf_wait4 (7), which take the
        // OSF/1 struct rusage with 32-bit timevals.
        syscalls: &[
            ("getrusage", Some(364)),
            ("wait4", Some(365)),
            ("waitid", Some(438)),
            ("prlimit64", Some(496)),
            // `217 common msync sys_msync`.
            ("msync", Some(217)),
        ],
        values: &[
            // arch/alpha/include/uapi/asm/resource.h (NOFILE, AS, NPROC, MEMLOCK and
            // RLIM_INFINITY); the rest from include/uapi/asm-generic/resource.h.
            ("RLIMIT_CPU", 0),
            ("RLIMIT_FSIZE", 1),
            ("RLIMIT_DATA", 2),
            ("RLIMIT_STACK", 3),
            ("RLIMIT_CORE", 4),
            ("RLIMIT_RSS", 5),
            ("RLIMIT_NOFILE", 6),
            ("RLIMIT_AS", 7),
            ("RLIMIT_NPROC", 8),
            ("RLIMIT_MEMLOCK", 9),
            ("RLIMIT_LOCKS", 10),
            ("RLIMIT_SIGPENDING", 11),
            ("RLIMIT_MSGQUEUE", 12),
            ("RLIMIT_NICE", 13),
            ("RLIMIT_RTPRIO", 14),
            ("RLIMIT_RTTIME", 15),
            ("RLIM_INFINITY", 0x7fff_ffff_ffff_ffff),
            // LP64; arch/alpha/include/uapi/asm/posix_types.h keeps the generic
            // __kernel_long_t and __kernel_old_timeval (include/uapi/linux/time_types.h).
            ("long_bytes", 8),
            ("tv_usec_bytes", 8),
        ],
    },
    Transcription {
        abi: "parisc",
        syscall_base: 0,
        // arch/parisc/kernel/syscalls/syscall.tbl ("common" entries).
        syscalls: &[
            ("getrusage", Some(77)),
            ("wait4", Some(114)),
            ("waitid", Some(235)),
            ("prlimit64", Some(321)),
            // `144 common msync sys_msync`.
            ("msync", Some(144)),
        ],
        values: &[
            // arch/parisc/include/uapi/asm/resource.h only includes
            // include/uapi/asm-generic/resource.h; RLIM_INFINITY is ~0UL of a 32-bit long.
            ("RLIMIT_CPU", 0),
            ("RLIMIT_FSIZE", 1),
            ("RLIMIT_DATA", 2),
            ("RLIMIT_STACK", 3),
            ("RLIMIT_CORE", 4),
            ("RLIMIT_RSS", 5),
            ("RLIMIT_NPROC", 6),
            ("RLIMIT_NOFILE", 7),
            ("RLIMIT_MEMLOCK", 8),
            ("RLIMIT_AS", 9),
            ("RLIMIT_LOCKS", 10),
            ("RLIMIT_SIGPENDING", 11),
            ("RLIMIT_MSGQUEUE", 12),
            ("RLIMIT_NICE", 13),
            ("RLIMIT_RTPRIO", 14),
            ("RLIMIT_RTTIME", 15),
            ("RLIM_INFINITY", 0xffff_ffff),
            // ILP32 userland; arch/parisc/include/uapi/asm/posix_types.h keeps the generic
            // __kernel_long_t.
            ("long_bytes", 4),
            ("tv_usec_bytes", 4),
        ],
    },
    Transcription {
        abi: "mipsn32",
        // __NR_Linux of the n32 ABI, arch/mips/include/uapi/asm/unistd.h.
        syscall_base: 6000,
        // arch/mips/kernel/syscalls/syscall_n32.tbl (compat_sys_getrusage, compat_sys_wait4,
        // compat_sys_waitid: 32-bit struct rusage).
        syscalls: &[
            ("getrusage", Some(96)),
            ("wait4", Some(59)),
            ("waitid", Some(241)),
            ("prlimit64", Some(302)),
            // `25 n32 msync sys_msync`.
            ("msync", Some(25)),
        ],
        values: &[
            // arch/mips/include/uapi/asm/resource.h (NOFILE, AS, RSS, NPROC, MEMLOCK); the rest
            // from include/uapi/asm-generic/resource.h.
            ("RLIMIT_CPU", 0),
            ("RLIMIT_FSIZE", 1),
            ("RLIMIT_DATA", 2),
            ("RLIMIT_STACK", 3),
            ("RLIMIT_CORE", 4),
            ("RLIMIT_NOFILE", 5),
            ("RLIMIT_AS", 6),
            ("RLIMIT_RSS", 7),
            ("RLIMIT_NPROC", 8),
            ("RLIMIT_MEMLOCK", 9),
            ("RLIMIT_LOCKS", 10),
            ("RLIMIT_SIGPENDING", 11),
            ("RLIMIT_MSGQUEUE", 12),
            ("RLIMIT_NICE", 13),
            ("RLIMIT_RTPRIO", 14),
            ("RLIMIT_RTTIME", 15),
            // What the kernel reports: n32 runs only on 64-bit kernels, whose
            // compat_sys_getrlimit clamps to COMPAT_RLIM_INFINITY of
            // arch/mips/include/asm/compat.h. (The uapi header would give n32 ~0UL, since n32
            // compilers define __mips64.)
            ("RLIM_INFINITY", 0x7fff_ffff),
            // ILP32: compat_long_t and struct compat_timeval are 32-bit.
            ("long_bytes", 4),
            ("tv_usec_bytes", 4),
        ],
    },
];

#[test]
fn kernel_transcription_agrees() {
    let mut failures = Vec::new();
    for t in &TRANSCRIPTIONS {
        let abi = abi::find(t.abi).unwrap_or_else(|| panic!("no row {}", t.abi));
        assert_eq!(abi.name, t.abi);
        assert_eq!(t.syscalls.len(), 5, "{}: every syscall listed", t.abi);
        for (key, n) in t.syscalls {
            let want = n.map(|n| n + t.syscall_base);
            let got = row_value(abi, key);
            if got != want {
                failures.push(format!("{} {key}: table {got:?}, kernel {want:?}", t.abi));
            }
        }
        assert_eq!(t.values.len(), 16 + 3, "{}: every value listed", t.abi);
        for (key, want) in t.values {
            let got = row_value(abi, key);
            if got != Some(*want) {
                failures.push(format!(
                    "{} {key}: table {got:?}, kernel {want} ({want:#x})",
                    t.abi
                ));
            }
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 3. Invariants

#[test]
fn invariants() {
    const NAMES: [&str; 21] = [
        "x86_64",
        "x32",
        "i386",
        "aarch64",
        "arm",
        "riscv64",
        "riscv32",
        "powerpc",
        "powerpc64",
        "s390x",
        "mips",
        "mipsn32",
        "mips64",
        "loongarch64",
        "sparc",
        "sparc64",
        "alpha",
        "m68k",
        "csky",
        "hexagon",
        "parisc",
    ];
    let names: Vec<&str> = abi::ALL.iter().map(|a| a.name).collect();
    assert_eq!(names, NAMES, "ALL: names and order");
    for (i, a) in abi::ALL.iter().enumerate() {
        assert!(
            abi::ALL[..i]
                .iter()
                .all(|b| !b.name.eq_ignore_ascii_case(a.name)),
            "{}: duplicate name",
            a.name
        );

        let mut sorted = a.rlimits;
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            core::array::from_fn::<u32, 16, _>(|i| i as u32),
            "{}: rlimits",
            a.name
        );
        for r in Resource::ALL {
            assert_eq!(
                a.resource(a.rlimit(r)),
                Some(r),
                "{}: {r:?} round trip",
                a.name
            );
        }

        assert!(matches!(a.long_bytes, 4 | 8), "{}: long_bytes", a.name);
        assert!(a.tv_usec_bytes <= a.long_bytes, "{}: tv_usec_bytes", a.name);
        assert_eq!(
            a.tv_usec_bytes == a.long_bytes,
            a.name != "sparc64",
            "{}: only sparc64 has a narrower tv_usec",
            a.name
        );
        let want = if a.long_bytes == 8 { 144 } else { 72 };
        assert_eq!(a.rusage_bytes(), want, "{}: rusage_bytes", a.name);
        if a.long_bytes == 4 {
            assert!(
                a.rlim_infinity <= 0xffff_ffff,
                "{}: RLIM_INFINITY fits",
                a.name
            );
        }

        let s = a.syscalls;
        let mut nrs = vec![s.getrusage, s.waitid, s.prlimit64, s.msync];
        nrs.extend(s.wait4);
        let len = nrs.len();
        nrs.sort_unstable();
        nrs.dedup();
        assert_eq!(nrs.len(), len, "{}: distinct syscall numbers", a.name);
        assert_eq!(
            s.wait4.is_none(),
            a.name == "riscv32",
            "{}: wait4 presence",
            a.name
        );

        for query in [a.name.to_owned(), a.name.to_ascii_uppercase()] {
            let found = abi::find(&query).unwrap_or_else(|| panic!("find({query:?})"));
            assert!(
                core::ptr::eq(found, a),
                "find({query:?}) gave {}",
                found.name
            );
        }
    }
    assert!(abi::find("").is_none());
    assert!(abi::find("x86_64 ").is_none());
}

/// The row name the compile target must select.
fn target_row_name() -> &'static str {
    let pw64 = cfg!(target_pointer_width = "64");
    if cfg!(target_arch = "x86_64") {
        if pw64 {
            "x86_64"
        } else {
            "x32"
        }
    } else if cfg!(target_arch = "x86") {
        "i386"
    } else if cfg!(target_arch = "aarch64") {
        "aarch64"
    } else if cfg!(target_arch = "arm") {
        "arm"
    } else if cfg!(target_arch = "riscv64") {
        "riscv64"
    } else if cfg!(target_arch = "riscv32") {
        "riscv32"
    } else if cfg!(target_arch = "powerpc") {
        "powerpc"
    } else if cfg!(target_arch = "powerpc64") {
        "powerpc64"
    } else if cfg!(target_arch = "s390x") {
        "s390x"
    } else if cfg!(any(target_arch = "mips", target_arch = "mips32r6")) {
        "mips"
    } else if cfg!(any(target_arch = "mips64", target_arch = "mips64r6")) {
        if pw64 {
            "mips64"
        } else {
            "mipsn32"
        }
    } else if cfg!(target_arch = "loongarch64") {
        "loongarch64"
    } else if cfg!(target_arch = "sparc") {
        "sparc"
    } else if cfg!(target_arch = "sparc64") {
        "sparc64"
    } else if cfg!(target_arch = "m68k") {
        "m68k"
    } else if cfg!(target_arch = "csky") {
        "csky"
    } else if cfg!(target_arch = "hexagon") {
        "hexagon"
    } else {
        unreachable!("the crate refuses to build for this target_arch")
    }
}

#[test]
fn native_is_the_target_row() {
    let native = abi::native();
    assert_eq!(native.name, target_row_name());
    assert_eq!(abi::find(native.name), Some(native));
    // The kernel's long is the C long everywhere but x32 (`long long` __kernel_long_t).
    let long = if native.name == "x32" {
        8
    } else {
        core::mem::size_of::<core::ffi::c_long>()
    };
    assert_eq!(usize::from(native.long_bytes), long);
}

// ---------------------------------------------------------------------------------------------
// 4. The native row against linux-raw-sys compiled for this target

/// linux-raw-sys has no n32 bindings: on mips64 with 32-bit pointers it compiles its n64 file,
/// whose syscall numbers and RLIM_INFINITY are not n32's (its types, built from the 32-bit
/// `c_long`, still are).
const LRS_HAS_THIS_ABI: bool = !cfg!(all(
    any(target_arch = "mips64", target_arch = "mips64r6"),
    target_pointer_width = "32"
));

/// Size of the field `f` selects.
fn field_size<T, F>(_f: fn(&T) -> &F) -> usize {
    core::mem::size_of::<F>()
}

#[test]
fn native_agrees_with_linux_raw_sys() {
    use core::mem::{offset_of, size_of};
    use linux_raw_sys::general as g;

    let a = abi::native();
    if LRS_HAS_THIS_ABI {
        assert_eq!(a.syscalls.getrusage, g::__NR_getrusage);
        assert_eq!(a.syscalls.waitid, g::__NR_waitid);
        assert_eq!(a.syscalls.prlimit64, g::__NR_prlimit64);
        assert_eq!(a.syscalls.msync, g::__NR_msync);
        #[cfg(not(target_arch = "riscv32"))]
        assert_eq!(a.syscalls.wait4, Some(g::__NR_wait4));
        #[cfg(target_arch = "riscv32")]
        assert_eq!(a.syscalls.wait4, None);

        // RLIM_INFINITY is `i32 = -1` or `u32 = 0x7fffffff` depending on the arch; read it
        // as the ABI's __kernel_ulong_t.
        #[allow(clippy::unnecessary_cast)]
        let inf = g::RLIM_INFINITY as i64 as u64;
        let inf = if size_of::<g::__kernel_ulong_t>() == 8 {
            inf
        } else {
            inf & 0xffff_ffff
        };
        assert_eq!(a.rlim_infinity, inf, "RLIM_INFINITY");
    }

    let theirs = [
        g::RLIMIT_CPU,
        g::RLIMIT_FSIZE,
        g::RLIMIT_DATA,
        g::RLIMIT_STACK,
        g::RLIMIT_CORE,
        g::RLIMIT_RSS,
        g::RLIMIT_NPROC,
        g::RLIMIT_NOFILE,
        g::RLIMIT_MEMLOCK,
        g::RLIMIT_AS,
        g::RLIMIT_LOCKS,
        g::RLIMIT_SIGPENDING,
        g::RLIMIT_MSGQUEUE,
        g::RLIMIT_NICE,
        g::RLIMIT_RTPRIO,
        g::RLIMIT_RTTIME,
    ];
    for ((r, name), want) in Resource::ALL.iter().zip(RLIMIT_NAMES).zip(theirs) {
        assert_eq!(a.rlimit(*r), want, "{name}");
    }

    let long = usize::from(a.long_bytes);
    assert_eq!(size_of::<g::__kernel_long_t>(), long, "__kernel_long_t");
    assert_eq!(size_of::<g::rusage>(), a.rusage_bytes(), "struct rusage");
    assert_eq!(
        size_of::<g::__kernel_old_timeval>(),
        a.timeval_bytes(),
        "timeval"
    );
    assert_eq!(
        offset_of!(g::__kernel_old_timeval, tv_usec),
        long,
        "tv_usec offset"
    );
    assert_eq!(
        field_size(|t: &g::__kernel_old_timeval| &t.tv_usec),
        usize::from(a.tv_usec_bytes),
        "tv_usec width"
    );
    let tv = a.timeval_bytes();
    assert_eq!(offset_of!(g::rusage, ru_stime), tv, "ru_stime offset");
    assert_eq!(offset_of!(g::rusage, ru_maxrss), 2 * tv, "ru_maxrss offset");
    assert_eq!(
        offset_of!(g::rusage, ru_nivcsw),
        2 * tv + 13 * long,
        "ru_nivcsw offset"
    );
}
