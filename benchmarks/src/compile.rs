//! Compile time: what the macros cost. The probe (`benchmarks/compile-probe`, its own
//! workspace) has one crate with all 22 handlers annotated and registered with `integration!`,
//! and a twin with the same functions unannotated, generated from it here. Both are built in
//! the dev profile against the same, already built dependencies (`target/compile-probe`); the
//! time is cargo's own (`Finished … in Xs`):
//!
//! - cold: `cargo clean -p <crate>`, then `cargo build -p <crate>` (the crate from scratch, no
//!   incremental cache; its dependencies already built);
//! - incremental: one string literal inside a handler body changed, then `cargo build` again.
//!
//! The two crates alternate, and each figure is the median of `--builds` builds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Result;
use crate::report::{Row, Section, Verdict, progress};
use crate::stats::median;

/// The targets: at most this many seconds added by the macros to a cold build…
const COLD_TARGET_SECONDS: f64 = 1.0;
/// …and to an incremental one.
const INCREMENTAL_TARGET_SECONDS: f64 = 0.3;
/// Marks lines only the annotated crate has.
const ONLY_BEGIN: &str = "// probe:annotated-only begin";
const ONLY_END: &str = "// probe:annotated-only end";
/// The attribute macros, stripped from the unannotated twin.
const ATTRIBUTES: [&str; 3] = [
    "#[provisioning_action",
    "#[entitlements_action",
    "#[universal_logout_action",
];
/// The string the incremental builds change (`probe-edit-<n>`).
const EDIT_MARKER: &str = "probe-edit-";

/// Settings of the compile-time benchmark.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CompileArgs {
    /// Builds of each kind (cold, incremental) per crate; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub(crate) builds: usize,
}

/// The two crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Plain,
    Annotated,
}

impl Variant {
    fn package(self) -> &'static str {
        match self {
            Variant::Plain => "compile-probe-plain",
            Variant::Annotated => "compile-probe-annotated",
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Annotated => "annotated",
        }
    }
}

fn probe_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("compile-probe")
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/compile-probe")
}

fn source(variant: Variant) -> PathBuf {
    probe_dir().join(variant.dir()).join("src/lib.rs")
}

/// The unannotated twin of the annotated source: the same text without the macro attributes
/// and without the lines between the `probe:annotated-only` markers.
pub(crate) fn plain_source(annotated: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in annotated.split('\n') {
        let trimmed = line.trim();
        if trimmed == ONLY_BEGIN {
            skipping = true;
        } else if trimmed == ONLY_END {
            skipping = false;
        } else if !skipping && !ATTRIBUTES.iter().any(|a| trimmed.starts_with(a)) {
            out.push(line);
        }
    }
    // As rustfmt leaves it: no blank line where the trailing block was.
    format!("{}\n", out.join("\n").trim_end())
}

/// Sets the edit marker to `n` in the annotated source and regenerates the plain one; files
/// are written only when their text changes.
fn write_sources(n: usize) -> Result<()> {
    let annotated = std::fs::read_to_string(source(Variant::Annotated))?;
    let start = annotated
        .find(EDIT_MARKER)
        .ok_or("the probe has no edit marker")?
        + EDIT_MARKER.len();
    let end = start
        + annotated[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(0);
    let edited = format!("{}{n}{}", &annotated[..start], &annotated[end..]);
    for (variant, text) in [
        (Variant::Annotated, edited.clone()),
        (Variant::Plain, plain_source(&edited)),
    ] {
        let path = source(variant);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)?;
        }
    }
    Ok(())
}

/// Runs cargo in the probe workspace; with `timed`, returns cargo's `Finished … in Xs`.
fn cargo(args: &[&str]) -> Result<Option<f64>> {
    let output = Command::new("cargo")
        .args(args)
        .current_dir(probe_dir())
        .env("CARGO_TARGET_DIR", target_dir())
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("cargo {} failed:\n{stderr}", args.join(" ")).into());
    }
    Ok(stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("Finished"))
        .find_map(|line| {
            line.rsplit_once(" in ")
                .and_then(|(_, d)| parse_duration(d))
        }))
}

/// Cargo's elapsed time: `0.41s`, `12.07s`, `1m 03s`.
fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let (minutes, seconds) = match text.split_once('m') {
        Some((m, s)) => (m.trim().parse::<f64>().ok()?, s.trim()),
        None => (0.0, text),
    };
    Some(minutes * 60.0 + seconds.strip_suffix('s')?.parse::<f64>().ok()?)
}

/// `cargo <command> -p <crate>`, timed.
fn timed(command: &str, variant: Variant) -> Result<f64> {
    cargo(&[command, "-p", variant.package()])?
        .ok_or_else(|| "cargo printed no `Finished … in` line".into())
}

/// Runs the compile-time benchmark.
pub(crate) async fn run(args: &CompileArgs) -> Result<Section> {
    tokio::task::spawn_blocking({
        let builds = args.builds.max(1);
        move || measure(builds)
    })
    .await?
}

fn measure(builds: usize) -> Result<Section> {
    let lock = probe_dir().join("Cargo.lock");
    if !lock.exists() {
        // Resolve exactly the versions the repository uses, offline.
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
            &lock,
        )?;
    }
    write_sources(0)?;
    progress("compile: building the probe's dependencies (untimed; slow the first time)");
    cargo(&["build", "--workspace"])?;
    // `cargo check` builds the dependencies' metadata separately: once, untimed, too.
    cargo(&["check", "--workspace"])?;

    let variants = [Variant::Plain, Variant::Annotated];
    let mut cold: [Vec<f64>; 2] = Default::default();
    let mut incremental: [Vec<f64>; 2] = Default::default();
    let mut check: [Vec<f64>; 2] = Default::default();
    let mut edit = 0;
    for round in 0..builds {
        for step in 0..2 {
            let which = (round + step) % 2;
            let variant = variants[which];
            progress(&format!(
                "compile: {}, build {}/{builds}",
                variant.package(),
                round + 1
            ));
            cargo(&["clean", "-p", variant.package()])?;
            cold[which].push(timed("build", variant)?);
            edit += 1;
            write_sources(edit)?;
            incremental[which].push(timed("build", variant)?);
            // Where the time goes: the same crate from scratch without code generation.
            cargo(&["clean", "-p", variant.package()])?;
            check[which].push(timed("check", variant)?);
        }
    }
    write_sources(0)?;

    let summary = |samples: &[f64]| {
        let low = samples.iter().copied().fold(f64::INFINITY, f64::min);
        let high = samples.iter().copied().fold(0.0, f64::max);
        (median(samples), low, high)
    };
    let mut details = format!(
        "22 handlers (3 declarative, 19 imperative) and `integration!` vs the same functions \
         unannotated; dev profile, dependencies already built; cargo's `Finished … in` time, \
         median of {builds} builds (min–max in brackets). Cold: `cargo clean -p` then build. \
         Incremental: a string literal in one handler body changed, then build. The `cargo check` \
         row is for diagnosis only: the front end (expansion, type checking) without code \
         generation.\n\n\
         | build | unannotated s | annotated s | added by the macros s |\n\
         |---|---|---|---|\n"
    );
    let mut rows = Vec::new();
    for (kind, samples, target) in [
        ("cold", &cold, Some(COLD_TARGET_SECONDS)),
        (
            "incremental",
            &incremental,
            Some(INCREMENTAL_TARGET_SECONDS),
        ),
        ("cold `cargo check` (no code generation)", &check, None),
    ] {
        let (plain, plain_low, plain_high) = summary(&samples[0]);
        let (annotated, annotated_low, annotated_high) = summary(&samples[1]);
        let added = annotated - plain;
        let _ = writeln!(
            details,
            "| {kind} | {plain:.2} [{plain_low:.2}–{plain_high:.2}] | {annotated:.2} \
             [{annotated_low:.2}–{annotated_high:.2}] | **{added:+.2}** |"
        );
        let Some(target) = target else {
            continue;
        };
        rows.push(Row {
            benchmark: format!("Compile time added by the macros, {kind}"),
            measured: format!(
                "**{added:+.2} s** ({annotated:.2} s annotated vs {plain:.2} s unannotated)"
            ),
            target: format!("< {target} s added"),
            verdict: Verdict::of(added < target),
            rerun: "compile",
        });
    }
    Ok(Section {
        title: "Compile time",
        rows,
        details,
        interference: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_probe_is_the_annotated_one_without_the_macros() {
        let annotated = std::fs::read_to_string(source(Variant::Annotated)).unwrap();
        let plain = std::fs::read_to_string(source(Variant::Plain)).unwrap();
        assert_eq!(
            plain,
            plain_source(&annotated),
            "run `okta-actions-benchmarks compile`"
        );
        let attributes = annotated
            .lines()
            .filter(|line| ATTRIBUTES.iter().any(|a| line.trim().starts_with(a)))
            .count();
        assert_eq!(attributes, 22, "every action annotated once");
        assert!(annotated.contains(&format!("{EDIT_MARKER}0")));
    }

    #[test]
    fn cargo_durations_parse() {
        assert_eq!(parse_duration("0.41s"), Some(0.41));
        assert_eq!(parse_duration("1m 03s"), Some(63.0));
        assert_eq!(parse_duration("soon"), None);
    }
}
