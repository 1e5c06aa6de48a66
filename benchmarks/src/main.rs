//! The okta-actions benchmarks, side by side in one run: adapter overhead against a hand-written
//! axum route, streaming throughput and peak memory, the SCIM facade against the vendor it
//! fronts, and the compile-time cost of the macros.
//! `okta-actions-benchmarks all` runs them all and prints the Markdown table of `BENCHMARKS.md`
//! on stdout (progress goes to stderr).
//!
//! Why a purpose-written binary rather than criterion: criterion times a closure in one
//! process, which fits micro-benchmarks. These benchmarks measure systems: throughput and
//! latency percentiles of HTTP servers under a fixed number of concurrent callers, the CPU time
//! the server process spends per request (read from `/proc/<pid>/stat` of a separate process),
//! the peak resident memory of a process that streamed a given number of records (`VmHWM`,
//! one fresh process per case so peaks never mix), and cargo's wall-clock build time. None of
//! that is a closure timed in a loop, and the one micro-benchmark here (contract validation of
//! a real request and response body) feeds a ratio in the same table, so it is timed in-process
//! with a warm-up and the median of batches (see [`stats::time_per_call`]) instead of pulling
//! criterion into `cargo test --workspace` as a dev-dependency.

mod adapter;
mod children;
mod compile;
mod handwritten;
mod load;
mod procfs;
mod report;
mod scim;
mod stats;
mod streaming;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Errors of a benchmark run: any failure stops the run with its message.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// The result of a benchmark step.
pub(crate) type Result<T, E = BoxError> = std::result::Result<T, E>;

#[derive(Debug, Parser)]
#[command(
    name = "okta-actions-benchmarks",
    about = "Benchmarks of okta-actions; `all` reruns every one and prints the Markdown table"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Every benchmark, then the table of BENCHMARKS.md.
    All {
        #[command(flatten)]
        adapter: adapter::AdapterArgs,
        #[command(flatten)]
        streaming: streaming::StreamingArgs,
        #[command(flatten)]
        scim: scim::ScimArgs,
        #[command(flatten)]
        compile: compile::CompileArgs,
    },
    /// SDK adapter vs a hand-written axum route: throughput, p50/p99, validation share.
    Adapter(adapter::AdapterArgs),
    /// 10k / 100k / 1M records over Link pages: records/s and peak RSS, streaming vs collecting.
    Streaming(streaming::StreamingArgs),
    /// SCIM facade over the Acme vendor: list, get by id, filter; against the vendor direct.
    Scim(scim::ScimArgs),
    /// All 22 handlers annotated vs unannotated: cold and incremental build seconds.
    Compile(compile::CompileArgs),
    /// (internal) Serves the Acme demo vendor with its rate limit raised.
    #[command(hide = true)]
    ServeVendor,
    /// (internal) Serves the acme integration through the SDK adapter.
    #[command(hide = true)]
    ServeSdk {
        #[arg(long)]
        vendor: String,
    },
    /// (internal) Serves the acme integration's SCIM facade.
    #[command(hide = true)]
    ServeScim {
        #[arg(long)]
        vendor: String,
    },
    /// (internal) Serves the hand-written baseline routes.
    #[command(hide = true)]
    ServeHandwritten {
        #[arg(long)]
        vendor: String,
    },
    /// (internal) Serves generated records over Link-header pages.
    #[command(hide = true)]
    ServeRecords,
    /// (internal) Streams one case and prints its result as one JSON line.
    #[command(hide = true)]
    StreamCase(streaming::CaseArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            report::progress(&format!("cannot start the tokio runtime: {err}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report::progress(&format!("benchmark failed: {err}"));
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<()> {
    match command {
        Command::All {
            adapter,
            streaming,
            scim,
            compile,
        } => {
            let machine = report::Machine::now();
            let sections = vec![
                observed(adapter::run(&adapter)).await?,
                observed(streaming::run(&streaming)).await?,
                observed(scim::run(&scim)).await?,
                observed(compile::run(&compile)).await?,
            ];
            println!("{}", report::render(&machine, &sections));
        }
        Command::Adapter(args) => print_one(adapter::run(&args)).await?,
        Command::Streaming(args) => print_one(streaming::run(&args)).await?,
        Command::Scim(args) => print_one(scim::run(&args)).await?,
        Command::Compile(args) => print_one(compile::run(&args)).await?,
        Command::ServeVendor => adapter::serve_vendor().await?,
        Command::ServeSdk { vendor } => adapter::serve_sdk(&vendor).await?,
        Command::ServeScim { vendor } => scim::serve_scim(&vendor).await?,
        Command::ServeHandwritten { vendor } => handwritten::serve(&vendor).await?,
        Command::ServeRecords => streaming::serve_records().await?,
        Command::StreamCase(args) => streaming::case(&args).await?,
    }
    Ok(())
}

/// Runs a benchmark and notes how much CPU other processes took meanwhile (its child processes
/// have all been waited for when it returns, so they count as its own).
async fn observed(
    benchmark: impl std::future::Future<Output = Result<report::Section>>,
) -> Result<report::Section> {
    let before = procfs::CpuSnapshot::now()?;
    let mut section = benchmark.await?;
    section.interference = Some(procfs::CpuSnapshot::now()?.since(&before));
    Ok(section)
}

/// Runs one benchmark and prints its table, with the machine's load taken before it started.
async fn print_one(
    benchmark: impl std::future::Future<Output = Result<report::Section>>,
) -> Result<()> {
    let machine = report::Machine::now();
    let section = observed(benchmark).await?;
    println!("{}", report::render(&machine, &[section]));
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Cli, Command};

    #[test]
    fn every_command_parses_with_its_defaults() {
        Cli::command().debug_assert();
        for name in ["all", "adapter", "streaming", "scim", "compile"] {
            let parsed = Cli::try_parse_from(["okta-actions-benchmarks", name]);
            assert!(parsed.is_ok(), "`{name}`: {}", parsed.err().unwrap());
        }
        let Command::All { adapter, scim, .. } = Cli::try_parse_from([
            "okta-actions-benchmarks",
            "all",
            "--concurrency",
            "8",
            "--scim-concurrency",
            "4",
        ])
        .unwrap()
        .command
        else {
            panic!("`all` parses as All");
        };
        assert_eq!((adapter.concurrency, scim.concurrency), (8, 4));
    }
}
