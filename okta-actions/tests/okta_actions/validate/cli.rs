//! The integration command line: exit codes 0 ready (with `--static-only`: the static checks
//! passed, and the report says conformance was not run), 1 checks failed, 2 usage or
//! environment error, and the files it writes.

use std::path::PathBuf;

use okta_actions::auth::TenantContext;
use okta_actions::cli::{EXIT_CHECKS_FAILED, EXIT_OK, EXIT_USAGE, IntegrationCli, TestVendor};
use okta_actions::contracts::Secret;
use serde_json::Value;

use crate::server::support::{self, GOOD_KEY};

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir()
        .join(format!(
            "okta-actions-cli-{}-{}",
            std::process::id(),
            fastrand_suffix()
        ))
        .join(name)
}

fn fastrand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

fn cli() -> IntegrationCli {
    IntegrationCli::new(support::builder).embedded_vendor(|| async {
        let vendor = support::vendor().await;
        let tenant = TenantContext::new(
            [("subdomain".to_owned(), "acme".to_owned())],
            Some(Secret::new(format!("Bearer {GOOD_KEY}"))),
        );
        Ok(TestVendor::new(
            format!("{vendor}/t/{{app.subdomain}}"),
            tenant,
            (),
        ))
    })
}

async fn run(cli: IntegrationCli, args: &[&str]) -> u8 {
    cli.run(std::iter::once("acme").chain(args.iter().copied()))
        .await
}

#[tokio::test]
async fn a_ready_integration_exits_0_and_writes_the_report_where_asked() {
    let out = scratch("report.json");
    let out_arg = out.to_str().unwrap();
    let code = run(
        cli(),
        &[
            "validate",
            "--embedded",
            "--format",
            "json",
            "--out",
            out_arg,
        ],
    )
    .await;
    assert_eq!(code, EXIT_OK);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["ready"], true);
    assert_eq!(report["conformance_run"], true);
    assert!(
        !report.to_string().contains(GOOD_KEY),
        "no credential in the report"
    );
}

#[tokio::test]
async fn static_checks_alone_exit_0_but_never_say_ready() {
    let json = scratch("static.json");
    let code = run(
        cli(),
        &[
            "validate",
            "--static-only",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(
        code, EXIT_OK,
        "the static checks the run was asked for passed"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["ready"], false);
    assert_eq!(report["verdict"], "conformance_not_run");
    assert_eq!(report["static_checks_pass"], true);

    let human = scratch("static.txt");
    let code = run(
        cli(),
        &[
            "validate",
            "--static-only",
            "--out",
            human.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, EXIT_OK);
    let text = std::fs::read_to_string(&human).unwrap();
    assert!(
        text.starts_with(
            "Loopback: STATIC CHECKS PASSED; conformance not run, so not ready for OIN submission\n"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_missing_required_action_exits_1() {
    let out = scratch("report.xml");
    let cli = IntegrationCli::new(support::builder_without_get_user_by_user_name);
    let code = run(
        cli,
        &[
            "validate",
            "--static-only",
            "--format",
            "junit",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let junit = std::fs::read_to_string(&out).unwrap();
    assert!(
        junit.contains("oin.user-query.GetUserByUserName"),
        "{junit}"
    );
    assert!(junit.contains("<failure"), "{junit}");
}

#[tokio::test]
async fn usage_and_environment_errors_exit_2() {
    assert_eq!(
        run(cli(), &["validate", "--format", "yaml"]).await,
        EXIT_USAGE
    );
    assert_eq!(run(cli(), &["no-such-command"]).await, EXIT_USAGE);
    assert_eq!(
        run(cli(), &["validate"]).await,
        EXIT_USAGE,
        "no vendor named"
    );
    let no_embedded = IntegrationCli::new(support::builder);
    assert_eq!(run(no_embedded, &["demo"]).await, EXIT_USAGE);
    assert_eq!(run(cli(), &["--help"]).await, EXIT_OK);
}

#[tokio::test]
async fn openapi_and_plan_write_the_wiring_files() {
    let openapi = scratch("openapi.json");
    let code = run(
        cli(),
        &[
            "openapi",
            "--adapter-url",
            "https://okta.acme.example",
            "--out",
            openapi.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, EXIT_OK);
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string(&openapi).unwrap()).unwrap();
    assert_eq!(document["servers"][0]["url"], "https://okta.acme.example");
    assert!(document["paths"]["/actions/ListUsers"].is_object());

    let plan = scratch("plan.md");
    assert_eq!(
        run(cli(), &["plan", "--out", plan.to_str().unwrap()]).await,
        EXIT_OK
    );
    assert!(
        std::fs::read_to_string(&plan)
            .unwrap()
            .contains("/actions/GetUserByUserName")
    );

    let broken = IntegrationCli::new(support::builder_without_get_user_by_user_name);
    assert_eq!(
        run(broken, &["openapi"]).await,
        EXIT_USAGE,
        "an integration breaking OIN rules is not wired"
    );
}

#[tokio::test]
async fn demo_runs_the_embedded_vendor_and_writes_the_html_report() {
    let html = scratch("report.html");
    let code = run(cli(), &["demo", "--html", html.to_str().unwrap()]).await;
    assert_eq!(code, EXIT_OK);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>"),
        "{}",
        &page[..80.min(page.len())]
    );
    assert!(page.contains("Loopback"));
}
