//! A POST or PATCH reaches the vendor at most once per adapter request, whatever happens to the
//! vendor's answer: the vendor counts what it acted on, behind the proxy.

use std::time::Duration;

use okta_actions::contracts::SCIM_USER_SCHEMA as SCIM_USER;
use serde_json::json;

use super::adapter::{call, config, serve};
use super::envelope::{FAULTS, assert_contract_failure};
use super::proxy::{Fault, FaultProxy};
use super::vendor;

#[tokio::test]
async fn a_post_or_a_patch_reaches_the_vendor_at_most_once_under_every_fault() {
    let vendor = vendor::start().await;
    let proxy = FaultProxy::start(&vendor.url, |seen, _| {
        let write = matches!(seen.method.as_str(), "POST" | "PATCH");
        FAULTS
            .iter()
            .find(|(name, ..)| write && (seen.target.contains(name) || seen.body.contains(name)))
            .map_or(Fault::Pass, |(_, fault, ..)| *fault)
    })
    .await;
    // A generous budget: were writes retried, there would be time for many attempts.
    let adapter = serve(&proxy.url(), config(Duration::from_secs(5))).await;
    let calls = FAULTS.iter().flat_map(|(name, fault, error_type, status)| {
        // Declarative POST, then imperative PATCH, each naming its fault.
        let create = (
            "CreateUser",
            json!({"user": {"schemas": [SCIM_USER], "userName": format!("{name}@acme.example")}}),
            format!("POST {name}@acme.example"),
        );
        let update = (
            "UpdateUser",
            json!({"user": {"schemas": [SCIM_USER], "id": name, "userName": format!("{name}.2@acme.example")}}),
            format!("PATCH {name}"),
        );
        [create, update].map(|(action, input, key)| (action, input, key, *name, *fault, *error_type, *status))
    });
    let answers = futures::future::join_all(calls.map(
        |(action, input, key, name, fault, error_type, status)| {
            let adapter = &adapter;
            async move {
                (
                    call(adapter, action, &input).await,
                    action,
                    key,
                    name,
                    fault,
                    error_type,
                    status,
                )
            }
        },
    ))
    .await;
    for (answer, action, key, name, fault, error_type, status) in &answers {
        assert_contract_failure(answer, action, error_type, *status, name);
        // A 429 is refused before the vendor acts; every other fault hides an answer to a
        // write the vendor did, which must not be sent again.
        let expected = usize::from(*fault != Fault::RateLimited(1));
        assert_eq!(
            vendor.writes.count(key),
            expected,
            "{action} under `{name}`"
        );
    }
    assert_eq!(
        proxy.requests(),
        answers.len(),
        "one vendor request per adapter request"
    );

    // Without a fault the write succeeds, once.
    let created = call(
        &adapter,
        "CreateUser",
        &json!({"user": {"schemas": [SCIM_USER], "userName": "calm@acme.example"}}),
    )
    .await;
    assert_eq!(
        created.body["executionStatus"]["status"], "SUCCEEDED",
        "{}",
        created.text
    );
    assert_eq!(vendor.writes.count("POST calm@acme.example"), 1);
}
