//! The baseline of the adapter benchmark: what a vendor would write by hand without the SDK's
//! adapter — an axum route per action that reads the tenant's headers, makes the same Acme call
//! with the same tenant-bound vendor client (`VendorConnector`, so the same connection pool,
//! retries and rate-limit handling), applies the same mapping (`acme_integration::user_to_scim`)
//! and writes the same contract output. What it leaves out is what the SDK adds: the action
//! table lookup, content-type and tenant-variable checks, input and output contract validation,
//! the request id, the timeout, panic catching and tracing spans. Its answers are checked to be
//! the same JSON as the SDK's before anything is measured (see `adapter::check_same_answers`).

use std::sync::Arc;

use acme_integration::{AcmeUser, user_to_scim};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use okta_actions::ActionError;
use okta_actions::auth::TenantContext;
use okta_actions::client::{VendorClient, VendorConnector, VendorError};
use okta_actions::contracts::{
    ActionResponse, GetUserByIdInput, GetUserByIdOutput, ListUsersInput, ListUsersOutput,
    PaginationResponse,
};
use serde::Deserialize;

use crate::Result;
use crate::children::announce;

/// Acme's largest page, which the integration's `ListUsers` also caps Okta's limit at.
const ACME_MAX_PAGE_SIZE: i64 = 100;
/// Okta's page size when it names none.
const OKTA_DEFAULT_LIMIT: i64 = 200;

/// A page of Acme users, as the hand-written route reads it.
#[derive(Debug, Deserialize)]
struct UserPage {
    data: Vec<AcmeUser>,
    #[serde(default)]
    next_cursor: Option<String>,
}

/// Serves the hand-written routes for the Acme vendor at `vendor` until killed.
pub(crate) async fn serve(vendor: &str) -> Result<()> {
    // The very connector the SDK path uses: the integration's, with its config.
    let connector = acme_integration::integration()
        .with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}/v1"))
        .connector()
        .cloned()
        .ok_or("the acme integration has no vendor connector")?;
    let router = Router::new()
        .route("/actions/GetUserById", post(get_user_by_id))
        .route("/actions/ListUsers", post(list_users))
        .with_state(Arc::new(connector));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    announce(&format!("http://{}", listener.local_addr()?))?;
    axum::serve(listener, router).await?;
    Ok(())
}

/// The tenant's client from the thin flow's headers.
fn client(connector: &VendorConnector, headers: &HeaderMap) -> Result<VendorClient, VendorError> {
    let tenant = TenantContext::from_headers(
        headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
    );
    connector.connect(&tenant)
}

/// A failed action, as a hand-written route would answer it.
fn failed(error: ActionError) -> Response {
    let body = ActionResponse::<()>::failed(vec![error.to_execution_error("handwritten")]);
    (StatusCode::OK, Json(body)).into_response()
}

/// `GET /users/{id}`, mapped to a SCIM user.
async fn get_user_by_id(
    State(connector): State<Arc<VendorConnector>>,
    headers: HeaderMap,
    Json(input): Json<GetUserByIdInput>,
) -> Response {
    let client = match client(&connector, &headers) {
        Ok(client) => client,
        Err(err) => return failed(err.into()),
    };
    let path = format!("/users/{}", segment(&input.user_id));
    match client.get(&path).send_json::<AcmeUser>().await {
        Ok(user) => Json(ActionResponse::succeeded(GetUserByIdOutput {
            user: user_to_scim(user),
        }))
        .into_response(),
        Err(err) => failed(err.into()),
    }
}

/// `GET /users?page_size=&cursor=`, each user mapped to a SCIM user; Okta's limit is capped at
/// Acme's 100 exactly as the integration's `ListUsers` does.
async fn list_users(
    State(connector): State<Arc<VendorConnector>>,
    headers: HeaderMap,
    Json(input): Json<ListUsersInput>,
) -> Response {
    let client = match client(&connector, &headers) {
        Ok(client) => client,
        Err(err) => return failed(err.into()),
    };
    let pagination = input.pagination.unwrap_or_default();
    let size = pagination
        .limit
        .unwrap_or(OKTA_DEFAULT_LIMIT)
        .clamp(1, ACME_MAX_PAGE_SIZE);
    let mut request = client.get("/users").query("page_size", &size.to_string());
    if let Some(cursor) = pagination.cursor.as_deref().filter(|c| !c.is_empty()) {
        request = request.query("cursor", cursor);
    }
    match request.send_json::<UserPage>().await {
        Ok(page) => Json(ActionResponse::succeeded(ListUsersOutput {
            resources: page.data.into_iter().map(user_to_scim).collect(),
            pagination: Some(PaginationResponse::next(page.next_cursor)),
        }))
        .into_response(),
        Err(err) => failed(err.into()),
    }
}

/// A value as one URL path segment (unreserved characters kept, the rest percent-encoded).
fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
