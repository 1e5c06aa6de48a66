//! The integration's command line: `serve`, `validate`, `openapi`, `plan`, `docs` and `demo`.
//!
//! `docs` writes the customer-facing configuration guide
//! ([`wiring::guide`](crate::wiring::guide)); with `--embedded` or `--vendor-url` it first runs
//! the integration's user schema discovery against that vendor and lists the attributes found,
//! and a failed discovery is an environment error (exit 2).
//!
//! An integration's `main` is one line:
//!
//! ```no_run
//! # fn acme() -> okta_actions::IntegrationBuilder { okta_actions::Integration::builder("Acme") }
//! use okta_actions::cli::IntegrationCli;
//!
//! fn main() -> std::process::ExitCode {
//!     IntegrationCli::new(acme).main()
//! }
//! ```
//!
//! Exit codes: `0` ready (or the command succeeded), `1` checks failed, `2` usage or
//! environment error. `validate --static-only` exits `0` when the static checks pass, but its
//! report never says READY: its verdict is "STATIC CHECKS PASSED; conformance not run, so not
//! ready for OIN submission" (`"verdict": "conformance_not_run"`, `"ready": false` in JSON), so
//! a CI gate on submission readiness runs `--embedded` or `--vendor-url`. Every option can also be set from an `OKTA_ACTIONS_*` environment
//! variable; the vendor test instance's credential comes from `OKTA_ACTIONS_AUTHORIZATION` and
//! its tenant variables from `OKTA_ACTIONS_TENANT_<NAME>`, never from the command line.

mod args;
mod commands;
mod logging;
mod logout_trust;
mod state;
mod vendor;

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

pub use logging::{LogFormat, log_subscriber};
pub use vendor::TestVendor;

use crate::IntegrationBuilder;
use crate::server::scim::ScimConfig;

/// The exit code of a ready integration or a successful command (and of `validate
/// --static-only` whose static checks passed: see the module's notes).
pub const EXIT_OK: u8 = 0;
/// The exit code when validation checks failed.
pub const EXIT_CHECKS_FAILED: u8 = 1;
/// The exit code of a usage or environment error.
pub const EXIT_USAGE: u8 = 2;

/// Turns an integration into a command-line binary.
#[derive(Clone)]
pub struct IntegrationCli {
    build: Arc<dyn Fn() -> IntegrationBuilder + Send + Sync>,
    embedded: Option<Arc<vendor::StartVendor>>,
    scim: Option<ScimConfig>,
    /// Set by [`main`](Self::main): the process is the command's, so `serve` installs its log
    /// subscriber; a program calling [`run`](Self::run) keeps its own logging.
    owns_process: bool,
}

impl std::fmt::Debug for IntegrationCli {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegrationCli")
            .field("embedded_vendor", &self.embedded.is_some())
            .field("scim", &self.scim)
            .finish_non_exhaustive()
    }
}

impl IntegrationCli {
    /// A command line for the integration `build` declares (the builder `integration!` returns,
    /// with its auth mapping).
    pub fn new(build: impl Fn() -> IntegrationBuilder + Send + Sync + 'static) -> Self {
        IntegrationCli {
            build: Arc::new(build),
            embedded: None,
            scim: None,
            owns_process: false,
        }
    }

    /// Registers the embedded test vendor `demo`, `validate --embedded` and `serve` (without
    /// `--vendor-url`) start in-process.
    pub fn embedded_vendor<F, Fut>(mut self, start: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::io::Result<TestVendor>> + Send + 'static,
    {
        self.embedded = Some(Arc::new(move || Box::pin(start())));
        self
    }

    /// Also serves the provisioning handlers as a SCIM 2.0 service (`serve` mounts it next to the
    /// action endpoints), for the integration's OIN SCIM app.
    pub fn scim(mut self, config: ScimConfig) -> Self {
        self.scim = Some(config);
        self
    }

    /// Parses the process's arguments, runs the command on a new Tokio runtime and returns its
    /// exit code.
    #[allow(
        clippy::print_stderr,
        reason = "without a runtime, the terminal is the only place to report"
    )]
    pub fn main(mut self) -> ExitCode {
        self.owns_process = true;
        let runtime = match tokio::runtime::Runtime::new() {
            Ok(runtime) => runtime,
            Err(e) => {
                eprintln!("error: cannot start the async runtime: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        ExitCode::from(runtime.block_on(self.run(std::env::args_os())))
    }

    /// Runs the command `args` names (the first item is the program name) and returns its exit
    /// code. Usage errors print clap's message and return [`EXIT_USAGE`]; `--help` and
    /// `--version` print and return [`EXIT_OK`]. Unlike [`main`](Self::main), it installs no log
    /// subscriber: `serve --log-format` is then the caller's to honour, e.g. with
    /// [`log_subscriber`].
    pub async fn run<I, T>(self, args: I) -> u8
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let cli = match args::Cli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            }
        };
        commands::run(&self, cli.command).await
    }
}
