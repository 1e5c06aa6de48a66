//! What Linux says about processes and the machine: CPU time, peak resident memory, load.

use crate::Result;

/// Clock ticks per second of `/proc/<pid>/stat` (`USER_HZ`, 100 on every Linux ABI Rust
/// targets).
const USER_HZ: f64 = 100.0;

/// The CPU time (user + system, every thread, living or exited) process `pid` has used, in
/// seconds, at 10 ms resolution.
pub(crate) fn cpu_seconds(pid: u32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name (field 2) is parenthesised and may hold spaces: count from after it.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or("unreadable /proc/<pid>/stat")?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 (utime) and 15 (stime); `after` starts at field 3.
    let ticks = |index: usize| -> Result<f64> {
        Ok(fields
            .get(index - 3)
            .ok_or("short /proc/<pid>/stat")?
            .parse::<f64>()?)
    };
    Ok((ticks(14)? + ticks(15)?) / USER_HZ)
}

/// CPU time of the whole machine and of this process with its finished children, in ticks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuSnapshot {
    /// user + nice + system + irq: time some process ran (softirq left out: on loopback it is
    /// mostly the benchmark's own network traffic, charged to no process).
    processes: u64,
    /// Time the hypervisor ran something else while this VM wanted to run.
    steal: u64,
    total: u64,
    own: u64,
}

/// What ran besides the benchmark, as shares of the machine's CPU time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Interference {
    /// Other processes on this machine.
    pub(crate) others: f64,
    /// The hypervisor's steal time (noisy neighbours on the host).
    pub(crate) steal: f64,
}

impl CpuSnapshot {
    /// Now. Children count once they have been waited for.
    pub(crate) fn now() -> Result<Self> {
        let stat = std::fs::read_to_string("/proc/stat")?;
        let cpu: Vec<u64> = stat
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("cpu "))
            .ok_or("no cpu line in /proc/stat")?
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        // user nice system idle iowait irq softirq steal (guest time is inside user).
        let field = |i: usize| cpu.get(i).copied().unwrap_or(0);
        let processes = field(0) + field(1) + field(2) + field(5);
        let total = (0..8).map(field).sum();
        let own = std::fs::read_to_string("/proc/self/stat")?;
        let after = own
            .rsplit_once(')')
            .map(|(_, rest)| rest)
            .ok_or("unreadable /proc/self/stat")?;
        let fields: Vec<u64> = after
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        // utime, stime, cutime, cstime: fields 14 to 17; `after` starts at field 3.
        let own = (14..=17)
            .map(|f| fields.get(f - 3).copied().unwrap_or(0))
            .sum();
        Ok(CpuSnapshot {
            processes,
            steal: field(7),
            total,
            own,
        })
    }

    /// What ran besides this process and its children since `earlier`.
    pub(crate) fn since(&self, earlier: &CpuSnapshot) -> Interference {
        let total = self.total.saturating_sub(earlier.total).max(1) as f64;
        let processes = self.processes.saturating_sub(earlier.processes) as f64;
        let own = self.own.saturating_sub(earlier.own) as f64;
        Interference {
            others: ((processes - own) / total).clamp(0.0, 1.0),
            steal: (self.steal.saturating_sub(earlier.steal) as f64 / total).clamp(0.0, 1.0),
        }
    }
}

/// This process's peak resident set size (`VmHWM`), in KiB.
pub(crate) fn peak_rss_kib() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".into())
}

/// The 1, 5 and 15 minute load averages.
pub(crate) fn load_average() -> Option<[f64; 3]> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut values = text.split_whitespace().map(|v| v.parse::<f64>().ok());
    Some([values.next()??, values.next()??, values.next()??])
}

/// The CPU model name.
pub(crate) fn cpu_model() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// Total memory, in MiB.
pub(crate) fn mem_total_mib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_cpu_time_and_a_peak() {
        assert!(cpu_seconds(std::process::id()).unwrap() >= 0.0);
        assert!(peak_rss_kib().unwrap() > 0);
        assert!(load_average().is_some());
    }
}
