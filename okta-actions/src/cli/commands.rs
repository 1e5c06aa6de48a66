//! What each subcommand does.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use okta_actions_contracts::Secret;

use super::args::{Command, DemoArgs, DocsArgs, FormatArg, ServeArgs, ValidateArgs, WiringArgs};
use super::vendor::TestVendor;
use super::{EXIT_CHECKS_FAILED, EXIT_OK, EXIT_USAGE, IntegrationCli};
use crate::Integration;
use crate::auth::TenantContext;
use crate::report::{self, Format, RenderOptions, Report, Verdict};
use crate::server::scim::SharedCursorStore;
use crate::server::{Adapter, AdapterConfig, RunningAdapter};
use crate::state::StateStore;
use crate::wiring;

/// A line on standard error; a closed stderr (`demo 2>&1 | head`) is not worth a panic. With
/// JSON logs, an event instead, so every line stays one JSON object.
macro_rules! say {
    ($($arg:tt)*) => {{
        if super::logging::notes_as_events() {
            tracing::info!("{}", format_args!($($arg)*));
        } else {
            let _ = writeln!(std::io::stderr(), $($arg)*);
        }
    }};
}

/// A usage or environment error: printed, exit code 2.
struct UsageError(String);

pub(crate) async fn run(cli: &IntegrationCli, command: Command) -> u8 {
    let outcome = match command {
        Command::Serve(args) => serve(cli, args).await,
        Command::Validate(args) => validate(cli, args).await,
        Command::Openapi(args) => openapi(cli, args),
        Command::Plan(args) => plan(cli, args),
        Command::Docs(args) => docs(cli, args).await,
        Command::Demo(args) => demo(cli, args).await,
    };
    outcome.unwrap_or_else(|UsageError(message)| {
        say!("error: {message}");
        EXIT_USAGE
    })
}

/// The integration as declared, even when it breaks OIN rules (the report shows each).
fn declared(cli: &IntegrationCli) -> Integration {
    (cli.build)().build_with_violations().0
}

/// The integration, refusing one that breaks OIN rules (it must not be served).
fn servable(cli: &IntegrationCli) -> Result<Integration, UsageError> {
    (cli.build)()
        .build()
        .map_err(|e| UsageError(format!("{e}\nrun `validate` for the full report")))
}

async fn start_embedded(cli: &IntegrationCli) -> Result<TestVendor, UsageError> {
    let start = cli
        .embedded
        .as_ref()
        .ok_or_else(|| UsageError("this integration has no embedded test vendor".into()))?;
    start()
        .await
        .map_err(|e| UsageError(format!("the embedded test vendor did not start: {e}")))
}

/// The integration calling the vendor at `url`, refusing a URL that cannot work.
fn vendor_url(integration: Integration, url: &str) -> Result<Integration, UsageError> {
    integration
        .try_with_vendor_base_url(url)
        .map_err(|e| UsageError(format!("--vendor-url: {e}")))
}

/// The tenant of a vendor test instance, from `OKTA_ACTIONS_AUTHORIZATION` and
/// `OKTA_ACTIONS_TENANT_<NAME>`.
fn tenant_from_env(integration: &Integration) -> Result<TenantContext, UsageError> {
    let mut variables = Vec::new();
    if let Some(mapping) = integration.auth() {
        for name in mapping.tenant_variables() {
            let key = format!("OKTA_ACTIONS_TENANT_{}", name.to_ascii_uppercase());
            let value = std::env::var(&key).map_err(|_| {
                UsageError(format!(
                    "set {key}: the value of tenant variable `{name}` on the vendor test instance"
                ))
            })?;
            variables.push((name.to_owned(), value));
        }
    }
    // An empty value (`OKTA_ACTIONS_AUTHORIZATION=` in a CI file) means unset, not an empty credential.
    let authorization = std::env::var("OKTA_ACTIONS_AUTHORIZATION")
        .ok()
        .filter(|value| !value.trim().is_empty())
        .map(Secret::new);
    if authorization.is_none() && integration.auth().is_some() {
        return Err(UsageError(
            "set OKTA_ACTIONS_AUTHORIZATION: the Authorization value Okta's flow would send for the vendor test instance".into(),
        ));
    }
    Ok(TenantContext::new(variables, authorization))
}

/// How much longer than the action timeout `serve` waits for requests in flight after SIGTERM.
const DRAIN_GRACE: Duration = Duration::from_secs(5);

async fn serve(cli: &IntegrationCli, args: ServeArgs) -> Result<u8, UsageError> {
    if cli.owns_process {
        super::logging::install(args.log_format).map_err(UsageError)?;
    }
    let mut integration = servable(cli)?;
    let mut _vendor = None;
    match (&args.vendor.vendor_url, args.production, &cli.embedded) {
        (Some(url), _, _) => integration = vendor_url(integration, url)?,
        (None, false, Some(_)) => {
            let vendor = start_embedded(cli).await?;
            integration = integration.with_vendor_base_url(&vendor.base_url);
            say!(
                "serving against the embedded test vendor at {} (pass --production to call the vendor the auth mapping names)",
                vendor.base_url
            );
            print_thin_flow_headers(&vendor.tenant);
            _vendor = Some(vendor);
        }
        _ => {}
    }
    let state = super::state::connect(&args.state, &args.state_prefix)
        .await
        .map_err(UsageError)?;
    if let Some(store) = &state {
        integration = integration.with_state_store(Arc::clone(store));
        say!("replicas share state in {store:?}");
    }
    let config = AdapterConfig::default()
        .body_limit(args.body_limit)
        .request_timeout(Duration::from_secs(args.timeout_secs))
        .validate_output(!args.no_output_validation)
        .serve_metrics(args.metrics_listen.is_none());
    let mut adapter = Adapter::new(integration).config(config);
    adapter = mount_logout(adapter, &args, state.as_ref())?;
    if let Some(scim) = &cli.scim {
        let base = scim.base_path().to_owned();
        let mut scim = scim.clone();
        if let Some(store) = &state {
            let ttl = scim.cursor_ttl;
            scim = scim.cursor_store(SharedCursorStore::new(Arc::clone(store)), ttl);
        }
        adapter = adapter
            .scim(scim)
            .map_err(|e| UsageError(format!("the SCIM facade cannot be served: {e}")))?;
        say!("SCIM 2.0 base path {base}");
    }
    let running = adapter
        .bind(args.listen)
        .await
        .map_err(|e| UsageError(format!("cannot listen on {}: {e}", args.listen)))?;
    let metrics = match args.metrics_listen {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| UsageError(format!("cannot listen on {addr} for metrics: {e}")))?;
            let metrics = RunningAdapter::start(listener, adapter.metrics_router())
                .map_err(|e| UsageError(format!("cannot serve metrics on {addr}: {e}")))?;
            say!("metrics at {}/metrics", metrics.url());
            Some(metrics)
        }
        None => None,
    };
    say!("adapter listening on {}", running.url());
    shutdown_signal().await;
    // Metrics are not requests in flight: stopped at once.
    drop(metrics);
    // No action outlives its timeout, so the drain is bounded by it; the grace covers the
    // answer's last bytes and the SCIM and logout routes.
    let drain = Duration::from_secs(args.timeout_secs).saturating_add(DRAIN_GRACE);
    say!(
        "shutting down: no new connections; finishing requests in flight (at most {} s)",
        drain.as_secs()
    );
    match tokio::time::timeout(drain, running.shutdown()).await {
        Ok(served) => served.map_err(|e| UsageError(format!("the adapter failed: {e}")))?,
        Err(_) => {
            return Err(UsageError(format!(
                "requests in flight did not finish within {} s and were cut off",
                drain.as_secs()
            )));
        }
    }
    say!("every request in flight was answered");
    Ok(EXIT_OK)
}

/// Mounts the standard Universal Logout endpoint when the integration offers it and
/// `--logout-trust` names the orgs to trust.
fn mount_logout(
    adapter: Adapter,
    args: &ServeArgs,
    state: Option<&Arc<dyn StateStore>>,
) -> Result<Adapter, UsageError> {
    let path = adapter
        .integration()
        .universal_logout_path()
        .map(str::to_owned);
    match (path, &args.logout_trust, &args.public_url) {
        (Some(path), Some(file), Some(public)) => {
            let endpoint = format!("{}{path}", public.trim_end_matches('/'));
            let mut config =
                super::logout_trust::load(file, &endpoint, |name| std::env::var(name).ok())
                    .map_err(UsageError)?;
            if let Some(store) = state {
                config = config
                    .with_replay_store(Arc::clone(store))
                    .with_replay_fallback_to_memory(args.state_fallback_memory);
            }
            say!("standard Universal Logout endpoint at {endpoint}");
            adapter
                .universal_logout(config)
                .map_err(|e| UsageError(e.to_string()))
        }
        (None, Some(_), _) => Err(UsageError(
            "--logout-trust: this integration declares no standard Universal Logout endpoint"
                .into(),
        )),
        (Some(path), None, _) => {
            say!(
                "the standard Universal Logout endpoint ({path}) is off: pass --public-url and --logout-trust to serve it"
            );
            Ok(adapter)
        }
        _ => Ok(adapter),
    }
}

/// What a thin flow for the embedded vendor's tenant sends.
fn print_thin_flow_headers(tenant: &TenantContext) {
    if let Some(credential) = tenant.authorization() {
        // The embedded vendor's demo credential is public test data, printed so it can be used.
        say!("  Authorization: {}", credential.expose());
    }
    for (name, value) in tenant.variables() {
        say!("  x-okta-tenant-{name}: {value}");
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

async fn validate(cli: &IntegrationCli, args: ValidateArgs) -> Result<u8, UsageError> {
    let mut integration = declared(cli);
    let mut _vendor = None;
    let tenant = if args.static_only {
        None
    } else if let Some(url) = &args.vendor.vendor_url {
        integration = vendor_url(integration, url)?;
        Some(tenant_from_env(&integration)?)
    } else if args.embedded {
        let vendor = start_embedded(cli).await?;
        integration = integration.with_vendor_base_url(&vendor.base_url);
        let tenant = vendor.tenant.clone();
        _vendor = Some(vendor);
        Some(tenant)
    } else {
        return Err(UsageError(
            "say where the vendor test instance is: --vendor-url URL (credentials from the environment), --embedded, or --static-only".into(),
        ));
    };
    let guide = match &args.guide {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            UsageError(format!(
                "cannot read the configuration guide {}: {e}",
                path.display()
            ))
        })?),
        None => None,
    };
    let mut report = run_validation(&integration, tenant.as_ref()).await;
    if let Some(guide) = guide {
        report = report.with_check(report::configuration_guide(&guide));
    }
    let format = format_of(args.format);
    let color = format == Format::Human && args.out.is_none() && colour_terminal();
    let text = report::render(&report, format, &RenderOptions { color });
    emit(&text, args.out.as_deref())?;
    Ok(verdict(&report))
}

/// Runs the validation with a progress spinner on a terminal.
async fn run_validation(integration: &Integration, tenant: Option<&TenantContext>) -> Report {
    let bar = if std::io::stderr().is_terminal() && tenant.is_some() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} conformance run: {pos} steps, {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    let progress = |step: &str| {
        bar.inc(1);
        bar.set_message(step.to_owned());
    };
    let report = report::validate(integration, tenant, &progress).await;
    bar.finish_and_clear();
    report
}

/// Colour on a terminal, unless `NO_COLOR` is set (no-color.org).
fn colour_terminal() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The exit code of `validate`: 0 when no check failed, 1 otherwise. Without a conformance run
/// (`--static-only`) 0 says only that the static checks passed; the report itself says the
/// conformance run is missing and never says READY.
fn verdict(report: &Report) -> u8 {
    match report.verdict() {
        Verdict::Ready | Verdict::ConformanceNotRun => EXIT_OK,
        Verdict::NotReady => EXIT_CHECKS_FAILED,
    }
}

fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Junit => Format::Junit,
    }
}

/// Writes `text` to `out`, or to standard output.
fn emit(text: &str, out: Option<&Path>) -> Result<(), UsageError> {
    match out {
        Some(path) => write_file(path, text),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| UsageError(format!("cannot write to standard output: {e}")))
        }
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), UsageError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| UsageError(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| UsageError(format!("cannot write {}: {e}", path.display())))
}

fn openapi(cli: &IntegrationCli, args: WiringArgs) -> Result<u8, UsageError> {
    let integration = servable(cli)?;
    let document = wiring::openapi::document(
        &integration,
        &wiring_options(&integration, args.adapter_url),
    );
    let text = wiring::openapi::to_string_pretty(&document);
    emit(&text, args.out.as_deref())?;
    Ok(EXIT_OK)
}

fn plan(cli: &IntegrationCli, args: WiringArgs) -> Result<u8, UsageError> {
    let integration = servable(cli)?;
    let plan = wiring::plan::flow_plan(
        &integration,
        &wiring_options(&integration, args.adapter_url),
    );
    emit(&plan, args.out.as_deref())?;
    Ok(EXIT_OK)
}

/// The configuration guide, with the user schema discovered from the vendor when one is named.
async fn docs(cli: &IntegrationCli, args: DocsArgs) -> Result<u8, UsageError> {
    let integration = servable(cli)?;
    let mut _vendor = None;
    let (integration, tenant) = if let Some(url) = &args.vendor.vendor_url {
        let integration = vendor_url(integration, url)?;
        let tenant = tenant_from_env(&integration)?;
        (integration, Some(tenant))
    } else if args.embedded {
        let vendor = start_embedded(cli).await?;
        let integration = integration.with_vendor_base_url(&vendor.base_url);
        let tenant = vendor.tenant.clone();
        _vendor = Some(vendor);
        (integration, Some(tenant))
    } else {
        (integration, None)
    };
    let schema = match tenant {
        Some(_) if integration.action("ListUserSchema").is_none() => {
            say!(
                "the integration implements no ListUserSchema: the guide lists the base attributes"
            );
            None
        }
        Some(tenant) => Some(
            wiring::guide::discover_user_schema(&integration, &tenant)
                .await
                .map_err(|e| UsageError(e.to_string()))?,
        ),
        None => None,
    };
    let guide = wiring::guide::configuration_guide(&integration, schema.as_ref());
    emit(&guide, args.out.as_deref())?;
    Ok(EXIT_OK)
}

fn wiring_options(integration: &Integration, adapter_url: Option<String>) -> wiring::WiringOptions {
    let mut options = wiring::WiringOptions::new();
    if let Some(url) = adapter_url {
        options = options.server_url(url);
    }
    if let Some(path) = integration.universal_logout_path() {
        options = options.universal_logout_path(path);
    }
    options
}

async fn demo(cli: &IntegrationCli, args: DemoArgs) -> Result<u8, UsageError> {
    let integration = declared(cli);
    let vendor = start_embedded(cli).await?;
    let integration = integration.with_vendor_base_url(&vendor.base_url);
    say!("embedded test vendor at {}", vendor.base_url);
    let report = run_validation(&integration, Some(&vendor.tenant)).await;
    let color = colour_terminal();
    emit(
        &report::render(&report, Format::Human, &RenderOptions { color }),
        None,
    )?;
    write_file(
        &args.html,
        &report::render(&report, Format::Html, &RenderOptions::default()),
    )?;
    let shown = std::fs::canonicalize(&args.html).unwrap_or(args.html.clone());
    say!("HTML report: {}", shown.display());
    Ok(verdict(&report))
}
