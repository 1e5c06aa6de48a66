//! Globex: a small directory API that knows nothing of Okta, for the second example
//! integration. Its conventions differ from Acme's on purpose:
//!
//! - tenants are path segments: `/{tenant}/api/…`;
//! - `Authorization: Bearer <token>` (tenant `demo`: [`DEMO_TOKEN`]); anything else is a 401;
//! - integer ids;
//! - lists page by offset: `?offset=&limit=` (limit at most [`MAX_LIMIT`], default 25), answered
//!   `{"results": [...], "total": N}`;
//! - `GET /people?email=` searches by email (case-insensitive);
//! - `GET /fields` lists the person attributes at once.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// The demo tenant.
pub const DEMO_TENANT: &str = "demo";
/// The demo tenant's API token.
pub const DEMO_TOKEN: &str = "globex-demo-token";
/// The largest page Globex serves.
pub const MAX_LIMIT: usize = 50;

/// The demo data: people and departments.
#[derive(Debug, Clone)]
pub struct GlobexVendor {
    people: Arc<Vec<Value>>,
    departments: Arc<Vec<Value>>,
}

impl GlobexVendor {
    /// Tenant `demo` with `people` people and 7 departments.
    pub fn demo(people: usize) -> Self {
        let first = ["Hank", "Frank", "Mindy", "Homer", "Lana", "Otto", "Patty"];
        let last = [
            "Scorpio", "Grimes", "Simmons", "Lopez", "Kim", "Nguyen", "Berg",
        ];
        let people = (1..=people)
            .map(|id| {
                let (f, l) = (first[id % first.len()], last[(id / 3) % last.len()]);
                json!({
                    "id": id,
                    "email": format!("{}.{}{id}@globex.example", f.to_lowercase(), l.to_lowercase()),
                    "first_name": f,
                    "last_name": l,
                    "active": id % 11 != 0,
                })
            })
            .collect();
        let departments = [
            "Research", "Sales", "Legal", "Doom", "Support", "Finance", "Ops",
        ]
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": 100 + i, "name": name}))
        .collect();
        GlobexVendor {
            people: Arc::new(people),
            departments: Arc::new(departments),
        }
    }

    /// The API as an axum router.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/{tenant}/api/me", get(me))
            .route("/{tenant}/api/people", get(people))
            .route("/{tenant}/api/people/{id}", get(person))
            .route("/{tenant}/api/departments", get(departments))
            .route("/{tenant}/api/departments/{id}", get(department))
            .route("/{tenant}/api/fields", get(fields))
            .with_state(self.clone())
    }

    /// Serves the API on `addr` until the returned handle is dropped.
    ///
    /// # Errors
    /// The address could not be bound.
    pub async fn spawn(&self, addr: &str) -> std::io::Result<RunningVendor> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let router = self.router();
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(RunningVendor { addr, _stop: stop })
    }
}

/// A running Globex API; it stops when dropped.
#[derive(Debug)]
pub struct RunningVendor {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl RunningVendor {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

type Q = Query<std::collections::HashMap<String, String>>;

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

/// The 401 of a request without the tenant's token, or `None` when it carries it.
fn unauthorized(tenant: &str, headers: &HeaderMap) -> Option<Response> {
    let expected = format!("Bearer {DEMO_TOKEN}");
    let token = headers.get("authorization").and_then(|v| v.to_str().ok());
    (tenant != DEMO_TENANT || token != Some(expected.as_str())).then(|| {
        error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required",
        )
    })
}

fn page(all: Vec<Value>, q: &Q) -> Response {
    let number = |name: &str, default: usize| {
        q.get(name)
            .map_or(Some(default), |v| v.parse::<usize>().ok())
    };
    let (Some(offset), Some(limit)) = (number("offset", 0), number("limit", 25)) else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "offset and limit are whole numbers",
        );
    };
    let limit = limit.clamp(1, MAX_LIMIT);
    let total = all.len();
    let results: Vec<Value> = all.into_iter().skip(offset).take(limit).collect();
    Json(json!({"results": results, "total": total})).into_response()
}

async fn me(Path(tenant): Path<String>, headers: HeaderMap) -> Response {
    unauthorized(&tenant, &headers)
        .unwrap_or_else(|| Json(json!({"tenant": tenant})).into_response())
}

async fn people(
    State(v): State<GlobexVendor>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    q: Q,
) -> Response {
    if let Some(e) = unauthorized(&tenant, &headers) {
        return e;
    }
    let email = q.get("email").map(|e| e.to_lowercase());
    let all = v
        .people
        .iter()
        .filter(|p| {
            email
                .as_ref()
                .is_none_or(|e| p["email"].as_str() == Some(e.as_str()))
        })
        .cloned()
        .collect();
    page(all, &q)
}

async fn person(
    State(v): State<GlobexVendor>,
    Path((tenant, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(e) = unauthorized(&tenant, &headers) {
        return e;
    }
    by_id(&v.people, &id, "person")
}

/// The record whose integer `id` is `id`, or Globex's 404.
fn by_id(records: &[Value], id: &str, what: &str) -> Response {
    match records
        .iter()
        .find(|r| id.parse::<u64>().is_ok_and(|id| r["id"] == id))
    {
        Some(record) => Json(record.clone()).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("no {what} {id}"),
        ),
    }
}

async fn departments(
    State(v): State<GlobexVendor>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    q: Q,
) -> Response {
    if let Some(e) = unauthorized(&tenant, &headers) {
        return e;
    }
    page(v.departments.to_vec(), &q)
}

async fn department(
    State(v): State<GlobexVendor>,
    Path((tenant, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(e) = unauthorized(&tenant, &headers) {
        return e;
    }
    by_id(&v.departments, &id, "department")
}

async fn fields(Path(tenant): Path<String>, headers: HeaderMap) -> Response {
    if let Some(e) = unauthorized(&tenant, &headers) {
        return e;
    }
    Json(json!({"fields": [
        {"key": "email", "label": "Email", "kind": "email"},
        {"key": "first_name", "label": "First name", "kind": "text"},
        {"key": "last_name", "label": "Last name", "kind": "text"},
    ]}))
    .into_response()
}
