//! The user and group flow's user steps: create, update profile, activate, deactivate, look up, list (streamed).

use futures::StreamExt as _;
use okta_actions::client::{HttpMethod, Pagination, StreamSummary};
use okta_actions::contracts::Secret;
use serde_json::{Value, json};

use super::model::{NewUser, OneTimeLinks, ProfileUpdate, User};
use super::{
    ACTIVATE_USER, CREATE_USER, DEACTIVATE_USER, FlowError, LIST_USERS, LOOKUP_USER, Step,
    UPDATE_USER_PROFILE, segment,
};
use crate::connection::OktaConnection;

/// Creates a user: `POST /api/v1/users?activate=` with the profile. Okta answers E0000001 when
/// a required attribute is missing or the login is taken. Never repeated implicitly (POST).
pub async fn create_user(conn: &OktaConnection, user: &NewUser) -> Result<User, FlowError> {
    conn.authorize(&CREATE_USER)?;
    let step = Step::new(
        conn,
        &CREATE_USER,
        HttpMethod::Post,
        "/api/v1/users".to_owned(),
    );
    step.request()
        .query("activate", if user.activate { "true" } else { "false" })
        .json(&json!({"profile": user.profile}))
        .send_json()
        .await
        .map_err(|err| step.fail(err))
}

/// Updates some profile attributes: `POST /api/v1/users/{id}` (Okta's partial update; the
/// attributes not named keep their values).
pub async fn update_user_profile(
    conn: &OktaConnection,
    user_id: &str,
    update: &ProfileUpdate,
) -> Result<User, FlowError> {
    conn.authorize(&UPDATE_USER_PROFILE)?;
    let step = Step::new(
        conn,
        &UPDATE_USER_PROFILE,
        HttpMethod::Post,
        format!("/api/v1/users/{}", segment(user_id)),
    );
    step.request()
        .json(&json!({"profile": update.changes()}))
        .send_json()
        .await
        .map_err(|err| step.fail(err))
}

/// The result of activating a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    /// Okta emailed the activation link to the user.
    pub emailed: bool,
    /// The one-time activation link, when not emailed (`Debug` hides it).
    pub activation_url: Option<Secret>,
}

/// Activates a STAGED or DEPROVISIONED user:
/// `POST /api/v1/users/{id}/lifecycle/activate?sendEmail=` (no body, so `Content-Length: 0`).
/// An already active user is Okta's E0000016.
pub async fn activate_user(
    conn: &OktaConnection,
    user_id: &str,
    send_email: bool,
) -> Result<Activation, FlowError> {
    conn.authorize(&ACTIVATE_USER)?;
    let step = Step::new(
        conn,
        &ACTIVATE_USER,
        HttpMethod::Post,
        format!("/api/v1/users/{}/lifecycle/activate", segment(user_id)),
    );
    let links: Option<OneTimeLinks> = step
        .request()
        .query("sendEmail", if send_email { "true" } else { "false" })
        .send_json()
        .await
        .map_err(|err| step.fail(err))?;
    Ok(Activation {
        emailed: send_email,
        activation_url: links.and_then(|links| links.activation_url),
    })
}

/// Deactivates a user: `POST /api/v1/users/{id}/lifecycle/deactivate` (no body).
pub async fn deactivate_user(conn: &OktaConnection, user_id: &str) -> Result<(), FlowError> {
    conn.authorize(&DEACTIVATE_USER)?;
    let step = Step::new(
        conn,
        &DEACTIVATE_USER,
        HttpMethod::Post,
        format!("/api/v1/users/{}/lifecycle/deactivate", segment(user_id)),
    );
    step.request()
        .send()
        .await
        .and_then(|response| response.error_for_status())
        .map(|_| ())
        .map_err(|err| step.fail(err))
}

/// Looks a user up by id or login: `GET /api/v1/users/{idOrLogin}`. `None` when Okta answers
/// E0000007 (not found); other errors are errors.
pub async fn lookup_user(
    conn: &OktaConnection,
    id_or_login: &str,
) -> Result<Option<User>, FlowError> {
    conn.authorize(&LOOKUP_USER)?;
    let step = Step::new(
        conn,
        &LOOKUP_USER,
        HttpMethod::Get,
        format!("/api/v1/users/{}", segment(id_or_login)),
    );
    get_optional(&step).await
}

/// GETs one object; a 404 is `None`.
pub(crate) async fn get_optional<T: serde::de::DeserializeOwned>(
    step: &Step<'_>,
) -> Result<Option<T>, FlowError> {
    let response = step.request().send().await.map_err(|err| step.fail(err))?;
    if response.status == 404 {
        return Ok(None);
    }
    let response = response.error_for_status().map_err(|err| step.fail(err))?;
    serde_json::from_value(response.body)
        .map(Some)
        .map_err(|err| step.unexpected(err.to_string()))
}

/// How to list users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUsers {
    /// The page size (`limit`, 1..=200; Okta's default and maximum is 200).
    pub page_limit: u64,
    /// The most users to stream (`None`: all, up to the card's 1,000,000).
    pub record_limit: Option<i64>,
    /// An Okta `search` expression, e.g. `profile.role eq "Support"`.
    pub search: Option<String>,
}

impl Default for ListUsers {
    fn default() -> Self {
        ListUsers {
            page_limit: 200,
            record_limit: None,
            search: None,
        }
    }
}

/// Streams users page by page (`GET /api/v1/users?limit=`, then each `Link: <…>; rel="next"`)
/// into `f` with a caller-supplied state, one page in memory at a time; returns the state and
/// the number streamed. GETs are retried on 429 after the rate-limit reset.
pub async fn list_users<S, F>(
    conn: &OktaConnection,
    options: &ListUsers,
    state: S,
    mut f: F,
) -> Result<StreamSummary<S>, FlowError>
where
    F: FnMut(&mut S, User),
{
    conn.authorize(&LIST_USERS)?;
    let step = Step::new(
        conn,
        &LIST_USERS,
        HttpMethod::Get,
        "/api/v1/users".to_owned(),
    );
    let mut request = conn
        .client()
        .stream("/api/v1/users", Pagination::LinkHeader)
        .page_limit(options.page_limit)
        .record_limit(options.record_limit);
    if let Some(search) = &options.search {
        request = request.query("search", search);
    }
    let mut records = request.records().map_err(|err| step.fail(err))?;
    let mut state = state;
    while let Some(record) = records.next().await {
        let record: Value = record.map_err(|err| step.fail(err))?;
        let user = serde_json::from_value(record)
            .map_err(|err| step.unexpected(format!("a listed user is not a user: {err}")))?;
        f(&mut state, user);
    }
    Ok(StreamSummary {
        state,
        records_streamed: records.records_streamed(),
    })
}
