//! The SCIM 2.0 facade against independent RFC 7643/7644 checkers, scim2-tester and
//! scim-sanity, run from the Python virtual environment `.ci/run` installs at
//! `target/scim-venv` (`tests/scim_conformance/requirements.txt`). Every failure they report
//! must be one `tests/scim_conformance/allowed-failures.txt` lists with the RFC clause that
//! allows it. Without the environment the test is skipped, unless `CI` is set: then it fails.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use acme_integration::acme_vendor::{AcmeVendor, DEMO_API_KEY, TenantSpec};
use okta_actions::server::Adapter;

/// Where `.ci/run` creates the virtual environment, from the workspace root.
const VENV: &str = "target/scim-venv";

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The checkers' interpreter, if installed.
fn python() -> Option<PathBuf> {
    let python = crate_dir().join("../..").join(VENV).join("bin/python");
    python.exists().then_some(python)
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Writes a line for the reader straight to stderr: libtest captures `eprintln!` of passing
/// tests, and the skip reason and the checkers' figures should show in every run.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `<tool> <check>` → why the RFCs allow its failure.
fn allowed_failures() -> BTreeMap<String, String> {
    let path = crate_dir().join("tests/scim_conformance/allowed-failures.txt");
    let text = std::fs::read_to_string(&path).expect("the allowed failures file");
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (check, why) = line
                .split_once(" | ")
                .unwrap_or_else(|| panic!("`{line}`: write `<tool> <check> | <RFC clause>`"));
            (check.trim().to_owned(), why.trim().to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn independent_scim_checkers_find_only_failures_the_rfcs_allow() {
    let Some(python) = python() else {
        assert!(
            !in_ci(),
            "the SCIM conformance checkers are not installed at {VENV}: .ci/run installs them"
        );
        report(&format!(
            "SKIPPED scim_conformance: the SCIM conformance checkers are not installed at {VENV} \
             (run .ci/run, or `python3 -m venv {VENV} && {VENV}/bin/pip install -r \
             examples/acme-integration/tests/scim_conformance/requirements.txt`)"
        ));
        return;
    };
    // Fewer users than one default page, so that a user the checker creates shows in an
    // unpaged list (paging is tested on its own).
    let vendor = AcmeVendor::builder()
        .tenant(TenantSpec::demo().users(40))
        .build()
        .spawn("127.0.0.1:0")
        .await
        .unwrap();
    let adapter = Adapter::new(acme_integration::for_vendor(&vendor))
        .scim(acme_integration::scim_config())
        .expect("the base path names the tenant variable")
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let base = format!("{}/scim/v2/demo", adapter.url());
    let script = crate_dir().join("tests/scim_conformance/run_checkers.py");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(base)
            .arg(DEMO_API_KEY)
            .output()
    })
    .await
    .unwrap()
    .expect("the checkers' interpreter starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the checkers did not run:\n{stdout}\n{stderr}"
    );
    for tool in ["scim2-tester", "scim-sanity"] {
        let summary = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{tool}: ")))
            .unwrap_or_else(|| panic!("{tool} reported nothing:\n{stdout}\n{stderr}"));
        report(summary);
    }
    let allowed = allowed_failures();
    let failures: BTreeMap<String, String> = stdout
        .lines()
        .filter_map(|line| {
            let (tool, rest) = line.split_once(" FAIL ")?;
            let (check, why) = rest.split_once(": ").unwrap_or((rest, ""));
            Some((format!("{tool} {check}"), why.to_owned()))
        })
        .collect();
    for check in allowed.keys().filter(|c| !failures.contains_key(*c)) {
        report(&format!(
            "now passes, remove it from allowed-failures.txt: {check}"
        ));
    }
    let unexpected: Vec<String> = failures
        .iter()
        .filter(|(check, _)| !allowed.contains_key(*check))
        .map(|(check, why)| format!("{check}: {why}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "failures no RFC clause allows:\n{}",
        unexpected.join("\n")
    );
}
