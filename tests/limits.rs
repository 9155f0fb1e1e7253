//! Limits: round trips, other processes, names, errors, and setting limits between fork and
//! exec.

mod common;

use common::{in_child, proc_limits, proc_row, under_qemu};
use rsrc::{getrlimit, prlimit, raise_nofile_limit, setrlimit, Errno, Pid, Resource, Rlimit};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// Resources whose limits qemu-user accepts but does not pass to the kernel.
fn emulated(r: Resource) -> bool {
    under_qemu() && matches!(r, Resource::As | Resource::Data | Resource::Stack)
}

/// A lower, valid limit for `old`: soft one less (or a large finite number), hard = soft.
fn lowered(old: Rlimit) -> Rlimit {
    let soft = match old.soft {
        Some(0) => 0,
        Some(s) => s - 1,
        None => old.hard.unwrap_or(1 << 40).min(1 << 40),
    };
    Rlimit::new(Some(soft), Some(soft))
}

#[test]
fn round_trip_every_resource() {
    in_child("round_trip_every_resource", || {
        let me = std::process::id();
        for r in Resource::ALL {
            let old = getrlimit(r).unwrap();
            assert!(old.is_valid(), "{r}: {old}");
            assert_eq!(proc_limits(me, proc_row(r)), (old.soft, old.hard), "{r}");
            // Soft first, keeping the hard limit, then both.
            let soft_only = Rlimit::new(lowered(old).soft, old.hard);
            let new = lowered(old);
            for want in [soft_only, new] {
                setrlimit(r, want).unwrap();
                let got = getrlimit(r).unwrap();
                if emulated(r) {
                    assert_eq!(got, old, "{r}: qemu-user is known to ignore this set");
                    continue;
                }
                assert_eq!(got, want, "{r}");
                assert_eq!(proc_limits(me, proc_row(r)), (want.soft, want.hard), "{r}");
            }
        }
    });
}

#[test]
fn prlimit_returns_the_old_value_and_swaps() {
    in_child("prlimit_returns_the_old_value_and_swaps", || {
        let old = getrlimit(Resource::Core).unwrap();
        let new = Rlimit::new(Some(0), Some(4096));
        assert_eq!(prlimit(None, Resource::Core, Some(new)).unwrap(), old);
        assert_eq!(prlimit(None, Resource::Core, None).unwrap(), new);
        assert_eq!(getrlimit(Resource::Core).unwrap(), new);
    });
}

/// Spawns `sleep` with limits set in `pre_exec`, i.e. by rsrc between fork and exec.
fn sleeper(limits: &'static [(Resource, Rlimit)]) -> std::process::Child {
    let mut cmd = Command::new("sleep");
    cmd.arg("30").stdin(Stdio::null());
    unsafe {
        cmd.pre_exec(move || {
            for &(r, l) in limits {
                setrlimit(r, l).map_err(|e| std::io::Error::from_raw_os_error(e.raw_os_error()))?;
            }
            Ok(())
        });
    }
    cmd.spawn().unwrap()
}

const CHILD_LIMITS: &[(Resource, Rlimit)] = &[
    (
        Resource::Nofile,
        Rlimit {
            soft: Some(77),
            hard: Some(1234),
        },
    ),
    (
        Resource::Core,
        Rlimit {
            soft: Some(0),
            hard: Some(0),
        },
    ),
    (
        Resource::Fsize,
        Rlimit {
            soft: Some(1 << 30),
            hard: None,
        },
    ),
    (
        Resource::Cpu,
        Rlimit {
            soft: Some(3600),
            hard: Some(7200),
        },
    ),
];

#[test]
fn read_a_childs_limits_without_changing_them() {
    let mut child = sleeper(CHILD_LIMITS);
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    for &(r, want) in CHILD_LIMITS {
        assert_eq!(prlimit(Some(pid), r, None).unwrap(), want, "{r}");
        // Reading is read-only: a second read and the kernel's own text agree.
        assert_eq!(prlimit(Some(pid), r, None).unwrap(), want, "{r}");
        assert_eq!(
            proc_limits(child.id(), proc_row(r)),
            (want.soft, want.hard),
            "{r}"
        );
    }
    // A limit we did not set is the one the child inherited from us.
    assert_eq!(
        prlimit(Some(pid), Resource::Msgqueue, None).unwrap(),
        getrlimit(Resource::Msgqueue).unwrap()
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn set_a_childs_limits_by_pid() {
    let mut child = sleeper(&[]);
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    let new = Rlimit::new(Some(64), Some(128));
    let before = prlimit(Some(pid), Resource::Nofile, None).unwrap();
    assert_eq!(
        prlimit(Some(pid), Resource::Nofile, Some(new)).unwrap(),
        before
    );
    assert_eq!(
        proc_limits(child.id(), "Max open files"),
        (Some(64), Some(128))
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn pre_exec_while_other_threads_allocate() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let stop = Arc::new(AtomicBool::new(false));
    let shared = Arc::new(Mutex::new(Vec::<Vec<u8>>::new()));
    // No load under qemu-user: its own fork is not safe while other guest threads run (a
    // forked qemu child was seen blocked for good on one of qemu's futexes before running any
    // rsrc code); the load is applied natively (x86_64, i686) and in tests/fork_stress.rs.
    let load = if under_qemu() { 0 } else { 4 };
    let workers: Vec<_> = (0..load)
        .map(|i| {
            let (stop, shared) = (stop.clone(), shared.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let v = vec![i as u8; 1 + (i * 4099) % 65536];
                    let mut g = shared.lock().unwrap();
                    g.push(v);
                    if g.len() > 64 {
                        g.clear();
                    }
                }
            })
        })
        .collect();
    let iterations = if under_qemu() { 10 } else { 40 };
    for n in 0..iterations {
        let soft = 100 + n;
        let out = unsafe {
            Command::new("cat")
                .arg("/proc/self/limits")
                .pre_exec(move || {
                    // No allocation, no lock: safe in the forked child of a threaded parent.
                    setrlimit(Resource::Nofile, Rlimit::new(Some(soft), Some(4000)))
                        .map_err(|e| std::io::Error::from_raw_os_error(e.raw_os_error()))?;
                    let u = rsrc::getrusage(rsrc::Who::Process)
                        .map_err(|e| std::io::Error::from_raw_os_error(e.raw_os_error()))?;
                    if u.maxrss == 0 {
                        return Err(std::io::Error::other("no maxrss"));
                    }
                    Ok(())
                })
                .output()
                .unwrap()
        };
        let text = String::from_utf8(out.stdout).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("Max open files"))
            .unwrap();
        let fields: Vec<_> = line.split_whitespace().collect();
        assert_eq!(
            &fields[3..5],
            &[soft.to_string(), "4000".to_string()],
            "{line}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
}

#[test]
fn errors() {
    // Soft above hard: rejected before any syscall, nothing changed.
    let before = getrlimit(Resource::Nofile).unwrap();
    let bad = Rlimit::new(Some(10), Some(5));
    assert_eq!(setrlimit(Resource::Nofile, bad), Err(Errno::INVAL));
    assert_eq!(
        prlimit(None, Resource::Nofile, Some(bad)),
        Err(Errno::INVAL)
    );
    assert_eq!(
        setrlimit(Resource::Nofile, Rlimit::new(None, Some(5))),
        Err(Errno::INVAL)
    );
    assert_eq!(getrlimit(Resource::Nofile).unwrap(), before);

    // No such process: a child that has been reaped.
    let mut child = Command::new("true").spawn().unwrap();
    let pid = Pid::from_raw(child.id() as i32).unwrap();
    child.wait().unwrap();
    assert_eq!(prlimit(Some(pid), Resource::Nofile, None), Err(Errno::SRCH));
    // pid_max is at most 2^22: this one never exists.
    let never = Pid::from_raw(i32::MAX).unwrap();
    assert_eq!(prlimit(Some(never), Resource::Core, None), Err(Errno::SRCH));
}

#[test]
fn eperm_above_nr_open_even_for_root() {
    in_child("eperm_above_nr_open_even_for_root", || {
        let nr_open: u64 = std::fs::read_to_string("/proc/sys/fs/nr_open")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let old = getrlimit(Resource::Nofile).unwrap();
        let r = setrlimit(
            Resource::Nofile,
            Rlimit::new(Some(nr_open + 1), Some(nr_open + 1)),
        );
        assert_eq!(r, Err(Errno::PERM));
        assert_eq!(getrlimit(Resource::Nofile).unwrap(), old);
    });
}

#[test]
fn eperm_raising_the_hard_limit_unprivileged() {
    in_child("eperm_raising_the_hard_limit_unprivileged", || {
        if unsafe { libc::geteuid() } == 0 {
            // Drop root for good (nobody), so CAP_SYS_RESOURCE is gone.
            assert_eq!(unsafe { libc::setgid(65534) }, 0);
            assert_eq!(unsafe { libc::setuid(65534) }, 0);
        }
        let old = getrlimit(Resource::Core).unwrap();
        let lower = Rlimit::new(Some(0), Some(1 << 20));
        setrlimit(Resource::Core, lower).unwrap(); // lowering is always allowed
        let higher = Rlimit::new(Some(0), Some(2 << 20));
        assert_eq!(setrlimit(Resource::Core, higher), Err(Errno::PERM));
        assert_eq!(getrlimit(Resource::Core).unwrap(), lower);
        assert!(old.hard.is_none() || old.hard >= lower.hard);
    });
}

#[test]
fn raise_nofile_up_to_hard_or_ceiling() {
    in_child("raise_nofile_up_to_hard_or_ceiling", || {
        setrlimit(Resource::Nofile, Rlimit::new(Some(256), Some(4096))).unwrap();
        // With a ceiling below the hard limit.
        let old = raise_nofile_limit(Some(1000)).unwrap();
        assert_eq!(old, Rlimit::new(Some(256), Some(4096)));
        assert_eq!(
            getrlimit(Resource::Nofile).unwrap(),
            Rlimit::new(Some(1000), Some(4096))
        );
        // Without one: up to hard.
        raise_nofile_limit(None).unwrap();
        assert_eq!(
            getrlimit(Resource::Nofile).unwrap(),
            Rlimit::new(Some(4096), Some(4096))
        );
        // Never lowers: a ceiling under the current soft limit changes nothing.
        raise_nofile_limit(Some(10)).unwrap();
        assert_eq!(getrlimit(Resource::Nofile).unwrap().soft, Some(4096));
        // And the old value restores.
        setrlimit(Resource::Nofile, old).unwrap();
        assert_eq!(getrlimit(Resource::Nofile).unwrap(), old);
    });
}

#[test]
fn nofile_is_enforced_by_number() {
    in_child("nofile_is_enforced_by_number", || {
        // Descriptors 0..=2 are open; with soft = 10, at most 7 more open.
        setrlimit(Resource::Nofile, Rlimit::new(Some(10), Some(10))).unwrap();
        let mut files = Vec::new();
        let err = loop {
            match std::fs::File::open("/dev/null") {
                Ok(f) => files.push(f),
                Err(e) => break e,
            }
            assert!(files.len() <= 10, "the limit is not enforced");
        };
        assert_eq!(err.raw_os_error(), Some(libc::EMFILE));
        use std::os::fd::AsRawFd;
        let highest = files.iter().map(|f| f.as_raw_fd()).max().unwrap();
        assert_eq!(highest, 9);
    });
}

#[test]
fn fsize_is_enforced_by_number() {
    in_child("fsize_is_enforced_by_number", || {
        use std::io::Write;
        // Ignore SIGXFSZ so that the write fails with EFBIG instead of killing us.
        unsafe { libc::signal(common::sig::XFSZ, libc::SIG_IGN) };
        setrlimit(Resource::Fsize, Rlimit::new(Some(4096), None)).unwrap();
        let path = std::env::temp_dir().join(format!("rsrc-fsize-{}", std::process::id()));
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(&[1u8; 4096]).unwrap();
        let err = f.write_all(&[1u8; 1]).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(err.raw_os_error(), Some(libc::EFBIG));
    });
}

#[test]
fn names_round_trip() {
    for r in Resource::ALL {
        assert_eq!(Resource::from_name(r.name()), Some(r));
        assert_eq!(Resource::from_name(r.short_name()), Some(r));
        assert_eq!(Resource::from_name(&r.short_name().to_lowercase()), Some(r));
        assert_eq!(Resource::from_name(&r.name().to_lowercase()), Some(r));
        assert_eq!(format!("RLIMIT_{}", r.short_name()), r.name());
        assert_eq!(r.to_string(), r.name());
        assert!(!r.description().is_empty());
        assert_eq!(Resource::from_raw(r.as_raw()), Some(r));
        let rx: rustix::process::Resource = r.into();
        assert_eq!(Resource::try_from(rx), Ok(r));
        assert_eq!(rx as u32, r.as_raw());
    }
    for bad in [
        "",
        "RLIMIT_",
        "nofiles",
        "NOFILE ",
        "RLIMIT_RLIMIT_NOFILE",
        "rlimit-nofile",
        "ö",
    ] {
        assert_eq!(Resource::from_name(bad), None, "{bad:?}");
    }
    assert_eq!(Resource::from_raw(16), None);
    assert_eq!(Resource::from_raw(u32::MAX), None);
}

#[test]
fn descriptions_and_units_match_prlimit() {
    // What util-linux prlimit(1) prints: raw rows "NAME DESCRIPTION UNITS" with spaces inside
    // a field written as \x20, and an empty last field for NICE and RTPRIO.
    let out = Command::new("prlimit")
        .args(["--raw", "--noheadings", "-o", "RESOURCE,DESCRIPTION,UNITS"])
        .output()
        .expect("prlimit(1) from util-linux (ci/test installs it)");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut seen = 0;
    for r in Resource::ALL {
        let fields: Vec<String> = text
            .lines()
            .map(|l| {
                l.split(' ')
                    .map(|f| f.replace("\\x20", " "))
                    .collect::<Vec<_>>()
            })
            .find(|f| f[0] == r.short_name())
            .unwrap_or_else(|| panic!("{r} not in prlimit output:\n{text}"));
        assert_eq!(fields, [r.short_name(), r.description(), r.unit()], "{r}");
        seen += 1;
    }
    assert_eq!(seen, 16);
}

#[test]
fn page_size_matches_the_kernel() {
    let ps = rsrc::page_size();
    assert!(ps.is_power_of_two() && ps >= 4096);
    assert_eq!(rsrc::try_page_size(), Ok(ps));
    // sysconf reads AT_PAGESZ. rsrc probes with msync, whose alignment check qemu-user leaves
    // to the host kernel: under qemu with a guest page larger than the host's 4 KiB (sparc64:
    // 8 KiB) the probe finds the host's page, the documented limit (README).
    let auxv = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    let want = if under_qemu() && auxv > 4096 {
        4096
    } else {
        auxv
    };
    assert_eq!(ps, want, "AT_PAGESZ {auxv}");
}
