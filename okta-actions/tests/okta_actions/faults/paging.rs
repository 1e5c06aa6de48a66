//! Paging through thousands of records while the proxy fails every third vendor request
//! (5xx, 429, resets, truncated bodies, timeouts): the idempotent GETs are retried and the
//! lists Okta receives lose and repeat nothing.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;

use super::adapter::{call, config, serve};
use super::proxy::{Fault, FaultProxy};
use super::vendor::{self, RECORDS};

/// The retryable faults, in turn.
const CYCLE: [Fault; 6] = [
    Fault::ServerError(503),
    Fault::RateLimited(0),
    Fault::Reset,
    Fault::Truncate,
    Fault::Delay(Duration::from_secs(2)),
    Fault::ServerError(502),
];

async fn every_record(action: &str, limit: u64) {
    let vendor = vendor::start().await;
    let proxy = FaultProxy::start(&vendor.url, |_, n| {
        if n % 3 == 1 {
            CYCLE[(n / 3) % CYCLE.len()]
        } else {
            Fault::Pass
        }
    })
    .await;
    let adapter = serve(&proxy.url(), config(Duration::from_secs(4))).await;
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..RECORDS {
        let mut input = json!({"pagination": {"limit": limit}});
        if let Some(cursor) = &cursor {
            input["pagination"]["cursor"] = json!(cursor);
        }
        let answer = call(&adapter, action, &input).await;
        assert_eq!(
            answer.body["executionStatus"]["status"], "SUCCEEDED",
            "{}",
            answer.text
        );
        ids.extend(
            answer.body["resources"]
                .as_array()
                .expect("resources")
                .iter()
                .map(|r| r["id"].as_str().expect("an id").to_owned()),
        );
        cursor = answer.body["pagination"]["nextCursor"]
            .as_str()
            .map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    adapter.shutdown().await.expect("a clean shutdown");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{action}: no record twice");
    let prefix = if action == "ListUsers" { "p" } else { "t" };
    let expected: BTreeSet<String> = (0..RECORDS).map(|i| format!("{prefix}{i}")).collect();
    let got: BTreeSet<String> = ids.into_iter().collect();
    assert_eq!(got, expected, "{action}: every record");
    assert!(
        proxy.faults() >= 10,
        "{action}: {} faults injected",
        proxy.faults()
    );
}

#[tokio::test]
async fn a_declarative_list_pages_through_faults_losing_and_repeating_nothing() {
    every_record("ListUsers", 200).await;
}

#[tokio::test]
async fn an_imperative_list_pages_through_faults_losing_and_repeating_nothing() {
    every_record("ListGroups", 100).await;
}
