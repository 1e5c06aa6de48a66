//! A `429` with `Retry-After` that one replica sees makes the other wait too, measured by when
//! the vendor receives each request.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_actions::client::VendorConnector;
use okta_actions::state::StateStore;

use super::support::{RedisServer, prefix};
use crate::client::support::{api_key_connector, fast_config, serve, tenant};

/// The `Retry-After` of the vendor's one `429`, in seconds.
const RETRY_AFTER: u64 = 2;

/// When the vendor received each request, and on which path.
type Arrivals = Arc<Mutex<Vec<(Instant, String)>>>;

/// A vendor answering its first request `429 Retry-After: 2` and every later one `200`.
async fn vendor() -> (String, Arrivals) {
    let arrivals = Arrivals::default();
    let router = Router::new()
        .route(
            "/{path}",
            get(
                |State(arrivals): State<Arrivals>, Path(path): Path<String>| async move {
                    let mut arrivals = arrivals.lock().unwrap_or_else(PoisonError::into_inner);
                    arrivals.push((Instant::now(), path));
                    if arrivals.len() == 1 {
                        (
                            StatusCode::TOO_MANY_REQUESTS,
                            [("retry-after", RETRY_AFTER.to_string())],
                        )
                            .into_response()
                    } else {
                        StatusCode::OK.into_response()
                    }
                },
            ),
        )
        .with_state(Arc::clone(&arrivals));
    (serve(router).await, arrivals)
}

/// Replica A calls `/a` and meets the `429`; once the vendor has answered it (and A has had
/// time to record the pause), replica B calls `/b`. Returns how long after the `429` the
/// vendor received B's request.
async fn b_after_a_was_limited(store: Option<Arc<dyn StateStore>>) -> Duration {
    let (base, arrivals) = vendor().await;
    let config = fast_config().with_retry_max_elapsed(Duration::from_secs(10));
    let replica = |store: Option<Arc<dyn StateStore>>| {
        let connector = api_key_connector(&base, config.clone());
        match store {
            Some(store) => connector.with_state_store(store),
            None => connector,
        }
    };
    let (a, b): (VendorConnector, VendorConnector) = (replica(store.clone()), replica(store));
    let a = a.connect(&tenant("k-123")).expect("connect");
    let b = b.connect(&tenant("k-123")).expect("connect");

    let a_call = tokio::spawn(async move { a.get("/a").send().await });
    let deadline = Instant::now() + Duration::from_secs(5);
    while arrivals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_empty()
    {
        assert!(
            Instant::now() < deadline,
            "replica A never reached the vendor"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let b_answer = b.get("/b").send().await.expect("B is answered");
    let a_answer = tokio::time::timeout(Duration::from_secs(10), a_call)
        .await
        .expect("A finishes")
        .expect("A's task")
        .expect("A is answered");
    assert_eq!((a_answer.status, b_answer.status), (200, 200));

    let arrivals = arrivals
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let paths: Vec<&str> = arrivals.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(paths.len(), 3, "A, A's retry and B: {paths:?}");
    assert_eq!(paths[0], "a");
    let limited = arrivals[0].0;
    let (b_at, _) = arrivals
        .iter()
        .find(|(_, path)| path == "b")
        .expect("B reached the vendor");
    b_at.duration_since(limited)
}

#[tokio::test]
async fn a_429_seen_by_one_replica_makes_the_other_wait() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = redis.store(&prefix("pause")).await;
    let shared = b_after_a_was_limited(Some(store)).await;
    // Retry-After is 2 s; B started about 0.3 s after the 429. Slack below for clock rounding.
    assert!(
        shared >= Duration::from_millis(RETRY_AFTER * 1000 - 300),
        "B waited for the pause A was told about: {shared:?}"
    );
    assert!(shared < Duration::from_secs(RETRY_AFTER + 5), "{shared:?}");

    // Control: replicas without a shared store. B is not told, so it calls at once.
    let alone = b_after_a_was_limited(None).await;
    assert!(
        alone < Duration::from_millis(RETRY_AFTER * 1000 - 300),
        "without sharing B does not wait: {alone:?}"
    );
}
