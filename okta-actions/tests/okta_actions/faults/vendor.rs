//! The real vendor behind the fault proxy: thousands of people and teams paged by cursor, and
//! writes counted per target, so the tests can tell how often the vendor acted.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, patch, post};
use serde_json::{Value, json};

use crate::client::support::serve;

/// The API key the vendor accepts; it must never appear in an answer.
pub(crate) const KEY: &str = "fault-key-5e1b9c";
/// People and teams the vendor holds.
pub(crate) const RECORDS: usize = 3_000;
/// The vendor's largest page.
const PAGE_MAX: usize = 100;

/// Writes the vendor acted on, by `METHOD target` (e.g. `POST ada@x`).
#[derive(Clone, Default)]
pub(crate) struct Writes(Arc<Mutex<BTreeMap<String, usize>>>);

impl Writes {
    fn record(&self, key: String) -> usize {
        let mut writes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let count = writes.entry(key).or_default();
        *count += 1;
        *count
    }

    /// How often the vendor acted on `key`.
    pub(crate) fn count(&self, key: &str) -> usize {
        let writes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        writes.get(key).copied().unwrap_or(0)
    }
}

/// A running vendor.
pub(crate) struct Vendor {
    pub(crate) url: String,
    pub(crate) writes: Writes,
}

type Refusal = (StatusCode, Json<Value>);

fn authorized(headers: &HeaderMap) -> Result<(), Refusal> {
    match headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        Some(KEY) => Ok(()),
        _ => Err((
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "bad key"})),
        )),
    }
}

/// One page of `kind` (`p` people, `t` teams) from the cursor (an offset) in the query.
fn page(kind: &str, query: &HashMap<String, String>) -> Json<Value> {
    let start: usize = query
        .get("cursor")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let limit: usize = query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(PAGE_MAX)
        .clamp(1, PAGE_MAX);
    let end = (start + limit).min(RECORDS);
    let data: Vec<Value> = (start..end)
        .map(|i| json!({"id": format!("{kind}{i}"), "login": format!("{kind}{i}@vendor.example")}))
        .collect();
    let next = (end < RECORDS).then(|| end.to_string());
    Json(json!({"data": data, "next_cursor": next}))
}

/// Starts the vendor on loopback; tenant `acme` lives under `/t/acme`.
pub(crate) async fn start() -> Vendor {
    let writes = Writes::default();
    let router = axum::Router::new()
        .route(
            "/t/acme/people",
            get(
                |headers: HeaderMap, Query(query): Query<HashMap<String, String>>| async move {
                    authorized(&headers).map(|()| page("p", &query))
                },
            ),
        )
        .route(
            "/t/acme/teams",
            get(
                |headers: HeaderMap, Query(query): Query<HashMap<String, String>>| async move {
                    authorized(&headers).map(|()| page("t", &query))
                },
            ),
        )
        .route(
            "/t/acme/people/{id}",
            get(|headers: HeaderMap, Path(id): Path<String>| async move {
                authorized(&headers)?;
                Ok::<_, Refusal>(Json(json!({"id": id, "login": format!("{id}@vendor.example")})))
            }),
        )
        .route(
            "/t/acme/members",
            post(
                |State(writes): State<Writes>, headers: HeaderMap, Json(body): Json<Value>| async move {
                    authorized(&headers)?;
                    let email = body["email"].as_str().unwrap_or_default().to_owned();
                    let n = writes.record(format!("POST {email}"));
                    Ok::<_, Refusal>((
                        StatusCode::CREATED,
                        Json(json!({"id": format!("m-{email}-{n}"), "login": email})),
                    ))
                },
            ),
        )
        .route(
            "/t/acme/members/{id}",
            patch(
                |State(writes): State<Writes>,
                 headers: HeaderMap,
                 Path(id): Path<String>,
                 Json(body): Json<Value>| async move {
                    authorized(&headers)?;
                    writes.record(format!("PATCH {id}"));
                    let login = body["email"].as_str().unwrap_or_default();
                    Ok::<_, Refusal>(Json(json!({"id": id, "login": login})))
                },
            ),
        )
        .with_state(writes.clone());
    Vendor {
        url: serve(router).await,
        writes,
    }
}
