//! The command line, declared with clap: every setting also from an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// An Okta Integration Network integration built with okta-actions.
#[derive(Debug, Parser)]
#[command(
    version = concat!("(okta-actions ", env!("CARGO_PKG_VERSION"), ")"),
    about = "An Okta Integration Network integration: serve it to Okta, validate it before OIN \
             submission, print its Integration Builder wiring or configuration guide, or run the demo.",
    long_about = None
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Serve the adapter: the action endpoints Okta's thin flows call.
    ///
    /// On SIGTERM or Ctrl-C it stops accepting connections, lets the requests in flight finish
    /// and exits 0; if they take longer than the action timeout (--timeout-secs) plus 5 s they
    /// are cut off and it exits 2.
    Serve(ServeArgs),
    /// Check the integration before OIN submission and print the report (exit 0 ready, or static
    /// checks passed with --static-only; 1 a check failed).
    Validate(ValidateArgs),
    /// Print the OpenAPI document for Integration Builder's API Spec tab.
    Openapi(WiringArgs),
    /// Print the Markdown flow plan: the flows to build in Integration Builder.
    Plan(WiringArgs),
    /// Print the customer-facing configuration guide skeleton OIN submission needs, with the
    /// user attributes schema discovery finds when a vendor is named.
    Docs(DocsArgs),
    /// Start the embedded test vendor and the adapter, validate, and write the HTML report.
    Demo(DemoArgs),
}

/// Where the vendor is.
#[derive(Debug, Args)]
pub(crate) struct VendorArgs {
    /// The vendor test instance's base URL; may name tenant variables, e.g.
    /// `https://test.acme.example/t/{app.subdomain}/v1`. Its credential comes from
    /// OKTA_ACTIONS_AUTHORIZATION and its tenant variables from OKTA_ACTIONS_TENANT_<NAME>.
    #[arg(long, env = "OKTA_ACTIONS_VENDOR_URL")]
    pub(crate) vendor_url: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "OKTA_ACTIONS_LISTEN", default_value = "127.0.0.1:8080")]
    pub(crate) listen: SocketAddr,
    /// Serve `GET /metrics` (Prometheus) on this address only, instead of beside the action
    /// endpoints: an address Okta and the internet cannot reach.
    #[arg(long, env = "OKTA_ACTIONS_METRICS_LISTEN")]
    pub(crate) metrics_listen: Option<SocketAddr>,
    /// How log lines are written to standard error (filtered by RUST_LOG, default `info`):
    /// `text`, or `json` for one JSON object per line.
    #[arg(
        long,
        value_enum,
        env = "OKTA_ACTIONS_LOG_FORMAT",
        default_value = "text"
    )]
    pub(crate) log_format: super::logging::LogFormat,
    #[command(flatten)]
    pub(crate) vendor: VendorArgs,
    /// Call the vendor at the auth mapping's base URL even when an embedded test vendor exists.
    #[arg(long, env = "OKTA_ACTIONS_PRODUCTION", conflicts_with = "vendor_url")]
    pub(crate) production: bool,
    /// The largest request body accepted, in bytes.
    #[arg(long, env = "OKTA_ACTIONS_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub(crate) body_limit: usize,
    /// How long one action may run, in seconds.
    #[arg(long, env = "OKTA_ACTIONS_TIMEOUT_SECS", default_value_t = 60)]
    pub(crate) timeout_secs: u64,
    /// The adapter's public base URL, e.g. `https://okta-adapter.acme.example`: with
    /// `--logout-trust`, the standard Universal Logout endpoint's URL (the JWT `aud`) is this
    /// plus the integration's path.
    #[arg(long, env = "OKTA_ACTIONS_PUBLIC_URL")]
    pub(crate) public_url: Option<String>,
    /// A JSON file of the Okta orgs trusted to call the standard Universal Logout endpoint, each
    /// with its vendor connection (credentials named by environment variable).
    #[arg(long, env = "OKTA_ACTIONS_LOGOUT_TRUST", requires = "public_url")]
    pub(crate) logout_trust: Option<PathBuf>,
    /// Skip validating handler outputs against the contracts.
    #[arg(long, env = "OKTA_ACTIONS_NO_OUTPUT_VALIDATION")]
    pub(crate) no_output_validation: bool,
    /// Where replicas share state: `memory` (each process its own) or a Redis URL such as
    /// `redis://:password@redis.internal:6379/0`, shared by every replica: the Universal Logout
    /// `jti` replay store, the SCIM list cursors and the vendor rate-limit pauses.
    #[arg(
        long,
        env = "OKTA_ACTIONS_STATE",
        default_value = "memory",
        hide_env_values = true,
        hide_default_value = false
    )]
    pub(crate) state: super::state::StateSpec,
    /// The prefix of every key the adapter writes to the shared state store.
    #[arg(
        long,
        env = "OKTA_ACTIONS_STATE_PREFIX",
        default_value = "okta-actions:"
    )]
    pub(crate) state_prefix: String,
    /// While the shared state store fails, let the Universal Logout endpoint remember `jti`
    /// values in this process's memory instead of answering 503 (a token may then be replayed
    /// once against each other replica).
    #[arg(long, env = "OKTA_ACTIONS_STATE_FALLBACK_MEMORY")]
    pub(crate) state_fallback_memory: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Human,
    Json,
    Markdown,
    Html,
    Junit,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    #[command(flatten)]
    pub(crate) vendor: VendorArgs,
    /// Run the conformance run against the embedded test vendor.
    #[arg(long, conflicts_with_all = ["vendor_url", "static_only"])]
    pub(crate) embedded: bool,
    /// Only the checks that need no vendor: OIN rules, contracts, auth mapping. Exits 0 when
    /// they pass, but the report is never READY: it says the conformance run is missing.
    #[arg(long)]
    pub(crate) static_only: bool,
    /// The configuration guide to check for Okta's required headings (test-plan case C9299).
    #[arg(long, env = "OKTA_ACTIONS_GUIDE")]
    pub(crate) guide: Option<PathBuf>,
    /// The report format.
    #[arg(long, value_enum, env = "OKTA_ACTIONS_FORMAT", default_value = "human")]
    pub(crate) format: FormatArg,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct WiringArgs {
    /// The adapter's public base URL, e.g. `https://okta-adapter.acme.example`.
    #[arg(long, env = "OKTA_ACTIONS_ADAPTER_URL")]
    pub(crate) adapter_url: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DocsArgs {
    #[command(flatten)]
    pub(crate) vendor: VendorArgs,
    /// Discover the user schema from the embedded test vendor.
    #[arg(long, conflicts_with = "vendor_url")]
    pub(crate) embedded: bool,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Where to write the HTML report.
    #[arg(
        long,
        env = "OKTA_ACTIONS_REPORT",
        default_value = "target/okta-actions/report.html"
    )]
    pub(crate) html: PathBuf,
}
