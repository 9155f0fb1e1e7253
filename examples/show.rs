//! Prints this process's resource usage and all sixteen limits: `cargo run --example show`.

use rsrc::{getrlimit, getrusage, page_size, Resource, Who};

fn main() -> Result<(), rsrc::Errno> {
    // Some work so that the numbers are not all zero.
    let v: Vec<u8> = vec![1; 32 << 20];
    let sum: u64 = v.iter().map(|&b| u64::from(b)).sum();
    assert_eq!(sum, 32 << 20);

    let u = getrusage(Who::Process)?;
    println!(
        "rsrc {} on {} (page size {} bytes)",
        env!("CARGO_PKG_VERSION"),
        rsrc::abi::native().name,
        page_size()
    );
    println!();
    println!("getrusage(RUSAGE_SELF)");
    println!("  user time        {:>14} s", u.utime);
    println!("  system time      {:>14} s", u.stime);
    println!(
        "  peak RSS         {:>14} KiB ({} bytes)",
        u.maxrss,
        u.maxrss_bytes()
    );
    println!("  minor faults     {:>14}", u.minflt);
    println!("  major faults     {:>14}", u.majflt);
    println!(
        "  blocks in/out    {:>14}",
        format!("{}/{}", u.inblock, u.oublock)
    );
    println!(
        "  ctx switches v/i {:>14}",
        format!("{}/{}", u.nvcsw, u.nivcsw)
    );
    println!();
    println!(
        "{:<11} {:<35} {:>10} {:>10} UNITS",
        "RESOURCE", "DESCRIPTION", "SOFT", "HARD"
    );
    for r in Resource::ALL {
        let l = getrlimit(r)?;
        let show = |v: Option<u64>| v.map_or("unlimited".to_string(), |v| v.to_string());
        println!(
            "{:<11} {:<35} {:>10} {:>10} {}",
            r.short_name(),
            r.description(),
            show(l.soft),
            show(l.hard),
            r.unit()
        );
    }
    Ok(())
}
