//! The Globex integration validated as Okta would run it, against the embedded Globex vendor.

use globex_integration::{base_url_of, builder, demo_tenant};
use globex_vendor::GlobexVendor;

#[tokio::test]
async fn the_integration_is_ready_against_the_embedded_vendor() {
    let vendor = GlobexVendor::demo(130).spawn("127.0.0.1:0").await.unwrap();
    let integration = builder()
        .build()
        .expect("the OIN rules hold")
        .with_vendor_base_url(base_url_of(&vendor));
    let report = okta_actions::report::validate(&integration, Some(&demo_tenant()), &|_| {}).await;
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.status == okta_actions::report::Status::Fail)
        .map(|c| format!("{}: {}", c.id, c.reason))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(report.is_ready());
    // Okta's imports at its page size and at 10 return every person once, through Globex's
    // offset paging of at most 50 a page.
    for id in [
        "conformance.import.users.complete.paging",
        "conformance.import.users.complete.small-pages",
        "paging.declarative.ListUsers",
    ] {
        let check = report.checks.iter().find(|c| c.id == id).unwrap();
        assert_eq!(check.status, okta_actions::report::Status::Pass, "{id}");
    }
    assert!(
        integration
            .actions()
            .iter()
            .all(|a| a.meta().vendor_call.is_some()),
        "every Globex handler is declarative"
    );
}
