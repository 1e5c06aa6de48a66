//! The org's data: users, groups, memberships and admin role assignments, rendered as Okta
//! renders them. Ids sort in creation order, so `after=<last id>` pages through a stable list.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use super::errors::{ApiError, random_token};

/// A user's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Staged,
    Provisioned,
    Active,
    Recovery,
    Deprovisioned,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Staged => "STAGED",
            Status::Provisioned => "PROVISIONED",
            Status::Active => "ACTIVE",
            Status::Recovery => "RECOVERY",
            Status::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// One user.
#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub(crate) id: String,
    pub(crate) status: Status,
    pub(crate) created: SystemTime,
    pub(crate) activated: Option<SystemTime>,
    pub(crate) status_changed: Option<SystemTime>,
    pub(crate) last_updated: SystemTime,
    pub(crate) profile: Map<String, Value>,
    pub(crate) has_password: bool,
}

impl UserRecord {
    pub(crate) fn login(&self) -> &str {
        self.profile
            .get("login")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub(crate) fn set_status(&mut self, status: Status) {
        let now = SystemTime::now();
        self.status = status;
        self.status_changed = Some(now);
        self.last_updated = now;
    }

    /// The user as `GET /api/v1/users/{id}` returns it.
    pub(crate) fn render(&self, base: &str) -> Value {
        json!({
            "id": self.id,
            "status": self.status.as_str(),
            "created": iso8601(self.created),
            "activated": self.activated.map(iso8601),
            "statusChanged": self.status_changed.map(iso8601),
            "lastLogin": null,
            "lastUpdated": iso8601(self.last_updated),
            "passwordChanged": null,
            "type": {"id": "oty1defaultusertype0"},
            "profile": self.profile,
            "credentials": {
                "password": if self.has_password { json!({}) } else { Value::Null },
                "provider": {"type": "OKTA", "name": "OKTA"}
            },
            "_links": {"self": {"href": format!("{base}/api/v1/users/{}", self.id)}}
        })
    }
}

/// One group.
#[derive(Debug, Clone)]
pub(crate) struct GroupRecord {
    pub(crate) id: String,
    pub(crate) created: SystemTime,
    pub(crate) last_updated: SystemTime,
    pub(crate) last_membership_updated: SystemTime,
    pub(crate) profile: Map<String, Value>,
}

impl GroupRecord {
    pub(crate) fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The group as `GET /api/v1/groups/{id}` returns it.
    pub(crate) fn render(&self, base: &str) -> Value {
        json!({
            "id": self.id,
            "created": iso8601(self.created),
            "lastUpdated": iso8601(self.last_updated),
            "lastMembershipUpdated": iso8601(self.last_membership_updated),
            "objectClass": ["okta:user_group"],
            "type": "OKTA_GROUP",
            "profile": self.profile,
            "_links": {
                "self": {"href": format!("{base}/api/v1/groups/{}", self.id)},
                "users": {"href": format!("{base}/api/v1/groups/{}/users", self.id)}
            }
        })
    }
}

/// The standard admin roles that can be assigned to a user.
pub(crate) const ROLE_TYPES: [(&str, &str); 10] = [
    ("SUPER_ADMIN", "Super Administrator"),
    ("ORG_ADMIN", "Organizational Administrator"),
    ("APP_ADMIN", "Application Administrator"),
    ("USER_ADMIN", "Group Administrator"),
    ("HELP_DESK_ADMIN", "Help Desk Administrator"),
    ("READ_ONLY_ADMIN", "Read Only Administrator"),
    ("MOBILE_ADMIN", "Mobile Administrator"),
    (
        "API_ACCESS_MANAGEMENT_ADMIN",
        "API Access Management Administrator",
    ),
    ("REPORT_ADMIN", "Report Administrator"),
    ("GROUP_MEMBERSHIP_ADMIN", "Group Membership Administrator"),
];

/// One admin role assigned to a user.
#[derive(Debug, Clone)]
pub(crate) struct RoleRecord {
    pub(crate) id: String,
    pub(crate) role_type: String,
    pub(crate) created: SystemTime,
}

impl RoleRecord {
    pub(crate) fn render(&self, base: &str, user_id: &str) -> Value {
        let label = ROLE_TYPES
            .iter()
            .find(|(kind, _)| *kind == self.role_type)
            .map_or(self.role_type.as_str(), |(_, label)| label);
        json!({
            "id": self.id,
            "label": label,
            "type": self.role_type,
            "status": "ACTIVE",
            "created": iso8601(self.created),
            "lastUpdated": iso8601(self.created),
            "assignmentType": "USER",
            "_links": {
                "assignee": {"href": format!("{base}/api/v1/users/{user_id}")}
            }
        })
    }
}

/// Everything the org holds.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) users: BTreeMap<String, UserRecord>,
    /// Lowercased login → user id.
    logins: HashMap<String, String>,
    pub(crate) groups: BTreeMap<String, GroupRecord>,
    pub(crate) members: HashMap<String, BTreeSet<String>>,
    pub(crate) roles: HashMap<String, Vec<RoleRecord>>,
    seq: u64,
}

impl Store {
    /// A new id: a three-letter prefix (`00u`, `00g`, `ra1`), a sequence number (so ids sort in
    /// creation order) and random letters, 20 characters in all like Okta's.
    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}{:07}{}", self.seq, random_token(10))
    }

    /// A user by id, or by login (case-insensitively).
    pub(crate) fn find_user(&self, id_or_login: &str) -> Option<&UserRecord> {
        self.users.get(id_or_login).or_else(|| {
            self.logins
                .get(&id_or_login.to_lowercase())
                .and_then(|id| self.users.get(id))
        })
    }

    /// A user by id (lifecycle and role endpoints take the id).
    pub(crate) fn user_mut(&mut self, id: &str) -> Result<&mut UserRecord, ApiError> {
        self.users
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found(id, "User"))
    }

    pub(crate) fn login_taken(&self, login: &str, except: Option<&str>) -> bool {
        self.logins
            .get(&login.to_lowercase())
            .is_some_and(|id| Some(id.as_str()) != except)
    }

    /// Adds a user whose profile is already validated.
    pub(crate) fn insert_user(
        &mut self,
        profile: Map<String, Value>,
        status: Status,
        has_password: bool,
    ) -> &UserRecord {
        let id = self.next_id("00u");
        let now = SystemTime::now();
        let user = UserRecord {
            id: id.clone(),
            status,
            created: now,
            activated: (status != Status::Staged).then_some(now),
            status_changed: (status != Status::Staged).then_some(now),
            last_updated: now,
            profile,
            has_password,
        };
        self.logins.insert(user.login().to_lowercase(), id.clone());
        self.users.entry(id).or_insert(user)
    }

    /// Replaces a user's login in the index after a profile update.
    pub(crate) fn reindex_login(&mut self, old: &str, id: &str) {
        self.logins.remove(&old.to_lowercase());
        if let Some(user) = self.users.get(id) {
            self.logins
                .insert(user.login().to_lowercase(), id.to_owned());
        }
    }

    /// Adds a group.
    pub(crate) fn insert_group(&mut self, name: &str, description: Option<&str>) -> &GroupRecord {
        let id = self.next_id("00g");
        let now = SystemTime::now();
        let mut profile = Map::new();
        profile.insert("name".into(), Value::from(name));
        profile.insert(
            "description".into(),
            description.map_or(Value::Null, Value::from),
        );
        let group = GroupRecord {
            id: id.clone(),
            created: now,
            last_updated: now,
            last_membership_updated: now,
            profile,
        };
        self.groups.entry(id).or_insert(group)
    }
}

/// Checks a user profile for create and update: `login` (email-shaped, unique), `email`,
/// `firstName` and `lastName` are required, as in Okta's default user schema.
pub(crate) fn validate_profile(
    store: &Store,
    profile: &Map<String, Value>,
    user_id: Option<&str>,
) -> Result<(), ApiError> {
    let text = |name: &str| {
        profile
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let mut causes = Vec::new();
    let mut fields = Vec::new();
    for field in ["login", "email", "firstName", "lastName"] {
        if text(field).is_none() {
            fields.push(field);
            causes.push(format!("{field}: The field cannot be left blank"));
        }
    }
    if let Some(login) = text("login") {
        if !is_email(login) {
            fields.push("login");
            causes.push("login: Username must be in the form of an email address".to_owned());
        } else if store.login_taken(login, user_id) {
            fields.push("login");
            causes.push(
                "login: An object with this field already exists in the current organization"
                    .to_owned(),
            );
        }
    }
    if let Some(email) = text("email")
        && !is_email(email)
    {
        fields.push("email");
        causes.push("email: Does not match required pattern".to_owned());
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(&fields.join(", "), &causes))
    }
}

fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace)
    })
}

/// One `search` clause: `<attribute> eq|sw|co "<value>"`, the subset of Okta's search syntax
/// the flows use (`profile.name eq "Support"`, `status eq "ACTIVE"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Search {
    path: Vec<String>,
    op: Op,
    value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    StartsWith,
    Contains,
}

impl Search {
    /// Parses `profile.name eq "Support"` (the value may hold `\"` and `\\`).
    pub(crate) fn parse(text: &str) -> Result<Search, ApiError> {
        let bad = |why: &str| ApiError::invalid_search(why);
        let text = text.trim();
        let (attribute, rest) = text
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("expected `<attribute> <operator> \"<value>\"`"))?;
        let rest = rest.trim_start();
        let (op, rest) = rest
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("expected an operator and a quoted value"))?;
        let op = match op.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "sw" => Op::StartsWith,
            "co" => Op::Contains,
            other => return Err(bad(&format!("unsupported operator `{other}`"))),
        };
        let quoted = rest
            .trim()
            .strip_prefix('"')
            .and_then(|inner| inner.strip_suffix('"'))
            .ok_or_else(|| bad("the value must be a double-quoted string"))?;
        let mut value = String::with_capacity(quoted.len());
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => value.push(chars.next().ok_or_else(|| bad("dangling escape"))?),
                '"' => return Err(bad("unescaped `\"` inside the value")),
                c => value.push(c),
            }
        }
        let path: Vec<String> = attribute.split('.').map(str::to_owned).collect();
        if path.iter().any(String::is_empty) {
            return Err(bad("empty attribute name"));
        }
        Ok(Search { path, op, value })
    }

    /// Whether a rendered object matches (strings compare case-insensitively, as Okta does).
    pub(crate) fn matches(&self, object: &Value) -> bool {
        let found = self
            .path
            .iter()
            .try_fold(object, |value, key| value.get(key))
            .and_then(Value::as_str);
        let Some(found) = found else {
            return false;
        };
        let (found, wanted) = (found.to_lowercase(), self.value.to_lowercase());
        match self.op {
            Op::Eq => found == wanted,
            Op::StartsWith => found.starts_with(&wanted),
            Op::Contains => found.contains(&wanted),
        }
    }
}

/// An ISO 8601 UTC timestamp with milliseconds, as Okta writes them.
pub(crate) fn iso8601(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn timestamps_are_iso_8601() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_millis(951_782_400_123); // 2000-02-29
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00.123Z");
        let later = UNIX_EPOCH + Duration::from_secs(1_767_225_599); // 2025-12-31 23:59:59
        assert_eq!(iso8601(later), "2025-12-31T23:59:59.000Z");
    }

    #[test]
    fn search_parses_okta_expressions() {
        let search = Search::parse(r#"profile.name eq "Help \"Desk\"""#).unwrap();
        assert!(search.matches(&json!({"profile": {"name": "help \"desk\""}})));
        assert!(!search.matches(&json!({"profile": {"name": "Help"}})));
        let prefix = Search::parse(r#"status sw "ACT""#).unwrap();
        assert!(prefix.matches(&json!({"status": "ACTIVE"})));
        for bad in [
            "profile.name",
            r#"profile.name gt "a""#,
            "profile.name eq Support",
        ] {
            assert!(Search::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn profiles_need_the_default_schema_fields() {
        let mut store = Store::default();
        let mut profile = Map::new();
        profile.insert("login".into(), json!("ada@example.com"));
        let err = validate_profile(&store, &profile, None).unwrap_err();
        assert!(format!("{err:?}").contains("firstName: The field cannot be left blank"));
        for (key, value) in [
            ("email", "ada@example.com"),
            ("firstName", "Ada"),
            ("lastName", "Lovelace"),
        ] {
            profile.insert(key.into(), json!(value));
        }
        validate_profile(&store, &profile, None).unwrap();
        let id = store
            .insert_user(profile.clone(), Status::Active, false)
            .id
            .clone();
        let err = validate_profile(&store, &profile, None).unwrap_err();
        assert!(format!("{err:?}").contains("already exists"));
        validate_profile(&store, &profile, Some(&id)).unwrap();
    }

    #[test]
    fn ids_sort_in_creation_order() {
        let mut store = Store::default();
        let ids: Vec<String> = (0..20).map(|_| store.next_id("00u")).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(ids.iter().all(|id| id.len() == 20));
    }
}
