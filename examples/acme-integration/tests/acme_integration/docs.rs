//! The binary's `docs` command: the configuration guide Okta's test case C9299 checks, with the
//! custom attributes Acme's user schema discovery reports, and the committed copy kept current.

use std::process::{Command, Output};

use acme_integration::acme_vendor::{AcmeVendor, DEMO_API_KEY, DEMO_TENANT};
use okta_actions::wiring::guide::{REQUIRED_HEADINGS, missing_headings};

fn docs(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acme-integration"))
        .arg("docs")
        .args(args)
        .envs(env.iter().copied())
        .env_remove("OKTA_ACTIONS_VENDOR_URL")
        .output()
        .expect("the binary runs")
}

/// The `## ` headings, in order.
fn headings(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

#[test]
fn docs_embedded_lists_the_five_headings_and_acmes_custom_attributes() {
    let output = docs(&["--embedded"], &[]);
    let guide = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(headings(&guide), REQUIRED_HEADINGS);
    assert!(missing_headings(&guide).is_empty());
    for row in [
        "| `cost_center` | Cost center | string | no | `cost_center` |  |",
        "| `region` | Region | string | no | `region` | `amer` (Americas), `emea` (Europe, Middle \
         East and Africa), `apac` (Asia Pacific) |",
        "| `seat_tier` | Seat tier | string | no | `seat_tier` | `bronze` (Bronze), `silver` \
         (Silver), `gold` (Gold) |",
        "| `clearance_level` | Clearance level | integer | no | `clearance_level` |  |",
        "| `department` | Department | string | no | `department` (enterprise extension) |  |",
    ] {
        assert!(guide.contains(row), "missing {row:?} in\n{guide}");
    }
    assert!(guide.contains("- **Entitlement management**"));
    assert!(guide.contains("`https://api.acme.example/t/{app.subdomain}/v1`"));
    assert!(!guide.contains("127.0.0.1"), "no embedded vendor address");
    assert!(!guide.contains(DEMO_API_KEY), "no credential");
}

/// Against a vendor instance named on the command line, with the credential and tenant
/// variable from the environment; a refused credential is a one-line error and exit 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_vendor_url_discovers_with_the_credential_from_the_environment() {
    let vendor = AcmeVendor::demo().spawn("127.0.0.1:0").await.unwrap();
    let url = format!("{}/t/{{app.subdomain}}/v1", vendor.base_url());
    let run = |key: &'static str| {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            docs(
                &["--vendor-url", &url],
                &[
                    ("OKTA_ACTIONS_AUTHORIZATION", &format!("Bearer {key}")),
                    ("OKTA_ACTIONS_TENANT_SUBDOMAIN", DEMO_TENANT),
                ],
            )
        })
    };
    let good = run(DEMO_API_KEY).await.unwrap();
    let guide = String::from_utf8_lossy(&good.stdout);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(guide.contains("| `seat_tier` | Seat tier |"), "{guide}");
    assert!(!guide.contains(DEMO_API_KEY));
    assert!(!guide.contains(&vendor.base_url()));

    let empty = docs(
        &["--vendor-url", &url],
        &[
            ("OKTA_ACTIONS_AUTHORIZATION", ""),
            ("OKTA_ACTIONS_TENANT_SUBDOMAIN", DEMO_TENANT),
        ],
    );
    assert_eq!(
        empty.status.code(),
        Some(2),
        "an empty credential is no credential"
    );
    assert!(
        String::from_utf8_lossy(&empty.stderr).contains("set OKTA_ACTIONS_AUTHORIZATION"),
        "{}",
        String::from_utf8_lossy(&empty.stderr)
    );

    let refused = run("not-the-key").await.unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: user schema discovery: ListUserSchema: INVALID_CREDENTIALS"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-key"));
}

/// The committed guide (`examples/acme-integration/wiring/configuration-guide.md`) is what
/// `docs --embedded` writes today: the embedded vendor's schema is fixed, so the output is
/// deterministic.
#[test]
fn the_committed_configuration_guide_is_current() {
    let output = docs(&["--embedded"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wiring/configuration-guide.md"),
    )
    .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout) == committed,
        "wiring/configuration-guide.md is stale: run `cargo run -p acme-integration -- docs \
         --embedded --out examples/acme-integration/wiring/configuration-guide.md`"
    );
}
