//! The integration's own model of the Acme API's JSON: what it reads from the vendor. (An ISV
//! writes these from its API reference; the vendor crate's internals are not used.)

use serde::Deserialize;
use serde_json::{Map, Value};

/// The most items the Acme API returns in one page (`page_size` above it is clamped).
pub(crate) const MAX_PAGE_SIZE: i64 = 100;

/// A page of an Acme list: `{"data": [...], "next_cursor": "…" | null}`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AcmePage<T> {
    pub(crate) data: Vec<T>,
    #[serde(default)]
    pub(crate) next_cursor: Option<String>,
}

/// An Acme user.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AcmeUser {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email_address: String,
    pub(crate) is_enabled: bool,
    #[serde(default)]
    pub(crate) department: Option<String>,
    #[serde(default)]
    pub(crate) job_title: Option<String>,
    #[serde(default)]
    pub(crate) phone_number: Option<String>,
    #[serde(default)]
    pub(crate) manager_id: Option<String>,
    #[serde(default)]
    pub(crate) employee_number: Option<String>,
    #[serde(default)]
    pub(crate) locale: Option<String>,
    #[serde(default)]
    pub(crate) timezone: Option<String>,
    #[serde(default)]
    pub(crate) custom_fields: Map<String, Value>,
    #[serde(default)]
    pub(crate) roles: Vec<AcmeGrantRef>,
    #[serde(default)]
    pub(crate) licenses: Vec<AcmeGrantRef>,
    /// When the user was created (RFC 3339).
    #[serde(default)]
    pub(crate) created_at: Option<String>,
    /// When the user last changed (RFC 3339).
    #[serde(default)]
    pub(crate) updated_at: Option<String>,
}

/// A role or licence held by a user.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeGrantRef {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) name: String,
}

/// A grantable role or licence (`GET /roles`, `GET /licenses`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeGrant {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// An Acme team.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeTeam {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// A member of a team (`GET /teams/{id}/members`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeMember {
    pub(crate) user_id: String,
    #[serde(default)]
    pub(crate) first_name: String,
    #[serde(default)]
    pub(crate) last_name: String,
}

/// A custom user field of the tenant (`GET /custom-fields`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeCustomField {
    pub(crate) key: String,
    pub(crate) label: String,
    /// `string`, `integer`, `boolean`, `date` or `enum`.
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) required: bool,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) allowed_values: Option<Vec<AcmeAllowedValue>>,
}

/// One allowed value of an `enum` custom field.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AcmeAllowedValue {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// The list of custom fields: `{"data": [...]}`, not paged.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AcmeCustomFields {
    pub(crate) data: Vec<AcmeCustomField>,
}

/// The answer of `POST /users/{id}/logout`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AcmeLogout {
    pub(crate) revoked_sessions: u64,
    pub(crate) revoked_refresh_tokens: u64,
}
