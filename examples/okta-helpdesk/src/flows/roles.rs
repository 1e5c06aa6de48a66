//! The role flow: a user created with `role = Support` gets the `HELP_DESK_ADMIN` admin role through
//! a Custom API Action call, `POST /api/v1/users/{id}/roles`.

use std::fmt;

use okta_actions::client::HttpMethod;
use serde_json::json;

use super::model::{AdminRole, AssignedRole, User};
use super::{
    ASSIGN_ADMIN_ROLE, Flow, FlowError, LIST_ADMIN_ROLES, SUPPORT_ROLE_ON_USER_CREATED, Step,
    segment,
};
use crate::connection::OktaConnection;

/// What assigning an admin role did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleAssignment {
    /// Okta assigned the role (201).
    Assigned(AssignedRole),
    /// The user already had the role: Okta answered 409 E0000090 and nothing changed.
    AlreadyAssigned {
        /// The role.
        role: AdminRole,
        /// Okta's `errorCode` (`E0000090`).
        error_code: String,
        /// Okta's `errorSummary`.
        summary: String,
    },
}

impl fmt::Display for RoleAssignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleAssignment::Assigned(role) => write!(
                f,
                "{} assigned ({}, assignment {})",
                role.role_type,
                role.label.as_deref().unwrap_or("admin role"),
                role.id
            ),
            RoleAssignment::AlreadyAssigned {
                role,
                error_code,
                summary,
            } => write!(
                f,
                "{} was already assigned (Okta {error_code}: {summary}); nothing changed",
                role.as_str()
            ),
        }
    }
}

/// What the "user created" flow did.
#[derive(Debug, Clone, PartialEq)]
pub enum SupportRoleOutcome {
    /// The user's `role` is not `Support`: no role request was sent.
    NotSupport {
        /// The user as read.
        user: User,
    },
    /// The user is support staff: the role request was sent once.
    Support {
        /// The user as read.
        user: User,
        /// What the role request did.
        assignment: RoleAssignment,
    },
}

/// Assigns an admin role: `POST /api/v1/users/{id}/roles` `{"type": "HELP_DESK_ADMIN"}` → 201.
///
/// Idempotent-safe: the POST is sent once and never repeated implicitly (a timeout, 5xx or 429
/// is an error flagged [`FlowError::not_repeated`]); a role the user already has is
/// [`RoleAssignment::AlreadyAssigned`] (409 E0000090), not a failure.
pub async fn assign_admin_role(
    conn: &OktaConnection,
    user_id: &str,
    role: AdminRole,
) -> Result<RoleAssignment, FlowError> {
    conn.authorize(&ASSIGN_ADMIN_ROLE)?;
    post_role(conn, &ASSIGN_ADMIN_ROLE, user_id, role).await
}

async fn post_role(
    conn: &OktaConnection,
    flow: &'static Flow,
    user_id: &str,
    role: AdminRole,
) -> Result<RoleAssignment, FlowError> {
    let step = Step::new(
        conn,
        flow,
        HttpMethod::Post,
        format!("/api/v1/users/{}/roles", segment(user_id)),
    );
    let response = step
        .request()
        .json(&json!({"type": role.as_str()}))
        .send()
        .await
        .map_err(|err| step.fail(err))?;
    match response.error_for_status() {
        Ok(response) => serde_json::from_value(response.body)
            .map(RoleAssignment::Assigned)
            .map_err(|err| step.unexpected(format!("the role assignment is unreadable: {err}"))),
        Err(err) if err.code() == Some("E0000090") || err.http_status() == Some(409) => {
            Ok(RoleAssignment::AlreadyAssigned {
                role,
                error_code: err.code().unwrap_or("HTTP 409").to_owned(),
                summary: err.summary().to_owned(),
            })
        }
        Err(err) => Err(step.fail(err)),
    }
}

/// Lists a user's admin roles: `GET /api/v1/users/{id}/roles`.
pub async fn list_admin_roles(
    conn: &OktaConnection,
    user_id: &str,
) -> Result<Vec<AssignedRole>, FlowError> {
    conn.authorize(&LIST_ADMIN_ROLES)?;
    let step = Step::new(
        conn,
        &LIST_ADMIN_ROLES,
        HttpMethod::Get,
        format!("/api/v1/users/{}/roles", segment(user_id)),
    );
    step.request()
        .send_json()
        .await
        .map_err(|err| step.fail(err))
}

/// The role flow, run when Okta reports a created user: reads the user
/// (`GET /api/v1/users/{id}`) and, when its `role` attribute is `Support`, assigns
/// `HELP_DESK_ADMIN` once through [`assign_admin_role`]'s call. Both scopes are checked before
/// the first request, so a connection without `okta.roles.manage` fails before reading anyone.
pub async fn support_role_on_user_created(
    conn: &OktaConnection,
    user_id: &str,
) -> Result<SupportRoleOutcome, FlowError> {
    let flow = &SUPPORT_ROLE_ON_USER_CREATED;
    conn.authorize(flow)?;
    let step = Step::new(
        conn,
        flow,
        HttpMethod::Get,
        format!("/api/v1/users/{}", segment(user_id)),
    );
    let user: User = step
        .request()
        .send_json()
        .await
        .map_err(|err| step.fail(err))?;
    if !user.is_support() {
        return Ok(SupportRoleOutcome::NotSupport { user });
    }
    let assignment = post_role(conn, flow, &user.id, AdminRole::HelpDeskAdmin).await?;
    Ok(SupportRoleOutcome::Support { user, assignment })
}
