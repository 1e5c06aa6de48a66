//! The help-desk flows with Okta as the vendor: each a typed async fn over an
//! [`OktaConnection`], each declaring the OAuth scopes it needs ([`Flow::scopes`]) and checking
//! them before it sends anything.
//!
//! | flow | seed step | scopes |
//! |---|---|---|
//! | [`support_role_on_user_created`] | 003: user created with `role = Support` → `HELP_DESK_ADMIN` | `okta.users.read`, `okta.roles.manage` |
//! | [`assign_admin_role`] | 003: the Custom API Action `POST /api/v1/users/{id}/roles` | `okta.roles.manage` |
//! | [`list_admin_roles`] | 003: check the Administrators list | `okta.roles.read` |
//! | [`recover_password`] | 000: trigger a password recovery through a Custom API Action | `okta.users.read`, `okta.users.manage` |
//! | [`create_user`], [`update_user_profile`], [`activate_user`], [`deactivate_user`] | 004 | `okta.users.manage` |
//! | [`add_user_to_group`], [`remove_user_from_group`] | 004 | `okta.groups.manage` |
//! | [`lookup_user`], [`list_users`] | 004 | `okta.users.read` |
//! | [`lookup_group`] | 004 | `okta.groups.read` |
//!
//! Requests follow the vendor client's Custom API Action semantics: GET, PUT and DELETE are
//! retried (429 after `X-Rate-Limit-Reset`, 5xx, timeouts); POST never is, so a POST that fails
//! ambiguously is reported ([`FlowError::not_repeated`]) rather than repeated.

mod groups;
mod model;
mod recovery;
mod roles;
mod users;

use std::fmt;

use okta_actions::client::{HttpMethod, VendorError, VendorRequest};
use okta_actions::contracts::ErrorType;

pub use self::groups::{add_user_to_group, lookup_group, remove_user_from_group};
pub use self::model::{
    AdminRole, AssignedRole, Group, GroupProfile, GroupRef, NewUser, ProfileUpdate, ROLE_ATTRIBUTE,
    SUPPORT_ROLE, User, UserProfile, UserRef, UserStatus,
};
pub use self::recovery::{PasswordRecovery, RecoveryMethod, recover_password};
pub use self::roles::{
    RoleAssignment, SupportRoleOutcome, assign_admin_role, list_admin_roles,
    support_role_on_user_created,
};
pub use self::users::{
    Activation, ListUsers, activate_user, create_user, deactivate_user, list_users, lookup_user,
    update_user_profile,
};
use crate::connection::OktaConnection;

/// The Okta Management API scopes the flows use.
pub mod scopes {
    /// Read users.
    pub const USERS_READ: &str = "okta.users.read";
    /// Create, update and run lifecycle operations on users.
    pub const USERS_MANAGE: &str = "okta.users.manage";
    /// Read groups and memberships.
    pub const GROUPS_READ: &str = "okta.groups.read";
    /// Create groups and manage memberships.
    pub const GROUPS_MANAGE: &str = "okta.groups.manage";
    /// Read admin role assignments.
    pub const ROLES_READ: &str = "okta.roles.read";
    /// Assign admin roles.
    pub const ROLES_MANAGE: &str = "okta.roles.manage";
    /// Every scope above: what the demo's service app is granted.
    pub const ALL: [&str; 6] = [
        USERS_READ,
        USERS_MANAGE,
        GROUPS_READ,
        GROUPS_MANAGE,
        ROLES_READ,
        ROLES_MANAGE,
    ];
}

use self::scopes::{
    GROUPS_MANAGE, GROUPS_READ, ROLES_MANAGE, ROLES_READ, USERS_MANAGE, USERS_READ,
};

/// What a flow is: its name, the seed step it implements, the Okta calls it makes and the
/// scopes it needs (checked before any request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    /// The function's name.
    pub name: &'static str,
    /// The seed step it implements.
    pub seed_step: &'static str,
    /// The Okta API calls it makes.
    pub calls: &'static str,
    /// The OAuth scopes it needs.
    pub scopes: &'static [&'static str],
}

/// [`support_role_on_user_created`].
pub const SUPPORT_ROLE_ON_USER_CREATED: Flow = Flow {
    name: "support_role_on_user_created",
    seed_step: "003 Add User to Admin Role: a user created with role = Support becomes HELP_DESK_ADMIN",
    calls: "GET /api/v1/users/{id}; POST /api/v1/users/{id}/roles {\"type\":\"HELP_DESK_ADMIN\"}",
    scopes: &[USERS_READ, ROLES_MANAGE],
};

/// [`assign_admin_role`].
pub const ASSIGN_ADMIN_ROLE: Flow = Flow {
    name: "assign_admin_role",
    seed_step: "003 the Custom API Action card assigning an admin role",
    calls: "POST /api/v1/users/{id}/roles {\"type\":…}",
    scopes: &[ROLES_MANAGE],
};

/// [`list_admin_roles`].
pub const LIST_ADMIN_ROLES: Flow = Flow {
    name: "list_admin_roles",
    seed_step: "003 review Security › Administrators",
    calls: "GET /api/v1/users/{id}/roles",
    scopes: &[ROLES_READ],
};

/// [`recover_password`].
pub const RECOVER_PASSWORD: Flow = Flow {
    name: "recover_password",
    seed_step: "000 trigger a forgot-password recovery through a Custom API Action",
    calls: "GET /api/v1/users/{login} (by login); POST /api/v1/users/{id}/lifecycle/reset_password?sendEmail= \
            or POST /api/v1/users/{id}/credentials/forgot_password?sendEmail=",
    scopes: &[USERS_READ, USERS_MANAGE],
};

/// [`create_user`].
pub const CREATE_USER: Flow = Flow {
    name: "create_user",
    seed_step: "004 Create user",
    calls: "POST /api/v1/users?activate=",
    scopes: &[USERS_MANAGE],
};

/// [`update_user_profile`].
pub const UPDATE_USER_PROFILE: Flow = Flow {
    name: "update_user_profile",
    seed_step: "004 Update user profile",
    calls: "POST /api/v1/users/{id} (partial update)",
    scopes: &[USERS_MANAGE],
};

/// [`activate_user`].
pub const ACTIVATE_USER: Flow = Flow {
    name: "activate_user",
    seed_step: "004 Activate user",
    calls: "POST /api/v1/users/{id}/lifecycle/activate?sendEmail=",
    scopes: &[USERS_MANAGE],
};

/// [`deactivate_user`].
pub const DEACTIVATE_USER: Flow = Flow {
    name: "deactivate_user",
    seed_step: "004 Deactivate user",
    calls: "POST /api/v1/users/{id}/lifecycle/deactivate",
    scopes: &[USERS_MANAGE],
};

/// [`add_user_to_group`].
pub const ADD_USER_TO_GROUP: Flow = Flow {
    name: "add_user_to_group",
    seed_step: "004 Add user to group",
    calls: "PUT /api/v1/groups/{gid}/users/{uid}",
    scopes: &[GROUPS_MANAGE],
};

/// [`remove_user_from_group`].
pub const REMOVE_USER_FROM_GROUP: Flow = Flow {
    name: "remove_user_from_group",
    seed_step: "004 Remove user from group",
    calls: "DELETE /api/v1/groups/{gid}/users/{uid}",
    scopes: &[GROUPS_MANAGE],
};

/// [`lookup_user`].
pub const LOOKUP_USER: Flow = Flow {
    name: "lookup_user",
    seed_step: "004 Look up user (login/email or id)",
    calls: "GET /api/v1/users/{idOrLogin}",
    scopes: &[USERS_READ],
};

/// [`lookup_group`].
pub const LOOKUP_GROUP: Flow = Flow {
    name: "lookup_group",
    seed_step: "004 Look up group (id or name)",
    calls: "GET /api/v1/groups/{gid} or GET /api/v1/groups?search=profile.name eq \"…\"",
    scopes: &[GROUPS_READ],
};

/// [`list_users`].
pub const LIST_USERS: Flow = Flow {
    name: "list_users",
    seed_step: "004 list users (streamed)",
    calls: "GET /api/v1/users?limit= then each Link rel=\"next\"",
    scopes: &[USERS_READ],
};

/// Every flow, in the README's order.
pub const FLOWS: [&Flow; 13] = [
    &SUPPORT_ROLE_ON_USER_CREATED,
    &ASSIGN_ADMIN_ROLE,
    &LIST_ADMIN_ROLES,
    &RECOVER_PASSWORD,
    &CREATE_USER,
    &UPDATE_USER_PROFILE,
    &ACTIVATE_USER,
    &DEACTIVATE_USER,
    &ADD_USER_TO_GROUP,
    &REMOVE_USER_FROM_GROUP,
    &LOOKUP_USER,
    &LOOKUP_GROUP,
    &LIST_USERS,
];

/// Why a flow failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlowError {
    /// The connection could not be bound to the tenant (credential, base URL).
    Connect(Box<VendorError>),
    /// The connection lacks scopes the flow declares; nothing was sent.
    MissingScopes {
        /// The flow.
        flow: &'static str,
        /// The scopes it needs and the connection lacks.
        missing: Vec<&'static str>,
        /// The scopes the connection holds.
        granted: Vec<String>,
    },
    /// Okta refused a request, or it could not be completed.
    Okta {
        /// The flow.
        flow: &'static str,
        /// The request, e.g. `POST /api/v1/users/00u…/roles`.
        request: String,
        /// The request was a POST that may or may not have been applied (timeout, 5xx) or was
        /// refused before it was (429): either way it was not repeated automatically.
        not_repeated: bool,
        /// The classified error: `errorCode`, `errorSummary`, `errorCauses`, status, request id.
        error: Box<VendorError>,
    },
    /// Okta answered 2xx with something the flow cannot read.
    UnexpectedAnswer {
        /// The flow.
        flow: &'static str,
        /// The request.
        request: String,
        /// What is wrong.
        reason: String,
    },
}

impl FlowError {
    /// Okta's `errorCode` (e.g. `E0000007`), or OAuth's `error` from the token endpoint.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            FlowError::Okta { error, .. } | FlowError::Connect(error) => error.code(),
            _ => None,
        }
    }

    /// The HTTP status Okta answered with, if it answered.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            FlowError::Okta { error, .. } | FlowError::Connect(error) => error.http_status(),
            _ => None,
        }
    }

    /// The contract error type (for an API Integration Action's `executionStatus`).
    pub fn error_type(&self) -> ErrorType {
        match self {
            FlowError::Okta { error, .. } | FlowError::Connect(error) => error.error_type(),
            FlowError::MissingScopes { .. } => ErrorType::InvalidCredentials,
            FlowError::UnexpectedAnswer { .. } => ErrorType::GenericFailure,
        }
    }

    /// The vendor client's classified error, when Okta (or the connection) failed.
    pub fn vendor_error(&self) -> Option<&VendorError> {
        match self {
            FlowError::Okta { error, .. } | FlowError::Connect(error) => Some(error),
            _ => None,
        }
    }

    /// The scopes the connection lacks, for [`FlowError::MissingScopes`].
    pub fn missing_scopes(&self) -> &[&'static str] {
        match self {
            FlowError::MissingScopes { missing, .. } => missing,
            _ => &[],
        }
    }

    /// Whether a non-idempotent request failed and was deliberately not repeated.
    pub fn not_repeated(&self) -> bool {
        matches!(
            self,
            FlowError::Okta {
                not_repeated: true,
                ..
            }
        )
    }
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::Connect(error) => write!(f, "cannot connect to Okta: {error}"),
            FlowError::MissingScopes {
                flow,
                missing,
                granted,
            } => {
                let granted = if granted.is_empty() {
                    "none".to_owned()
                } else {
                    granted.join(", ")
                };
                write!(
                    f,
                    "{flow} needs OAuth scope {} which the connection was not granted \
                     (granted: {granted}); grant it to the service app (Okta API Scopes) and \
                     reconnect. Nothing was sent to Okta.",
                    missing.join(", ")
                )
            }
            FlowError::Okta {
                flow,
                request,
                not_repeated,
                error,
            } => {
                write!(f, "{flow}: {request} failed")?;
                match (error.code(), error.http_status()) {
                    (Some(code), Some(status)) => {
                        write!(f, " with Okta {code} (HTTP {status}): {}", error.summary())?
                    }
                    _ => write!(f, ": {error}")?,
                }
                if !error.details().is_empty() {
                    write!(f, " [{}]", error.details().join("; "))?;
                }
                if let Some(id) = error.vendor_request_id() {
                    write!(f, " (Okta request id {id})")?;
                }
                if *not_repeated {
                    f.write_str(
                        "; POST is not idempotent, so it was not repeated automatically — \
                         check the outcome before trying again",
                    )?;
                }
                Ok(())
            }
            FlowError::UnexpectedAnswer {
                flow,
                request,
                reason,
            } => write!(f, "{flow}: unexpected answer to {request}: {reason}"),
        }
    }
}

impl std::error::Error for FlowError {}

impl From<FlowError> for okta_actions::ActionError {
    fn from(err: FlowError) -> Self {
        match err {
            FlowError::Okta { error, .. } | FlowError::Connect(error) => (*error).into(),
            other => okta_actions::ActionError::new(other.error_type(), other.to_string()),
        }
    }
}

/// One request of a flow: builds it on the connection and maps its failure.
pub(crate) struct Step<'a> {
    conn: &'a OktaConnection,
    flow: &'static Flow,
    method: HttpMethod,
    path: String,
}

impl<'a> Step<'a> {
    pub(crate) fn new(
        conn: &'a OktaConnection,
        flow: &'static Flow,
        method: HttpMethod,
        path: String,
    ) -> Self {
        Step {
            conn,
            flow,
            method,
            path,
        }
    }

    /// The request, ready for query, body and `send`.
    pub(crate) fn request(&self) -> VendorRequest {
        self.conn.client().request(self.method, &self.path)
    }

    fn describe(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path)
    }

    /// Wraps a vendor error. A POST that got no answer, a 5xx or a 429 is flagged as not
    /// repeated: the vendor client never retries it.
    pub(crate) fn fail(&self, error: VendorError) -> FlowError {
        let ambiguous = match error.http_status() {
            None => true,
            Some(status) => status == 429 || status >= 500,
        };
        FlowError::Okta {
            flow: self.flow.name,
            request: self.describe(),
            not_repeated: !self.method.is_idempotent() && ambiguous,
            error: Box::new(error),
        }
    }

    /// A 2xx answer the flow cannot read.
    pub(crate) fn unexpected(&self, reason: impl Into<String>) -> FlowError {
        FlowError::UnexpectedAnswer {
            flow: self.flow.name,
            request: self.describe(),
            reason: reason.into(),
        }
    }
}

/// Percent-encodes one path segment (ids are safe; logins may hold `+`, `/`, `%`…).
pub(crate) fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment("00u123"), "00u123");
        assert_eq!(segment("ada+it@example.com"), "ada%2Bit@example.com");
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
    }

    #[test]
    fn every_flow_declares_known_scopes_and_a_unique_name() {
        let mut names: Vec<&str> = FLOWS.iter().map(|flow| flow.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FLOWS.len());
        for flow in FLOWS {
            assert!(!flow.scopes.is_empty(), "{}", flow.name);
            assert!(
                flow.scopes.iter().all(|scope| scopes::ALL.contains(scope)),
                "{}",
                flow.name
            );
        }
    }

    #[test]
    fn the_readme_maps_every_flow_to_its_scopes() {
        let readme = include_str!("../../README.md");
        for flow in FLOWS {
            let line = readme
                .lines()
                .find(|line| line.contains(&format!("`{}`", flow.name)))
                .unwrap_or_else(|| panic!("README lacks a row for `{}`", flow.name));
            for scope in flow.scopes {
                assert!(
                    line.contains(scope),
                    "README row of {} lacks {scope}",
                    flow.name
                );
            }
        }
    }

    #[test]
    fn a_missing_scope_error_names_the_scope() {
        let err = FlowError::MissingScopes {
            flow: "assign_admin_role",
            missing: vec![scopes::ROLES_MANAGE],
            granted: vec![scopes::USERS_READ.to_owned()],
        };
        let text = err.to_string();
        assert!(text.contains("okta.roles.manage"), "{text}");
        assert!(text.contains("Nothing was sent"), "{text}");
        assert_eq!(err.missing_scopes(), ["okta.roles.manage"]);
    }
}
