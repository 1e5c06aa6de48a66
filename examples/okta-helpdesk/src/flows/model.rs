//! Typed Okta objects: what the flows send and what they get back.

use okta_actions::contracts::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The profile attribute that marks help-desk staff (a custom attribute of Okta's default user
/// profile, as the role flow sets it up).
pub const ROLE_ATTRIBUTE: &str = "role";

/// The value of [`ROLE_ATTRIBUTE`] that earns the help-desk admin role (compared
/// case-insensitively, surrounding spaces ignored).
pub const SUPPORT_ROLE: &str = "Support";

/// A user's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Created, not activated.
    Staged,
    /// Activated without credentials; waiting for the user to set a password.
    Provisioned,
    /// Active.
    Active,
    /// A password reset is in progress.
    Recovery,
    /// Locked out after failed sign-ins.
    LockedOut,
    /// The password has expired.
    PasswordExpired,
    /// Suspended by an admin.
    Suspended,
    /// Deactivated.
    Deprovisioned,
    /// A status this crate does not know.
    #[serde(other)]
    Unknown,
}

/// An Okta user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The user id (`00u…`).
    pub id: String,
    /// The lifecycle status.
    pub status: UserStatus,
    /// When the user was created (ISO 8601).
    #[serde(default)]
    pub created: Option<String>,
    /// When the user was activated.
    #[serde(default)]
    pub activated: Option<String>,
    /// When the status last changed.
    #[serde(default)]
    pub status_changed: Option<String>,
    /// When the user last changed.
    #[serde(default)]
    pub last_updated: Option<String>,
    /// The profile.
    pub profile: UserProfile,
}

impl User {
    /// Whether the profile's [`ROLE_ATTRIBUTE`] is [`SUPPORT_ROLE`].
    pub fn is_support(&self) -> bool {
        self.profile
            .role
            .as_deref()
            .is_some_and(|role| role.trim().eq_ignore_ascii_case(SUPPORT_ROLE))
    }
}

/// A user profile: the default schema's common attributes, the custom `role`, and every other
/// attribute as sent (kept on a round trip).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// The Okta username (email-shaped).
    pub login: String,
    /// The primary email.
    #[serde(default)]
    pub email: Option<String>,
    /// The first name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// The custom `role` attribute.
    #[serde(default)]
    pub role: Option<String>,
    /// Every other attribute.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A user to create (the user and group flow: first name, last name, login and email required).
#[derive(Debug, Clone, PartialEq)]
pub struct NewUser {
    /// The profile to create.
    pub profile: UserProfile,
    /// Activate at once (Okta's `activate`, default `true`); else the user is STAGED.
    pub activate: bool,
}

impl NewUser {
    /// A user with the four required attributes, activated on creation.
    pub fn new(first_name: &str, last_name: &str, login: &str, email: &str) -> Self {
        NewUser {
            profile: UserProfile {
                login: login.to_owned(),
                email: Some(email.to_owned()),
                first_name: Some(first_name.to_owned()),
                last_name: Some(last_name.to_owned()),
                role: None,
                other: Map::new(),
            },
            activate: true,
        }
    }

    /// Sets the custom `role` attribute.
    pub fn role(mut self, role: &str) -> Self {
        self.profile.role = Some(role.to_owned());
        self
    }

    /// Sets any other profile attribute.
    pub fn attribute(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.profile.other.insert(name.to_owned(), value.into());
        self
    }

    /// Creates the user STAGED (not activated).
    pub fn staged(mut self) -> Self {
        self.activate = false;
        self
    }
}

/// A partial profile update: only the attributes set here change; [`ProfileUpdate::clear`]
/// removes one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileUpdate {
    changes: Map<String, Value>,
}

impl ProfileUpdate {
    /// An empty update.
    pub fn new() -> Self {
        ProfileUpdate::default()
    }

    /// Sets an attribute (`firstName`, `email`, `role`, `department`, …).
    pub fn set(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.changes.insert(name.to_owned(), value.into());
        self
    }

    /// Removes an attribute (sent as `null`).
    pub fn clear(mut self, name: &str) -> Self {
        self.changes.insert(name.to_owned(), Value::Null);
        self
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub(crate) fn changes(&self) -> &Map<String, Value> {
        &self.changes
    }
}

/// An Okta group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The group id (`00g…`).
    pub id: String,
    /// `OKTA_GROUP`, `APP_GROUP` or `BUILT_IN`.
    #[serde(rename = "type", default)]
    pub group_type: Option<String>,
    /// The profile.
    pub profile: GroupProfile,
}

/// A group's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupProfile {
    /// The group name.
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
}

/// How to find a user: by id, or by login (username).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRef<'a> {
    /// The user id (`00u…`).
    Id(&'a str),
    /// The login.
    Login(&'a str),
}

/// How to find a group: by id, or by exact name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRef<'a> {
    /// The group id (`00g…`).
    Id(&'a str),
    /// The group name.
    Name(&'a str),
}

/// The standard admin roles of `POST /api/v1/users/{id}/roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminRole {
    /// `HELP_DESK_ADMIN`: reset passwords and MFA, unlock users.
    HelpDeskAdmin,
    /// `READ_ONLY_ADMIN`.
    ReadOnlyAdmin,
    /// `USER_ADMIN` (Group Administrator).
    UserAdmin,
    /// `GROUP_MEMBERSHIP_ADMIN`.
    GroupMembershipAdmin,
    /// `REPORT_ADMIN`.
    ReportAdmin,
}

impl AdminRole {
    /// The role type Okta expects, e.g. `HELP_DESK_ADMIN`.
    pub fn as_str(self) -> &'static str {
        match self {
            AdminRole::HelpDeskAdmin => "HELP_DESK_ADMIN",
            AdminRole::ReadOnlyAdmin => "READ_ONLY_ADMIN",
            AdminRole::UserAdmin => "USER_ADMIN",
            AdminRole::GroupMembershipAdmin => "GROUP_MEMBERSHIP_ADMIN",
            AdminRole::ReportAdmin => "REPORT_ADMIN",
        }
    }
}

/// An admin role assigned to a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignedRole {
    /// The assignment id.
    pub id: String,
    /// The role type, e.g. `HELP_DESK_ADMIN`.
    #[serde(rename = "type")]
    pub role_type: String,
    /// The display label, e.g. `Help Desk Administrator`.
    #[serde(default)]
    pub label: Option<String>,
    /// `ACTIVE`.
    #[serde(default)]
    pub status: Option<String>,
    /// `USER` or `GROUP`.
    #[serde(default)]
    pub assignment_type: Option<String>,
}

/// One-time links Okta returns instead of emailing them (`sendEmail=false`). `Debug` hides
/// them: each is a credential until used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OneTimeLinks {
    #[serde(default)]
    pub(crate) reset_password_url: Option<Secret>,
    #[serde(default)]
    pub(crate) activation_url: Option<Secret>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn users_keep_unknown_profile_attributes_and_spot_support_staff() {
        let user: User = serde_json::from_value(json!({
            "id": "00u1", "status": "PROVISIONED",
            "profile": {"login": "a@example.com", "role": " support ", "department": "IT",
                        "mobilePhone": null}
        }))
        .unwrap();
        assert!(user.is_support());
        assert_eq!(user.profile.other["department"], "IT");
        let back = serde_json::to_value(&user).unwrap();
        assert_eq!(back["profile"]["department"], "IT");
        let odd: User = serde_json::from_value(json!({
            "id": "00u2", "status": "SOMETHING_NEW", "profile": {"login": "b@example.com"}
        }))
        .unwrap();
        assert_eq!(odd.status, UserStatus::Unknown);
        assert!(!odd.is_support());
    }
}
