//! The `docs` command: the guide on standard output or in a file, the user schema discovered
//! from the embedded test vendor, and exit code 2 when discovery or the vendor choice fails.

use std::path::PathBuf;

use okta_actions::auth::TenantContext;
use okta_actions::cli::{EXIT_OK, EXIT_USAGE, IntegrationCli, TestVendor};
use okta_actions::wiring::guide::missing_headings;

use super::guide::{failing, paged};

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir()
        .join(format!("okta-actions-docs-{}-{nanos}", std::process::id()))
        .join(name)
}

/// The command line of `build`, with an embedded test vendor: the integrations here need no
/// vendor calls, so it is only a tenant.
fn cli(build: fn() -> okta_actions::IntegrationBuilder) -> IntegrationCli {
    IntegrationCli::new(build).embedded_vendor(|| async {
        Ok(TestVendor::new(
            "http://127.0.0.1:9/unused",
            TenantContext::new(Vec::<(String, String)>::new(), None),
            (),
        ))
    })
}

async fn run(cli: IntegrationCli, args: &[&str]) -> u8 {
    cli.run(std::iter::once("paged").chain(args.iter().copied()))
        .await
}

#[tokio::test]
async fn docs_embedded_writes_the_guide_with_the_discovered_attributes() {
    let out = scratch("configuration-guide.md");
    let code = run(
        cli(paged),
        &["docs", "--embedded", "--out", out.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, EXIT_OK);
    let guide = std::fs::read_to_string(&out).unwrap();
    assert!(missing_headings(&guide).is_empty(), "{guide}");
    assert!(
        guide.contains("| `region` | Region | string | no | `region` | `apac` (Asia Pacific) |")
    );
    assert!(
        !guide.contains("`givenName`"),
        "the discovered schema, not the base attributes"
    );
    assert!(!guide.contains("127.0.0.1"), "no embedded vendor address");
}

#[tokio::test]
async fn docs_without_a_vendor_describes_the_declaration_only() {
    let out = scratch("declared.md");
    let code = run(cli(failing), &["docs", "--out", out.to_str().unwrap()]).await;
    assert_eq!(
        code, EXIT_OK,
        "no discovery, so the failing handler never runs"
    );
    let guide = std::fs::read_to_string(&out).unwrap();
    assert!(guide.contains("| `givenName` | First name |"));
    assert!(guide.contains("TODO: list every attribute Failing supports"));
}

#[tokio::test]
async fn docs_usage_and_discovery_errors_exit_2() {
    assert_eq!(
        run(cli(failing), &["docs", "--embedded"]).await,
        EXIT_USAGE,
        "discovery failed"
    );
    assert_eq!(
        run(
            cli(paged),
            &[
                "docs",
                "--embedded",
                "--vendor-url",
                "http://127.0.0.1:9/v1"
            ]
        )
        .await,
        EXIT_USAGE,
        "two vendors named"
    );
    assert_eq!(
        run(IntegrationCli::new(paged), &["docs", "--embedded"]).await,
        EXIT_USAGE,
        "no embedded test vendor"
    );
    assert_eq!(
        run(IntegrationCli::new(super::fixtures::all_actions), &["docs"]).await,
        EXIT_OK,
    );
}
