//! The Markdown report: the machine, one summary row per target, and each benchmark's details.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::procfs;

/// Prints a progress line on stderr, so stdout holds only the table.
#[expect(
    clippy::print_stderr,
    reason = "a benchmark binary reports progress on stderr and its table on stdout"
)]
pub(crate) fn progress(message: &str) {
    eprintln!("[bench] {message}");
}

/// Where and when the numbers were taken.
#[derive(Debug, Clone)]
pub(crate) struct Machine {
    date: String,
    cores: usize,
    cpu: Option<String>,
    memory_mib: Option<u64>,
    load_at_start: Option<[f64; 3]>,
}

impl Machine {
    /// The machine as it is now (its load average is read again when the table is rendered).
    pub(crate) fn now() -> Self {
        Machine {
            date: today(),
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            cpu: procfs::cpu_model(),
            memory_mib: procfs::mem_total_mib(),
            load_at_start: procfs::load_average(),
        }
    }
}

/// Whether a measurement meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The target is met.
    Met,
    /// The target is missed (BENCHMARKS.md says why and what would fix it).
    Missed,
    /// A number for scale, without a target.
    Info,
}

impl Verdict {
    /// Met when `ok`, else missed.
    pub(crate) fn of(ok: bool) -> Self {
        if ok { Verdict::Met } else { Verdict::Missed }
    }

    fn cell(self) -> &'static str {
        match self {
            Verdict::Met => "**met**",
            Verdict::Missed => "**missed**",
            Verdict::Info => "—",
        }
    }
}

/// One row of the summary table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// What was measured.
    pub(crate) benchmark: String,
    /// The number(s).
    pub(crate) measured: String,
    /// The target.
    pub(crate) target: String,
    /// Met or not.
    pub(crate) verdict: Verdict,
    /// The subcommand that reruns it alone.
    pub(crate) rerun: &'static str,
}

/// One benchmark's rows and its detail tables (Markdown).
#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// The heading of the details.
    pub(crate) title: &'static str,
    /// Summary rows.
    pub(crate) rows: Vec<Row>,
    /// Details, as Markdown.
    pub(crate) details: String,
    /// What else ran meanwhile.
    pub(crate) interference: Option<procfs::Interference>,
}

/// The whole report.
pub(crate) fn render(machine: &Machine, sections: &[Section]) -> String {
    let mut out = String::new();
    let load = |load: Option<[f64; 3]>| {
        load.map_or_else(
            || "unknown".to_owned(),
            |[one, five, fifteen]| format!("{one:.2} / {five:.2} / {fifteen:.2}"),
        )
    };
    let profile = if cfg!(debug_assertions) {
        "**debug build: numbers are not representative, rerun with `--release`**"
    } else {
        "release build"
    };
    let _ = writeln!(out, "Measured {} on {} cores", machine.date, machine.cores);
    let _ = writeln!(
        out,
        "({}, {} MiB RAM), {profile}; load average (1 / 5 / 15 min) {} at the start, {} at the end.",
        machine.cpu.as_deref().unwrap_or("unknown CPU"),
        machine
            .memory_mib
            .map_or_else(|| "?".to_owned(), |m| m.to_string()),
        load(machine.load_at_start),
        load(procfs::load_average()),
    );
    out.push('\n');
    out.push_str("| benchmark | measured | target | met? | rerun alone |\n");
    out.push_str("|---|---|---|---|---|\n");
    for row in sections.iter().flat_map(|s| &s.rows) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | `{}` |",
            row.benchmark,
            row.measured,
            row.target,
            row.verdict.cell(),
            row.rerun
        );
    }
    for section in sections {
        let _ = write!(out, "\n### {}\n\n", section.title);
        if let Some(interference) = section.interference {
            let _ = writeln!(
                out,
                "While this ran, other processes used {:.1} % of the machine's CPU time and the \
                 hypervisor withheld {:.1} % (steal).\n",
                interference.others * 100.0,
                interference.steal * 100.0
            );
        }
        out.push_str(&section.details);
    }
    out
}

/// Formats `value` with thousands separators: `1234567.8` → `1,234,568`.
pub(crate) fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_thousands() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(thousands(1_234_567.8), "1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(0.0), "0");
    }
}
