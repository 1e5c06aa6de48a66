//! Every fault ends, at the adapter's HTTP interface, in the contract's failure shape: `200`
//! with `executionStatus` FAILED, the mapped error type and vendor status, the request id,
//! a body valid under the action's output contract, and neither the credential nor a panic.

use std::time::Duration;

use okta_actions::contracts::{Direction, validators};
use serde_json::{Value, json};

use super::adapter::{Answer, call, config, serve};
use super::proxy::{Fault, FaultProxy};
use super::vendor::{self, KEY};

/// Every fault, the error type it must end in, and the vendor status the error must carry.
pub(crate) const FAULTS: [(&str, Fault, &str, Option<u16>); 7] = [
    (
        "delay",
        Fault::Delay(Duration::from_secs(3)),
        "GENERIC_FAILURE",
        None,
    ),
    ("reset", Fault::Reset, "GENERIC_FAILURE", None),
    ("truncate", Fault::Truncate, "GENERIC_FAILURE", None),
    ("malformed", Fault::Malformed, "GENERIC_FAILURE", Some(200)),
    (
        "unavailable",
        Fault::ServerError(503),
        "GENERIC_FAILURE",
        Some(503),
    ),
    (
        "broken",
        Fault::ServerError(500),
        "GENERIC_FAILURE",
        Some(500),
    ),
    (
        "limited",
        Fault::RateLimited(1),
        "RATE_LIMIT_EXCEEDED",
        Some(429),
    ),
];

/// Checks `answer` is the contract's failure for `action`, with `error_type` and `status`.
pub(crate) fn assert_contract_failure(
    answer: &Answer,
    action: &str,
    error_type: &str,
    status: Option<u16>,
    case: &str,
) {
    let body = &answer.body;
    assert_eq!(
        answer.status, 200,
        "{case}: {action} answered {}",
        answer.text
    );
    assert!(
        validators()
            .validate(action, Direction::Output, body)
            .is_ok(),
        "{case}: a valid {action} output: {body}"
    );
    assert_eq!(
        body["executionStatus"]["status"], "FAILED",
        "{case}: {body}"
    );
    let error = &body["executionStatus"]["errors"][0];
    assert_eq!(error["type"], error_type, "{case}: {body}");
    assert_eq!(
        error["httpStatusCode"].as_u64(),
        status.map(u64::from),
        "{case}: {body}"
    );
    assert!(!answer.request_id.is_empty(), "{case}: an x-request-id");
    assert_eq!(
        error["requestId"],
        answer.request_id.as_str(),
        "{case}: {body}"
    );
    assert!(
        !answer.text.contains(KEY),
        "{case}: the credential leaked: {}",
        answer.text
    );
    assert!(
        !answer.text.to_ascii_lowercase().contains("panic"),
        "{case}: {}",
        answer.text
    );
}

/// The fault named in a request's target or body, or `Pass`.
fn named(target: &str, body: &str) -> Fault {
    FAULTS
        .iter()
        .find(|(name, ..)| target.contains(name) || body.contains(name))
        .map_or(Fault::Pass, |(_, fault, ..)| *fault)
}

#[tokio::test]
async fn every_fault_on_a_lookup_or_a_list_ends_in_the_contract_failure() {
    let vendor = vendor::start().await;
    let proxy = FaultProxy::start(&vendor.url, |seen, _| named(&seen.target, &seen.body)).await;
    // A short budget: a fault on every attempt of a GET spends it.
    let adapter = serve(&proxy.url(), config(Duration::from_millis(900))).await;
    let cases = FAULTS.iter().flat_map(|(name, _, error_type, status)| {
        let lookup = ("GetUserById", json!({"userId": name}));
        // The imperative list sends Okta's cursor to the vendor verbatim.
        let list = ("ListGroups", json!({"pagination": {"cursor": name}}));
        [lookup, list].map(|(action, input)| (action, input, *name, *error_type, *status))
    });
    let answers = futures::future::join_all(cases.map(
        |(action, input, name, error_type, status): (&str, Value, &str, &str, Option<u16>)| {
            let adapter = &adapter;
            async move {
                let answer = call(adapter, action, &input).await;
                (action, name, error_type, status, answer)
            }
        },
    ))
    .await;
    for (action, name, error_type, status, answer) in &answers {
        assert_contract_failure(answer, action, error_type, *status, name);
    }
    // The retryable faults were retried (more requests than calls), and none passed.
    assert!(proxy.requests() > answers.len(), "{}", proxy.requests());
    assert_eq!(proxy.faults(), proxy.requests());
}
