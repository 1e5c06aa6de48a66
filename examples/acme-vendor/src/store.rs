//! The vendor's state and every rule of its API, independent of HTTP: tenants, users, teams,
//! grants, sessions, credentials, tokens and rate-limit buckets.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::model::*;
use crate::rate_limit::{Admission, Bucket, RateLimit};
use crate::time::{is_date, rfc3339};

/// The page size when the client names none.
pub const DEFAULT_PAGE_SIZE: usize = 25;
/// The largest page size; a larger `page_size` is clamped to it.
pub const MAX_PAGE_SIZE: usize = 100;
/// The most user ids one `POST /teams/{id}/members` may add.
pub const MAX_MEMBERS_PER_CALL: usize = 100;

/// One page of a list answer: `{"data": [...], "next_cursor": "..." | null}`.
#[derive(Debug, Serialize)]
pub(crate) struct Page {
    pub(crate) data: Vec<Value>,
    pub(crate) next_cursor: Option<String>,
}

/// The page a client asks for: `page_size` and `cursor` (the last key of the previous page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRequest {
    pub(crate) size: usize,
    pub(crate) after: Option<String>,
}

impl PageRequest {
    /// Reads `page_size` (1.., clamped to [`MAX_PAGE_SIZE`]) and `cursor`.
    pub(crate) fn parse(params: &HashMap<String, String>) -> Result<Self, ApiError> {
        let size = match params.get("page_size") {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => match text.parse::<usize>() {
                Ok(0) | Err(_) => {
                    return Err(ApiError::validation(vec![FieldError {
                        field: "page_size".into(),
                        message: format!("must be a whole number from 1 to {MAX_PAGE_SIZE}"),
                    }]));
                }
                Ok(n) => n.min(MAX_PAGE_SIZE),
            },
        };
        let after = match params.get("cursor").filter(|c| !c.is_empty()) {
            None => None,
            Some(cursor) => Some(decode_cursor(cursor).ok_or_else(|| {
                ApiError::bad_request("invalid_cursor", "the cursor is not one this API issued")
            })?),
        };
        Ok(PageRequest { size, after })
    }

    /// The keys after the cursor.
    fn range(&self) -> (Bound<&str>, Bound<&str>) {
        match &self.after {
            Some(after) => (Bound::Excluded(after.as_str()), Bound::Unbounded),
            None => (Bound::Unbounded, Bound::Unbounded),
        }
    }

    /// Cuts `items` (keyed, in key order, at most `size + 1`) to a page.
    fn finish<T: Serialize>(&self, mut items: Vec<(&str, T)>) -> Page {
        let next_cursor = if items.len() > self.size {
            items.truncate(self.size);
            items.last().map(|(key, _)| encode_cursor(key))
        } else {
            None
        };
        Page {
            data: items
                .into_iter()
                .map(|(_, item)| serde_json::to_value(item).unwrap_or(Value::Null))
                .collect(),
            next_cursor,
        }
    }
}

fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("acme1:{key}"))
}

fn decode_cursor(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("acme1:")
        .map(str::to_owned)
}

/// How a request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Credential {
    /// `X-Api-Key: …`
    ApiKey(String),
    /// `Authorization: Bearer …` with an access token from `/oauth/token`.
    Bearer(String),
    /// An `Authorization` header of another scheme.
    Unsupported,
}

/// An access token issued by `/oauth/token`.
#[derive(Debug, Clone)]
struct IssuedToken {
    tenant: String,
    client_id: String,
    expires: Instant,
}

/// The error answer of `/oauth/token` (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) error: &'static str,
    pub(crate) description: String,
}

/// Every tenant and the process-wide credential state.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) tenants: BTreeMap<String, Tenant>,
    tokens: HashMap<String, IssuedToken>,
    buckets: HashMap<(String, String), Bucket>,
    pub(crate) rate_limit: RateLimit,
    pub(crate) token_ttl: Duration,
    secrets: fastrand::Rng,
}

impl Store {
    pub(crate) fn new(tenants: Vec<Tenant>, rate_limit: RateLimit, token_ttl: Duration) -> Self {
        Store {
            tenants: tenants
                .into_iter()
                .map(|t| (t.subdomain.clone(), t))
                .collect(),
            tokens: HashMap::new(),
            buckets: HashMap::new(),
            rate_limit,
            token_ttl,
            secrets: fastrand::Rng::new(),
        }
    }

    pub(crate) fn tenant(&self, subdomain: &str) -> Result<&Tenant, ApiError> {
        self.tenants
            .get(subdomain)
            .ok_or_else(|| ApiError::tenant_not_found(subdomain))
    }

    pub(crate) fn tenant_mut(&mut self, subdomain: &str) -> Result<&mut Tenant, ApiError> {
        self.tenants
            .get_mut(subdomain)
            .ok_or_else(|| ApiError::tenant_not_found(subdomain))
    }

    /// Lets a request in: the tenant exists, the credential is the tenant's, and the
    /// credential's bucket has a request left.
    pub(crate) fn admit(
        &mut self,
        subdomain: &str,
        credential: Option<Credential>,
        now: Instant,
    ) -> Result<Admission, ApiError> {
        let tenant = self.tenant(subdomain)?;
        let principal = match credential {
            None => {
                return Err(ApiError::unauthorized(
                    "missing_credentials",
                    "send an API key in X-Api-Key or an access token in Authorization: Bearer",
                ));
            }
            Some(Credential::Unsupported) => {
                return Err(ApiError::unauthorized(
                    "unsupported_authorization",
                    "the Authorization header must be `Bearer <access token>`",
                ));
            }
            Some(Credential::ApiKey(key)) => match tenant.api_keys.iter().position(|k| *k == key) {
                Some(index) => format!("api-key:{index}"),
                None => {
                    return Err(ApiError::unauthorized(
                        "invalid_api_key",
                        "the API key is not valid for this tenant",
                    ));
                }
            },
            Some(Credential::Bearer(token)) => {
                let invalid = |message: &str| ApiError {
                    challenge: Some("Bearer realm=\"acme\", error=\"invalid_token\""),
                    ..ApiError::unauthorized("invalid_token", message)
                };
                match self.tokens.get(&token) {
                    Some(issued) if issued.tenant != subdomain => {
                        return Err(invalid("the access token is not valid for this tenant"));
                    }
                    Some(issued) if issued.expires <= now => {
                        self.tokens.remove(&token);
                        return Err(invalid("the access token has expired"));
                    }
                    Some(issued) => format!("oauth-client:{}", issued.client_id),
                    None => return Err(invalid("the access token is not valid")),
                }
            }
        };
        let limit = self.rate_limit;
        self.buckets
            .entry((subdomain.to_owned(), principal))
            .or_insert_with(|| Bucket::full(&limit, now))
            .take(&limit, now)
            .map_err(ApiError::rate_limited)
    }

    /// Issues an access token for a client's id and secret (client credentials grant).
    pub(crate) fn issue_token(
        &mut self,
        client_id: &str,
        client_secret: &str,
        now: Instant,
    ) -> Result<(String, u64), OAuthError> {
        let tenant = self
            .tenants
            .values()
            .find(|t| {
                t.oauth_clients
                    .get(client_id)
                    .is_some_and(|s| s == client_secret)
            })
            .ok_or_else(|| OAuthError {
                status: StatusCode::UNAUTHORIZED,
                error: "invalid_client",
                description: "unknown client or wrong client secret".into(),
            })?
            .subdomain
            .clone();
        self.tokens.retain(|_, issued| issued.expires > now);
        let token: String = std::iter::repeat_with(|| self.secrets.alphanumeric())
            .take(40)
            .collect();
        let token = format!("acme_at_{token}");
        self.tokens.insert(
            token.clone(),
            IssuedToken {
                tenant,
                client_id: client_id.to_owned(),
                expires: now + self.token_ttl,
            },
        );
        Ok((token, self.token_ttl.as_secs()))
    }
}

/// One tenant's data.
#[derive(Debug)]
pub(crate) struct Tenant {
    pub(crate) subdomain: String,
    pub(crate) api_keys: Vec<String>,
    pub(crate) oauth_clients: BTreeMap<String, String>,
    pub(crate) users: BTreeMap<String, UserRecord>,
    pub(crate) teams: BTreeMap<String, TeamRecord>,
    pub(crate) roles: BTreeMap<String, Grant>,
    pub(crate) licenses: BTreeMap<String, Grant>,
    pub(crate) custom_fields: Vec<CustomField>,
    pub(crate) rng: fastrand::Rng,
}

/// Roles or licences: the two kinds of grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantKind {
    Role,
    License,
}

impl GrantKind {
    fn field(self) -> &'static str {
        match self {
            GrantKind::Role => "roles",
            GrantKind::License => "licenses",
        }
    }

    fn not_found(self, id: &str) -> ApiError {
        match self {
            GrantKind::Role => ApiError::not_found("role_not_found", format!("no role `{id}`")),
            GrantKind::License => {
                ApiError::not_found("license_not_found", format!("no licence `{id}`"))
            }
        }
    }
}

fn user_not_found(id: &str) -> ApiError {
    ApiError::not_found("user_not_found", format!("no user `{id}`"))
}

fn team_not_found(id: &str) -> ApiError {
    ApiError::not_found("team_not_found", format!("no team `{id}`"))
}

/// Collects the invalid fields of one request body.
#[derive(Default)]
struct Check(Vec<FieldError>);

type Rule = fn(&str) -> Result<(), &'static str>;

impl Check {
    fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A field that always has a value: required on create, never `null`.
    fn required(
        &mut self,
        field: &str,
        patch: Patch<String>,
        creating: bool,
        rule: Rule,
        slot: &mut String,
    ) {
        match patch {
            None if creating => self.fail(field, "is required"),
            None => {}
            Some(None) => self.fail(field, "cannot be null"),
            Some(Some(value)) => match rule(&value) {
                Ok(()) => *slot = value,
                Err(message) => self.fail(field, message),
            },
        }
    }

    /// A field that may be absent; `null` clears it.
    fn optional(
        &mut self,
        field: &str,
        patch: Patch<String>,
        rule: Rule,
        slot: &mut Option<String>,
    ) {
        match patch {
            None => {}
            Some(None) => *slot = None,
            Some(Some(value)) => match rule(&value) {
                Ok(()) => *slot = Some(value),
                Err(message) => self.fail(field, message),
            },
        }
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

fn text(value: &str, max: usize) -> Result<(), &'static str> {
    if value.trim().is_empty() {
        Err("cannot be blank")
    } else if value.chars().count() > max {
        Err("is too long")
    } else {
        Ok(())
    }
}

fn name_rule(value: &str) -> Result<(), &'static str> {
    text(value, 100)
}

fn username_rule(value: &str) -> Result<(), &'static str> {
    text(value, 100)?;
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._@+-".contains(c))
    {
        Ok(())
    } else {
        Err("may hold only letters, digits and . _ @ + -")
    }
}

fn email_rule(value: &str) -> Result<(), &'static str> {
    text(value, 254)?;
    let valid = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && !value.contains(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err("must be an email address")
    }
}

fn phone_rule(value: &str) -> Result<(), &'static str> {
    text(value, 32)?;
    if value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        Ok(())
    } else {
        Err("must be a phone number")
    }
}

fn short_rule(value: &str) -> Result<(), &'static str> {
    text(value, 64)
}

fn code_rule(value: &str) -> Result<(), &'static str> {
    text(value, 64)?;
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_/+".contains(c))
    {
        Ok(())
    } else {
        Err("may hold only letters, digits and - _ / +")
    }
}

fn password_rule(value: &str) -> Result<(), &'static str> {
    let length = value.chars().count();
    if length < 8 {
        Err("must be at least 8 characters")
    } else if length > 128 {
        Err("must be at most 128 characters")
    } else if !value.chars().any(|c| c.is_alphabetic()) || !value.chars().any(|c| c.is_numeric()) {
        Err("must contain a letter and a digit")
    } else {
        Ok(())
    }
}

impl Tenant {
    /// A tenant with the standard catalogue (roles, licences, custom fields) and no users.
    pub(crate) fn new(subdomain: &str, seed: u64) -> Self {
        Tenant {
            subdomain: subdomain.to_owned(),
            api_keys: Vec::new(),
            oauth_clients: BTreeMap::new(),
            users: BTreeMap::new(),
            teams: BTreeMap::new(),
            roles: crate::seed::roles(),
            licenses: crate::seed::licenses(),
            custom_fields: crate::seed::custom_fields(),
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// A fresh id with the given prefix, e.g. `usr_4k9x2m7q1z0c`.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        loop {
            let suffix: String = std::iter::repeat_with(|| {
                let n = self.rng.u8(0..36);
                char::from_digit(u32::from(n), 36).unwrap_or('0')
            })
            .take(12)
            .collect();
            let id = format!("{prefix}_{suffix}");
            if !self.users.contains_key(&id) && !self.teams.contains_key(&id) {
                return id;
            }
        }
    }

    fn grants(&self, kind: GrantKind) -> &BTreeMap<String, Grant> {
        match kind {
            GrantKind::Role => &self.roles,
            GrantKind::License => &self.licenses,
        }
    }

    // ----- users -----

    pub(crate) fn user(&self, id: &str) -> Result<&UserRecord, ApiError> {
        self.users.get(id).ok_or_else(|| user_not_found(id))
    }

    fn user_mut(&mut self, id: &str) -> Result<&mut UserRecord, ApiError> {
        self.users.get_mut(id).ok_or_else(|| user_not_found(id))
    }

    pub(crate) fn user_by_username(&self, username: &str) -> Option<&UserRecord> {
        self.users
            .values()
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    pub(crate) fn view<'a>(&'a self, user: &'a UserRecord) -> UserView<'a> {
        let refs = |ids: &'a BTreeSet<String>, kind: GrantKind| {
            ids.iter()
                .map(|id| GrantRef {
                    id,
                    name: self.grants(kind).get(id).map_or("", |g| g.name.as_str()),
                })
                .collect()
        };
        UserView {
            id: &user.id,
            username: &user.username,
            first_name: &user.first_name,
            last_name: &user.last_name,
            email_address: &user.email_address,
            is_enabled: user.is_enabled,
            department: user.department.as_deref(),
            job_title: user.job_title.as_deref(),
            phone_number: user.phone_number.as_deref(),
            manager_id: user.manager_id.as_deref(),
            employee_number: user.employee_number.as_deref(),
            locale: user.locale.as_deref(),
            timezone: user.timezone.as_deref(),
            custom_fields: &user.custom_fields,
            roles: refs(&user.roles, GrantKind::Role),
            licenses: refs(&user.licenses, GrantKind::License),
            has_password: user.password.is_some(),
            created_at: rfc3339(user.created_at),
            updated_at: rfc3339(user.updated_at),
        }
    }

    pub(crate) fn user_json(&self, id: &str) -> Result<Value, ApiError> {
        let user = self.user(id)?;
        Ok(serde_json::to_value(self.view(user)).unwrap_or(Value::Null))
    }

    /// Users in id order, optionally only those with a username or email address.
    pub(crate) fn list_users(
        &self,
        page: &PageRequest,
        username: Option<&str>,
        email: Option<&str>,
    ) -> Page {
        let items = self
            .users
            .range::<str, _>(page.range())
            .filter(|(_, u)| username.is_none_or(|n| u.username.eq_ignore_ascii_case(n)))
            .filter(|(_, u)| email.is_none_or(|e| u.email_address.eq_ignore_ascii_case(e)))
            .take(page.size + 1)
            .map(|(id, u)| (id.as_str(), self.view(u)))
            .collect();
        page.finish(items)
    }

    pub(crate) fn create_user(&mut self, input: UserInput, now: u64) -> Result<String, ApiError> {
        let id = self.new_id("usr");
        let mut user = UserRecord {
            id: id.clone(),
            username: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            email_address: String::new(),
            is_enabled: true,
            department: None,
            job_title: None,
            phone_number: None,
            manager_id: None,
            employee_number: None,
            locale: None,
            timezone: None,
            custom_fields: BTreeMap::new(),
            roles: BTreeSet::new(),
            licenses: BTreeSet::new(),
            password: None,
            sessions: Vec::new(),
            created_at: now,
            updated_at: now,
        };
        self.apply(&mut user, input, true)?;
        self.users.insert(id.clone(), user);
        Ok(id)
    }

    pub(crate) fn update_user(
        &mut self,
        id: &str,
        input: UserInput,
        now: u64,
    ) -> Result<(), ApiError> {
        let mut user = self.user(id)?.clone();
        self.apply(&mut user, input, false)?;
        user.updated_at = now;
        self.users.insert(id.to_owned(), user);
        Ok(())
    }

    /// Applies a create or PATCH body to `user`: every field checked, all faults reported at
    /// once; then the username must be free.
    fn apply(
        &self,
        user: &mut UserRecord,
        input: UserInput,
        creating: bool,
    ) -> Result<(), ApiError> {
        let mut check = Check::default();
        check.required(
            "username",
            input.username,
            creating,
            username_rule,
            &mut user.username,
        );
        check.required(
            "first_name",
            input.first_name,
            creating,
            name_rule,
            &mut user.first_name,
        );
        check.required(
            "last_name",
            input.last_name,
            creating,
            name_rule,
            &mut user.last_name,
        );
        check.required(
            "email_address",
            input.email_address,
            creating,
            email_rule,
            &mut user.email_address,
        );
        match input.is_enabled {
            None => {}
            Some(Some(enabled)) if creating => user.is_enabled = enabled,
            Some(None) if creating => check.fail("is_enabled", "cannot be null"),
            Some(_) => check.fail(
                "is_enabled",
                "is changed with POST /users/{id}/enable or /disable",
            ),
        }
        check.optional(
            "department",
            input.department,
            name_rule,
            &mut user.department,
        );
        check.optional("job_title", input.job_title, name_rule, &mut user.job_title);
        check.optional(
            "phone_number",
            input.phone_number,
            phone_rule,
            &mut user.phone_number,
        );
        check.optional(
            "employee_number",
            input.employee_number,
            short_rule,
            &mut user.employee_number,
        );
        check.optional("locale", input.locale, code_rule, &mut user.locale);
        check.optional("timezone", input.timezone, code_rule, &mut user.timezone);
        match input.manager_id {
            None => {}
            Some(None) => user.manager_id = None,
            Some(Some(manager)) if manager == user.id => {
                check.fail("manager_id", "a user cannot manage themselves");
            }
            Some(Some(manager)) if !self.users.contains_key(&manager) => {
                check.fail("manager_id", "no such user");
            }
            Some(Some(manager)) => user.manager_id = Some(manager),
        }
        match input.custom_fields {
            None => {}
            Some(None) => user.custom_fields.clear(),
            Some(Some(fields)) => {
                self.merge_custom_fields(&mut user.custom_fields, fields, &mut check)
            }
        }
        for field in self.custom_fields.iter().filter(|f| f.required) {
            if !user.custom_fields.contains_key(&field.key) {
                check.fail(format!("custom_fields.{}", field.key), "is required");
            }
        }
        for (kind, patch, slot) in [
            (GrantKind::Role, input.roles, &mut user.roles),
            (GrantKind::License, input.licenses, &mut user.licenses),
        ] {
            match patch {
                None => {}
                Some(None) => slot.clear(),
                Some(Some(ids)) => {
                    let mut granted = BTreeSet::new();
                    for (i, grant) in ids.into_iter().enumerate() {
                        if self.grants(kind).contains_key(&grant) {
                            granted.insert(grant);
                        } else {
                            check.fail(format!("{}[{i}]", kind.field()), "no such id");
                        }
                    }
                    *slot = granted;
                }
            }
        }
        match input.password {
            None => {}
            Some(_) if !creating => {
                check.fail("password", "is changed with PUT /users/{id}/password")
            }
            Some(None) => {}
            Some(Some(password)) => match password_rule(&password) {
                Ok(()) => user.password = Some(Password(password)),
                Err(message) => check.fail("password", message),
            },
        }
        check.finish()?;
        let taken = self.users.values().any(|other| {
            other.id != user.id && other.username.eq_ignore_ascii_case(&user.username)
        });
        if taken {
            return Err(ApiError::conflict(
                "username_taken",
                format!("the username `{}` is already taken", user.username),
            ));
        }
        Ok(())
    }

    fn merge_custom_fields(
        &self,
        current: &mut BTreeMap<String, Value>,
        fields: Map<String, Value>,
        check: &mut Check,
    ) {
        for (key, value) in fields {
            let path = format!("custom_fields.{key}");
            let Some(def) = self.custom_fields.iter().find(|f| f.key == key) else {
                check.fail(path, "is not a custom field of this tenant");
                continue;
            };
            if value.is_null() {
                current.remove(&key);
                continue;
            }
            let fits = match def.kind {
                FieldType::String => value.as_str().is_some_and(|s| s.chars().count() <= 255),
                FieldType::Integer => value.is_i64() || value.is_u64(),
                FieldType::Boolean => value.is_boolean(),
                FieldType::Date => value.as_str().is_some_and(is_date),
                FieldType::Enum => value.as_str().is_some_and(|s| {
                    def.allowed_values
                        .iter()
                        .flatten()
                        .any(|allowed| allowed.value == s)
                }),
            };
            if fits {
                current.insert(key, value);
            } else {
                let expected = match def.kind {
                    FieldType::String => "a string of at most 255 characters".to_owned(),
                    FieldType::Integer => "an integer".to_owned(),
                    FieldType::Boolean => "true or false".to_owned(),
                    FieldType::Date => "a date YYYY-MM-DD".to_owned(),
                    FieldType::Enum => format!(
                        "one of {}",
                        def.allowed_values
                            .iter()
                            .flatten()
                            .map(|a| a.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                check.fail(path, format!("must be {expected}"));
            }
        }
    }

    /// Deletes a user with their memberships and sessions; the users they managed lose their
    /// manager.
    pub(crate) fn delete_user(&mut self, id: &str) -> Result<(), ApiError> {
        self.users.remove(id).ok_or_else(|| user_not_found(id))?;
        for team in self.teams.values_mut() {
            team.members.remove(id);
        }
        for user in self.users.values_mut() {
            if user.manager_id.as_deref() == Some(id) {
                user.manager_id = None;
            }
        }
        Ok(())
    }

    /// Enables or disables a user; disabling also ends every session.
    pub(crate) fn set_enabled(
        &mut self,
        id: &str,
        enabled: bool,
        now: u64,
    ) -> Result<(), ApiError> {
        let user = self.user_mut(id)?;
        if user.is_enabled != enabled {
            user.is_enabled = enabled;
            user.updated_at = now;
        }
        if !enabled {
            user.sessions.clear();
        }
        Ok(())
    }

    pub(crate) fn set_password(
        &mut self,
        id: &str,
        password: String,
        now: u64,
    ) -> Result<(), ApiError> {
        if let Err(message) = password_rule(&password) {
            return Err(ApiError::validation(vec![FieldError {
                field: "password".into(),
                message: message.into(),
            }]));
        }
        let user = self.user_mut(id)?;
        user.password = Some(Password(password));
        user.updated_at = now;
        Ok(())
    }

    pub(crate) fn set_grant(
        &mut self,
        kind: GrantKind,
        user_id: &str,
        grant_id: &str,
        granted: bool,
        now: u64,
    ) -> Result<(), ApiError> {
        if !self.grants(kind).contains_key(grant_id) {
            return Err(kind.not_found(grant_id));
        }
        let user = self.user_mut(user_id)?;
        let set = match kind {
            GrantKind::Role => &mut user.roles,
            GrantKind::License => &mut user.licenses,
        };
        let changed = if granted {
            set.insert(grant_id.to_owned())
        } else {
            set.remove(grant_id)
        };
        if changed {
            user.updated_at = now;
        }
        Ok(())
    }

    pub(crate) fn list_grants(&self, kind: GrantKind, page: &PageRequest) -> Page {
        let items = self
            .grants(kind)
            .range::<str, _>(page.range())
            .take(page.size + 1)
            .map(|(id, g)| (id.as_str(), g))
            .collect();
        page.finish(items)
    }

    // ----- sessions -----

    /// Signs a user in with their password: a new session with a refresh token.
    pub(crate) fn login(&mut self, input: LoginInput, now: u64) -> Result<Value, ApiError> {
        let refused = || ApiError::unauthorized("invalid_login", "wrong username or password");
        let id = self
            .user_by_username(&input.username)
            .filter(|u| u.password.as_ref().is_some_and(|p| p.0 == input.password))
            .map(|u| u.id.clone())
            .ok_or_else(refused)?;
        let session_id = self.new_id("ses");
        let refresh: String = std::iter::repeat_with(|| self.rng.alphanumeric())
            .take(32)
            .collect();
        let user = self.user_mut(&id)?;
        if !user.is_enabled {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "user_disabled",
                "the user is disabled",
            ));
        }
        user.sessions.push(Session {
            id: session_id.clone(),
            client: "web",
            refresh_token: Some(format!("acme_rt_{refresh}")),
            created_at: now,
        });
        Ok(serde_json::json!({
            "user_id": id,
            "session_id": session_id,
            "refresh_token": format!("acme_rt_{refresh}"),
        }))
    }

    pub(crate) fn sessions(&self, id: &str) -> Result<Value, ApiError> {
        let user = self.user(id)?;
        let data: Vec<SessionView<'_>> = user
            .sessions
            .iter()
            .map(|s| SessionView {
                id: &s.id,
                client: s.client,
                has_refresh_token: s.refresh_token.is_some(),
                created_at: rfc3339(s.created_at),
            })
            .collect();
        Ok(serde_json::json!({ "data": data }))
    }

    /// Ends every session of a user and revokes their refresh tokens.
    pub(crate) fn logout(&mut self, id: &str) -> Result<Value, ApiError> {
        let user = self.user_mut(id)?;
        let sessions = user.sessions.len();
        let refresh_tokens = user
            .sessions
            .iter()
            .filter(|s| s.refresh_token.is_some())
            .count();
        user.sessions.clear();
        Ok(serde_json::json!({
            "user_id": id,
            "revoked_sessions": sessions,
            "revoked_refresh_tokens": refresh_tokens,
        }))
    }

    // ----- teams -----

    fn team(&self, id: &str) -> Result<&TeamRecord, ApiError> {
        self.teams.get(id).ok_or_else(|| team_not_found(id))
    }

    fn team_view<'a>(team: &'a TeamRecord) -> TeamView<'a> {
        TeamView {
            id: &team.id,
            name: &team.name,
            description: team.description.as_deref(),
            member_count: team.members.len(),
            created_at: rfc3339(team.created_at),
            updated_at: rfc3339(team.updated_at),
        }
    }

    pub(crate) fn team_json(&self, id: &str) -> Result<Value, ApiError> {
        Ok(serde_json::to_value(Self::team_view(self.team(id)?)).unwrap_or(Value::Null))
    }

    pub(crate) fn list_teams(&self, page: &PageRequest, name: Option<&str>) -> Page {
        let items = self
            .teams
            .range::<str, _>(page.range())
            .filter(|(_, t)| name.is_none_or(|n| t.name.eq_ignore_ascii_case(n)))
            .take(page.size + 1)
            .map(|(id, t)| (id.as_str(), Self::team_view(t)))
            .collect();
        page.finish(items)
    }

    pub(crate) fn create_team(&mut self, input: TeamInput, now: u64) -> Result<String, ApiError> {
        let id = self.new_id("grp");
        let mut team = TeamRecord {
            id: id.clone(),
            name: String::new(),
            description: None,
            members: BTreeSet::new(),
            created_at: now,
            updated_at: now,
        };
        self.apply_team(&mut team, input, true)?;
        self.teams.insert(id.clone(), team);
        Ok(id)
    }

    pub(crate) fn update_team(
        &mut self,
        id: &str,
        input: TeamInput,
        now: u64,
    ) -> Result<(), ApiError> {
        let mut team = self.team(id)?.clone();
        self.apply_team(&mut team, input, false)?;
        team.updated_at = now;
        self.teams.insert(id.to_owned(), team);
        Ok(())
    }

    fn apply_team(
        &self,
        team: &mut TeamRecord,
        input: TeamInput,
        creating: bool,
    ) -> Result<(), ApiError> {
        let mut check = Check::default();
        check.required("name", input.name, creating, name_rule, &mut team.name);
        check.optional(
            "description",
            input.description,
            |d| text(d, 500),
            &mut team.description,
        );
        check.finish()?;
        let taken = self
            .teams
            .values()
            .any(|other| other.id != team.id && other.name.eq_ignore_ascii_case(&team.name));
        if taken {
            return Err(ApiError::conflict(
                "team_name_taken",
                format!("a team named `{}` already exists", team.name),
            ));
        }
        Ok(())
    }

    pub(crate) fn delete_team(&mut self, id: &str) -> Result<(), ApiError> {
        self.teams
            .remove(id)
            .map(|_| ())
            .ok_or_else(|| team_not_found(id))
    }

    pub(crate) fn list_members(&self, id: &str, page: &PageRequest) -> Result<Page, ApiError> {
        let team = self.team(id)?;
        let items = team
            .members
            .range::<str, _>(page.range())
            .filter_map(|member| self.users.get(member))
            .take(page.size + 1)
            .map(|u| {
                (
                    u.id.as_str(),
                    MemberView {
                        user_id: &u.id,
                        username: &u.username,
                        first_name: &u.first_name,
                        last_name: &u.last_name,
                        email_address: &u.email_address,
                    },
                )
            })
            .collect();
        Ok(page.finish(items))
    }

    /// Adds users to a team, all or none: an unknown user id fails the whole call.
    pub(crate) fn add_members(
        &mut self,
        id: &str,
        input: MembersInput,
        now: u64,
    ) -> Result<Value, ApiError> {
        self.team(id)?;
        let mut check = Check::default();
        if input.user_ids.is_empty() || input.user_ids.len() > MAX_MEMBERS_PER_CALL {
            check.fail(
                "user_ids",
                format!("must hold 1 to {MAX_MEMBERS_PER_CALL} user ids"),
            );
        }
        for (i, user) in input.user_ids.iter().enumerate() {
            if !self.users.contains_key(user) {
                check.fail(format!("user_ids[{i}]"), "no such user");
            }
        }
        check.finish()?;
        let team = self.teams.get_mut(id).ok_or_else(|| team_not_found(id))?;
        let added = input
            .user_ids
            .into_iter()
            .filter(|user| team.members.insert(user.clone()))
            .count();
        if added > 0 {
            team.updated_at = now;
        }
        Ok(serde_json::json!({ "added": added, "member_count": team.members.len() }))
    }

    pub(crate) fn remove_member(
        &mut self,
        id: &str,
        user_id: &str,
        now: u64,
    ) -> Result<(), ApiError> {
        self.team(id)?;
        self.user(user_id)?;
        let team = self.teams.get_mut(id).ok_or_else(|| team_not_found(id))?;
        if !team.members.remove(user_id) {
            return Err(ApiError::not_found(
                "member_not_found",
                format!("user `{user_id}` is not a member of team `{id}`"),
            ));
        }
        team.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn page_size_defaults_clamps_and_rejects_zero() {
        assert_eq!(
            PageRequest::parse(&params(&[])).unwrap().size,
            DEFAULT_PAGE_SIZE
        );
        let big = PageRequest::parse(&params(&[("page_size", "500")])).unwrap();
        assert_eq!(big.size, MAX_PAGE_SIZE);
        let zero = PageRequest::parse(&params(&[("page_size", "0")])).unwrap_err();
        assert_eq!(zero.code, "validation_failed");
        let bad = PageRequest::parse(&params(&[("cursor", "not-ours")])).unwrap_err();
        assert_eq!(bad.code, "invalid_cursor");
    }

    #[test]
    fn cursors_round_trip() {
        let cursor = encode_cursor("usr_abc");
        assert_eq!(decode_cursor(&cursor).as_deref(), Some("usr_abc"));
    }

    fn input(json: Value) -> UserInput {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_create_reports_every_invalid_field_at_once() {
        let mut tenant = Tenant::new("t", 1);
        let err = tenant
            .create_user(
                input(serde_json::json!({
                    "username": "a b",
                    "email_address": "nope",
                    "custom_fields": {"region": "mars", "shoe_size": 9},
                    "roles": ["role_nope"]
                })),
                0,
            )
            .unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "username",
                "first_name",
                "last_name",
                "email_address",
                "custom_fields.region",
                "custom_fields.shoe_size",
                "roles[0]"
            ]
        );
    }

    #[test]
    fn usernames_are_unique_ignoring_case_and_patch_null_clears() {
        let mut tenant = Tenant::new("t", 1);
        let body = serde_json::json!({
            "username": "ada", "first_name": "Ada", "last_name": "Lovelace",
            "email_address": "ada@acme.example", "department": "Maths"
        });
        let id = tenant.create_user(input(body.clone()), 0).unwrap();
        let mut again = body;
        again["username"] = "ADA".into();
        assert_eq!(
            tenant.create_user(input(again), 0).unwrap_err().code,
            "username_taken"
        );
        tenant
            .update_user(&id, input(serde_json::json!({"department": null})), 1)
            .unwrap();
        assert_eq!(tenant.user(&id).unwrap().department, None);
        let err = tenant
            .update_user(&id, input(serde_json::json!({"first_name": null})), 1)
            .unwrap_err();
        assert_eq!(err.fields[0].field, "first_name");
    }
}
