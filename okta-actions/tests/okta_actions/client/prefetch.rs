//! The record stream fetches the next page while the caller consumes the current one, never
//! more than one page ahead, and keeps the vendor's order: every record once, an error after
//! the records of the pages before it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::{StreamExt as _, TryStreamExt as _};
use okta_actions::client::{Pagination, VendorClient};
use okta_actions::contracts::ErrorType;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::watch;

use super::streaming::{Records, records_client};
use super::support::{client, fast_config, serve};

/// A record as the caller types it.
#[derive(Debug, Deserialize)]
struct Rec {
    id: u64,
}

/// Pages of `{"id": n}` (`limit`/`after`, `Link` headers) that tell the test which page each
/// request asks for, and note how far ahead of the consumer the requests run.
#[derive(Clone)]
struct Watched {
    total: u64,
    /// The highest page index requested so far, published to the consumer.
    requested: watch::Sender<Option<u64>>,
    /// Pages the consumer has finished (set by the test).
    finished: Arc<AtomicU64>,
    /// The largest `page index − pages finished` seen at a request's arrival.
    max_lead: Arc<AtomicU64>,
    /// A page answering 404, and a page holding a record that is not a `Rec`.
    failing: Option<u64>,
    misfit: Option<u64>,
}

impl Watched {
    fn new(total: u64) -> Self {
        Watched {
            total,
            requested: watch::channel(None).0,
            finished: Arc::default(),
            max_lead: Arc::default(),
            failing: None,
            misfit: None,
        }
    }
}

async fn watched_page(
    State(watched): State<Watched>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let number = |name: &str| query.get(name).and_then(|v| v.parse::<u64>().ok());
    let limit = number("limit").unwrap_or(200).max(1);
    let after = number("after").unwrap_or(0);
    let page = after / limit;
    let lead = page - watched.finished.load(Ordering::SeqCst).min(page);
    watched.max_lead.fetch_max(lead, Ordering::SeqCst);
    watched.requested.send_modify(|latest| *latest = Some(page));
    if watched.failing == Some(page) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let end = (after + limit).min(watched.total);
    let mut body = String::from("[");
    for id in after..end {
        if id > after {
            body.push(',');
        }
        if watched.misfit == Some(page) && id == end - 1 {
            let _ = write!(body, "{{\"id\":\"not a number\"}}");
        } else {
            let _ = write!(body, "{{\"id\":{id}}}");
        }
    }
    body.push(']');
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if end < watched.total {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let link = format!("<http://{host}/records?limit={limit}&after={end}>; rel=\"next\"");
        response
            .headers_mut()
            .insert(header::LINK, link.parse().unwrap());
    }
    response
}

async fn watched_client(watched: Watched) -> VendorClient {
    let base = serve(
        Router::new()
            .route("/records", get(watched_page))
            .with_state(watched),
    )
    .await;
    client(&base, fast_config())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_page_is_requested_while_the_current_one_is_consumed_and_no_further() {
    const PAGE: u64 = 50;
    const PAGES: u64 = 20;
    let watched = Watched::new(PAGE * PAGES);
    let client = watched_client(watched.clone()).await;
    let mut requested = watched.requested.subscribe();
    let mut records = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(PAGE)
        .records_as::<Rec>()
        .unwrap();
    let mut expected = 0;
    for page in 0..PAGES {
        for index in 0..PAGE {
            let record = records.next().await.unwrap().unwrap();
            assert_eq!(record.id, expected);
            expected += 1;
            if index == 0 && page + 1 < PAGES {
                // Holding page `page` unfinished, the vendor must see page `page + 1` asked
                // for. Without prefetching this never happens; the timeout only turns that
                // hang into a failure.
                let next_asked = requested.wait_for(|latest| *latest >= Some(page + 1));
                tokio::time::timeout(Duration::from_secs(10), next_asked)
                    .await
                    .unwrap_or_else(|_| {
                        panic!("page {} not requested during page {page}", page + 1)
                    })
                    .unwrap();
                // On the first pages, give a fetcher that would run further ahead ample time
                // to (the lead is checked at the end); a correct one waits for the slot.
                if page < 3 {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        watched.finished.store(page + 1, Ordering::SeqCst);
    }
    assert!(records.next().await.is_none());
    assert_eq!(records.records_streamed(), PAGE * PAGES);
    // Page k is asked for once page k − 1 is handed over, while the consumer is still on it:
    // k − 1 pages finished, a lead of 1. Fetching one page at a time gives 0, further ahead 2+.
    assert_eq!(watched.max_lead.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_records_arrive_once_each_in_order_typed_or_not() {
    const TOTAL: u64 = 25_000;
    // Pages 0, 20, 40, … answer 503 on their first request (retried).
    let records = Records::new(TOTAL, 20);
    let client = records_client(records.clone()).await;
    let typed: Vec<u64> = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(170)
        .records_as::<Rec>()
        .unwrap()
        .map_ok(|record| record.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(typed, (0..TOTAL).collect::<Vec<_>>());
    let values = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(170)
        .for_each_with_state(Vec::new(), |ids, record: Value| {
            ids.push(record["id"].as_u64().unwrap())
        })
        .await
        .unwrap();
    assert_eq!(values.state, typed);
    assert_eq!(values.records_streamed, TOTAL);
}

/// Every record up to the error, then the error, then the end.
async fn until_error(client: &VendorClient) -> (Vec<u64>, okta_actions::client::VendorError) {
    let mut records = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(100)
        .records_as::<Rec>()
        .unwrap();
    let mut ids = Vec::new();
    let error = loop {
        match records.next().await.expect("an error before the end") {
            Ok(record) => ids.push(record.id),
            Err(error) => break error,
        }
    };
    assert!(records.next().await.is_none(), "nothing after the error");
    assert_eq!(records.records_streamed(), ids.len() as u64);
    (ids, error)
}

#[tokio::test]
async fn an_error_on_page_k_comes_after_every_record_of_the_pages_before() {
    let mut watched = Watched::new(2_000);
    watched.failing = Some(7);
    let client = watched_client(watched).await;
    let (ids, error) = until_error(&client).await;
    assert_eq!(ids, (0..700).collect::<Vec<_>>());
    assert_eq!(error.error_type(), ErrorType::ResourceNotFound);
}

#[tokio::test]
async fn a_record_that_does_not_fit_the_type_fails_its_page_after_the_pages_before() {
    let mut watched = Watched::new(2_000);
    watched.misfit = Some(3);
    let client = watched_client(watched).await;
    let (ids, error) = until_error(&client).await;
    assert_eq!(ids, (0..300).collect::<Vec<_>>());
    assert_eq!(error.error_type(), ErrorType::GenericFailure);
    assert!(
        error.summary().contains("page 4") && error.summary().contains("does not fit"),
        "{error}"
    );
}

/// A record whose deserialisation panics on id 250: the fetching task dies mid-stream.
#[derive(Debug)]
struct Brittle(u64);

impl<'de> Deserialize<'de> for Brittle {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = Rec::deserialize(deserializer)?;
        assert_ne!(record.id, 250, "a deserialiser that panics");
        Ok(Brittle(record.id))
    }
}

#[tokio::test]
async fn a_fetching_task_that_panics_ends_the_stream_with_an_error_not_quietly() {
    let client = watched_client(Watched::new(1_000)).await;
    let mut records = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(100)
        .records_as::<Brittle>()
        .unwrap();
    let mut ids = Vec::new();
    let error = loop {
        match records.next().await.expect("an error, not the end") {
            Ok(record) => ids.push(record.0),
            Err(error) => break error,
        }
    };
    assert_eq!(ids, (0..200).collect::<Vec<_>>());
    assert_eq!(error.error_type(), ErrorType::GenericFailure);
    assert!(records.next().await.is_none());
}
