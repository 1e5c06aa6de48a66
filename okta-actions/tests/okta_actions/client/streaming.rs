//! The streaming GET: the card's limits and every pagination style.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures::StreamExt as _;
use okta_actions::client::{Pagination, VendorClient};
use okta_actions::contracts::ErrorType;
use serde_json::{Value, json};

use super::support::{client, fast_config, serve};

/// A list of `total` records `{"id": n}` paged with `limit`/`after` and `Link` headers,
/// generated on the fly. Every `fail_every`-th page fails with 503 on its first request.
#[derive(Clone)]
pub(crate) struct Records {
    pub(crate) total: u64,
    pub(crate) fail_every: u64,
    pub(crate) failed: Arc<Mutex<HashSet<u64>>>,
    pub(crate) requests: Arc<AtomicUsize>,
}

impl Records {
    pub(crate) fn new(total: u64, fail_every: u64) -> Self {
        Records {
            total,
            fail_every,
            failed: Arc::default(),
            requests: Arc::default(),
        }
    }

    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn link_pages(
    State(records): State<Records>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    records.requests.fetch_add(1, Ordering::SeqCst);
    let number = |name: &str, default: u64| {
        query
            .get(name)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let limit = number("limit", 200);
    let after = number("after", 0);
    let page = after / limit.max(1);
    if records.fail_every > 0
        && page % records.fail_every == 0
        && records.failed.lock().unwrap().insert(page)
    {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let end = (after + limit).min(records.total);
    let mut body = String::with_capacity(16 * limit as usize + 2);
    body.push('[');
    for id in after..end {
        if id > after {
            body.push(',');
        }
        let _ = write!(body, "{{\"id\":{id}}}");
    }
    body.push(']');
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if end < records.total {
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

/// Serves [`Records`] at `/records` and returns a client for it.
pub(crate) async fn records_client(records: Records) -> VendorClient {
    let base = serve(
        Router::new()
            .route("/records", get(link_pages))
            .route(
                "/single",
                get(|| async { Json(json!({"id": "only", "status": "ok"})) }),
            )
            .with_state(records),
    )
    .await;
    client(&base, fast_config())
}

async fn count(stream: okta_actions::client::StreamRequest) -> u64 {
    stream
        .for_each_with_state((), |_, _| {})
        .await
        .unwrap()
        .records_streamed
}

#[tokio::test]
async fn out_of_range_limits_are_errors_before_any_request() {
    let records = Records::new(10, 0);
    let client = records_client(records.clone()).await;
    let cases = [
        client
            .stream("/records", Pagination::LinkHeader)
            .record_limit(Some(-1)),
        client
            .stream("/records", Pagination::LinkHeader)
            .record_limit(Some(1_000_001)),
        client
            .stream("/records", Pagination::LinkHeader)
            .page_limit(201),
        client
            .stream("/records", Pagination::LinkHeader)
            .query("limit", "-5"),
        client
            .stream("/records", Pagination::LinkHeader)
            .query("limit", "ten"),
        client.stream("records", Pagination::LinkHeader),
    ];
    for stream in cases {
        let err = stream.records().unwrap_err();
        assert_eq!(err.error_type(), ErrorType::GenericFailure);
    }
    assert_eq!(records.requests(), 0);
}

#[tokio::test]
async fn a_record_limit_of_zero_streams_nothing() {
    let client = records_client(Records::new(500, 0)).await;
    let stream = client
        .stream("/records", Pagination::LinkHeader)
        .record_limit(Some(0));
    assert_eq!(count(stream).await, 0);
}

#[tokio::test]
async fn the_record_limit_is_capped_at_5000_times_the_page_limit() {
    let records = Records::new(20_000, 0);
    let client = records_client(records.clone()).await;
    let stream = client
        .stream("/records", Pagination::LinkHeader)
        .query("limit", "1")
        .record_limit(Some(10_000));
    assert_eq!(count(stream).await, 5000);
    assert_eq!(records.requests(), 5000);
}

#[tokio::test]
async fn a_record_limit_can_end_mid_page() {
    let records = Records::new(1000, 0);
    let client = records_client(records.clone()).await;
    let stream = client
        .stream("/records", Pagination::LinkHeader)
        .record_limit(Some(250));
    let summary = stream
        .for_each_with_state(Vec::new(), |ids, record| {
            ids.push(record["id"].as_u64().unwrap())
        })
        .await
        .unwrap();
    assert_eq!(summary.records_streamed, 250);
    assert_eq!(summary.state, (0..250).collect::<Vec<_>>());
    assert_eq!(records.requests(), 2);
}

#[tokio::test]
async fn no_record_limit_streams_everything() {
    let client = records_client(Records::new(1234, 0)).await;
    let stream = client
        .stream("/records", Pagination::LinkHeader)
        .page_limit(100);
    assert_eq!(count(stream).await, 1234);
}

#[tokio::test]
async fn a_non_paginating_endpoint_streams_exactly_one_record() {
    let records = Records::new(10, 0);
    let client = records_client(records).await;
    for (pagination, limit) in [
        (Pagination::LinkHeader, None),
        (Pagination::LinkHeader, Some(0)),
        (Pagination::None, Some(5)),
    ] {
        let summary = client
            .stream("/single", pagination)
            .record_limit(limit)
            .for_each_with_state(Vec::new(), |all, record| all.push(record))
            .await
            .unwrap();
        assert_eq!(summary.records_streamed, 1);
        assert_eq!(summary.state, [json!({"id": "only", "status": "ok"})]);
    }
    // Pagination::None takes even an array whole.
    let summary = client
        .stream_with_state("/records", Pagination::None, 0, |n, record| {
            *n += record.as_array().map_or(0, Vec::len)
        })
        .await
        .unwrap();
    assert_eq!((summary.records_streamed, summary.state), (1, 10));
}

#[tokio::test]
async fn records_come_as_an_async_stream_with_a_count() {
    let client = records_client(Records::new(450, 0)).await;
    let mut stream = client
        .stream("/records", Pagination::LinkHeader)
        .records()
        .unwrap();
    let mut seen = 0;
    while let Some(record) = stream.next().await {
        assert_eq!(record.unwrap()["id"], seen);
        seen += 1;
    }
    assert_eq!(stream.records_streamed(), 450);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let base = serve(Router::new().route(
        "/records",
        get(|Query(q): Query<HashMap<String, String>>| async move {
            if q.contains_key("after") {
                (StatusCode::NOT_FOUND, Json(json!({"errorSummary": "gone"}))).into_response()
            } else {
                (
                    [(header::LINK, "</records?after=2>; rel=\"next\"")],
                    Json(json!([{"id": 0}, {"id": 1}])),
                )
                    .into_response()
            }
        }),
    ))
    .await;
    let client = client(&base, fast_config());
    let mut stream = client
        .stream("/records", Pagination::LinkHeader)
        .records()
        .unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    let err = stream.next().await.unwrap().unwrap_err();
    assert_eq!(err.error_type(), ErrorType::ResourceNotFound);
    assert!(stream.next().await.is_none());
    assert_eq!(stream.records_streamed(), 2);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_not_followed() {
    let base = serve(Router::new().route(
        "/records",
        get(|| async {
            (
                [(
                    header::LINK,
                    "<https://evil.example/records?after=1>; rel=\"next\"",
                )],
                Json(json!([{"id": 0}])),
            )
        }),
    ))
    .await;
    let client = client(&base, fast_config());
    let err = client
        .stream("/records", Pagination::LinkHeader)
        .for_each_with_state((), |_, _| {})
        .await
        .unwrap_err();
    assert!(err.summary().contains("origin"), "{err}");
}

/// Ten records `{"n": i}`, served in several styles; records `limit` per page (default 3).
fn slice(start: usize, limit: usize) -> Vec<Value> {
    (start..(start + limit).min(10))
        .map(|n| json!({"n": n}))
        .collect()
}

async fn styles_server() -> String {
    let limit = |q: &HashMap<String, String>, name: &str| {
        q.get(name)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(3)
    };
    serve(
        Router::new()
            .route(
                "/cursor",
                get(move |Query(q): Query<HashMap<String, String>>| async move {
                    let start = q
                        .get("cursor")
                        .and_then(|c| c.strip_prefix("c-"))
                        .map_or(0, |c| c.parse().unwrap());
                    let page = slice(start, limit(&q, "limit"));
                    let next = start + page.len();
                    let cursor = if next < 10 {
                        json!(format!("c-{next}"))
                    } else {
                        json!("")
                    };
                    Json(json!({"data": {"items": page}, "meta": {"nextCursor": cursor}}))
                }),
            )
            .route(
                "/offset",
                get(move |Query(q): Query<HashMap<String, String>>| async move {
                    let start = q["start"].parse().unwrap();
                    Json(json!({"results": slice(start, limit(&q, "count"))}))
                }),
            )
            .route(
                "/pages",
                get(move |Query(q): Query<HashMap<String, String>>| async move {
                    let page: usize = q["page"].parse().unwrap();
                    let per = limit(&q, "per_page");
                    Json(json!({"items": slice((page - 1) * per, per)}))
                }),
            ),
    )
    .await
}

async fn ns(client: &VendorClient, url: &str, pagination: Pagination) -> Vec<u64> {
    let summary = client
        .stream(url, pagination)
        .page_limit(3)
        .for_each_with_state(Vec::new(), |ns, record| {
            ns.push(record["n"].as_u64().unwrap())
        })
        .await
        .unwrap();
    assert_eq!(summary.records_streamed, summary.state.len() as u64);
    summary.state
}

#[tokio::test]
async fn body_cursor_offset_limit_and_page_number_styles() {
    let client = client(&styles_server().await, fast_config());
    let all: Vec<u64> = (0..10).collect();
    let cursor = Pagination::BodyCursor {
        items: "/data/items".into(),
        cursor: "/meta/nextCursor".into(),
        param: "cursor".into(),
    };
    assert_eq!(ns(&client, "/cursor", cursor).await, all);
    let offset = Pagination::OffsetLimit {
        items: "results".into(),
        offset_param: "start".into(),
        limit_param: "count".into(),
    };
    assert_eq!(ns(&client, "/offset", offset).await, all);
    let pages = Pagination::PageNumber {
        items: "items".into(),
        page_param: "page".into(),
        size_param: "per_page".into(),
        first_page: 1,
    };
    assert_eq!(ns(&client, "/pages", pages).await, all);
}

/// `total` people served at most `cap` a page whatever size is asked, by page number (`page`,
/// `per_page`) and by offset (`start`, `count`); counts its requests.
async fn capped_server(cap: usize, total: usize, requests: Arc<AtomicUsize>) -> String {
    let people = move |start: usize, asked: usize| -> Vec<Value> {
        (start..(start + asked.min(cap)).min(total))
            .map(|n| json!({"n": n}))
            .collect()
    };
    let number = |q: &HashMap<String, String>, name: &str| -> usize { q[name].parse().unwrap() };
    let (pages, offsets) = (requests.clone(), requests);
    serve(
        Router::new()
            .route(
                "/people",
                get(move |Query(q): Query<HashMap<String, String>>| async move {
                    pages.fetch_add(1, Ordering::SeqCst);
                    let per = number(&q, "per_page");
                    let start = (number(&q, "page") - 1) * cap.min(per);
                    Json(json!({"people": people(start, per)}))
                }),
            )
            .route(
                "/offset",
                get(move |Query(q): Query<HashMap<String, String>>| async move {
                    offsets.fetch_add(1, Ordering::SeqCst);
                    Json(json!({"results": people(number(&q, "start"), number(&q, "count"))}))
                }),
            ),
    )
    .await
}

fn people_by_page() -> Pagination {
    Pagination::PageNumber {
        items: "people".into(),
        page_param: "page".into(),
        size_param: "per_page".into(),
        first_page: 1,
    }
}

/// The numbers streamed from `path` at `page_limit`, and the requests it took.
async fn walk(
    server: (usize, usize),
    path: &str,
    pagination: Pagination,
    page_limit: u64,
) -> (Vec<u64>, usize) {
    let requests = Arc::new(AtomicUsize::new(0));
    let (cap, total) = server;
    let client = client(
        &capped_server(cap, total, requests.clone()).await,
        fast_config(),
    );
    let summary = client
        .stream(path, pagination)
        .page_limit(page_limit)
        .for_each_with_state(Vec::new(), |ns, record| {
            ns.push(record["n"].as_u64().unwrap())
        })
        .await
        .unwrap();
    (summary.state, requests.load(Ordering::SeqCst))
}

#[tokio::test]
async fn a_vendor_serving_fewer_records_a_page_than_asked_is_read_to_the_end() {
    let offsets = Pagination::OffsetLimit {
        items: "results".into(),
        offset_param: "start".into(),
        limit_param: "count".into(),
    };
    for (path, pagination) in [("/people", people_by_page()), ("/offset", offsets)] {
        let (ns, requests) = walk((50, 470), path, pagination, 100).await;
        assert_eq!(ns, (0..470).collect::<Vec<_>>(), "{path}");
        // Ten pages of 50, the last of 20: the vendor's own size is learnt from its pages.
        assert_eq!(requests, 10, "{path}");
    }
}

#[tokio::test]
async fn only_a_short_first_page_costs_a_request_more() {
    // 30 people in a first page asked for 100: the second page, empty, ends the stream.
    let (ns, requests) = walk((500, 30), "/people", people_by_page(), 100).await;
    assert_eq!((ns.len(), requests), (30, 2));
    // Pages as asked: the short third one is the last.
    let (ns, requests) = walk((500, 470), "/people", people_by_page(), 200).await;
    assert_eq!((ns.len(), requests), (470, 3));
}

#[tokio::test]
async fn a_vendor_ignoring_the_page_parameter_is_an_error_not_an_endless_stream() {
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    let base = serve(Router::new().route(
        "/people",
        get(move || async move {
            counted.fetch_add(1, Ordering::SeqCst);
            Json(json!({"people": (0..30).map(|n| json!({"n": n})).collect::<Vec<_>>()}))
        }),
    ))
    .await;
    let error = client(&base, fast_config())
        .stream("/people", people_by_page())
        .page_limit(100)
        .for_each_with_state(0_u64, |n, _| *n += 1)
        .await
        .unwrap_err();
    assert!(
        error
            .summary()
            .contains("the vendor answered the same records as the page before: it ignores `page`"),
        "{}",
        error.summary()
    );
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_stream_reads_at_most_max_pages_pages_however_short() {
    // One record a page while two are asked: the record cap (5000 × 2) is never reached.
    let (ns, requests) = walk((1, 20_000), "/people", people_by_page(), 2).await;
    assert_eq!((ns.len(), requests), (5000, 5000));
}
