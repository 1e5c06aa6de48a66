//! A SCIM import whose pages alternate between two replicas sharing their cursors through
//! Redis.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use okta_actions::server::scim::{ScimConfig, SharedCursorStore};

use super::support::{RedisServer, prefix};
use crate::scim::support::Harness;

const USERS: usize = 450;
const COUNT: usize = 100;

/// Pages through `/Users` as Okta does, alternating between `replicas`; the ids in order.
async fn import(replicas: [&Harness; 2], sub: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut start = 1;
    for page in 0..20 {
        let answer = replicas[page % 2]
            .okta(sub)
            .get(&format!("/Users?startIndex={start}&count={COUNT}"))
            .await;
        assert_eq!(answer.status, 200, "{:#}", answer.body);
        let resources = answer.body["Resources"].as_array().expect("Resources");
        ids.extend(
            resources
                .iter()
                .map(|user| user["id"].as_str().expect("an id").to_owned()),
        );
        let total = answer.body["totalResults"].as_u64().expect("a total") as usize;
        if resources.is_empty() || start - 1 + resources.len() >= total {
            return ids;
        }
        start += resources.len();
    }
    panic!("the import did not end within 20 pages");
}

fn list_calls(harness: &Harness, sub: &str) -> usize {
    harness.store(sub, |t| {
        t.calls.iter().filter(|c| **c == "ListUsers").count()
    })
}

/// Two replicas over one vendor, each configured by `config`.
async fn replicas(config: impl Fn(ScimConfig) -> ScimConfig) -> (Harness, Harness) {
    let a = Harness::start_with(&config).await;
    let b = a.replica(&config).await;
    (a, b)
}

#[tokio::test]
async fn an_import_alternating_between_replicas_returns_every_user_once_resuming_each_page() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("cursors")).await;
    let shared = |config: ScimConfig| {
        config.exact_totals(false).cursor_store(
            SharedCursorStore::new(Arc::clone(&store)),
            Duration::from_secs(60),
        )
    };
    let (a, b) = replicas(shared).await;
    a.seed_users("alternate", USERS);
    let ids = import([&a, &b], "alternate").await;
    assert_eq!(ids.len(), USERS);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), USERS, "every user exactly once");
    assert!((0..USERS).all(|i| unique.contains(&format!("seed-{i}"))));
    let pages = USERS.div_ceil(COUNT);
    assert_eq!(
        list_calls(&a, "alternate"),
        pages,
        "one vendor page per SCIM page: each replica resumed at the cursor the other remembered"
    );

    // Control: replicas with their own memory re-walk from the nearest cursor they know.
    let (a, b) = replicas(|config| config.exact_totals(false)).await;
    a.seed_users("alone", USERS);
    let ids = import([&a, &b], "alone").await;
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), USERS);
    assert!(
        list_calls(&a, "alone") > pages,
        "unshared cursors cost walks"
    );
}

#[tokio::test]
async fn with_redis_down_the_import_still_answers_every_user_by_walking() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("cursors-down")).await;
    let shared = |config: ScimConfig| {
        config.exact_totals(false).cursor_store(
            SharedCursorStore::new(Arc::clone(&store)),
            Duration::from_secs(60),
        )
    };
    let (a, b) = replicas(shared).await;
    a.seed_users("down", 250);
    redis.kill();
    let ids = import([&a, &b], "down").await;
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (250, 250));
}
