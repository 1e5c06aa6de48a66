//! The vendor's records and the JSON it writes and reads.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A user as stored.
#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub(crate) id: String,
    pub(crate) username: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email_address: String,
    pub(crate) is_enabled: bool,
    pub(crate) department: Option<String>,
    pub(crate) job_title: Option<String>,
    pub(crate) phone_number: Option<String>,
    pub(crate) manager_id: Option<String>,
    pub(crate) employee_number: Option<String>,
    pub(crate) locale: Option<String>,
    pub(crate) timezone: Option<String>,
    pub(crate) custom_fields: BTreeMap<String, Value>,
    pub(crate) roles: BTreeSet<String>,
    pub(crate) licenses: BTreeSet<String>,
    pub(crate) password: Option<Password>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) created_at: u64,
    pub(crate) updated_at: u64,
}

/// A password, kept only to check logins; never written out, never printed.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Password(pub(crate) String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// One signed-in session of a user; mobile sessions hold a refresh token.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) client: &'static str,
    pub(crate) refresh_token: Option<String>,
    pub(crate) created_at: u64,
}

/// A team as stored.
#[derive(Debug, Clone)]
pub(crate) struct TeamRecord {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) members: BTreeSet<String>,
    pub(crate) created_at: u64,
    pub(crate) updated_at: u64,
}

/// A role or a licence: something the tenant grants users.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Grant {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
}

/// The type of a custom user field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FieldType {
    String,
    Integer,
    Boolean,
    Date,
    Enum,
}

/// One allowed value of an `enum` custom field.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AllowedValue {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// A user attribute the tenant defines beyond the built-in ones.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CustomField {
    pub(crate) key: String,
    pub(crate) label: String,
    #[serde(rename = "type")]
    pub(crate) kind: FieldType,
    pub(crate) required: bool,
    pub(crate) description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) allowed_values: Option<Vec<AllowedValue>>,
}

/// A role or licence as it appears inside a user.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GrantRef<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
}

/// The JSON of a user.
#[derive(Debug, Serialize)]
pub(crate) struct UserView<'a> {
    pub(crate) id: &'a str,
    pub(crate) username: &'a str,
    pub(crate) first_name: &'a str,
    pub(crate) last_name: &'a str,
    pub(crate) email_address: &'a str,
    pub(crate) is_enabled: bool,
    pub(crate) department: Option<&'a str>,
    pub(crate) job_title: Option<&'a str>,
    pub(crate) phone_number: Option<&'a str>,
    pub(crate) manager_id: Option<&'a str>,
    pub(crate) employee_number: Option<&'a str>,
    pub(crate) locale: Option<&'a str>,
    pub(crate) timezone: Option<&'a str>,
    pub(crate) custom_fields: &'a BTreeMap<String, Value>,
    pub(crate) roles: Vec<GrantRef<'a>>,
    pub(crate) licenses: Vec<GrantRef<'a>>,
    pub(crate) has_password: bool,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
}

/// The JSON of a team.
#[derive(Debug, Serialize)]
pub(crate) struct TeamView<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) member_count: usize,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
}

/// The JSON of a team member.
#[derive(Debug, Serialize)]
pub(crate) struct MemberView<'a> {
    pub(crate) user_id: &'a str,
    pub(crate) username: &'a str,
    pub(crate) first_name: &'a str,
    pub(crate) last_name: &'a str,
    pub(crate) email_address: &'a str,
}

/// The JSON of a session (never its refresh token).
#[derive(Debug, Serialize)]
pub(crate) struct SessionView<'a> {
    pub(crate) id: &'a str,
    pub(crate) client: &'a str,
    pub(crate) has_refresh_token: bool,
    pub(crate) created_at: String,
}

/// A field of a PATCH body: absent (`None`), `null` (`Some(None)`) or a value.
pub(crate) type Patch<T> = Option<Option<T>>;

/// Reads a present field, `null` included, as `Some(..)`.
fn present<'de, D, T>(deserializer: D) -> Result<Patch<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The body of `POST /users` and `PATCH /users/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserInput {
    #[serde(default, deserialize_with = "present")]
    pub(crate) username: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) first_name: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) last_name: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) email_address: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) is_enabled: Patch<bool>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) department: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) job_title: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) phone_number: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) manager_id: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) employee_number: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) locale: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) timezone: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) custom_fields: Patch<Map<String, Value>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) roles: Patch<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) licenses: Patch<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) password: Patch<String>,
}

/// The body of `POST /teams` and `PATCH /teams/{id}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TeamInput {
    #[serde(default, deserialize_with = "present")]
    pub(crate) name: Patch<String>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) description: Patch<String>,
}

/// The body of `POST /teams/{id}/members`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MembersInput {
    pub(crate) user_ids: Vec<String>,
}

/// The body of `PUT /users/{id}/password`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordInput {
    pub(crate) password: String,
}

/// The body of `POST /auth/login`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginInput {
    pub(crate) username: String,
    pub(crate) password: String,
}
