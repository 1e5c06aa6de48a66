//! Serves the Acme demo API: `cargo run -p acme-vendor -- --listen 127.0.0.1:8081`.

use std::time::Duration;

use acme_vendor::{
    AcmeVendor, DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT, RateLimit,
    TenantSpec,
};
use clap::Parser;

/// Serves the Acme demo vendor API (tenant `demo`, 250 users, 12 teams) until Ctrl-C.
#[derive(Debug, Parser)]
#[command(name = "acme-vendor", version)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8081", env = "ACME_LISTEN")]
    listen: String,
    /// Requests one credential may burst.
    #[arg(long, default_value_t = RateLimit::default().capacity())]
    rate_limit_burst: u32,
    /// Requests one credential regains per second.
    #[arg(long, default_value_t = RateLimit::default().refill_per_second())]
    rate_limit_per_second: f64,
    /// Lifetime of OAuth access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "acme_vendor=info".into()),
        )
        .init();
    let args = Args::parse();
    let vendor = AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .rate_limit(RateLimit::new(
            args.rate_limit_burst,
            args.rate_limit_per_second,
        ))
        .token_ttl(Duration::from_secs(args.token_ttl))
        .build();
    let running = vendor.spawn(&args.listen).await?;
    println!("Acme demo API on {}", running.base_url());
    println!(
        "  tenant base URL  {}",
        running.tenant_base_url(DEMO_TENANT)
    );
    println!("  API key          X-Api-Key: {DEMO_API_KEY}");
    println!(
        "  OAuth client     {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET} at {}",
        running.token_url()
    );
    println!(
        "  try: curl -H 'X-Api-Key: {DEMO_API_KEY}' '{}/users?page_size=2'",
        running.tenant_base_url(DEMO_TENANT)
    );
    tokio::signal::ctrl_c().await?;
    running.shutdown().await;
    Ok(())
}
