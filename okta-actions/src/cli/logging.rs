//! `serve`'s logs: `--log-format text|json` (env `OKTA_ACTIONS_LOG_FORMAT`), filtered by
//! `RUST_LOG` (default `info`), on standard error.

use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event, its spans' fields in front.
    #[default]
    Text,
    /// One JSON object per line: `timestamp`, `level`, `target`, `fields` (with `message`),
    /// `span` (the innermost span's fields, e.g. `action_call`'s) and `spans`.
    Json,
}

/// Whether the command's own notes (`adapter listening on …`) are logged as events rather than
/// printed: with JSON logs, so every line of standard error is one JSON object.
static NOTES_AS_EVENTS: AtomicBool = AtomicBool::new(false);

pub(crate) fn notes_as_events() -> bool {
    NOTES_AS_EVENTS.load(Ordering::Relaxed)
}

/// The subscriber `serve` installs: `format` lines into `writer`, events at or above
/// `directives` (`RUST_LOG` syntax, e.g. `info,okta_actions=debug`). For programs that serve an
/// [`Adapter`](crate::server::Adapter) themselves and want the same logs.
///
/// # Errors
/// The directives do not parse.
pub fn log_subscriber<W>(
    format: LogFormat,
    directives: &str,
    writer: W,
) -> Result<Box<dyn tracing::Subscriber + Send + Sync>, String>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_new(directives).map_err(|e| format!("RUST_LOG `{directives}`: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    Ok(match format {
        LogFormat::Text => Box::new(builder.with_ansi(false).finish()),
        LogFormat::Json => Box::new(builder.json().with_current_span(true).finish()),
    })
}

/// Installs `serve`'s subscriber on standard error, unless the program installed one already
/// (then its choice stands).
///
/// # Errors
/// `RUST_LOG` does not parse.
pub(crate) fn install(format: LogFormat) -> Result<(), String> {
    let directives = std::env::var("RUST_LOG")
        .ok()
        .filter(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "info".to_owned());
    let subscriber = log_subscriber(format, &directives, std::io::stderr)?;
    if tracing::subscriber::set_global_default(subscriber).is_ok() && format == LogFormat::Json {
        NOTES_AS_EVENTS.store(true, Ordering::Relaxed);
    }
    Ok(())
}
